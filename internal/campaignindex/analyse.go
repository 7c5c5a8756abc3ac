package campaignindex

import (
	"math"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/internal/closure"
)

// maxLoops bounds the loops over the units or a list attribute that the
// analysed part of a rule may hold: each takes at most maxWalk steps
// (cart.MaxUnits, and Facts gives up on longer lists), so that the part
// can never run out of the step budget, which would make its failure
// reason the budget's error.
const maxLoops = closure.MaxSteps / maxWalk / 2

// maxWalk is the most steps one loop takes: cart.MaxUnits units, or a
// list attribute of as many elements (Facts gives up beyond it).
const maxWalk = 10_000

// filterInfo is what a binding filter(Session.CartItems, p) keeps of p.
type filterInfo struct {
	keys  []closure.FieldValue
	exact bool
}

// analysis analyses one rule.
type analysis struct {
	x        *builder
	bindings map[string]filterInfo
	loops    int
}

// ruleConds returns the analysed conditions of a rule, or false when the
// rule cannot be skipped whatever the session.
func (x *builder) ruleConds(r Rule) ([]cond, bool) {
	if r.FailureEffects || len(r.Conditions) == 0 {
		return nil, false
	}
	a := analysis{x: x, bindings: map[string]filterInfo{}}
	for i, b := range r.Bindings {
		f, ok := a.binding(b)
		if !ok {
			return nil, false // evaluated before the conditions: may fail
		}
		a.loops++
		a.bindings[r.BindingNames[i]] = f
	}
	var out []cond
	for i, c := range r.Conditions {
		atoms, exact, ok := a.condition(c)
		if !ok || a.loops > maxLoops {
			break // the analysis stops at the first condition it cannot read
		}
		out = append(out, cond{atoms: atoms, exact: exact, index: int32(i)})
		if !exact {
			break // its truth is not known when its atoms hold
		}
	}
	if len(out) == 0 {
		return nil, false
	}
	return out, true
}

// filter recognises itemsWhere(Session.CartItems, p, #steps), the
// patched filter(Session.CartItems, p) with a compiled predicate.
func (a *analysis) filter(n ast.Node) (filterInfo, bool) {
	p, ok := predicateCall(n, "itemsWhere")
	if !ok {
		return filterInfo{}, false
	}
	keys, exact := closure.PredicateRequires(p)
	return filterInfo{keys: keys, exact: exact}, true
}

// binding recognises a binding that cannot fail: a filter, or
// cheapest(b, n, #steps) (or mostExpensive) of a list of units b the
// analysis knows and a count n that is never negative, whose units are
// some of b's.
func (a *analysis) binding(n ast.Node) (filterInfo, bool) {
	if f, ok := a.filter(n); ok {
		return f, true
	}
	c, ok := n.(*ast.CallNode)
	if !ok || !(isIdent(c.Callee, "cheapest") || isIdent(c.Callee, "mostExpensive")) || len(c.Arguments) != 3 || !isIdent(c.Arguments[2], "#steps") {
		return filterInfo{}, false
	}
	from, ok := a.units(c.Arguments[0])
	if !ok {
		return filterInfo{}, false
	}
	if _, ok := a.count(c.Arguments[1]); !ok {
		return filterInfo{}, false
	}
	return filterInfo{keys: from.keys}, true // some of from's units
}

// maxCount bounds the whole numbers count accepts, far from overflow and
// from toInt's limit (2⁵³).
const maxCount = 1 << 40

// count recognises a whole number that is never negative and cannot
// fail, and returns a bound of it: a literal, countItems of a known list,
// toInt(n / c) for a positive constant c, and sums and products of them.
func (a *analysis) count(n ast.Node) (int64, bool) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		if n.Value >= 0 && n.Value <= maxCount {
			return int64(n.Value), true
		}
	case *ast.CallNode:
		if isIdent(n.Callee, "countItems") && len(n.Arguments) == 1 {
			if _, ok := a.units(n.Arguments[0]); ok {
				return maxWalk, true
			}
			return 0, false
		}
		if !isIdent(n.Callee, "toInt") || len(n.Arguments) != 1 {
			return 0, false
		}
		div, ok := n.Arguments[0].(*ast.CallNode)
		if !ok || !isIdent(div.Callee, "decDiv") || len(div.Arguments) != 2 {
			return 0, false
		}
		d, ok := number(div.Arguments[1])
		if !ok || d.Sign() <= 0 || d.LessThan(decimal.New(1, -6)) {
			return 0, false
		}
		num := div.Arguments[0]
		if conv, isConv := num.(*ast.CallNode); isConv && isIdent(conv.Callee, "dec") && len(conv.Arguments) == 1 {
			num = conv.Arguments[0]
		}
		bound, ok := a.count(num)
		if !ok || bound > maxCount/1_000_000 {
			return 0, false
		}
		return bound * 1_000_000, true // at most bound / 10⁻⁶
	case *ast.BinaryNode:
		if n.Operator != "*" && n.Operator != "+" {
			return 0, false
		}
		l, lok := a.count(n.Left)
		r, rok := a.count(n.Right)
		if !lok || !rok {
			return 0, false
		}
		if n.Operator == "+" && l+r <= maxCount {
			return l + r, true
		}
		if n.Operator == "*" && (l == 0 || r <= maxCount/l) {
			return l * r, true
		}
	}
	return 0, false
}

