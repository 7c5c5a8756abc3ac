package closure

import (
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
// compiled at load into typed closures over the Runner instead (a direct
// program), and the runner calls them in place of the VM.
//
// The closures cover reading fields and attributes, bindings, comparisons,
// &&, ||, !, in over a list of text, int +, - and ×, len, countItems,
// sumPrice, cheapest, mostExpensive, toInt, dec, the compiled item
// predicates, and decimal +, -, ×, unary minus, and ÷ and % by a non-zero
// constant. Any other node leaves the whole expression to expr. Where expr
// would fail (toInt of a huge number, a negative count), a closure
// declines (Runner.declined) and the runner has expr run the expression,
// which reports the error as it always has: a direct program never
// changes a result or an error. rules' TestDirectMatchesVM holds every
// expression of the fixtures to that, and
// TestDirectMatchesVMOnRandomExpressions random ones.

// fn is a compiled node: it computes a T from the runner's Env and
// variables.
type fn[T any] func(r *Runner) T

// Compile compiles the tree into a function of the runner, or
// returns nil when some node is not one the closures cover.
func Compile(root ast.Node) Program {
	switch f := direct(root).(type) {
	case fn[bool]:
		return func(r *Runner) any { return f(r) }
	case fn[decimal.Decimal]:
		// Left in the runner: boxing a decimal allocates (Runner.RunUnboxed).
		return func(r *Runner) any { r.outDecimal = f(r); return DecimalResult }
	case fn[int]:
		return func(r *Runner) any { return f(r) }
	case fn[string]:
		return func(r *Runner) any { return f(r) }
	case fn[[]*Item]:
		// Left in the runner: boxing a slice allocates (Runner.RunUnboxed).
		return func(r *Runner) any { r.outItems = f(r); return ItemsResult }
	}
	return nil
}

// direct compiles a node into an fn of the node's type, or returns nil.
func direct(n ast.Node) any {
	switch n := n.(type) {
	case *ast.BoolNode:
		return constant(n.Value)
	case *ast.IntegerNode:
		if n.Type() == IntType {
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
			return fn[bool](func(r *Runner) bool { return !x(r) })
		}
	case *ast.BinaryNode:
		return binary(n)
	}
	return nil
}

func constant[T any](v T) fn[T] { return func(*Runner) T { return v } }

// binding reads a binding of the rule, by its checked type.
func binding(n *ast.IdentifierNode) any {
	name := n.Value
	switch name {
	case VarSession, VarProfile, VarCoupon, VarReferral, VarCampaign, VarNow, VarItem, "$env":
		return nil // read only through their fields (member)
	}
	switch n.Type() {
	case ItemsType:
		return fn[[]*Item](func(r *Runner) []*Item { return r.bindingItems(name) })
	case DecimalType:
		return variable[decimal.Decimal](name)
	case IntType:
		return variable[int](name)
	case BoolType:
		return variable[bool](name)
	case StringType:
		return variable[string](name)
	}
	return nil
}

func variable[T any](name string) fn[T] {
	return func(r *Runner) T {
		v, _ := r.binding(name).(T)
		return v
	}
}

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
		return fn[decimal.Decimal](func(r *Runner) decimal.Decimal { return m(r)[key] })
	}
	if id.Value == VarItem {
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
	VarSession: {
		"Total":               envField(func(r *Runner) decimal.Decimal { return r.session.Total }),
		"CartItemTotal":       envField(func(r *Runner) decimal.Decimal { return r.session.CartItemTotal }),
		"AdditionalCostTotal": envField(func(r *Runner) decimal.Decimal { return r.session.AdditionalCostTotal }),
		"DiscountTotal":       envField(func(r *Runner) decimal.Decimal { return r.session.DiscountTotal }),
		"TotalAfterDiscounts": envField(func(r *Runner) decimal.Decimal { return r.session.TotalAfterDiscounts }),
		"CartItems":           envField(func(r *Runner) []*Item { return r.session.CartItems }),
		"ItemCount":           envField(func(r *Runner) int { return r.session.ItemCount }),
		"CouponCodes":         envField(func(r *Runner) []string { return r.session.CouponCodes }),
		"ReferralCode":        envField(func(r *Runner) string { return r.session.ReferralCode }),
		"ProfileId":           envField(func(r *Runner) string { return r.session.ProfileId }),
		"State":               envField(func(r *Runner) string { return r.session.State }),
		"Identifiers":         envField(func(r *Runner) []string { return r.session.Identifiers }),
		"LoyaltyCards":        envField(func(r *Runner) []string { return r.session.LoyaltyCards }),
		"Attributes":          envField(func(r *Runner) Attributes { return r.session.Attributes }),
	},
	VarProfile: {
		"Id":             envField(func(r *Runner) string { return r.profile.Id }),
		"Attributes":     envField(func(r *Runner) Attributes { return r.profile.Attributes }),
		"ClosedSessions": envField(func(r *Runner) int { return r.profile.ClosedSessions }),
		"TotalSales":     envField(func(r *Runner) decimal.Decimal { return r.profile.TotalSales }),
		"LoyaltyPoints":  envField(func(r *Runner) map[string]decimal.Decimal { return r.profile.LoyaltyPoints }),
	},
	VarCoupon: {
		"Code":       envField(func(r *Runner) string { return r.coupon.Code }),
		"Valid":      envField(func(r *Runner) bool { return r.coupon.Valid }),
		"Attributes": envField(func(r *Runner) Attributes { return r.coupon.Attributes }),
	},
	VarReferral: {
		"Code":              envField(func(r *Runner) string { return r.referral.Code }),
		"Valid":             envField(func(r *Runner) bool { return r.referral.Valid }),
		"AdvocateProfileId": envField(func(r *Runner) string { return r.referral.AdvocateProfileId }),
		"FriendProfileId":   envField(func(r *Runner) string { return r.referral.FriendProfileId }),
		"Attributes":        envField(func(r *Runner) Attributes { return r.referral.Attributes }),
	},
	VarCampaign: {
		"Name":       envField(func(r *Runner) string { return r.campaign.Name }),
		"Attributes": envField(func(r *Runner) Attributes { return r.campaign.Attributes }),
	},
}

func envField[T any](get func(*Runner) T) fn[T] { return get }

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
	return func(r *Runner) T {
		if r.item == nil {
			r.declined = true
			var zero T
			return zero
		}
		return get(r.item)
	}
}
