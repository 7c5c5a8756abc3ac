package bench

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"
)

// The naive floor: the campaigns' rule expressions (bindings, conditions,
// effect values) compiled as plain expr programs over an environment map
// of plain Go values (float64 money: it is a floor, not a model), run one
// campaign after another with expr.Run, and their effects applied to
// per-unit shopspring decimal prices. It is what one would write first
// with expr and shopspring, without the engine's machinery: no coupon
// store, no limits, no receipt, no response.

type naiveItem struct {
	Sku, Name, Category   string
	Price                 float64
	Attributes            map[string]any
	Position, SubPosition int

	price, left decimal.Decimal // what the effects work on
}

type naiveSession struct {
	CartItemTotal float64
	CartItems     []*naiveItem
	Attributes    map[string]any
	CouponCodes   []string
}

type naiveProfile struct {
	Attributes    map[string]any
	LoyaltyPoints map[string]float64
}

type naiveCoupon struct {
	Code  string
	Valid bool
}

type naiveBinding struct {
	name string
	prog *vm.Program
}

type naiveEffect struct {
	typ, items string
	value      *vm.Program
}

type naiveCampaign struct {
	id       int64
	coupon   string
	bindings []naiveBinding
	conds    []*vm.Program
	effects  []naiveEffect
}

// naive is a workload's campaigns compiled for the naive floor.
type naive struct{ campaigns []naiveCampaign }

// naiveResult is what a naive run decided.
type naiveResult struct {
	triggered []int64
	discount  decimal.Decimal
	points    decimal.Decimal
}

// naiveBindings are the binding names the generated rules use: expr needs
// every name of the environment map at compile time.
var naiveBindings = []string{"items", "pool", "free"}

func naiveEnv() map[string]any {
	env := map[string]any{
		"Session": &naiveSession{}, "Profile": &naiveProfile{},
		"Coupon": naiveCoupon{}, "Item": &naiveItem{},
	}
	for _, b := range naiveBindings {
		env[b] = []any{}
	}
	return env
}

// naiveFunctions are the cartfx builtins the generated rules call, written
// plainly for the floor.
func naiveFunctions() []expr.Option {
	return []expr.Option{
		expr.Function("countItems", func(args ...any) (any, error) {
			return len(args[0].([]any)), nil
		}, new(func([]any) int)),
		expr.Function("sumPrice", func(args ...any) (any, error) {
			s := 0.0
			for _, it := range args[0].([]any) {
				s += it.(*naiveItem).Price
			}
			return s, nil
		}, new(func([]any) float64)),
		expr.Function("cheapest", func(args ...any) (any, error) {
			items := slices.Clone(args[0].([]any))
			slices.SortStableFunc(items, func(a, b any) int {
				x, y := a.(*naiveItem), b.(*naiveItem)
				return cmp.Or(cmp.Compare(x.Price, y.Price), cmp.Compare(x.Position, y.Position), cmp.Compare(x.SubPosition, y.SubPosition))
			})
			return items[:min(args[1].(int), len(items))], nil
		}, new(func([]any, int) []any)),
		expr.Function("toInt", func(args ...any) (any, error) {
			switch x := args[0].(type) {
			case float64:
				return int(x), nil
			case int:
				return x, nil
			}
			return nil, fmt.Errorf("toInt: %T", args[0])
		}, new(func(float64) int), new(func(int) int)),
	}
}

// compileNaive compiles a workload's rule expressions as plain expr
// programs. couponValid() becomes Coupon.Valid, as the rules loader does.
func compileNaive(w *Workload) (*naive, error) {
	opts := append([]expr.Option{expr.Env(naiveEnv())}, naiveFunctions()...)
	compile := func(src string) (*vm.Program, error) {
		src = strings.ReplaceAll(src, "couponValid()", "Coupon.Valid")
		p, err := expr.Compile(src, opts...)
		if err != nil {
			return nil, fmt.Errorf("naive: %s: %w", src, err)
		}
		return p, nil
	}
	n := &naive{}
	for _, c := range w.Campaigns {
		nc := naiveCampaign{id: c.ID, coupon: c.Coupon}
		for _, b := range c.Rule.Bindings {
			p, err := compile(b.Expr)
			if err != nil {
				return nil, err
			}
			nc.bindings = append(nc.bindings, naiveBinding{b.Name, p})
		}
		for _, cond := range c.Rule.Conditions {
			p, err := compile(cond)
			if err != nil {
				return nil, err
			}
			nc.conds = append(nc.conds, p)
		}
		for _, e := range c.Rule.Effects {
			p, err := compile(e.Value)
			if err != nil {
				return nil, err
			}
			nc.effects = append(nc.effects, naiveEffect{typ: e.Type, items: e.Items, value: p})
		}
		n.campaigns = append(n.campaigns, nc)
	}
	return n, nil
}