// predicateCall recognises fn(Session.CartItems, p, #steps).
func predicateCall(n ast.Node, fn string) (*closure.ItemPredicate, bool) {
	c, ok := n.(*ast.CallNode)
	if !ok || !isIdent(c.Callee, fn) || len(c.Arguments) != 3 || !isSessionField(c.Arguments[0], "CartItems") {
		return nil, false
	}
	k, ok := c.Arguments[1].(*ast.ConstantNode)
	if !ok {
		return nil, false
	}
	p, ok := k.Value.(*closure.ItemPredicate)
	return p, ok && p != nil
}

// units recognises a list of units the analysis knows: a filter binding
// or a filter written in place.
func (a *analysis) units(n ast.Node) (filterInfo, bool) {
	if id, ok := n.(*ast.IdentifierNode); ok {
		f, ok := a.bindings[id.Value]
		return f, ok
	}
	f, ok := a.filter(n)
	if ok {
		a.loops++
	}
	return f, ok
}

// condition returns the atoms a condition needs, and whether they make it
// true; false when it is none of the shapes the analysis reads.
func (a *analysis) condition(n ast.Node) (atoms []atom, exact, ok bool) {
	switch n := n.(type) {
	case *ast.MemberNode:
		if isIdent(n.Node, closure.VarCoupon) && isString(n.Property, "Valid") && !n.Optional && !n.Method {
			return []atom{{kind: atomCoupon}}, true, true
		}
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "and":
			la, le, lok := a.condition(n.Left)
			ra, re, rok := a.condition(n.Right)
			if !lok || !rok {
				return nil, false, false
			}
			return append(la, ra...), le && re, true
		case "==":
			return a.attributeEquals(n.Left, n.Right)
		case "in":
			return a.listContains(n.Left, n.Right)
		case ">=", ">":
			return a.unitCount(n)
		}
	case *ast.CallNode:
		if id, isID := n.Callee.(*ast.IdentifierNode); isID && len(n.Arguments) == 2 {
			return a.decimalCompare(id.Value, n.Arguments[0], n.Arguments[1])
		}
		if p, isAny := predicateCall(n, "itemsAny"); isAny {
			a.loops++
			keys, exact := closure.PredicateRequires(p)
			return a.unitAtoms(atomCount, keys, 1), exact, true
		}
	}
	return nil, false, false
}

// unitAtoms are the atoms "the units with each of keys' values have at
// least lo of the measure".
func (a *analysis) unitAtoms(kind atomKind, keys []closure.FieldValue, lo int64) []atom {
	out := make([]atom, 0, len(keys))
	for _, k := range keys {
		out = append(out, atom{kind: kind, key: a.x.unitKey(k), lo: lo, hi: noLimit})
	}
	return out
}

// attributeEquals recognises attrString(Session.Attributes, "n") == "v"
// and the profile's, either way round.
func (a *analysis) attributeEquals(l, r ast.Node) ([]atom, bool, bool) {
	if _, ok := l.(*ast.StringNode); ok {
		l, r = r, l
	}
	v, ok := r.(*ast.StringNode)
	if !ok {
		return nil, false, false
	}
	kind, name, ok := attributeRead(l, "attrString")
	if !ok {
		return nil, false, false
	}
	return []atom{{kind: atomCount, key: a.x.attrKey(kind, name, false, v.Value), lo: 1, hi: noLimit}}, true, true
}

// listContains recognises "v" in #walk(attrStrings(X.Attributes, "n"), #steps).
func (a *analysis) listContains(l, r ast.Node) ([]atom, bool, bool) {
	v, ok := l.(*ast.StringNode)
	if !ok {
		return nil, false, false
	}
	if c, isCall := r.(*ast.CallNode); isCall && isIdent(c.Callee, "#walk") && len(c.Arguments) == 2 {
		r = c.Arguments[0]
	}
	kind, name, ok := attributeRead(r, "attrStrings")
	if !ok {
		return nil, false, false
	}
	a.loops++
	return []atom{{kind: atomCount, key: a.x.attrKey(kind, name, true, v.Value), lo: 1, hi: noLimit}}, true, true
}

