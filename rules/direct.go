package rules

import (
	"reflect"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"
)

// Expressions compiled to Go closures.
//
// Most campaign expressions are a field or attribute compared with a
// constant, a count or sum over a filtered list, or a little decimal
// arithmetic. expr's VM runs each through its stack machine, calls every
// decimal operator with a freshly allocated argument slice, and boxes
// every intermediate value; a hundred campaigns make that a large part
// of an update. The checked and patched tree of such an expression is
// compiled at load into typed closures over the Env instead (a direct
// program), and the runner calls them in place of the VM.
//
// The closures cover reading fields and attributes, bindings, comparisons,
// &&, ||, !, in over a list of text, int +, - and ×, len, countItems,
// sumPrice, cheapest, mostExpensive, toInt, dec, the compiled item
// predicates, and decimal +, -, ×, unary minus, and ÷ and % by a non-zero
// constant. Any other node leaves the whole expression to expr. Where expr
// would fail (toInt of a huge number, a negative count), a closure
// declines (runner.declined) and the runner has expr run the expression,
// which reports the error as it always has: a direct program never
// changes a result or an error. TestDirectMatchesVM holds every
// expression of the fixtures to that, and
// TestDirectMatchesVMOnRandomExpressions random ones.

// fn is a compiled node: it computes a T from the runner's Env and
// variables.
type fn[T any] func(r *runner) T

// directProgram compiles the tree into a function of the runner, or
// returns nil when some node is not one the closures cover.
func directProgram(root ast.Node) func(r *runner) any {
	switch f := direct(root).(type) {
	case fn[bool]:
		return func(r *runner) any { return f(r) }
	case fn[decimal.Decimal]:
		return func(r *runner) any { return f(r) }
	case fn[int]:
		return func(r *runner) any { return f(r) }
	case fn[string]:
		return func(r *runner) any { return f(r) }
	case fn[[]*Item]:
		return func(r *runner) any { return f(r) }
	}
	return nil
}

// direct compiles a node into an fn of the node's type, or returns nil.
func direct(n ast.Node) any {
	switch n := n.(type) {
	case *ast.BoolNode:
		return constant(n.Value)
	case *ast.IntegerNode:
		if n.Type() == intType {
			return constant(n.Value)
		}
	case *ast.StringNode:
		return constant(n.Value)
	case *ast.ConstantNode:
		switch v := n.Value.(type) {
		case bool:
			return constant(v)
		case int:
			return constant(v)
		case string:
			return constant(v)
		case decimal.Decimal:
			return constant(v)
		}
	case *ast.IdentifierNode:
		return binding(n)
	case *ast.MemberNode:
		return member(n)
	case *ast.CallNode:
		return call(n)
	case *ast.BuiltinNode:
		return builtinCall(n)
	case *ast.UnaryNode:
		if x, ok := direct(n.Node).(fn[bool]); ok && (n.Operator == "!" || n.Operator == "not") {
			return fn[bool](func(r *runner) bool { return !x(r) })
		}
	case *ast.BinaryNode:
		return binary(n)
	}
	return nil
}

func constant[T any](v T) fn[T] { return func(*runner) T { return v } }

var intType = reflect.TypeFor[int]()

// binding reads a binding of the rule, by its checked type.
func binding(n *ast.IdentifierNode) any {
	name := n.Value
	switch name {
	case varSession, varProfile, varCoupon, varReferral, varCampaign, varNow, varItem, "$env":
		return nil // read only through their fields (member)
	}
	switch n.Type() {
	case itemsType:
		return variable[[]*Item](name)
	case decimalType:
		return variable[decimal.Decimal](name)
	case intType:
		return variable[int](name)
	case boolType:
		return variable[bool](name)
	case stringType:
		return variable[string](name)
	}
	return nil
}

func variable[T any](name string) fn[T] {
	return func(r *runner) T {
		v, _ := r.binding(name).(T)
		return v
	}
}

var stringType = reflect.TypeFor[string]()

// member reads a field of one of the environment's variables, or a key
// of a mapping of decimals (Profile.LoyaltyPoints.Club).
func member(n *ast.MemberNode) any {
	prop, isName := n.Property.(*ast.StringNode)
	if !isName || n.Optional || n.Method {
		return nil
	}
	id, ok := n.Node.(*ast.IdentifierNode)
	if !ok {
		m, ok := direct(n.Node).(fn[map[string]decimal.Decimal])
		if !ok {
			return nil
		}
		key := prop.Value
		// A missing key reads as zero, as in expr.
		return fn[decimal.Decimal](func(r *runner) decimal.Decimal { return m(r)[key] })
	}
	if id.Value == varItem {
		return itemFields[prop.Value]
	}
	fields, ok := envFields[id.Value]
	if !ok {
		return nil
	}
	return fields[prop.Value]
}

