package handlers

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/google/go-cmp/cmp"
)

// sample reads a Talon.One response from the shared data folder.
func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", "talon-one", name))
	if err != nil {
		t.Skipf("Talon.One samples not available: %v", err)
	}
	return b
}

// sessionOf returns the customerSession a response carries.
func sessionOf(t *testing.T, response []byte, currency string) *cart.Cart {
	t.Helper()
	var r struct {
		CustomerSession json.RawMessage `json:"customerSession"`
	}
	if err := json.Unmarshal(response, &r); err != nil {
		t.Fatal(err)
	}
	return newCart(t, currency, string(r.CustomerSession))
}

func TestTalonOneCouponPerItemDiscount(t *testing.T) {
	resp := sample(t, "coupon-per-item-discount.json")
	list, err := effects.DecodeList(resp)
	if err != nil {
		t.Fatal(err)
	}
	out, applied, err := New().Apply(sessionOf(t, resp, "EUR"), list)
	if err != nil {
		t.Fatal(err)
	}
	discount := []cart.ReceiptDiscount{{Name: "10% off per item#0", CampaignID: 193, Amount: money(1000)}}
	want := &cart.Receipt{
		Currency: "EUR",
		Items: []cart.ReceiptItem{{
			Position: 0, SKU: "b37fe29d-0742-4045-aae9-9962af9864ed", Name: "Sneakers ”Interactive” Hogan beige", Quantity: 1,
			UnitPrice: money(9999), Discounts: discount, Units: []cart.UnitGroup{{Quantity: 1, Discounts: discount, UnitTotal: money(8999)}}, Total: money(8999),
		}},
		AdditionalCosts: []cart.ReceiptCost{},
		Coupons:         []cart.CouponVerdict{{Code: "TEST-1", Accepted: true, CampaignID: 193}},
		Notifications:   []cart.Notification{}, Loyalty: []cart.LoyaltyBalance{}, Informational: []cart.Informational{},
		Subtotal: money(9999), DiscountTotal: money(1000), Total: money(8999),
	}
	if diff := cmp.Diff(want, out.Receipt()); diff != "" {
		t.Errorf("receipt (-want +got):\n%s", diff)
	}
	// 9.999 is rounded half-even to the cent; the applied effect says so.
	if got := applied[1].Props.(*effects.SetDiscountPerItem).Value.String(); got != "10.00" {
		t.Errorf("applied value = %s, want 10.00", got)
	}
}

