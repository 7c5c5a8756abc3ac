package closure

import (
	"slices"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"
)

// The calls, builtins and operators that direct programs cover (direct.go).

func call(n *ast.CallNode) any {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return nil
	}
	args := n.Arguments
	switch name := id.Value; name {
	case "decEq", "decNe", "decLt", "decLe", "decGt", "decGe":
		a, b := number(args, 0), number(args, 1)
		if a == nil || b == nil {
			return nil
		}
		holds := decimalTests[name]
		return fn[bool](func(r *Runner) bool { return holds(cmpDecimal(a(r), b(r))) })
	case "decAdd", "decSub", "decMul":
		a, b := number(args, 0), number(args, 1)
		if a == nil || b == nil {
			return nil
		}
		op := decimalSums[name]
		return fn[decimal.Decimal](func(r *Runner) decimal.Decimal {
			d := op(a(r), b(r))
			r.declined = r.declined || !digitsFit(d) // beyond the budget: expr reports it
			return d
		})
	case "decDiv", "decMod":
		// Only by a constant that is not zero: no division by zero to
		// report.
		a := number(args, 0)
		c, isConst := args[1].(*ast.ConstantNode)
		if a == nil || !isConst {
			return nil
		}
		b, ok := c.Value.(decimal.Decimal)
		if !ok || b.IsZero() {
			return nil
		}
		if name == "decMod" {
			return fn[decimal.Decimal](func(r *Runner) decimal.Decimal { return a(r).Mod(b) })
		}
		return fn[decimal.Decimal](func(r *Runner) decimal.Decimal { return divRound(a(r), b) })
	case "decNeg", "dec":
		a := number(args, 0)
		if a == nil || len(args) != 1 {
			return nil
		}
		if name == "dec" {
			return a
		}
		return fn[decimal.Decimal](func(r *Runner) decimal.Decimal { return a(r).Neg() })
	case "countItems":
		items, ok := only(args).(fn[[]*Item])
		if !ok {
			return nil
		}
		return fn[int](func(r *Runner) int { return len(items(r)) })
	case "sumPrice":
		if len(args) != 2 || !isSteps(args[1]) {
			return nil
		}
		items, ok := direct(args[0]).(fn[[]*Item])
		if !ok {
			return nil
		}
		return fn[decimal.Decimal](func(r *Runner) decimal.Decimal {
			units := items(r)
			if !r.steps.take(len(units)) {
				r.declined = true // beyond the step budget: expr reports it
				return decimal.Decimal{}
			}
			return sumItems(units, "Price")
		})
	case "toInt":
		a := number(args, 0)
		if a == nil || len(args) != 1 {
			return nil
		}
		return fn[int](func(r *Runner) int {
			i, err := wholePart(a(r))
			r.declined = r.declined || err != nil
			return i
		})
	case "cheapest", "mostExpensive":
		if len(args) != 3 || !isSteps(args[2]) {
			return nil
		}
		items, okItems := direct(args[0]).(fn[[]*Item])
		n, okN := direct(args[1]).(fn[int])
		if !okItems || !okN {
			return nil
		}
		desc := name == "mostExpensive"
		return fn[[]*Item](func(r *Runner) []*Item {
			count := n(r)
			units := items(r)
			if count < 0 || !r.steps.take(len(units)) {
				r.declined = true // expr reports it
				return nil
			}
			return pickItems(units, count, desc)
		})
	case walkVar:
		if len(args) != 2 || !isSteps(args[1]) {
			return nil
		}
		switch f := direct(args[0]).(type) {
		case fn[[]string]:
			return walkedFn(f)
		case fn[[]*Item]:
			return walkedFn(f)
		case fn[string]:
			return fn[string](func(r *Runner) string {
				s := f(r)
				if !r.steps.take(walkSteps(s)) {
					r.declined = true // beyond the step budget: expr reports it
				}
				return s
			})
		}
		return nil
	case "itemsWhere", "itemsAny", "itemsAll", "itemsNone", "itemsCount":
		return predicateApply(name, args)
	case "attrString":
		return attribute[string](args)
	case "attrNumber":
		return attribute[decimal.Decimal](args)
	case "attrBool":
		return attribute[bool](args)
	case "attrTime":
		return attribute[time.Time](args)
	case "attrStrings":
		return attribute[[]string](args)
	}
	return nil
}

// walkedFn is #walk over a list: a step an element (steps.go).
func walkedFn[E any](f fn[[]E]) fn[[]E] {
	return func(r *Runner) []E {
		l := f(r)
		if !r.steps.take(len(l)) {
			r.declined = true // beyond the step budget: expr reports it
		}
		return l
	}
}

// isSteps reports whether n is the step counter argument (steps.go).
func isSteps(n ast.Node) bool {
	id, ok := n.(*ast.IdentifierNode)
	return ok && id.Value == StepsVar
}

// only returns the compiled argument of a one-argument call.
func only(args []ast.Node) any {
	if len(args) != 1 {
		return nil
	}
	return direct(args[0])
}

// number compiles args[i], an operand of a decimal function: a decimal,
// or an int converted as ToDecimal does.
func number(args []ast.Node, i int) fn[decimal.Decimal] {
	if i >= len(args) {
		return nil
	}
	switch f := direct(args[i]).(type) {
	case fn[decimal.Decimal]:
		return f
	case fn[int]:
		if v, ok := intConstant(args[i]); ok {
			// Converted once: a decimal is immutable, and converting
			// at every run costs a big.Int.
			return constant(decimal.NewFromInt(int64(v)))
		}
		return func(r *Runner) decimal.Decimal { return decimal.NewFromInt(int64(f(r))) }
	}
	return nil
}

