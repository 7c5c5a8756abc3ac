package cart

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
)

// richCart has something in every part of a cart: attributes, item costs,
// session costs, discounts, coupons, a referral, notifications, loyalty and
// informational effects.
func richCart(t testing.TB) *Cart {
	t.Helper()
	return richCartBy(t, New)
}

// richCartBy is richCart made by newCart, New or newPooled.
func richCartBy(t testing.TB, newCart func(*Session, RoundingMode) (*Cart, error)) *Cart {
	t.Helper()
	s := &Session{
		Currency:   eur,
		ProfileID:  "p-1",
		Attributes: map[string]any{"ShippingCity": "Lyon"},
		CartItems: []CartItem{
			{SKU: "TEE", Name: "T-shirt", Quantity: 2, Price: 1999, Attributes: map[string]any{"color": "blue"},
				AdditionalCosts: []AdditionalCost{{Name: "ecoTax", Price: 15}}},
			{SKU: "MUG", Name: "Mug", Quantity: 1, Price: 850},
		},
		AdditionalCosts: []AdditionalCost{{Name: "shipping", Price: 495}},
	}
	c, err := newCart(s, HalfEven)
	if err != nil {
		t.Fatal(err)
	}
	c.Discount(campaign(7, "10% off"), 485, priceCharges(c))
	c.Discount(campaign(11, "free shipping"), 495, c.SessionCosts())
	c.SetCoupon(CouponVerdict{Code: "SUMMER10", Accepted: true, CampaignID: 7})
	c.SetCoupon(CouponVerdict{Code: "BOGUS", RejectionReason: "CouponNotFound"})
	c.SetReferral(&ReferralVerdict{Code: "FRIEND-7", Accepted: true, CampaignID: 12})
	c.Notify(Notification{Type: "discount", Title: "You saved", Body: "10% off", CampaignID: 7})
	c.AddLoyalty(LoyaltyEntry{ProgramID: 3, Name: "points", CampaignID: 7, Points: decimal.NewFromInt(10), Position: -1, SubPosition: -1})
	c.Inform(Informational{EffectType: "triggerWebhook", CampaignID: 7, RuleName: "notify", Props: json.RawMessage(`{"webhookId":1}`)})
	return c
}

// cartState is a deep copy of everything a cart shows.
type cartState struct {
	Receipt    *Receipt
	Lines      []Line
	Units      []Unit
	Charges    []Charge
	Ledger     []Entry
	Attributes map[string]any
	Loyalty    []LoyaltyEntry
	Referral   *ReferralVerdict
	Totals     Totals
}

func stateOf(c *Cart) cartState {
	lines := slices.Clone(c.Lines())
	for i := range lines {
		lines[i].Item.Attributes = maps.Clone(lines[i].Item.Attributes)
	}
	var referral *ReferralVerdict
	if r := c.referral; r != nil {
		cp := *r
		referral = &cp
	}
	return cartState{
		Receipt:    c.Receipt(),
		Lines:      lines,
		Units:      slices.Clone(c.Units()),
		Charges:    slices.Clone(c.Charges()),
		Ledger:     slices.Clone(c.Ledger()),
		Attributes: maps.Clone(c.Attributes()),
		Loyalty:    slices.Clone(c.loyalty),
		Referral:   referral,
		Totals:     c.Totals(),
	}
}

