package closure

import (
	"reflect"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/internal/builtins"
)

// Item predicates compiled to Go.
//
// A filter over the units (filter, any, all, none, count) runs its closure
// in expr's VM once per unit, and every field the closure reads goes
// through reflection and is boxed: a 50-line cart and a few dozen
// category or brand filters make thousands of allocations per update. The
// common closures (a field or attribute of the unit compared with a
// constant, combined with &&, || and !) are recognised at load and
// compiled into a Go function, which a typed builtin (itemsWhere, itemsAny,
// …) calls. Anything else keeps expr's builtin: the rewrite is an
// optimisation that never changes a result.

// ItemPredicate is a compiled filter closure. It is exported only so that
// expr can type-check the calls that carry it; rules never name it.
type ItemPredicate struct {
	test predicate
	// key, when set, is a field that every unit the predicate accepts
	// has with the value key.value: the units to test can come from the
	// Env's index (index.go) rather than from the whole cart.
	key indexKey
	// readsPrices says the predicate reads PriceAfterDiscounts, readsBase
	// that it reads Price.
	readsPrices, readsBase bool
	// keyOnly says the predicate is the key's comparison alone: every
	// unit of the key's bucket satisfies it.
	keyOnly bool
	// requires are the field equalities every unit the predicate accepts
	// satisfies, for PredicateRequires (requires.go).
	requires []FieldValue
	// lineLevel says the predicate reads only what the units of a line
	// share (its text fields, quantity, position, measures and
	// attributes): its answer for a unit is its answer for the next units
	// of the same line (lineTest).
	lineLevel bool
}

// lineTest runs a predicate over units in order, reusing its answer for
// the units that follow a unit of the same line when the predicate is
// lineLevel: a line of three units is tested once, and a unit's
// attributes are looked up once per line.
type lineTest struct {
	p    *ItemPredicate
	have bool
	pos  int
	ok   bool
}

func (t *lineTest) test(it *Item) bool {
	if t.have && it.Position == t.pos {
		return t.ok
	}
	ok := t.p.test(it)
	if t.p.lineLevel {
		t.have, t.pos, t.ok = true, it.Position, ok
	}
	return ok
}

// unitFields are the fields in which the units of a line may differ.
var unitFields = map[string]bool{"SubPosition": true, "Price": true, "PriceAfterDiscounts": true, "AdditionalCosts": true}

// lineLevel reports whether a compiled predicate's closure reads only
// fields that the units of a line share: no name of unitFields anywhere in
// it (an attribute so named included, to err on the side of no), and no
// field named at run time.
func lineLevel(n ast.Node) bool {
	line := true
	ast.Walk(&n, Visitor(func(n ast.Node) {
		switch n := n.(type) {
		case *ast.StringNode:
			line = line && !unitFields[n.Value]
		case *ast.MemberNode:
			switch n.Property.(type) {
			case *ast.StringNode, *ast.IntegerNode:
			default:
				line = false
			}
		}
	}))
	return line
}

type predicate func(*Item) bool

var predicateType = reflect.TypeFor[*ItemPredicate]()

// predicateResults are the result types of the functions that do what
// expr's builtins over a list do, with a compiled predicate: which
// builtin each replaces is internal/builtins' table's Predicate.
var predicateResults = map[string]reflect.Type{
	"itemsWhere": ItemsType,
	"itemsAny":   BoolType,
	"itemsAll":   BoolType,
	"itemsNone":  BoolType,
	"itemsCount": reflect.TypeFor[int](),
}

