package closure

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/builtins"
	"github.com/cartfx/cartfx/internal/text"
)

// Patcher rewrites a parsed expression before it is type-checked again and
// compiled:
//   - a number literal with a fraction becomes a decimal constant with
//     exactly the digits written (the text is taken from the source, so
//     0.1 is 1×10⁻¹, not the float nearest to it);
//   - an integer division a / b becomes dec(a) / b, so 7 / 2 is 3.5;
//   - an integer literal operand of a decimal operator becomes a decimal
//     constant, so that it is not converted on every run;
//   - unary minus on a decimal becomes decNeg;
//   - X.Attributes.name becomes a typed accessor (attrString(...),
//     attrNumber(...), …) after checking name against the registry;
//   - couponValid() and referralValid() become Coupon.Valid and
//     Referral.Valid;
//   - + on text, or on operands typed only at run time, becomes textAdd
//     or valueAdd, which keep to the memory budget (budget.go).
//
// A Patcher is used for one compilation; it records problems instead of
// failing, because expr's visitors cannot return errors.
type Patcher struct {
	src     []rune
	reg     *cart.Registry
	errs    []PatchError
	changed bool
	wrapped map[*ast.BuiltinNode]bool // already wrapped in asItems
	// InterpretFilters keeps expr's own filter builtins, for tests that
	// compare them with the compiled predicates.
	InterpretFilters bool
}

// NewPatcher returns a Patcher for one compilation of src, which checks
// attribute names against reg.
func NewPatcher(src []rune, reg *cart.Registry) *Patcher { return &Patcher{src: src, reg: reg} }

// Errors returns the problems the Patcher found, in the order it found
// them.
func (p *Patcher) Errors() []PatchError { return p.errs }

// Reset and ShouldRepeat make expr run the Patcher again, on a freshly
// checked tree, while it still changes something: a rewrite can give a
// node the type that lets its parent be rewritten.
func (p *Patcher) Reset() { p.changed = false }

// ShouldRepeat reports whether the last walk changed the tree.
func (p *Patcher) ShouldRepeat() bool { return p.changed }

// patch replaces node and notes the change.
func (p *Patcher) patch(node *ast.Node, n ast.Node, t reflect.Type) {
	ast.Patch(node, n)
	n.SetType(t)
	p.changed = true
}

// PatchError is a problem the patcher found: where, and its message.
type PatchError struct {
	Loc file.Location
	Msg string
}

var (
	attributesType = reflect.TypeFor[Attributes]()
	ItemType       = reflect.TypeFor[*Item]()
	anySliceType   = reflect.TypeFor[[]any]()
)

// entityOf maps the view types that have Attributes to their entity.
var entityOf = map[reflect.Type]cart.Entity{
	reflect.TypeFor[SessionView]():  cart.EntitySession,
	reflect.TypeFor[Item]():         cart.EntityCartItem,
	ItemType:                        cart.EntityCartItem,
	reflect.TypeFor[ProfileView]():  cart.EntityProfile,
	reflect.TypeFor[CouponView]():   cart.EntityCoupon,
	reflect.TypeFor[ReferralView](): cart.EntityReferral,
	reflect.TypeFor[CampaignView](): cart.EntityCampaign,
}

// accessor is the function that reads an attribute of a type, and its
// result type.
type accessor struct {
	fn  string
	out reflect.Type
}

var accessors = map[cart.AttributeType]accessor{
	cart.TypeString:     {"attrString", reflect.TypeFor[string]()},
	cart.TypeNumber:     {"attrNumber", DecimalType},
	cart.TypeBoolean:    {"attrBool", reflect.TypeFor[bool]()},
	cart.TypeTime:       {"attrTime", TimeType},
	cart.TypeStringList: {"attrStrings", reflect.TypeFor[[]string]()},
	cart.TypeNumberList: {"attrNumbers", reflect.TypeFor[[]decimal.Decimal]()},
}