// mutations are every way a handler changes a cart.
var mutations = []struct {
	name string
	do   func(t *testing.T, c *Cart)
}{
	{"Discount", func(t *testing.T, c *Cart) { c.Discount(campaign(20, "new"), 100, priceCharges(c)) }},
	{"Discount replacing an earlier one", func(t *testing.T, c *Cart) { c.Discount(campaign(7, "10% off"), 10, priceCharges(c)) }},
	{"RemoveAdjustments", func(t *testing.T, c *Cart) { c.RemoveAdjustments(func(e Entry) bool { return e.CampaignID == 11 }) }},
	{"AddFreeLine", func(t *testing.T, c *Cart) {
		if _, err := c.AddFreeLine("GIFT", "Gift", 1, 300, campaign(30, "gift")); err != nil {
			t.Fatal(err)
		}
	}},
	{"SetLineAttribute", func(t *testing.T, c *Cart) {
		if err := c.SetLineAttribute(0, "color", "red"); err != nil {
			t.Fatal(err)
		}
	}},
	{"AddFreeLine then SetLineAttribute", func(t *testing.T, c *Cart) {
		if _, err := c.AddFreeLine("GIFT", "Gift", 1, 0, campaign(30, "gift")); err != nil {
			t.Fatal(err)
		}
		if err := c.SetLineAttribute(1, "engraving", "A.B."); err != nil {
			t.Fatal(err)
		}
	}},
	{"SetSessionAttribute", func(t *testing.T, c *Cart) { c.SetSessionAttribute("ShippingCity", "Paris") }},
	{"SetCoupon replacing a verdict", func(t *testing.T, c *Cart) {
		c.SetCoupon(CouponVerdict{Code: "SUMMER10", RejectionReason: "CouponExpired"})
	}},
	{"SetCoupon adding a verdict", func(t *testing.T, c *Cart) { c.SetCoupon(CouponVerdict{Code: "NEW", Accepted: true}) }},
	{"removeCoupon", func(t *testing.T, c *Cart) { c.removeCoupon("SUMMER10") }},
	{"SetReferral", func(t *testing.T, c *Cart) { c.SetReferral(nil) }},
	{"removeReferral", func(t *testing.T, c *Cart) { c.removeReferral("FRIEND-7") }},
	{"Notify", func(t *testing.T, c *Cart) { c.Notify(Notification{Type: "info", Title: "t", Body: "b"}) }},
	{"AddLoyalty", func(t *testing.T, c *Cart) { c.AddLoyalty(LoyaltyEntry{ProgramID: 3, Points: decimal.NewFromInt(5)}) }},
	{"takeBackLoyalty", func(t *testing.T, c *Cart) { c.takeBackLoyalty(3, "", "", decimal.NewFromInt(10), 1) }},
	{"markReturned", func(t *testing.T, c *Cart) {
		if err := c.markReturned(1); err != nil {
			t.Fatal(err)
		}
	}},
	{"Inform", func(t *testing.T, c *Cart) { c.Inform(Informational{EffectType: "customEffect"}) }},
}

func TestMutatingACloneLeavesTheOriginalUnchanged(t *testing.T) {
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			original := richCart(t)
			before := stateOf(original)
			clone := original.Clone()
			m.do(t, clone)
			if d := diff(before, stateOf(original), lineOpts); d != "" {
				t.Errorf("the original changed (-before +after):\n%s", d)
			}
			if d := diff(before, stateOf(clone), lineOpts); d == "" {
				t.Errorf("the clone did not change: the mutation tests nothing")
			}
		})
	}
}

// A Clone is an independent copy in both directions: the engine keeps a
// snapshot and goes on changing the cart it cloned.
func TestMutatingTheOriginalLeavesACloneUnchanged(t *testing.T) {
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			original := richCart(t)
			clone := original.Clone()
			before := stateOf(clone)
			m.do(t, original)
			if d := diff(before, stateOf(clone), lineOpts); d != "" {
				t.Errorf("the clone changed (-before +after):\n%s", d)
			}
		})
	}
}

func TestCloneOfACloneIsIndependent(t *testing.T) {
	original := richCart(t)
	first := original.Clone()
	if err := first.SetLineAttribute(0, "color", "green"); err != nil {
		t.Fatal(err)
	}
	beforeFirst := stateOf(first)
	second := first.Clone()
	if err := second.SetLineAttribute(0, "color", "black"); err != nil {
		t.Fatal(err)
	}
	second.Discount(campaign(40, "x"), 1, priceCharges(second))
	if d := diff(beforeFirst, stateOf(first), lineOpts); d != "" {
		t.Errorf("the first clone changed (-before +after):\n%s", d)
	}
	if got := original.Lines()[0].Item.Attributes["color"]; got != "blue" {
		t.Errorf("original color = %v, want blue", got)
	}
}

// A clone and its original are independent, so two goroutines may change
// them at the same time (run with -race).
func TestACloneAndItsOriginalCanBeChangedConcurrently(t *testing.T) {
	original := richCart(t)
	clone := original.Clone()
	var wg sync.WaitGroup
	for _, c := range []*Cart{original, clone} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				c.Discount(campaign(50, "concurrent"), int64(i), priceCharges(c))
				if err := c.SetLineAttribute(0, "color", fmt.Sprint(i)); err != nil {
					t.Error(err)
				}
				c.SetSessionAttribute("n", i)
				c.SetCoupon(CouponVerdict{Code: "SUMMER10", Accepted: i%2 == 0})
				c.Receipt()
			}
		}()
	}
	wg.Wait()
}
