package rules

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// exprGen writes random expressions of the shapes direct programs cover,
// mixed with a few they leave to expr, over the test session's fields.
type exprGen struct{ t *rapid.T }

func (g exprGen) pick(label string, options ...string) string {
	return rapid.SampledFrom(options).Draw(g.t, label)
}

func (g exprGen) depth(d int) bool { return d > 0 && rapid.IntRange(0, 2).Draw(g.t, "nest") > 0 }

func (g exprGen) boolean(d int) string {
	if g.depth(d) {
		switch rapid.IntRange(0, 2).Draw(g.t, "bool op") {
		case 0:
			return "(" + g.boolean(d-1) + " && " + g.boolean(d-1) + ")"
		case 1:
			return "(" + g.boolean(d-1) + " || " + g.boolean(d-1) + ")"
		default:
			return "!(" + g.boolean(d-1) + ")"
		}
	}
	switch rapid.IntRange(0, 6).Draw(g.t, "bool leaf") {
	case 0:
		return g.number(d) + " " + g.pick("dec cmp", "==", "!=", "<", "<=", ">", ">=") + " " + g.number(d)
	case 1:
		return g.integer(d) + " " + g.pick("int cmp", "==", "!=", "<", "<=", ">", ">=") + " " + g.integer(d)
	case 2:
		return g.text() + " " + g.pick("text cmp", "==", "!=") + " " + g.pick("text lit", `"DE"`, `"gold"`, `"open"`, `""`)
	case 3:
		return g.pick("code", `"WELCOME5"`, `"OTHER"`) + " in Session.CouponCodes"
	case 4:
		return g.pick("quantifier", "any", "all", "none") + "(Session.CartItems, " + g.predicate() + ")"
	case 5:
		return g.pick("flag", "couponValid()", "Session.Attributes.giftWrap", "true", "false")
	default:
		return g.pick("bool binding", "b", "n > 1")
	}
}

func (g exprGen) number(d int) string {
	if g.depth(d) {
		switch rapid.IntRange(0, 4).Draw(g.t, "dec op") {
		case 0:
			return "(" + g.number(d-1) + " + " + g.number(d-1) + ")"
		case 1:
			return "(" + g.number(d-1) + " - " + g.number(d-1) + ")"
		case 2:
			return "(" + g.number(d-1) + " * " + g.number(d-1) + ")"
		case 3:
			return "(" + g.number(d-1) + " / " + g.pick("divisor", "3", "0.7", "100", "(Session.ItemCount - 6)") + ")"
		default:
			return "-" + g.number(d-1)
		}
	}
	return g.pick("dec leaf", "Session.Total", "Session.CartItemTotal", "Session.DiscountTotal", "Session.TotalAfterDiscounts",
		"Profile.TotalSales", "Profile.LoyaltyPoints.Club", "Profile.LoyaltyPoints.None", "12.50", "0.1", "7",
		"sumPrice(items)", "sumPrice(filter(Session.CartItems, "+g.predicate()+"))", "x")
}

func (g exprGen) integer(d int) string {
	if g.depth(d) {
		op := g.pick("int op", "+", "-", "*")
		return "(" + g.integer(d-1) + " " + op + " " + g.integer(d-1) + ")"
	}
	return g.pick("int leaf", "Session.ItemCount", "Profile.ClosedSessions", "0", "3", "9223372036854775807",
		"len(items)", "countItems(items)", "count(Session.CartItems, "+g.predicate()+")",
		"len(cheapest(items, "+g.pick("n", "1", "2", "Session.ItemCount - 7")+"))",
		"toInt("+g.number(0)+")", "toInt(Session.Total * 100000000000000000)", "n")
}

func (g exprGen) text() string {
	return g.pick("text", "Session.Attributes.shippingCountry", "Profile.Attributes.tier", "Session.State",
		"Coupon.Code", "Session.ProfileId")
}

func (g exprGen) predicate() string {
	return g.pick("predicate", `.Category == "socks"`, `.Category == "hats" && .Price > 10`,
		`.Attributes.color == "red"`, `.Price >= 4.99`, `"shoes" == .Category || .Quantity > 2`,
		`.PriceAfterDiscounts < .Price`, `.PriceAfterDiscounts == 58.61`)
}

// TestDirectMatchesVMOnRandomExpressions is TestDirectMatchesVM on
// expressions written at random: the runner (settling prices, a direct
// program, expr where it declines) gives what expr gives on settled
// prices, and a direct program declines exactly where expr fails.
func TestDirectMatchesVMOnRandomExpressions(t *testing.T) {
	compared, total := 0, 0
	defer func() { t.Logf("%d of %d expressions had a direct program", compared, total) }()
	rapid.Check(t, func(rt *rapid.T) {
		g := exprGen{rt}
		var src string
		switch rapid.IntRange(0, 2).Draw(rt, "kind") {
		case 0:
			src = g.boolean(3)
		case 1:
			src = g.number(3)
		default:
			src = g.integer(3)
		}
		body := "        bindings:\n" +
			"          items: 'filter(Session.CartItems, " + strings.ReplaceAll(g.predicate(), "'", "''") + ")'\n" +
			"          b: 'Session.Total > 100'\n" +
			"          n: 'Session.ItemCount'\n" +
			"          x: 'Session.CartItemTotal / 3'\n" +
			"          e: " + quoteYAML(src) + "\n"
		f, err := Parse("test.yaml", []byte(testHeader+rule1(body)))
		if err != nil {
			rt.Skipf("does not compile: %v", err) // the generator writes some type errors
		}
		r := f.Campaigns[0].Rules[0]
		p := r.bindings[len(r.bindings)-1]
		total++
		if p.direct != nil {
			compared++
		}
		for _, valid := range []bool{true, false} {
			// As built, or updated after a discount (its prices after
			// discounts to be settled).
			base := testEnv(t, f, testSession)
			if valid {
				base = discounted(t, f)
			}
			env := base.ForCampaign(f.Campaigns[0], CouponView{Code: "WELCOME5", Valid: valid}, ReferralView{})
			rn := &runner{}
			rn.begin(env)
			rn.vm.MemoryBudget = MemoryBudget
			for i, b := range r.bindings[:len(r.bindings)-1] {
				v, err := rn.run(b)
				if err != nil {
					rt.Fatalf("binding %s: %v", r.Bindings[i], err)
				}
				rn.bind(r.Bindings[i], v)
			}
			// The runner, as Rule.Evaluate uses it: prices settled only
			// when the analysis says the program may read them, a direct
			// program where there is one, expr where it declines.
			got, gotErr := rn.run(p)
			// The truth: expr's VM with every price settled.
			env.settle()
			want, vmErr := rn.vm.Run(p.prog, rn.variables(true))
			switch {
			case (gotErr != nil) != (vmErr != nil):
				rt.Fatalf("%s: the runner gives %v (error %v), expr %v (error %v)", src, got, gotErr, want, vmErr)
			case vmErr == nil && !sameResult(want, got):
				rt.Fatalf("%s: the runner gives %s, expr on settled prices %s", src, fmt.Sprint(got), fmt.Sprint(want))
			}
			// The direct program alone declines exactly where expr fails.
			if p.direct != nil {
				_, ok := rn.Run(p.direct)
				declined := !ok
				if declined != (vmErr != nil) {
					rt.Fatalf("%s: the direct program declines: %v; expr fails: %v", src, declined, vmErr)
				}
			}
		}
	})
}