func attrFunc[T any](name string) expr.Option {
	var zero any = *new(T)
	return expr.Function(name, func(args ...any) (any, error) {
		m, _ := args[0].(Attributes)
		key, _ := args[1].(string)
		// The value as stored, when it has the type: re-boxing it
		// would allocate on every read.
		if v := m[key]; v != nil {
			if _, ok := v.(T); ok {
				return v, nil
			}
		}
		return zero, nil
	}, new(func(Attributes, string) T))
}

// attributeOptions are the typed attribute accessors.
func attributeOptions() []expr.Option {
	return []expr.Option{
		attrFunc[string]("attrString"),
		attrFunc[decimal.Decimal]("attrNumber"),
		attrFunc[bool]("attrBool"),
		attrFunc[time.Time]("attrTime"),
		attrFunc[[]string]("attrStrings"),
		attrFunc[[]decimal.Decimal]("attrNumbers"),
	}
}

func (p *Patcher) fail(n ast.Node, format string, args ...any) {
	e := PatchError{Loc: n.Location(), Msg: fmt.Sprintf(format, args...)}
	if !slices.Contains(p.errs, e) {
		p.errs = append(p.errs, e)
	}
}

// Visit implements ast.Visitor.
func (p *Patcher) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.FloatNode:
		d := decimal.NewFromFloat(n.Value)
		if loc := n.Location(); loc.From >= 0 && loc.To <= len(p.src) && loc.From < loc.To {
			text := strings.ReplaceAll(string(p.src[loc.From:loc.To]), "_", "")
			if exact, err := decimal.NewFromString(text); err == nil {
				d = exact
			}
		}
		c := &ast.ConstantNode{Value: d}
		p.patch(node, c, DecimalType)
	case *ast.BinaryNode:
		if n.Operator == "/" && isInt(n.Left.Type()) && isInt(n.Right.Type()) {
			if lit, ok := decimalLiteral(n.Left); ok {
				n.Left = lit
			} else {
				call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: "dec"}, Arguments: []ast.Node{n.Left}}
				call.SetLocation(n.Left.Location())
				call.SetType(DecimalType)
				n.Left = call
			}
			p.changed = true
		}
		// + on text, or on values only typed at run time, is bounded
		// by the memory budget (budget.go).
		if n.Operator == "+" && maybeText(n.Left.Type()) && maybeText(n.Right.Type()) {
			fn, out := "valueAdd", n.Type()
			if isText(n.Left.Type()) && isText(n.Right.Type()) {
				fn = "textAdd"
			}
			call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: fn}, Arguments: []ast.Node{n.Left, n.Right}}
			p.patch(node, call, out)
			return
		}
		// The operators on decimals (and a decimal with an int) become
		// calls of the decimal functions. Doing it here, in one pass,
		// rather than with one expr.Operator Visitor per operator, keeps
		// compiling fast: expr type-checks the tree before each Visitor.
		l, r := n.Left.Type(), n.Right.Type()
		op, ok := decimalOperators[n.Operator]
		if ok && (l == DecimalType && (r == DecimalType || isInt(r)) || isInt(l) && r == DecimalType) {
			left, right := n.Left, n.Right
			if lit, ok := decimalLiteral(left); ok {
				left = lit
			}
			if lit, ok := decimalLiteral(right); ok {
				right = lit
			}
			call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: op.fn}, Arguments: []ast.Node{left, right}}
			p.patch(node, call, op.out)
		}
	case *ast.UnaryNode:
		if n.Operator == "-" && n.Node.Type() == DecimalType {
			call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: "decNeg"}, Arguments: []ast.Node{n.Node}}
			p.patch(node, call, DecimalType)
		}
	case *ast.BuiltinNode:
		// A filter over units whose closure compiles to Go runs without
		// the VM (itempred.go).
		if call, out, ok := predicateCall(n); ok && !p.InterpretFilters {
			p.patch(node, call, out)
			return
		}
		// expr's filter, take, sortBy and reverse give []any; over units
		// they give []*Item again, so that the result can be used where
		// units are expected.
		if builtins.Of(n.Name).KeepsUnits && !p.wrapped[n] && len(n.Arguments) > 0 && n.Arguments[0].Type() == ItemsType && n.Type() == anySliceType {
			if p.wrapped == nil {
				p.wrapped = map[*ast.BuiltinNode]bool{}
			}
			p.wrapped[n] = true
			call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: "asItems"}, Arguments: []ast.Node{n}}
			p.patch(node, call, ItemsType)
		}
	case *ast.MemberNode:
		if n.Node.Type() == attributesType {
			p.attribute(node, n)
		}
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return
		}
		switch id.Value {
		case "couponValid", "referralValid":
			if len(n.Arguments) != 0 {
				p.fail(n, "%s() takes no arguments", id.Value)
				return
			}
			v := VarCoupon
			if id.Value == "referralValid" {
				v = VarReferral
			}
			m := &ast.MemberNode{Node: &ast.IdentifierNode{Value: v}, Property: &ast.StringNode{Value: "Valid"}}
			p.patch(node, m, BoolType)
		case "sumOf":
			if len(n.Arguments) == 2 {
				if s, ok := n.Arguments[1].(*ast.StringNode); ok && !slices.Contains(sumFields, s.Value) {
					p.fail(s, "sumOf: unknown field %s (expected one of %s)", text.Quote(s.Value), strings.Join(sumFields, ", "))
				}
			}
		}
	}
}

