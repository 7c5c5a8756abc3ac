package rules

import (
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// TestEnvUpdate checks that an Env updated for a cart with more discounts
// equals one built for it, and that Update refuses a cart that changed
// in more than its discounts.
func TestEnvUpdate(t *testing.T) {
	f := mustParse(t, "campaigns: []\n")
	s, err := cart.ParseSession([]byte(testSession), cart.ParseOptions{Currency: f.Currency, Registry: f.Registry})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cart.New(s, f.Rounding)
	if err != nil {
		t.Fatal(err)
	}
	profile := ProfileView{Id: "p1"}
	env := NewEnv(s, c, profile, testNow)

	next := c.Clone()
	units := next.Units()
	next.Discount(cart.Adjustment{CampaignID: 1, Name: "a"}, 150, []int32{units[0].Price, units[2].Price})
	if !env.Update(next) {
		t.Fatal("Update refused a cart with more discounts")
	}
	env.Settle()
	want := NewEnv(s, next, profile, testNow)
	if diff := cmp.Diff(want.Session, env.Session, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }), cmpopts.IgnoreUnexported(Item{})); diff != "" {
		t.Errorf("updated session (-built +updated):\n%s", diff)
	}
	if got := env.variables()[varSession].(SessionView); !got.DiscountTotal.Equal(dec("1.50")) {
		t.Errorf("the Session variable has DiscountTotal %s, want 1.50", got.DiscountTotal)
	}

	attr := next.Clone()
	attr.SetSessionAttribute("shippingCountry", "FR")
	if env.Update(attr) {
		t.Error("Update accepted a cart with a session attribute set")
	}
	line := next.Clone()
	if err := line.SetLineAttribute(0, "color", "blue"); err != nil {
		t.Fatal(err)
	}
	if env.Update(line) {
		t.Error("Update accepted a cart with a line attribute set")
	}
	free := next.Clone()
	if _, err := free.AddFreeLine("GIFT", "Gift", 1, 0, cart.Adjustment{CampaignID: 1, Name: "g"}); err != nil {
		t.Fatal(err)
	}
	if env.Update(free) {
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
		env.Release()
		env.Release() // a second release does nothing
	}
}

// TestReleaseNarrowed checks that releasing an Env narrowed from another
// leaves the other's units alone: only NewEnv's Env gives them back.
func TestReleaseNarrowed(t *testing.T) {
	f := mustParse(t, "campaigns: []\n")
	parent := testEnv(t, f, testSession)
	child := parent.ForCampaign(&Campaign{ID: 1, Name: "C"}, CouponView{}, ReferralView{})
	child.Release()
	var narrowed Env
	parent.NarrowInto(&narrowed, &Campaign{ID: 2, Name: "D"}, CouponView{}, ReferralView{})
	narrowed.Release()
	other := testEnv(t, f, `{"cartItems": [{"sku": "OTHER", "name": "Other", "quantity": 6, "price": 1.00}]}`)
	defer other.Release()
	if sku := parent.Session.CartItems[0].Sku; sku != "SHOE" {
		t.Errorf("the parent's first unit is %q after a child's release, want SHOE", sku)
	}
}
