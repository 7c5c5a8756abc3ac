package rules

import (
	"slices"

	"github.com/expr-lang/expr/ast"

	"github.com/cartfx/cartfx/internal/closure"
)

// What a rule's conditions say about the session's coupon and referral
// code, decided at load from the checked and patched expression trees
// (where couponValid() and referralValid() have become Coupon.Valid and
// Referral.Valid), not from the source text: `not couponValid()` names
// couponValid() but holds only without a coupon.
//
// A rule needs the coupon when one of its conditions (they are ANDed) is
// false whenever Coupon.Valid is false: the engine may then skip the
// rule's campaign, when every rule needs it and none has failure effects,
// for a session without a valid coupon. A rule uses the coupon when a condition reads Coupon.Valid
// (directly, or through a binding or a let): a rule that triggered with a
// valid coupon then accepts it. The same holds for the referral.

// NeedsCoupon reports whether the rule cannot trigger without a valid
// coupon: one of its conditions is false whenever couponValid() is.
func (r *Rule) NeedsCoupon() bool { return r.coupon.needs }

// UsesCoupon reports whether one of the rule's conditions reads
// couponValid() (or Coupon.Valid, Coupon?.Valid, $env.Coupon.Valid, …),
// directly or through a binding: the
// rule, triggered with a valid coupon, accepts it.
func (r *Rule) UsesCoupon() bool { return r.coupon.uses }

// HasFailureEffects reports whether the rule has failure effects: a rule
// that needs a code still produces them without one, so its campaign
// cannot be skipped for want of the code.
func (r *Rule) HasFailureEffects() bool { return len(r.failureEffects) > 0 }

// NeedsReferral reports whether the rule cannot trigger without a valid
// referral code: one of its conditions is false whenever referralValid()
// is.
func (r *Rule) NeedsReferral() bool { return r.referral.needs }

// UsesReferral reports whether one of the rule's conditions reads
// referralValid() (or Referral.Valid, Referral?.Valid,
// $env.Referral.Valid, …), directly or through a binding: the
// rule, triggered with a valid referral code, accepts it.
func (r *Rule) UsesReferral() bool { return r.referral.uses }

// codeUse is what a rule's conditions say about a code.
type codeUse struct {
	needs, uses bool
}

// truth is a condition's value under an assumption: known false, known
// true, or unknown.
type truth int8

const (
	unknown truth = iota
	isFalse
	isTrue
)

func (t truth) not() truth {
	switch t {
	case isFalse:
		return isTrue
	case isTrue:
		return isFalse
	}
	return unknown
}

// names maps the names an expression may read (the rule's bindings, and
// the lets around a node) to the trees that give their values; outer are
// the names those trees may read in turn.
type names struct {
	name  string
	value ast.Node
	outer *names
}

func (n *names) lookup(name string) (*names, bool) {
	for ; n != nil; n = n.outer {
		if n.name == name {
			return n, true
		}
	}
	return nil, false
}

// analyseCodes decides codeUse for the coupon and the referral, over the
// rule's bindings and conditions.
func analyseCodes(bindings []string, bound, conditions []*program) (coupon, referral codeUse) {
	var scope *names
	chain := make([]names, len(bound))
	for i, b := range bound {
		chain[i] = names{name: bindings[i], value: b.prog.Node(), outer: scope}
		scope = &chain[i]
	}
	return analyseCode(closure.VarCoupon, scope, conditions), analyseCode(closure.VarReferral, scope, conditions)
}

// analyseCode decides codeUse for the code read as variable.Valid, with
// the rule's bindings in scope.
func analyseCode(variable string, scope *names, conditions []*program) codeUse {
	a := codeAnalysis{variable: variable}
	var u codeUse
	for _, c := range conditions {
		root := c.prog.Node()
		u.needs = u.needs || a.whenInvalid(root, scope) == isFalse
		u.uses = u.uses || a.readsValid(root, scope)
	}
	return u
}

// codeAnalysis is one analyseCode: the variable, and what it found for
// each binding (made when first needed), so that bindings built from
// bindings are analysed once.
type codeAnalysis struct {
	variable string
	truths   map[*names]truth
	reads    map[*names]bool
}

// isValid reports whether n is variable.Valid, in any of the ways an
// expression may write it: Coupon.Valid, Coupon?.Valid, Coupon["Valid"],
// $env.Coupon.Valid, $env["Coupon"].Valid, $env?.Coupon?.Valid. (The
// variable is a struct, never nil: ?. reads the same field.)
func (a *codeAnalysis) isValid(n ast.Node) bool {
	m, ok := fieldAccess(n)
	if !ok {
		return false
	}
	prop, isName := m.Property.(*ast.StringNode)
	return isName && prop.Value == "Valid" && a.isVariable(m.Node)
}