// decimalLiteral returns an integer literal as a decimal constant: the
// value the decimal functions would convert it to on every run.
func decimalLiteral(n ast.Node) (ast.Node, bool) {
	i, ok := n.(*ast.IntegerNode)
	if !ok {
		return nil, false
	}
	c := &ast.ConstantNode{Value: decimal.NewFromInt(int64(i.Value))}
	c.SetLocation(i.Location())
	c.SetType(DecimalType)
	return c, true
}

// decimalOperators maps each operator to its decimal function.
var decimalOperators = map[string]accessor{
	"+": {"decAdd", DecimalType}, "-": {"decSub", DecimalType}, "*": {"decMul", DecimalType},
	"/": {"decDiv", DecimalType}, "%": {"decMod", DecimalType},
	"==": {"decEq", BoolType}, "!=": {"decNe", BoolType}, "<": {"decLt", BoolType},
	"<=": {"decLe", BoolType}, ">": {"decGt", BoolType}, ">=": {"decGe", BoolType},
}

func isInt(t reflect.Type) bool { return t != nil && t.Kind() == reflect.Int }

func isText(t reflect.Type) bool { return t != nil && t.Kind() == reflect.String }

// maybeText reports whether a value of type t may be text: it is, or
// its type is only known at run time.
func maybeText(t reflect.Type) bool { return t == nil || isText(t) || t.Kind() == reflect.Interface }

// attribute rewrites X.Attributes.name into the typed accessor.
func (p *Patcher) attribute(node *ast.Node, n *ast.MemberNode) {
	parent, ok := n.Node.(*ast.MemberNode)
	prop, _ := parentProperty(parent)
	if !ok || prop != "Attributes" {
		p.fail(n, "read a custom attribute directly, as Session.Attributes.name")
		return
	}
	entity, ok := entityOf[parent.Node.Type()]
	if !ok {
		p.fail(n, "read a custom attribute directly, as Session.Attributes.name")
		return
	}
	name, ok := n.Property.(*ast.StringNode)
	if !ok {
		p.fail(n.Property, "the attribute name must be written out, as Session.Attributes.name")
		return
	}
	t, ok := p.reg.Lookup(entity, name.Value)
	if !ok {
		defined := p.reg.Names(entity)
		hint := "none are defined"
		if len(defined) > 0 {
			hint = "defined: " + strings.Join(defined, ", ")
		}
		p.fail(n.Property, "unknown attribute %s of %s (%s)", text.Quote(name.Value), entity, hint)
		return
	}
	acc := accessors[t]
	call := &ast.CallNode{
		Callee:    &ast.IdentifierNode{Value: acc.fn},
		Arguments: []ast.Node{n.Node, &ast.StringNode{Value: name.Value}},
	}
	p.patch(node, call, acc.out)
}

func parentProperty(m *ast.MemberNode) (string, bool) {
	if m == nil {
		return "", false
	}
	s, ok := m.Property.(*ast.StringNode)
	if !ok {
		return "", false
	}
	return s.Value, true
}