// envFields are the fields of the environment's variables other than
// Item, read from the runner's Env.
var envFields = map[string]map[string]any{
	varSession: {
		"Total":               envField(func(e *Env) decimal.Decimal { return e.Session.Total }),
		"CartItemTotal":       envField(func(e *Env) decimal.Decimal { return e.Session.CartItemTotal }),
		"AdditionalCostTotal": envField(func(e *Env) decimal.Decimal { return e.Session.AdditionalCostTotal }),
		"DiscountTotal":       envField(func(e *Env) decimal.Decimal { return e.Session.DiscountTotal }),
		"TotalAfterDiscounts": envField(func(e *Env) decimal.Decimal { return e.Session.TotalAfterDiscounts }),
		"CartItems":           envField(func(e *Env) []*Item { return e.Session.CartItems }),
		"ItemCount":           envField(func(e *Env) int { return e.Session.ItemCount }),
		"CouponCodes":         envField(func(e *Env) []string { return e.Session.CouponCodes }),
		"ReferralCode":        envField(func(e *Env) string { return e.Session.ReferralCode }),
		"ProfileId":           envField(func(e *Env) string { return e.Session.ProfileId }),
		"State":               envField(func(e *Env) string { return e.Session.State }),
		"Identifiers":         envField(func(e *Env) []string { return e.Session.Identifiers }),
		"LoyaltyCards":        envField(func(e *Env) []string { return e.Session.LoyaltyCards }),
		"Attributes":          envField(func(e *Env) Attributes { return e.Session.Attributes }),
	},
	varProfile: {
		"Id":             envField(func(e *Env) string { return e.Profile.Id }),
		"Attributes":     envField(func(e *Env) Attributes { return e.Profile.Attributes }),
		"ClosedSessions": envField(func(e *Env) int { return e.Profile.ClosedSessions }),
		"TotalSales":     envField(func(e *Env) decimal.Decimal { return e.Profile.TotalSales }),
		"LoyaltyPoints":  envField(func(e *Env) map[string]decimal.Decimal { return e.Profile.LoyaltyPoints }),
	},
	varCoupon: {
		"Code":       envField(func(e *Env) string { return e.Coupon.Code }),
		"Valid":      envField(func(e *Env) bool { return e.Coupon.Valid }),
		"Attributes": envField(func(e *Env) Attributes { return e.Coupon.Attributes }),
	},
	varReferral: {
		"Code":              envField(func(e *Env) string { return e.Referral.Code }),
		"Valid":             envField(func(e *Env) bool { return e.Referral.Valid }),
		"AdvocateProfileId": envField(func(e *Env) string { return e.Referral.AdvocateProfileId }),
		"FriendProfileId":   envField(func(e *Env) string { return e.Referral.FriendProfileId }),
		"Attributes":        envField(func(e *Env) Attributes { return e.Referral.Attributes }),
	},
	varCampaign: {
		"Name":       envField(func(e *Env) string { return e.Campaign.Name }),
		"Attributes": envField(func(e *Env) Attributes { return e.Campaign.Attributes }),
	},
}

func envField[T any](get func(*Env) T) fn[T] {
	return func(r *runner) T { return get(r.env) }
}

// itemFields are the fields of Item, the unit of a per-item effect.
var itemFields = func() map[string]any {
	m := map[string]any{"Attributes": itemGetter(func(it *Item) Attributes { return it.Attributes })}
	for name, get := range textFields {
		m[name] = itemGetter(get)
	}
	for name, get := range intFields {
		m[name] = itemGetter(get)
	}
	for name, get := range decimalFields {
		m[name] = itemGetter(get)
	}
	return m
}()

// itemGetter reads a field of Item. Item is set whenever a per-item
// effect's parameters are evaluated; were it not, the program would
// decline and leave expr to report it.
func itemGetter[T any](get func(*Item) T) fn[T] {
	return func(r *runner) T {
		if r.item == nil {
			r.declined = true
			var zero T
			return zero
		}
		return get(r.item)
	}
}