// predicateOptions are the functions that run compiled predicates. The
// last argument is the runner's step counter (steps.go): past the budget
// the call fails with errStepsExceeded.
func predicateOptions() []expr.Option {
	return []expr.Option{
		expr.Function("itemsWhere", func(a ...any) (any, error) {
			items, _ := a[0].([]*Item)
			return stepped(itemsWhere(items, a[1].(*ItemPredicate), a[2].(*StepCount)))
		}, new(func([]*Item, *ItemPredicate, *StepCount) []*Item)),
		expr.Function("itemsAny", func(a ...any) (any, error) {
			items, _ := a[0].([]*Item)
			return stepped(itemsAny(items, a[1].(*ItemPredicate), a[2].(*StepCount)))
		}, new(func([]*Item, *ItemPredicate, *StepCount) bool)),
		expr.Function("itemsAll", func(a ...any) (any, error) {
			items, _ := a[0].([]*Item)
			return stepped(itemsAll(items, a[1].(*ItemPredicate), a[2].(*StepCount)))
		}, new(func([]*Item, *ItemPredicate, *StepCount) bool)),
		expr.Function("itemsNone", func(a ...any) (any, error) {
			items, _ := a[0].([]*Item)
			found, ok := itemsAny(items, a[1].(*ItemPredicate), a[2].(*StepCount))
			return stepped(!found, ok)
		}, new(func([]*Item, *ItemPredicate, *StepCount) bool)),
		expr.Function("itemsCount", func(a ...any) (any, error) {
			items, _ := a[0].([]*Item)
			return stepped(itemsCount(items, a[1].(*ItemPredicate), a[2].(*StepCount)))
		}, new(func([]*Item, *ItemPredicate, *StepCount) int)),
	}
}

// stepped returns v, or the step budget's error when !ok.
func stepped[T any](v T, ok bool) (any, error) {
	if !ok {
		return nil, errStepsExceeded
	}
	return v, nil
}

// itemsWhere returns the units p accepts: those of the index bucket when
// p has a key and items are all the Env's units. The result is never nil
// (filter gives an empty list). Each unit tested takes a step of s, each
// unit of a bucket returned whole too; false when they are beyond the
// budget.
func itemsWhere(items []*Item, p *ItemPredicate, s *StepCount) ([]*Item, bool) {
	units, indexed := candidates(items, p.key)
	if indexed && p.keyOnly {
		if !s.take(len(units)) {
			return nil, false
		}
		if units == nil {
			return []*Item{}, true
		}
		// The bucket itself, its capacity cut so that an append copies:
		// lists of units are never written in place (expr's builtins
		// and the loader's make new ones), and a bucket never changes
		// once built.
		return units[:len(units):len(units)], true
	}
	// Collected on the stack, then copied once, exactly sized.
	var buf [64]*Item
	found := buf[:0]
	t := lineTest{p: p}
	for _, it := range units {
		if !s.take(1) {
			return nil, false
		}
		if t.test(it) {
			found = append(found, it)
		}
	}
	return append(make([]*Item, 0, len(found)), found...), true
}

// itemsAny reports whether p accepts any unit; false as its second
// result when the units it tests are beyond the budget.
func itemsAny(items []*Item, p *ItemPredicate, s *StepCount) (found, ok bool) {
	units, indexed := candidates(items, p.key)
	if indexed && p.keyOnly {
		return len(units) > 0, true
	}
	t := lineTest{p: p}
	for _, it := range units {
		if !s.take(1) {
			return false, false
		}
		if t.test(it) {
			return true, true
		}
	}
	return false, true
}

// itemsAll reports whether p accepts every unit: all of them are tested,
// the index cannot help. The second result is false when the units it
// tests are beyond the budget.
func itemsAll(items []*Item, p *ItemPredicate, s *StepCount) (all, ok bool) {
	t := lineTest{p: p}
	for _, it := range items {
		if !s.take(1) {
			return false, false
		}
		if !t.test(it) {
			return false, true
		}
	}
	return true, true
}

// itemsCount returns the number of units p accepts; false as its second
// result when the units it tests are beyond the budget.
func itemsCount(items []*Item, p *ItemPredicate, s *StepCount) (int, bool) {
	units, indexed := candidates(items, p.key)
	if indexed && p.keyOnly {
		return len(units), true
	}
	n := 0
	t := lineTest{p: p}
	for _, it := range units {
		if !s.take(1) {
			return 0, false
		}
		if t.test(it) {
			n++
		}
	}
	return n, true
}