// run evaluates the campaigns over a session, one after another.
func (n *naive) run(s *Session, p *Profile) (naiveResult, error) {
	sess := &naiveSession{
		Attributes:  map[string]any{"channel": s.Channel},
		CouponCodes: []string{s.CouponCode},
	}
	for pos, l := range s.Lines {
		price := decimal.New(l.Price, -2)
		for sub := range l.Quantity {
			it := &naiveItem{
				Sku: l.SKU, Name: l.Name, Category: l.Category, Price: float64(l.Price) / 100,
				Attributes: map[string]any{"brand": l.Brand}, Position: pos, SubPosition: sub,
				price: price, left: price,
			}
			sess.CartItems = append(sess.CartItems, it)
			sess.CartItemTotal += it.Price
		}
	}
	prof := &naiveProfile{
		Attributes:    map[string]any{"segments": p.Segments},
		LoyaltyPoints: map[string]float64{"Club": float64(p.Points)},
	}
	env := naiveEnv()
	env["Session"], env["Profile"] = sess, prof
	res := naiveResult{}
campaigns:
	for i := range n.campaigns {
		c := &n.campaigns[i]
		env["Coupon"] = naiveCoupon{Code: c.coupon, Valid: c.coupon != "" && slices.Contains(sess.CouponCodes, c.coupon)}
		for _, b := range c.bindings {
			v, err := expr.Run(b.prog, env)
			if err != nil {
				return res, err
			}
			env[b.name] = v
		}
		for _, cond := range c.conds {
			v, err := expr.Run(cond, env)
			if err != nil {
				return res, err
			}
			if v != true {
				continue campaigns
			}
		}
		res.triggered = append(res.triggered, c.id)
		for _, e := range c.effects {
			if e.items == "" {
				d, err := naiveValue(e.value, env)
				if err != nil {
					return res, err
				}
				switch e.typ {
				case "addLoyaltyPoints":
					res.points = res.points.Add(d)
				default:
					res.discount = res.discount.Add(naiveDiscountCart(sess.CartItems, d))
				}
				continue
			}
			for _, it := range env[e.items].([]any) {
				unit := it.(*naiveItem)
				env["Item"] = unit
				d, err := naiveValue(e.value, env)
				if err != nil {
					return res, err
				}
				d = decimal.Min(d.Round(2), unit.left)
				unit.left = unit.left.Sub(d)
				res.discount = res.discount.Add(d)
			}
		}
	}
	return res, nil
}

func naiveValue(p *vm.Program, env map[string]any) (decimal.Decimal, error) {
	v, err := expr.Run(p, env)
	if err != nil {
		return decimal.Zero, err
	}
	switch x := v.(type) {
	case float64:
		return decimal.NewFromFloat(x), nil
	case int:
		return decimal.NewFromInt(int64(x)), nil
	}
	return decimal.Zero, fmt.Errorf("naive: effect value %v is %T", v, v)
}

// naiveDiscountCart spreads a cart discount over the units in proportion
// to what is left of each, in cents, the rounding difference on the last
// unit that can take it. It returns what was applied.
func naiveDiscountCart(units []*naiveItem, amount decimal.Decimal) decimal.Decimal {
	amount = amount.Round(2)
	left := decimal.Zero
	for _, u := range units {
		left = left.Add(u.left)
	}
	if left.IsZero() {
		return decimal.Zero
	}
	amount = decimal.Min(amount, left)
	given := decimal.Zero
	for _, u := range units {
		share := decimal.Min(amount.Mul(u.left).DivRound(left, 2), u.left)
		u.left = u.left.Sub(share)
		given = given.Add(share)
	}
	for i := len(units) - 1; i >= 0 && !given.Equal(amount); i-- {
		u := units[i]
		fix := decimal.Min(amount.Sub(given), u.left)
		if fix.IsNegative() {
			fix = decimal.Max(fix, u.price.Sub(u.left).Neg())
		}
		u.left = u.left.Sub(fix)
		given = given.Add(fix)
	}
	return given
}