// intConstant returns the value of an int literal or constant.
func intConstant(n ast.Node) (int, bool) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return n.Value, n.Type() == IntType
	case *ast.ConstantNode:
		v, ok := n.Value.(int)
		return v, ok
	}
	return 0, false
}

// predicateApply compiles a call of a compiled item predicate; its last
// argument, the step counter, is the runner's (Runner.steps). Beyond the
// budget the program declines, and expr reports it.
func predicateApply(name string, args []ast.Node) any {
	if len(args) != 3 {
		return nil
	}
	items, ok := direct(args[0]).(fn[[]*Item])
	c, isConst := args[1].(*ast.ConstantNode)
	if !ok || !isConst || !isSteps(args[2]) {
		return nil
	}
	p, ok := c.Value.(*ItemPredicate)
	if !ok {
		return nil
	}
	switch name {
	case "itemsWhere":
		return fn[[]*Item](func(r *Runner) []*Item {
			v, ok := itemsWhere(items(r), p, &r.steps)
			r.declined = r.declined || !ok
			return v
		})
	case "itemsAny", "itemsNone":
		none := name == "itemsNone"
		return fn[bool](func(r *Runner) bool {
			v, ok := itemsAny(items(r), p, &r.steps)
			r.declined = r.declined || !ok
			return v != none
		})
	case "itemsAll":
		return fn[bool](func(r *Runner) bool {
			v, ok := itemsAll(items(r), p, &r.steps)
			r.declined = r.declined || !ok
			return v
		})
	}
	return fn[int](func(r *Runner) int {
		v, ok := itemsCount(items(r), p, &r.steps)
		r.declined = r.declined || !ok
		return v
	})
}

// attribute compiles a typed attribute read: the value as stored when it
// has the type, its zero value otherwise (as attrFunc).
func attribute[T any](args []ast.Node) any {
	if len(args) != 2 {
		return nil
	}
	attrs, ok := direct(args[0]).(fn[Attributes])
	name, isName := args[1].(*ast.StringNode)
	if !ok || !isName {
		return nil
	}
	key := name.Value
	return fn[T](func(r *Runner) T {
		v, _ := attrs(r)[key].(T)
		return v
	})
}

func builtinCall(n *ast.BuiltinNode) any {
	if n.Name != "len" || len(n.Arguments) != 1 {
		return nil
	}
	switch f := direct(n.Arguments[0]).(type) {
	case fn[[]*Item]:
		return fn[int](func(r *Runner) int { return len(f(r)) })
	case fn[[]string]:
		return fn[int](func(r *Runner) int { return len(f(r)) })
	}
	return nil
}

func binary(n *ast.BinaryNode) any {
	left, right := direct(n.Left), direct(n.Right)
	if left == nil || right == nil {
		return nil
	}
	switch n.Operator {
	case "&&", "and", "||", "or":
		a, okA := left.(fn[bool])
		b, okB := right.(fn[bool])
		if !okA || !okB {
			return nil
		}
		if n.Operator == "&&" || n.Operator == "and" {
			return fn[bool](func(r *Runner) bool { return a(r) && b(r) })
		}
		return fn[bool](func(r *Runner) bool { return a(r) || b(r) })
	case "==", "!=":
		eq := equal(left, right)
		if eq == nil {
			return nil
		}
		if n.Operator == "!=" {
			return fn[bool](func(r *Runner) bool { return !eq(r) })
		}
		return eq
	case "+", "-", "*":
		a, okA := left.(fn[int])
		b, okB := right.(fn[int])
		if !okA || !okB {
			return nil
		}
		switch n.Operator {
		case "+":
			return fn[int](func(r *Runner) int { return a(r) + b(r) })
		case "-":
			return fn[int](func(r *Runner) int { return a(r) - b(r) })
		}
		return fn[int](func(r *Runner) int { return a(r) * b(r) })
	case "<", "<=", ">", ">=":
		a, okA := left.(fn[int])
		b, okB := right.(fn[int])
		if !okA || !okB {
			return nil
		}
		switch n.Operator {
		case "<":
			return fn[bool](func(r *Runner) bool { return a(r) < b(r) })
		case "<=":
			return fn[bool](func(r *Runner) bool { return a(r) <= b(r) })
		case ">":
			return fn[bool](func(r *Runner) bool { return a(r) > b(r) })
		}
		return fn[bool](func(r *Runner) bool { return a(r) >= b(r) })
	case "in":
		s, okS := left.(fn[string])
		list, okL := right.(fn[[]string])
		if !okS || !okL {
			return nil
		}
		return fn[bool](func(r *Runner) bool { return slices.Contains(list(r), s(r)) })
	}
	return nil
}

// equal compiles == between operands of the same type: int, text or
// true/false (the patcher turns == on decimals into decEq).
func equal(left, right any) fn[bool] {
	switch a := left.(type) {
	case fn[int]:
		if b, ok := right.(fn[int]); ok {
			return func(r *Runner) bool { return a(r) == b(r) }
		}
	case fn[string]:
		if b, ok := right.(fn[string]); ok {
			return func(r *Runner) bool { return a(r) == b(r) }
		}
	case fn[bool]:
		if b, ok := right.(fn[bool]); ok {
			return func(r *Runner) bool { return a(r) == b(r) }
		}
	}
	return nil
}