func TestTalonOneDocsSetDiscount(t *testing.T) {
	list, err := effects.DecodeList(sample(t, "set-discount-docs.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := newCart(t, "EUR", `{"cartItems": [{"sku": "TV", "quantity": 1, "price": 499.00}, {"sku": "HDMI", "quantity": 3, "price": 9.99}]}`)
	out, _, err := New().Apply(c, list)
	if err != nil {
		t.Fatal(err)
	}
	r := out.Receipt()
	// 100.00 by remaining value: the TV 94.33 (remainder .43), each cable 1.89
	// (1.88 and the larger remainder .857).
	got := []int64{r.Items[0].Discounts[0].Amount.Minor, r.Items[1].Discounts[0].Amount.Minor}
	if diff := cmp.Diff([]int64{9433, 567}, got); diff != "" {
		t.Errorf("line discounts (-want +got):\n%s", diff)
	}
	if r.Total.Minor != 52897-10000 {
		t.Errorf("total = %v, want 428.97", r.Total)
	}
}

func TestTalonOneReferralsCreatedArePassedOn(t *testing.T) {
	list, err := effects.DecodeList(sample(t, "referrals-created.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := New().Apply(newCart(t, "USD", `{}`), list)
	if err != nil {
		t.Fatal(err)
	}
	want := []cart.Informational{
		{EffectType: "referralCreated", CampaignID: 50, RuleName: "referral", Props: json.RawMessage(`{"value":"123-253"}`)},
		{EffectType: "referralCreated", CampaignID: 50, RuleName: "referral 2", Props: json.RawMessage(`{"value":"562-253"}`)},
	}
	if diff := cmp.Diff(want, out.Receipt().Informational, cmp.Transformer("json", func(m json.RawMessage) string { return string(m) })); diff != "" {
		t.Errorf("informational (-want +got):\n%s", diff)
	}
}

func TestTalonOneFullResponseShapeApplies(t *testing.T) {
	resp := sample(t, "full-response-shape.json")
	list, err := effects.DecodeList(resp)
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := New().Apply(newCart(t, "USD", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 10}]}`), list)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]cart.CouponVerdict{{Code: "string", CampaignID: 244}}, out.Receipt().Coupons); diff != "" {
		t.Errorf("coupons (-want +got):\n%s", diff)
	}
}

func TestReapplyingGivesTheSameCart(t *testing.T) {
	list := []effects.Effect{
		eff(1, &effects.SetDiscount{Name: "promo", Value: num("7.77")}),
		eff(2, &effects.AddFreeItem{SKU: "GIFT", Name: "Gift"}),
		eff(3, &effects.SetDiscountPerItem{Name: "sock", Value: num("1"), Position: 1, SubPosition: effects.Ptr(effects.Index(0))}),
	}
	first, _, err := New().Apply(newCart(t, "EUR", shop), list)
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := New().Apply(newCart(t, "EUR", shop), list)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(receiptJSON(t, first), receiptJSON(t, second)); diff != "" {
		t.Errorf("re-applying differs:\n%s", diff)
	}
	// The storefront sends the cart back with the gift line marked: the gift
	// is dropped before the effects add it again, so it never doubles.
	withGift := `{"cartItems": [
		{"sku": "SHOE", "name": "Shoe", "quantity": 2, "price": 50.00, "additionalCosts": {"wrapping": {"price": 2.00}}},
		{"sku": "SOCK", "name": "Sock", "quantity": 1, "price": 5.00},
		{"sku": "GIFT", "name": "Gift", "quantity": 1, "price": 0, "attributes": {"cartfxFreeItem": true}}
	], "additionalCosts": {"shipping": {"price": 4.95}}, "attributes": {"tier": "gold"}}`
	again, _, err := New().Apply(newCart(t, "EUR", withGift), list)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(receiptJSON(t, first), receiptJSON(t, again)); diff != "" {
		t.Errorf("the gift doubled:\n%s", diff)
	}
}

func TestApplyErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name   string
		effect effects.Effect
		want   string
	}{
		{"negative value", eff(1, &effects.SetDiscount{Name: "x", Value: num("-1")}),
			"/effects/0/props/value (setDiscount): effect cannot be applied: -1 is negative: expected 0 or more"},
		{"missing name", eff(1, &effects.SetDiscount{Value: num("1")}),
			"/effects/0/props/name (setDiscount): effect cannot be applied: a discount needs a name"},
		{"unknown scope", eff(1, &effects.SetDiscount{Name: "x", Value: num("1"), Scope: effects.Ptr(effects.ScopePrice)}),
			"/effects/0/props/scope (setDiscount): effect cannot be applied: unknown scope \"price\": expected sessionTotal, cartItems or additionalCosts"},
		{"sub-position out of range", eff(1, &effects.SetDiscountPerItem{Name: "x", Value: num("1"), Position: 1, SubPosition: effects.Ptr(effects.Index(1))}),
			"/effects/0/props/subPosition (setDiscountPerItem): not found in cart: sub-position 1 of position 1 (the line has 1 units)"},
		{"no such additional cost", eff(1, &effects.SetDiscountPerAdditionalCost{Name: "x", AdditionalCost: "gift", Value: num("1")}),
			"/effects/0/props/additionalCost (setDiscountPerAdditionalCost): not found in cart: additional cost \"gift\""},
		{"an item without costs", eff(1, &effects.SetDiscountPerItem{Name: "x", Value: num("1"), Position: 1, Scope: effects.Ptr(effects.ScopeAdditionalCosts)}),
			"/effects/0/props/scope (setDiscountPerItem): effect cannot be applied: the item at position 1 has no additional costs to discount"},
		{"rollback of nothing", eff(1, &effects.RollbackDiscount{Name: "x", Value: num("1")}),
			"/effects/0/props/name (rollbackDiscount): nothing to roll back: the cart has no discount \"x\" of campaign 1 there"},
		{"rollback of an unknown coupon", eff(1, &effects.RollbackCoupon{Value: "NOPE"}),
			"/effects/0/props/value (rollbackCoupon): nothing to roll back: the cart has no coupon \"NOPE\""},
		{"free item without a SKU", eff(1, &effects.AddFreeItem{Name: "gift"}),
			"/effects/0/props/sku (addFreeItem): effect cannot be applied: a free item needs a SKU"},
		{"attribute value that is not a value", eff(1, &effects.UpdateAttribute{Path: "Session.Attributes.x", Value: json.RawMessage(`{"a":1}`)}),
			"/effects/0/props/value (set): effect cannot be applied: expected a string, number, boolean, or a list of strings or numbers, got {\"a\":1}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := New().Apply(newCart(t, "EUR", shop), []effects.Effect{tt.effect})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v\nwant    %s", err, tt.want)
			}
		})
	}
}