// predicateCall returns the call that replaces a builtin over units whose
// closure compiles to a predicate; false when it does not.
func predicateCall(n *ast.BuiltinNode) (*ast.CallNode, reflect.Type, bool) {
	name := builtins.Of(n.Name).Predicate
	fn := accessor{fn: name, out: predicateResults[name]}
	if name == "" || len(n.Arguments) != 2 || n.Arguments[0].Type() != ItemsType {
		return nil, nil, false
	}
	cl, ok := n.Arguments[1].(*ast.PredicateNode)
	if !ok {
		return nil, nil, false
	}
	p, ok := compilePredicate(cl.Node)
	if !ok {
		return nil, nil, false
	}
	key := predicateKey(cl.Node)
	cmp, isCmp := cl.Node.(*ast.BinaryNode)
	keyOnly := key.field != "" && isCmp && cmp.Operator == "=="
	c := &ast.ConstantNode{Value: &ItemPredicate{test: p, key: key, readsPrices: ReadsPricesAfterDiscounts(cl.Node), readsBase: ReadsPrices(cl.Node), keyOnly: keyOnly, requires: requiredFields(cl.Node, nil), lineLevel: lineLevel(cl.Node)}}
	c.SetLocation(cl.Location())
	c.SetType(predicateType)
	call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: fn.fn}, Arguments: []ast.Node{n.Arguments[0], c, stepsArg(cl)}}
	call.SetLocation(n.Location())
	return call, fn.out, true
}

// compilePredicate compiles a closure body: comparisons of the unit's
// fields and attributes with constants, combined with &&, || and !.
func compilePredicate(n ast.Node) (predicate, bool) {
	switch n := n.(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and", "||", "or":
			l, ok := compilePredicate(n.Left)
			if !ok {
				return nil, false
			}
			r, ok := compilePredicate(n.Right)
			if !ok {
				return nil, false
			}
			if n.Operator == "&&" || n.Operator == "and" {
				return func(it *Item) bool { return l(it) && r(it) }, true
			}
			return func(it *Item) bool { return l(it) || r(it) }, true
		}
		return stringComparison(n)
	case *ast.UnaryNode:
		if n.Operator != "!" && n.Operator != "not" {
			return nil, false
		}
		p, ok := compilePredicate(n.Node)
		if !ok {
			return nil, false
		}
		return func(it *Item) bool { return !p(it) }, true
	case *ast.CallNode:
		if name, ok := attributeRead(n, "attrBool"); ok {
			return func(it *Item) bool { v, _ := it.Attributes[name].(bool); return v }, true
		}
		return decimalComparison(n)
	}
	return nil, false
}

// stringComparison compiles a string field compared with a string
// constant (==, !=, in a list, startsWith, endsWith, contains), or an int
// field compared with an int constant.
func stringComparison(n *ast.BinaryNode) (predicate, bool) {
	if f, ok := intField(n.Left); ok {
		c, ok := n.Right.(*ast.IntegerNode)
		if !ok {
			return nil, false
		}
		v := c.Value
		switch n.Operator {
		case "==":
			return func(it *Item) bool { return f(it) == v }, true
		case "!=":
			return func(it *Item) bool { return f(it) != v }, true
		case "<":
			return func(it *Item) bool { return f(it) < v }, true
		case "<=":
			return func(it *Item) bool { return f(it) <= v }, true
		case ">":
			return func(it *Item) bool { return f(it) > v }, true
		case ">=":
			return func(it *Item) bool { return f(it) >= v }, true
		}
		return nil, false
	}
	left, right := n.Left, n.Right
	if n.Operator == "==" || n.Operator == "!=" {
		if _, ok := left.(*ast.StringNode); ok {
			left, right = right, left
		}
	}
	f, ok := stringField(left)
	if !ok {
		return nil, false
	}
	if n.Operator == "in" {
		arr, ok := right.(*ast.ArrayNode)
		if !ok {
			return nil, false
		}
		set := make([]string, len(arr.Nodes))
		for i, e := range arr.Nodes {
			s, ok := e.(*ast.StringNode)
			if !ok {
				return nil, false
			}
			set[i] = s.Value
		}
		return func(it *Item) bool {
			v := f(it)
			for _, s := range set {
				if v == s {
					return true
				}
			}
			return false
		}, true
	}
	c, ok := right.(*ast.StringNode)
	if !ok {
		return nil, false
	}
	v := c.Value
	switch n.Operator {
	case "==":
		return func(it *Item) bool { return f(it) == v }, true
	case "!=":
		return func(it *Item) bool { return f(it) != v }, true
	case "startsWith":
		return func(it *Item) bool { return strings.HasPrefix(f(it), v) }, true
	case "endsWith":
		return func(it *Item) bool { return strings.HasSuffix(f(it), v) }, true
	case "contains":
		return func(it *Item) bool { return strings.Contains(f(it), v) }, true
	}
	return nil, false
}