// unitCount recognises countItems(b) >= N, len(b) > N and count(...) >= N
// (itemsCount) with a whole number N: at least so many units have each
// of the filter's values.
func (a *analysis) unitCount(n *ast.BinaryNode) ([]atom, bool, bool) {
	lit, ok := n.Right.(*ast.IntegerNode)
	if !ok {
		return nil, false, false
	}
	lo := int64(lit.Value)
	if n.Operator == ">" {
		if lo == math.MaxInt64 {
			return nil, false, false
		}
		lo++
	}
	var f filterInfo
	switch l := n.Left.(type) {
	case *ast.CallNode:
		if isIdent(l.Callee, "countItems") && len(l.Arguments) == 1 {
			f, ok = a.units(l.Arguments[0])
		} else if p, isCount := predicateCall(l, "itemsCount"); isCount {
			a.loops++
			f.keys, f.exact = closure.PredicateRequires(p)
			ok = true
		}
	case *ast.BuiltinNode:
		if l.Name == "len" && len(l.Arguments) == 1 {
			f, ok = a.units(l.Arguments[0])
		}
	}
	if !ok {
		return nil, false, false
	}
	if lo <= 0 {
		return nil, true, true // always true: no atom
	}
	return a.unitAtoms(atomCount, f.keys, lo), f.exact && len(f.keys) == 1, true
}

// decimalCompare recognises the patched decimal comparisons
// decGe(Session.CartItemTotal, c) (and decGt, decLe, decLt, either way
// round) and decGe(sumPrice(b, #steps), c), decGt.
func (a *analysis) decimalCompare(fn string, l, r ast.Node) ([]atom, bool, bool) {
	op, ok := map[string]string{"decGe": ">=", "decGt": ">", "decLe": "<=", "decLt": "<"}[fn]
	if !ok {
		return nil, false, false
	}
	if _, isConst := number(l); isConst {
		l, r = r, l
		op = map[string]string{">=": "<=", ">": "<", "<=": ">=", "<": ">"}[op]
	}
	c, ok := number(r)
	if !ok {
		return nil, false, false
	}
	lo, hi, ok := a.x.minorRange(op, c)
	if !ok {
		return nil, false, false
	}
	if isSessionField(l, "CartItemTotal") {
		return []atom{{kind: atomSubtotal, lo: lo, hi: hi}}, true, true
	}
	call, isCall := l.(*ast.CallNode)
	if !isCall || !isIdent(call.Callee, "sumPrice") || len(call.Arguments) != 2 || hi != noLimit {
		return nil, false, false
	}
	f, ok := a.units(call.Arguments[0])
	if !ok {
		return nil, false, false
	}
	a.loops++
	return a.unitAtoms(atomSum, f.keys, lo), f.exact && len(f.keys) == 1, true
}

// number returns a decimal constant or whole number literal.
func number(n ast.Node) (decimal.Decimal, bool) {
	switch n := n.(type) {
	case *ast.ConstantNode:
		d, ok := n.Value.(decimal.Decimal)
		return d, ok
	case *ast.IntegerNode:
		return decimal.NewFromInt(int64(n.Value)), true
	}
	return decimal.Decimal{}, false
}

// attributeRead recognises fn(Session.Attributes, "n") or the profile's.
func attributeRead(n ast.Node, fn string) (kind keyKind, name string, ok bool) {
	c, isCall := n.(*ast.CallNode)
	if !isCall || !isIdent(c.Callee, fn) || len(c.Arguments) != 2 {
		return 0, "", false
	}
	s, isName := c.Arguments[1].(*ast.StringNode)
	if !isName {
		return 0, "", false
	}
	switch {
	case isSessionField(c.Arguments[0], "Attributes"):
		return kindSession, s.Value, true
	case isField(c.Arguments[0], closure.VarProfile, "Attributes"):
		return kindProfile, s.Value, true
	}
	return 0, "", false
}

func isSessionField(n ast.Node, field string) bool { return isField(n, closure.VarSession, field) }

// isField recognises Variable.Field, a plain field read.
func isField(n ast.Node, variable, field string) bool {
	m, ok := n.(*ast.MemberNode)
	return ok && !m.Optional && !m.Method && isIdent(m.Node, variable) && isString(m.Property, field)
}

func isIdent(n ast.Node, name string) bool {
	id, ok := n.(*ast.IdentifierNode)
	return ok && id.Value == name
}

func isString(n ast.Node, v string) bool {
	s, ok := n.(*ast.StringNode)
	return ok && s.Value == v
}