// isVariable reports whether n is the variable: Coupon, $env.Coupon or
// $env["Coupon"] (optional or not).
func (a *codeAnalysis) isVariable(n ast.Node) bool {
	if id, ok := n.(*ast.IdentifierNode); ok {
		return id.Value == a.variable
	}
	m, ok := fieldAccess(n)
	if !ok {
		return false
	}
	env, isIdent := m.Node.(*ast.IdentifierNode)
	prop, isName := m.Property.(*ast.StringNode)
	return isIdent && env.Value == "$env" && isName && prop.Value == a.variable
}

// fieldAccess returns n as a field access, through the chain node that holds
// an optional one; not a method's.
func fieldAccess(n ast.Node) (*ast.MemberNode, bool) {
	if c, ok := n.(*ast.ChainNode); ok {
		n = c.Node
	}
	m, ok := n.(*ast.MemberNode)
	return m, ok && !m.Method
}

// whenInvalid is n's value when variable.Valid is false and nothing else
// is known. It is isFalse only when n cannot be true then; a run error
// counts as not true (the rule fails).
func (a *codeAnalysis) whenInvalid(n ast.Node, scope *names) truth {
	if a.isValid(n) {
		return isFalse
	}
	switch n := n.(type) {
	case *ast.BoolNode:
		return truthOf(n.Value)
	case *ast.ConstantNode:
		if b, ok := n.Value.(bool); ok {
			return truthOf(b)
		}
	case *ast.IdentifierNode:
		v, ok := scope.lookup(n.Value)
		if !ok {
			return unknown
		}
		t, done := a.truths[v]
		if !done {
			t = a.whenInvalid(v.value, v.outer)
			if a.truths == nil {
				a.truths = map[*names]truth{}
			}
			a.truths[v] = t
		}
		return t
	case *ast.VariableDeclaratorNode:
		return a.whenInvalid(n.Expr, &names{name: n.Name, value: n.Value, outer: scope})
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			return a.whenInvalid(n.Node, scope).not()
		}
	case *ast.ConditionalNode:
		switch a.whenInvalid(n.Cond, scope) {
		case isTrue:
			return a.whenInvalid(n.Exp1, scope)
		case isFalse:
			return a.whenInvalid(n.Exp2, scope)
		}
		if t1, t2 := a.whenInvalid(n.Exp1, scope), a.whenInvalid(n.Exp2, scope); t1 == t2 {
			return t1
		}
	case *ast.BinaryNode:
		return a.binary(n, scope)
	}
	return unknown
}

func (a *codeAnalysis) binary(n *ast.BinaryNode, scope *names) truth {
	l, r := a.whenInvalid(n.Left, scope), a.whenInvalid(n.Right, scope)
	switch n.Operator {
	case "&&", "and":
		if l == isFalse || r == isFalse {
			return isFalse
		}
		if l == isTrue && r == isTrue {
			return isTrue
		}
	case "||", "or":
		if l == isTrue || r == isTrue {
			return isTrue
		}
		if l == isFalse && r == isFalse {
			return isFalse
		}
	case "==", "!=":
		// Only between two known truth values: an unknown operand may
		// be of another type.
		if l != unknown && r != unknown {
			return truthOf((l == r) == (n.Operator == "=="))
		}
	}
	return unknown
}

func truthOf(b bool) truth {
	if b {
		return isTrue
	}
	return isFalse
}

// readsValid reports whether n reads variable.Valid, directly or through
// a binding it uses (a let's value is part of the tree).
func (a *codeAnalysis) readsValid(root ast.Node, scope *names) bool {
	w := readsWalk{a: a, scope: scope}
	ast.Walk(&root, &w)
	if w.found {
		return true
	}
	for _, v := range w.used {
		if slices.Contains(w.lets, v.name) {
			continue // a let of the same name
		}
		reads, done := a.reads[v]
		if !done {
			if a.reads == nil {
				a.reads = map[*names]bool{}
			}
			a.reads[v] = false // bindings read only earlier ones: no cycle
			reads = a.readsValid(v.value, v.outer)
			a.reads[v] = reads
		}
		if reads {
			return true
		}
	}
	return false
}

// readsWalk walks a tree for readsValid: whether it reads variable.Valid
// itself, the bindings it names and the lets it declares.
type readsWalk struct {
	a     *codeAnalysis
	scope *names
	found bool
	used  []*names
	lets  []string
}

// Visit implements ast.Visitor.
func (w *readsWalk) Visit(node *ast.Node) {
	closure.WalkFolded(node, w)
	switch n := (*node).(type) {
	case *ast.MemberNode:
		w.found = w.found || w.a.isValid(n)
	case *ast.VariableDeclaratorNode:
		w.lets = append(w.lets, n.Name)
	case *ast.IdentifierNode:
		if v, ok := w.scope.lookup(n.Value); ok && !slices.Contains(w.used, v) {
			w.used = append(w.used, v)
		}
	}
}
