package handlers

import (
	"encoding/json"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// shop is a EUR cart with an item-level additional cost and shipping.
const shop = `{"cartItems": [
	{"sku": "SHOE", "name": "Shoe", "quantity": 2, "price": 50.00, "additionalCosts": {"wrapping": {"price": 2.00}}},
	{"sku": "SOCK", "name": "Sock", "quantity": 1, "price": 5.00}
], "additionalCosts": {"shipping": {"price": 4.95}}, "attributes": {"tier": "gold"}}`

func d(name string, campaign, minor int64) cart.ReceiptDiscount {
	return cart.ReceiptDiscount{Name: name, CampaignID: campaign, Amount: money(minor)}
}

// none is an empty discount list, as receipts print them.
var none = []cart.ReceiptDiscount{}

func shoeLine(discounts []cart.ReceiptDiscount, units []cart.UnitGroup, wrapping cart.ReceiptCost, total int64) cart.ReceiptItem {
	return cart.ReceiptItem{Position: 0, SKU: "SHOE", Name: "Shoe", Quantity: 2, UnitPrice: money(5000),
		Discounts: discounts, AdditionalCosts: []cart.ReceiptCost{wrapping}, Units: units, Total: money(total)}
}

func sockLine(discounts []cart.ReceiptDiscount, total int64) cart.ReceiptItem {
	return cart.ReceiptItem{Position: 1, SKU: "SOCK", Name: "Sock", Quantity: 1, UnitPrice: money(500),
		Discounts: discounts, Units: []cart.UnitGroup{{Quantity: 1, Discounts: discounts, UnitTotal: money(total)}}, Total: money(total)}
}

var (
	plainWrapping = cart.ReceiptCost{Name: "wrapping", Price: money(200), Discounts: none, Total: money(400)}
	plainShoeUnit = []cart.UnitGroup{{Quantity: 2, Discounts: none, UnitTotal: money(5200)}}
	plainShipping = []cart.ReceiptCost{{Name: "shipping", Price: money(495), Discounts: none, Total: money(495)}}
)

func receipt(items []cart.ReceiptItem, costs []cart.ReceiptCost, discount int64) *cart.Receipt {
	return &cart.Receipt{
		Currency: "EUR", Items: items, AdditionalCosts: costs,
		Coupons: []cart.CouponVerdict{}, Notifications: []cart.Notification{}, Loyalty: []cart.LoyaltyBalance{}, Informational: []cart.Informational{},
		Subtotal: money(11395), DiscountTotal: money(discount), Total: money(11395 - discount),
	}
}

func TestBuiltinHandlers(t *testing.T) {
	pos := func(i int) effects.Index { return effects.Index(i) }
	tests := []struct {
		name    string
		effects []effects.Effect
		want    *cart.Receipt
	}{
		{
			name:    "setDiscount cartItems: 10.50 over 105.00 of prices by remaining value",
			effects: []effects.Effect{eff(7, &effects.SetDiscount{Name: "10%", Value: num("10.50"), Scope: effects.Ptr(effects.ScopeCartItems)})},
			want: receipt([]cart.ReceiptItem{
				shoeLine([]cart.ReceiptDiscount{d("10%", 7, 1000)}, []cart.UnitGroup{{Quantity: 2, Discounts: []cart.ReceiptDiscount{d("10%", 7, 500)}, UnitTotal: money(4700)}}, plainWrapping, 9400),
				sockLine([]cart.ReceiptDiscount{d("10%", 7, 50)}, 450),
			}, plainShipping, 1050),
		},
		{
			name:    "setDiscountPerItem on one unit: the two shoes become two unit groups",
			effects: []effects.Effect{eff(3, &effects.SetDiscountPerItem{Name: "shoe#0", Value: num("12.345"), Position: pos(0), SubPosition: effects.Ptr(pos(1))})},
			want: receipt([]cart.ReceiptItem{
				shoeLine([]cart.ReceiptDiscount{d("shoe#0", 3, 1234)}, []cart.UnitGroup{
					{Quantity: 1, Discounts: none, UnitTotal: money(5200)},
					{Quantity: 1, Discounts: []cart.ReceiptDiscount{d("shoe#0", 3, 1234)}, UnitTotal: money(3966)},
				}, plainWrapping, 9166),
				sockLine(none, 500),
			}, plainShipping, 1234),
		},
		{
			name:    "setDiscountPerItem itemTotal covers price and wrapping, capped at 52.00",
			effects: []effects.Effect{eff(3, &effects.SetDiscountPerItem{Name: "all", Value: num("60"), Position: pos(0), SubPosition: effects.Ptr(pos(0)), Scope: effects.Ptr(effects.ScopeItemTotal)})},
			want: receipt([]cart.ReceiptItem{
				shoeLine([]cart.ReceiptDiscount{d("all", 3, 5200)}, []cart.UnitGroup{
					{Quantity: 1, Discounts: []cart.ReceiptDiscount{d("all", 3, 5200)}, UnitTotal: money(0)},
					{Quantity: 1, Discounts: none, UnitTotal: money(5200)},
				}, cart.ReceiptCost{Name: "wrapping", Price: money(200), Discounts: []cart.ReceiptDiscount{d("all", 3, 200)}, Total: money(200)}, 5200),
				sockLine(none, 500),
			}, plainShipping, 5200),
		},
		{
			name:    "setDiscountPerAdditionalCost: free shipping",
			effects: []effects.Effect{eff(9, &effects.SetDiscountPerAdditionalCost{Name: "free shipping", AdditionalCostID: 1, AdditionalCost: "shipping", Value: num("4.95")})},
			want: receipt([]cart.ReceiptItem{shoeLine(none, plainShoeUnit, plainWrapping, 10400), sockLine(none, 500)},
				[]cart.ReceiptCost{{Name: "shipping", Price: money(495), Discounts: []cart.ReceiptDiscount{d("free shipping", 9, 495)}, Total: money(0)}}, 495),
		},
		{
			name:    "setDiscountPerAdditionalCostPerItem: wrapping of every shoe when subPosition is absent",
			effects: []effects.Effect{eff(9, &effects.SetDiscountPerAdditionalCostPerItem{Name: "wrap", AdditionalCostID: 2, AdditionalCost: "wrapping", Value: num("3.00"), Position: pos(0)})},
			want: receipt([]cart.ReceiptItem{
				shoeLine([]cart.ReceiptDiscount{d("wrap", 9, 300)}, []cart.UnitGroup{
					{Quantity: 2, Discounts: []cart.ReceiptDiscount{d("wrap", 9, 150)}, UnitTotal: money(5050)},
				}, cart.ReceiptCost{Name: "wrapping", Price: money(200), Discounts: []cart.ReceiptDiscount{d("wrap", 9, 300)}, Total: money(100)}, 10100),
				sockLine(none, 500),
			}, plainShipping, 300),
		},
		{
			name: "the same discount applied twice replaces itself",
			effects: []effects.Effect{
				eff(7, &effects.SetDiscount{Name: "promo", Value: num("5"), Scope: effects.Ptr(effects.ScopeCartItems)}),
				eff(7, &effects.SetDiscount{Name: "promo", Value: num("5"), Scope: effects.Ptr(effects.ScopeCartItems)}),
			},
			want: receipt([]cart.ReceiptItem{
				shoeLine([]cart.ReceiptDiscount{d("promo", 7, 476)}, []cart.UnitGroup{
					{Quantity: 2, Discounts: []cart.ReceiptDiscount{d("promo", 7, 238)}, UnitTotal: money(4962)},
				}, plainWrapping, 9924),
				sockLine([]cart.ReceiptDiscount{d("promo", 7, 24)}, 476),
			}, plainShipping, 500),
		},
		{
			name:    "rollbackDiscount removes what the discount gave",
			effects: []effects.Effect{eff(9, &effects.SetDiscountPerAdditionalCost{Name: "ship", AdditionalCost: "shipping", Value: num("1")}), eff(9, &effects.RollbackDiscount{Name: "ship", Value: num("1"), AdditionalCost: effects.Ptr("shipping")})},
			want:    receipt([]cart.ReceiptItem{shoeLine(none, plainShoeUnit, plainWrapping, 10400), sockLine(none, 500)}, plainShipping, 0),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := New().Apply(newCart(t, "EUR", shop), tt.effects)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, out.Receipt(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("receipt (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVerdictsLoyaltyNotificationsAndInformational(t *testing.T) {
	list := []effects.Effect{
		eff(1, &effects.AcceptCoupon{Value: "SAVE10"}),
		eff(2, &effects.RejectCoupon{Value: "OLD", RejectionReason: effects.ReasonCouponExpired}),
		eff(3, &effects.RejectReferral{Value: "FRIEND", RejectionReason: effects.ReasonReferralRecipientIDSameAsAdvocate}),
		eff(4, &effects.AddLoyaltyPoints{Name: "points", ProgramID: 5, SubLedgerID: "main", Value: num("10.5"), TransactionUUID: "t1"}),
		eff(4, &effects.DeductLoyaltyPoints{Name: "burn", ProgramID: 5, SubLedgerID: "main", Value: num("3"), TransactionUUID: "t2"}),
		eff(5, &effects.ShowNotification{NotificationType: "Info", Title: "Hi", Body: "10% off"}),
		eff(6, &effects.TriggerWebhook{WebhookID: 7, WebhookName: "crm"}),
		eff(6, &effects.UpdateAttribute{Path: "Session.Attributes.tier", Value: json.RawMessage(`"platinum"`)}),
		eff(6, &effects.UpdateAttribute{Path: "Session.CartItems[1].Attributes.gift", Value: json.RawMessage(`true`)}),
		eff(6, &effects.UpdateAttribute{Path: "Profile.Attributes.segment", Value: json.RawMessage(`"vip"`)}),
	}
	out, _, err := New().Apply(newCart(t, "EUR", shop), list)
	if err != nil {
		t.Fatal(err)
	}
	r := out.Receipt()
	wantCoupons := []cart.CouponVerdict{{Code: "SAVE10", Accepted: true, CampaignID: 1}, {Code: "OLD", RejectionReason: "CouponExpired", CampaignID: 2}}
	if diff := cmp.Diff(wantCoupons, r.Coupons); diff != "" {
		t.Errorf("coupons (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&cart.ReferralVerdict{Code: "FRIEND", RejectionReason: "ReferralRecipientIdSameAsAdvocate", CampaignID: 3}, r.Referral); diff != "" {
		t.Errorf("referral (-want +got):\n%s", diff)
	}
	wantLoyalty := []cart.LoyaltyBalance{{ProgramID: 5, SubLedgerID: "main", Added: cart.Points{Decimal: decimal.RequireFromString("10.5")}, Deducted: cart.Points{Decimal: decimal.RequireFromString("3")}}}
	if diff := cmp.Diff(wantLoyalty, r.Loyalty); diff != "" {
		t.Errorf("loyalty (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]cart.Notification{{Type: "Info", Title: "Hi", Body: "10% off", CampaignID: 5}}, r.Notifications); diff != "" {
		t.Errorf("notifications (-want +got):\n%s", diff)
	}
	wantInfo := []cart.Informational{
		{EffectType: "callApi", CampaignID: 6, RuleName: "rule", Props: json.RawMessage(`{"webhookId":7,"webhookName":"crm"}`)},
		{EffectType: "set", CampaignID: 6, RuleName: "rule", Props: json.RawMessage(`{"path":"Profile.Attributes.segment","value":"vip"}`)},
	}
	if diff := cmp.Diff(wantInfo, r.Informational, cmp.Transformer("json", func(m json.RawMessage) string { return string(m) })); diff != "" {
		t.Errorf("informational (-want +got):\n%s", diff)
	}
	if got := out.Attributes()["tier"]; got != "platinum" {
		t.Errorf("session attribute tier = %v, want platinum", got)
	}
	if got := out.Lines()[1].Item.Attributes["gift"]; got != true {
		t.Errorf("line 1 attribute gift = %v, want true", got)
	}
	// Rollbacks of what was recorded.
	rolled, _, err := New().Apply(out, []effects.Effect{
		eff(1, &effects.RollbackCoupon{Value: "SAVE10"}),
		eff(4, &effects.RollbackAddedLoyaltyPoints{ProgramID: 5, SubLedgerID: "main", Value: num("10.5"), TransactionUUID: "t1"}),
		eff(4, &effects.RollbackDeductedLoyaltyPoints{ProgramID: 5, SubLedgerID: "main", Value: num("3"), TransactionUUID: "t2"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := rolled.Receipt(); len(got.Coupons) != 1 || got.Coupons[0].Code != "OLD" || len(got.Loyalty) != 0 {
		t.Errorf("after rollbacks: coupons %+v, loyalty %+v", got.Coupons, got.Loyalty)
	}
}

func TestAddFreeItem(t *testing.T) {
	catalog := func(sku string) (decimal.Decimal, string, bool) {
		if sku == "MUG" {
			return decimal.RequireFromString("7.50"), "Coffee mug", true
		}
		return decimal.Decimal{}, "", false
	}
	list := []effects.Effect{
		eff(8, &effects.AddFreeItem{SKU: "PEN", Name: "Free pen"}),
		eff(8, &effects.AddFreeItem{SKU: "MUG", Name: "Free mug"}),
	}
	out, _, err := New(WithCatalog(catalog)).Apply(newCart(t, "EUR", shop), list)
	if err != nil {
		t.Fatal(err)
	}
	r := out.Receipt()
	want := []cart.ReceiptItem{
		{Position: 2, SKU: "PEN", Name: "Free pen", Quantity: 1, UnitPrice: money(0), Discounts: none, Units: []cart.UnitGroup{{Quantity: 1, Discounts: none, UnitTotal: money(0)}}, Total: money(0), Free: true},
		{Position: 3, SKU: "MUG", Name: "Coffee mug", Quantity: 1, UnitPrice: money(750), Discounts: []cart.ReceiptDiscount{d("Free mug", 8, 750)},
			Units: []cart.UnitGroup{{Quantity: 1, Discounts: []cart.ReceiptDiscount{d("Free mug", 8, 750)}, UnitTotal: money(0)}}, Total: money(0), Free: true},
	}
	if diff := cmp.Diff(want, r.Items[2:]); diff != "" {
		t.Errorf("free lines (-want +got):\n%s", diff)
	}
	if r.Subtotal.Minor != 11395+750 || r.DiscountTotal.Minor != 750 || r.Total.Minor != 11395 {
		t.Errorf("totals %v %v %v", r.Subtotal, r.DiscountTotal, r.Total)
	}
}

func TestCustomHandlers(t *testing.T) {
	var seen []string
	r := New(
		WithCustomEffect("stamp", HandlerFunc(func(c *cart.Cart, e *effects.Effect) error {
			seen = append(seen, "stamp:"+string(e.Props.(*effects.CustomEffect).Payload))
			return nil
		})),
		WithHandler(effects.TypeShowNotification, HandlerFunc(func(c *cart.Cart, e *effects.Effect) error {
			seen = append(seen, "note:"+e.Props.(*effects.ShowNotification).Title)
			return nil
		})),
	)
	list := []effects.Effect{
		eff(1, &effects.CustomEffect{EffectID: 1, Name: "stamp", Payload: json.RawMessage(`{"n":1}`)}),
		eff(1, &effects.CustomEffect{EffectID: 2, Name: "other", Payload: json.RawMessage(`{}`)}),
		eff(1, &effects.ShowNotification{NotificationType: "Info", Title: "hello", Body: "b"}),
	}
	out, _, err := r.Apply(newCart(t, "EUR", shop), list)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{`stamp:{"n":1}`, "note:hello"}, seen); diff != "" {
		t.Errorf("handlers called (-want +got):\n%s", diff)
	}
	if got := out.Receipt(); len(got.Notifications) != 0 || len(got.Informational) != 1 || got.Informational[0].EffectType != "customEffect" {
		t.Errorf("receipt notifications %v informational %v", got.Notifications, got.Informational)
	}
	// A registry is per engine: the default one is unaffected.
	out2, _, err := New().Apply(newCart(t, "EUR", shop), list[2:])
	if err != nil || len(out2.Receipt().Notifications) != 1 {
		t.Errorf("default registry changed: %v %v", out2.Receipt().Notifications, err)
	}
}
