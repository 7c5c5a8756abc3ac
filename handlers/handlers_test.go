package handlers

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/google/go-cmp/cmp"
)

// newCart parses a session in the given currency and builds its cart.
func newCart(t testing.TB, currency, session string) *cart.Cart {
	t.Helper()
	s, err := cart.ParseSession([]byte(session), cart.ParseOptions{Currency: cart.MustCurrency(currency)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cart.New(s, cart.HalfEven)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func num(s string) effects.Number { return effects.MustParseNumber(s) }

func eff(campaign int64, p effects.Props) effects.Effect {
	return effects.Effect{CampaignID: campaign, RulesetID: campaign * 10, RuleName: "rule", EffectType: p.EffectType(), Props: p}
}

// receiptJSON renders a receipt as indented JSON for exact comparison.
func receiptJSON(t testing.TB, c *cart.Cart) string {
	t.Helper()
	b, err := json.MarshalIndent(c.Receipt(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func money(minor int64) cart.Money { return cart.Money{Minor: minor, Scale: 2} }

const threeLines = `{"cartItems": [
	{"sku": "B", "name": "Bread", "quantity": 1, "price": 1.00},
	{"sku": "A", "name": "Apple", "quantity": 1, "price": 1.00},
	{"sku": "C", "name": "Cheese", "quantity": 1, "price": 1.00}
], "additionalCosts": {"shipping": {"price": 4.95}}}`

func TestSetDiscountScopes(t *testing.T) {
	tests := []struct {
		name      string
		scope     *effects.Scope
		value     string
		wantItems []int64 // line totals
		wantShip  int64
		wantTotal int64
		wantValue string
		wantAsked *string
	}{
		{name: "cartItems: ten cents over three equal lines, A gets the odd cent", scope: effects.Ptr(effects.ScopeCartItems), value: "0.10",
			wantItems: []int64{97, 96, 97}, wantShip: 495, wantTotal: 785, wantValue: "0.10"},
		{name: "sessionTotal spreads over items and shipping by remaining value", scope: nil, value: "7.95",
			wantItems: []int64{0, 0, 0}, wantShip: 0, wantTotal: 0, wantValue: "7.95"},
		{name: "additionalCosts discounts only shipping", scope: effects.Ptr(effects.ScopeAdditionalCosts), value: "2",
			wantItems: []int64{100, 100, 100}, wantShip: 295, wantTotal: 595, wantValue: "2.00"},
		{name: "more than the cart is capped, desiredValue says what was asked", scope: effects.Ptr(effects.ScopeCartItems), value: "5",
			wantItems: []int64{0, 0, 0}, wantShip: 495, wantTotal: 495, wantValue: "3.00", wantAsked: effects.Ptr("5.00")},
		{name: "a value with more decimals than EUR is rounded half-even", scope: effects.Ptr(effects.ScopeCartItems), value: "0.125",
			wantItems: []int64{96, 96, 96}, wantShip: 495, wantTotal: 783, wantValue: "0.12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCart(t, "EUR", threeLines)
			out, applied, err := New().Apply(c, []effects.Effect{eff(1, &effects.SetDiscount{Name: "promo", Value: num(tt.value), Scope: tt.scope})})
			if err != nil {
				t.Fatal(err)
			}
			r := out.Receipt()
			var items []int64
			for _, it := range r.Items {
				items = append(items, it.Total.Minor)
			}
			if diff := cmp.Diff(tt.wantItems, items); diff != "" {
				t.Errorf("line totals (-want +got):\n%s", diff)
			}
			if got := r.AdditionalCosts[0].Total.Minor; got != tt.wantShip {
				t.Errorf("shipping = %d, want %d", got, tt.wantShip)
			}
			if r.Total.Minor != tt.wantTotal {
				t.Errorf("total = %d, want %d", r.Total.Minor, tt.wantTotal)
			}
			p := applied[0].Props.(*effects.SetDiscount)
			if p.Value.String() != tt.wantValue {
				t.Errorf("applied value = %s, want %s", p.Value.String(), tt.wantValue)
			}
			var asked *string
			if p.DesiredValue != nil {
				asked = effects.Ptr(p.DesiredValue.String())
			}
			if diff := cmp.Diff(tt.wantAsked, asked); diff != "" {
				t.Errorf("desiredValue (-want +got):\n%s", diff)
			}
			// The input cart is untouched.
			if got := c.Totals().Discount; got != 0 {
				t.Errorf("input cart changed: discount %d", got)
			}
		})
	}
}

func TestApplyIsAllOrNothing(t *testing.T) {
	c := newCart(t, "EUR", threeLines)
	before := receiptJSON(t, c)
	list := []effects.Effect{
		eff(1, &effects.SetDiscount{Name: "promo", Value: num("1")}),
		eff(1, &effects.AcceptCoupon{Value: "SAVE"}),
		eff(1, &effects.SetDiscountPerItem{Name: "item", Value: num("1"), Position: 7, SubPosition: effects.Ptr(effects.Index(0))}),
	}
	out, applied, err := New().Apply(c, list)
	if out != nil || applied != nil {
		t.Fatalf("got a cart and effects with an error")
	}
	var herr *Error
	if !errors.As(err, &herr) {
		t.Fatalf("error %v is not a *handlers.Error", err)
	}
	if herr.Pointer() != "/effects/2/props/position" || herr.Index != 2 {
		t.Errorf("pointer = %s, want /effects/2/props/position", herr.Pointer())
	}
	if !errors.Is(err, cart.ErrNotFound) {
		t.Errorf("errors.Is(err, cart.ErrNotFound) = false for %v", err)
	}
	if want := "/effects/2/props/position (setDiscountPerItem): not found in cart: position 7 (the cart has 3 lines)"; err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err.Error(), want)
	}
	if after := receiptJSON(t, c); after != before {
		t.Errorf("the cart changed:\n%s", cmp.Diff(before, after))
	}
}
