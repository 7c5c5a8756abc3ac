package rules

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/closure"
	"github.com/cartfx/cartfx/internal/envops"
)

// TestEnvUpdate checks that an Env updated for a cart with more discounts
// equals one built for it, and that Update refuses a cart that changed
// in more than its discounts.
func TestEnvUpdate(t *testing.T) {
	f := mustParse(t, "campaigns: []\n")
	s, c := testCart(t, f, testSession)
	profile := ProfileView{Id: "p1"}
	env := NewEnv(s, c, profile, testNow)

	next := c.Clone()
	units := next.Units()
	next.Discount(cart.Adjustment{CampaignID: 1, Name: "a"}, 150, []int32{units[0].Price, units[2].Price})
	if !env.update(next) {
		t.Fatal("Update refused a cart with more discounts")
	}
	env.settle()
	want := NewEnv(s, next, profile, testNow)
	if diff := cmp.Diff(want.Session, env.Session, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }), cmpopts.IgnoreUnexported(Item{})); diff != "" {
		t.Errorf("updated session (-built +updated):\n%s", diff)
	}
	if got := env.variables()[closure.VarSession].(SessionView); !got.DiscountTotal.Equal(dec("1.50")) {
		t.Errorf("the Session variable has DiscountTotal %s, want 1.50", got.DiscountTotal)
	}

	attr := next.Clone()
	attr.SetSessionAttribute("shippingCountry", "FR")
	if env.update(attr) {
		t.Error("Update accepted a cart with a session attribute set")
	}
	line := next.Clone()
	if err := line.SetLineAttribute(0, "color", "blue"); err != nil {
		t.Fatal(err)
	}
	if env.update(line) {
		t.Error("Update accepted a cart with a line attribute set")
	}
	free := next.Clone()
	if _, err := free.AddFreeLine("GIFT", "Gift", 1, 0, cart.Adjustment{CampaignID: 1, Name: "g"}); err != nil {
		t.Fatal(err)
	}
	if env.update(free) {
		t.Error("Update accepted a cart with a free line added")
	}
}

// TestEnvRelease builds Envs for two different carts, each after the
// other's release, and checks that each equals one built from fresh
// arrays: nothing of a released Env's units shows in the next.
func TestEnvRelease(t *testing.T) {
	f := mustParse(t, "campaigns: []\n")
	other := `{"cartItems": [{"sku": "CAP", "name": "Cap", "quantity": 4, "price": 9.50, "category": "hats", "attributes": {"color": "green"}, "additionalCosts": {"wrap": {"price": 1.00}}}]}`
	fresh := func(session string) SessionView {
		s, err := cart.ParseSession([]byte(session), cart.ParseOptions{Currency: f.Currency, Registry: f.Registry})
		if err != nil {
			t.Fatal(err)
		}
		c, err := cart.New(s, f.Rounding)
		if err != nil {
			t.Fatal(err)
		}
		return NewEnv(s, c, ProfileView{}, testNow).Session
	}
	opts := []cmp.Option{cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }), cmpopts.IgnoreUnexported(Item{})}
	for _, session := range []string{testSession, other, testSession, other} {
		want := fresh(session)
		env := testEnv(t, f, session)
		if diff := cmp.Diff(want, env.Session, append(opts, cmpopts.IgnoreFields(SessionView{}, "ProfileId"))...); diff != "" {
			t.Errorf("Env built on released arrays (-fresh +reused):\n%s", diff)
		}
		env.release()
		env.release() // a second release does nothing
	}
}

// TestReleaseNarrowed checks that releasing an Env narrowed from another
// leaves the other's units alone: only NewEnv's Env gives them back.
func TestReleaseNarrowed(t *testing.T) {
	f := mustParse(t, "campaigns: []\n")
	parent := testEnv(t, f, testSession)
	child := parent.ForCampaign(&Campaign{ID: 1, Name: "C"}, CouponView{}, ReferralView{})
	child.release()
	var narrowed Env
	parent.narrowInto(&narrowed, &Campaign{ID: 2, Name: "D"}, CouponView{}, ReferralView{})
	narrowed.release()
	other := testEnv(t, f, `{"cartItems": [{"sku": "OTHER", "name": "Other", "quantity": 6, "price": 1.00}]}`)
	defer other.release()
	if sku := parent.Session.CartItems[0].Sku; sku != "SHOE" {
		t.Errorf("the parent's first unit is %q after a child's release, want SHOE", sku)
	}
}

// TestUserEnvNeverPooled evaluates rules in an Env a user built while
// the engine's operations (internal/envops) build and release Envs of
// other carts: nothing returns the user's units to the pool, so they
// stay as they were.
func TestUserEnvNeverPooled(t *testing.T) {
	f := mustParse(t, rule1("        condition: sumPrice(Session.CartItems) > 100\n        effects:\n          - type: setDiscount\n            name: d\n            value: 1\n"))
	r := f.Campaigns[0].Rules[0]
	user := testEnv(t, f, testSession).ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{})
	ops := envops.Get[*Env, *Campaign, CouponView, ReferralView, ProfileView]()
	for range 20 {
		if res := r.Evaluate(user); !res.Triggered {
			t.Fatalf("rule did not trigger: %+v", res)
		}
		other := testEnv(t, f, `{"cartItems": [{"sku": "OTHER", "name": "Other", "quantity": 6, "price": 1.00}]}`)
		var narrowed Env
		ops.NarrowInto(other, &narrowed, f.Campaigns[0], CouponView{}, ReferralView{})
		r.Evaluate(&narrowed)
		ops.Release(other)
	}
	if n, sku := len(user.Session.CartItems), user.Session.CartItems[0].Sku; n != 6 || sku != "SHOE" {
		t.Errorf("the user's Env has %d units, the first %q; want 6, SHOE", n, sku)
	}
}