// decimalComparison compiles decEq(field, constant) and the other decimal
// comparisons the patcher made of the operators, either way round.
func decimalComparison(n *ast.CallNode) (predicate, bool) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok || len(n.Arguments) != 2 {
		return nil, false
	}
	test, ok := decimalTests[id.Value]
	if !ok {
		return nil, false
	}
	f, ok := decimalField(n.Arguments[0])
	c, isConst := n.Arguments[1].(*ast.ConstantNode)
	if !ok || !isConst {
		// The constant on the left: swap, and swap the test.
		f, ok = decimalField(n.Arguments[1])
		c, isConst = n.Arguments[0].(*ast.ConstantNode)
		if !ok || !isConst {
			return nil, false
		}
		inner := test
		test = func(c int) bool { return inner(-c) }
	}
	v, ok := c.Value.(decimal.Decimal)
	if !ok {
		return nil, false
	}
	return func(it *Item) bool { return test(cmpDecimal(f(it), v)) }, true
}

// unitField returns the property name of .Field on the closure's unit.
func unitField(n ast.Node) (string, bool) {
	m, ok := n.(*ast.MemberNode)
	if !ok || m.Optional || m.Method {
		return "", false
	}
	p, ok := m.Node.(*ast.PointerNode)
	if !ok || p.Name != "" || p.Type() != ItemType {
		return "", false
	}
	s, ok := m.Property.(*ast.StringNode)
	if !ok {
		return "", false
	}
	return s.Value, true
}

// attributeRead recognises fn(.Attributes, "name"), the patcher's typed
// read of a unit's attribute.
func attributeRead(n ast.Node, fn string) (name string, ok bool) {
	c, ok := n.(*ast.CallNode)
	if !ok || len(c.Arguments) != 2 {
		return "", false
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	if !ok || id.Value != fn {
		return "", false
	}
	if f, ok := unitField(c.Arguments[0]); !ok || f != "Attributes" {
		return "", false
	}
	s, ok := c.Arguments[1].(*ast.StringNode)
	if !ok {
		return "", false
	}
	return s.Value, true
}

// predicateKey finds a field equality that the predicate n implies: n
// itself, or a side of an &&. The category is preferred: it is the
// usual first test.
func predicateKey(n ast.Node) indexKey {
	switch n := n.(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			l, r := predicateKey(n.Left), predicateKey(n.Right)
			if l.field == "" || r.field == "Category" {
				return r
			}
			return l
		case "==":
			left, right := n.Left, n.Right
			if _, ok := left.(*ast.StringNode); ok {
				left, right = right, left
			}
			c, ok := right.(*ast.StringNode)
			if !ok {
				return indexKey{}
			}
			if name, ok := attributeRead(left, "attrString"); ok {
				return indexKey{field: name, attribute: true, value: c.Value}
			}
			switch f, _ := unitField(left); f {
			case "Sku", "Name", "Category":
				return indexKey{field: f, value: c.Value}
			}
		}
	}
	return indexKey{}
}

func stringField(n ast.Node) (func(*Item) string, bool) {
	if name, ok := attributeRead(n, "attrString"); ok {
		return func(it *Item) string { v, _ := it.Attributes[name].(string); return v }, true
	}
	f, _ := unitField(n)
	get, ok := textFields[f]
	return get, ok
}

func intField(n ast.Node) (func(*Item) int, bool) {
	f, _ := unitField(n)
	get, ok := intFields[f]
	return get, ok
}

func decimalField(n ast.Node) (func(*Item) decimal.Decimal, bool) {
	if name, ok := attributeRead(n, "attrNumber"); ok {
		return func(it *Item) decimal.Decimal { v, _ := it.Attributes[name].(decimal.Decimal); return v }, true
	}
	f, _ := unitField(n)
	get, ok := decimalFields[f]
	return get, ok
}
