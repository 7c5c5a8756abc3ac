package engine

import (
	"strings"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/google/go-cmp/cmp"
)

// "first": the first campaign of the group that triggers wins; the coupons
// of the campaigns after it are rejected as not first, and a campaign that
// cannot trigger lets the next one win.
func TestGroupFirst(t *testing.T) {
	e := newEngine(t, `
currency: EUR
groups:
  - name: exclusive
    mode: first
campaigns:
  - id: 1
    name: Ten off
    group: exclusive
    features: [coupons]
    coupons:
      codes: [TEN]
    rules:
      - name: ten off from 50
        condition:
          - couponValid()
          - Session.CartItemTotal >= 50
        effects:
          - type: setDiscount
            name: Ten off
            value: 10
  - id: 2
    name: Twenty off
    group: exclusive
    features: [coupons]
    coupons:
      codes: [TWENTY]
    rules:
      - name: twenty off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Twenty off
            value: 20
  - id: 3
    name: Five percent
    group: exclusive
    rules:
      - name: five percent
        condition: Session.CartItemTotal > 0
        effects:
          - type: setDiscount
            name: 5% off
            value: Session.CartItemTotal * 0.05
`)
	cases := []struct {
		name, codes, price string
		want               string
		total              string
		triggered          []int64
	}{
		{"both coupons: the first campaign wins", `"TEN", "TWENTY"`, "100.00",
			`1 acceptCoupon {"value":"TEN"}
1 setDiscount {"name":"Ten off","value":10.00}
2 rejectCoupon {"value":"TWENTY","rejectionReason":"CouponPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignIsNotFirst"}
`, "90.00", []int64{1}},
		// TEN's condition fails under 50: campaign 2 is the first to
		// trigger; TEN is rejected by condition, not excluded.
		{"the first campaign's condition fails", `"TEN", "TWENTY"`, "40.00",
			`1 rejectCoupon {"value":"TEN","rejectionReason":"CouponRejectedByCondition"}
2 acceptCoupon {"value":"TWENTY"}
2 setDiscount {"name":"Twenty off","value":20.00}
`, "20.00", []int64{2}},
		// No coupon: campaigns 1 and 2 cannot trigger; 5% of 100.00.
		{"no coupon", ``, "100.00",
			`3 setDiscount {"name":"5% off","value":5.00}
`, "95.00", []int64{3}},
		// Only TWENTY: campaign 1 is skipped, 2 wins, 3 is excluded (it has
		// no coupon to reject).
		{"the second coupon alone", `"TWENTY"`, "100.00",
			`2 acceptCoupon {"value":"TWENTY"}
2 setDiscount {"name":"Twenty off","value":20.00}
`, "80.00", []int64{2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := update(t, e, "s", `{"couponCodes": [`+tc.codes+`], "cartItems": [{"sku": "A", "quantity": 1, "price": `+tc.price+`}]}`)
			wantEffects(t, r, tc.want)
			if r.Cart.Total.String() != tc.total {
				t.Errorf("total = %s, want %s", r.Cart.Total, tc.total)
			}
			if diff := cmp.Diff(tc.triggered, triggeredIDs(r)); diff != "" {
				t.Errorf("triggered (-want +got):\n%s", diff)
			}
		})
	}
}

// bestOf is a group of two campaigns in a mode: 10% off the cart items,
// and a coupon worth 15.
func bestOf(mode string) string {
	return strings.ReplaceAll(`
currency: EUR
groups:
  - name: deals
    mode: MODE
campaigns:
  - id: 1
    name: Ten percent
    group: deals
    rules:
      - name: ten percent
        condition: Session.CartItemTotal > 0
        effects:
          - type: setDiscount
            name: 10% off
            value: Session.CartItemTotal * 0.10
  - id: 2
    name: Fifteen off
    group: deals
    features: [coupons]
    coupons:
      codes: [FLAT15]
    rules:
      - name: fifteen off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: 15 off
            value: 15
`, "MODE", mode)
}

const (
	tenPercentOf100 = `1 setDiscount {"name":"10% off","value":10.00}` + "\n"
	tenPercentOf200 = `1 setDiscount {"name":"10% off","value":20.00}` + "\n"
	tenPercentOf150 = `1 setDiscount {"name":"10% off","value":15.00}` + "\n"
	flat15          = `2 acceptCoupon {"value":"FLAT15"}` + "\n" + `2 setDiscount {"name":"15 off","value":15.00}` + "\n"
	flat15Lost      = `2 rejectCoupon {"value":"FLAT15","rejectionReason":"CouponPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignGaveLowerDiscount"}` + "\n"
)

// highestDiscount: of the campaigns that trigger, only the one with the
// biggest discount applies; the others' coupons are rejected as having
// given a lower discount, in the campaigns' evaluation order. On a tie the
// first in file order wins.
func TestGroupHighestDiscount(t *testing.T) {
	e := newEngine(t, bestOf("highestDiscount"))
	cases := []struct{ price, want, total string }{
		// 10% of 100 = 10 < 15: the coupon wins; campaign 1 has no coupon
		// to reject, it just does not apply.
		{"100.00", flat15, "85.00"},
		// 10% of 200 = 20 > 15: the coupon loses.
		{"200.00", tenPercentOf200 + flat15Lost, "180.00"},
		// 10% of 150 = 15 = 15: the first campaign keeps it.
		{"150.00", tenPercentOf150 + flat15Lost, "135.00"},
	}
	for _, tc := range cases {
		t.Run(tc.price, func(t *testing.T) {
			r := update(t, e, "s", `{"couponCodes": ["FLAT15"], "cartItems": [{"sku": "A", "quantity": 1, "price": `+tc.price+`}]}`)
			wantEffects(t, r, tc.want)
			if r.Cart.Total.String() != tc.total {
				t.Errorf("total = %s, want %s", r.Cart.Total, tc.total)
			}
		})
	}
}

// lowestDiscount: the smallest discount applies. Talon.One documents only
// CampaignGaveLowerDiscount for a lost comparison, so a coupon whose
// campaign gave more is rejected with it too.
func TestGroupLowestDiscount(t *testing.T) {
	e := newEngine(t, bestOf("lowestDiscount"))
	cases := []struct{ price, want, total string }{
		// 10 < 15: the 10% campaign applies, the coupon loses.
		{"100.00", tenPercentOf100 + flat15Lost, "90.00"},
		// 20 > 15: the coupon applies.
		{"200.00", flat15, "185.00"},
	}
	for _, tc := range cases {
		t.Run(tc.price, func(t *testing.T) {
			r := update(t, e, "s", `{"couponCodes": ["FLAT15"], "cartItems": [{"sku": "A", "quantity": 1, "price": `+tc.price+`}]}`)
			wantEffects(t, r, tc.want)
			if r.Cart.Total.String() != tc.total {
				t.Errorf("total = %s, want %s", r.Cart.Total, tc.total)
			}
		})
	}
	// Without the coupon, only campaign 1 triggers: it wins alone.
	r := update(t, e, "s2", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 200.00}]}`)
	wantEffects(t, r, tenPercentOf200)
}

// Groups are evaluated in file order, each campaign on the cart the
// campaigns before it discounted: the second group's campaign sees the
// first group's discount in Session.TotalAfterDiscounts.
func TestStackableGroupsSeeTheDiscountedCart(t *testing.T) {
	e := newEngine(t, `
currency: EUR
groups:
  - name: first
    mode: first
  - name: stack
    mode: stackable
campaigns:
  - id: 2
    name: Loyal customers
    group: stack
    rules:
      - name: ten percent of what is left from 100
        condition: Session.TotalAfterDiscounts >= 100
        effects:
          - type: setDiscount
            name: 10% of the rest
            value: Session.TotalAfterDiscounts * 0.10
  - id: 3
    name: One more off
    group: stack
    rules:
      - name: one off
        condition: Session.DiscountTotal > 0
        effects:
          - type: setDiscount
            name: One off
            value: 1
  - id: 1
    name: Ten percent
    group: first
    rules:
      - name: ten percent
        condition: Session.CartItemTotal > 0
        effects:
          - type: setDiscount
            name: 10% off
            value: Session.CartItemTotal * 0.10
`)
	// Group "first" comes first in the file's groups although its campaign
	// is listed last: 10% of 120.00 = 12.00, 108.00 left; then 10% of
	// 108.00 = 10.80, 97.20 left; then 1 off (discounts so far 22.80 > 0):
	// 96.20.
	r := update(t, e, "s1", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 120.00}]}`)
	wantEffects(t, r, `1 setDiscount {"name":"10% off","value":12.00}
2 setDiscount {"name":"10% of the rest","value":10.80}
3 setDiscount {"name":"One off","value":1.00}
`)
	wantTotals(t, r, "120.00", "23.80", "96.20")
	if diff := cmp.Diff([]TriggeredCampaign{{ID: 1, Name: "Ten percent", Group: "first"}, {ID: 2, Name: "Loyal customers", Group: "stack"}, {ID: 3, Name: "One more off", Group: "stack"}}, r.Triggered); diff != "" {
		t.Errorf("triggered (-want +got):\n%s", diff)
	}
	// 105.00: 10.50 off leaves 94.50 < 100, so campaign 2 does not
	// trigger; campaign 3 does.
	r = update(t, e, "s2", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 105.00}]}`)
	wantEffects(t, r, `1 setDiscount {"name":"10% off","value":10.50}
3 setDiscount {"name":"One off","value":1.00}
`)
	wantTotals(t, r, "105.00", "11.50", "93.50")
}

// Campaigns without a group are in the implicit default group, stackable
// and evaluated after the file's groups.
func TestDefaultGroupComesLast(t *testing.T) {
	e := newEngine(t, `
currency: EUR
groups:
  - name: first
    mode: first
campaigns:
  - id: 1
    name: Half off what is left
    rules:
      - name: half
        condition: "true"
        effects:
          - type: setDiscount
            name: Half
            value: Session.TotalAfterDiscounts / 2
  - id: 2
    name: Ten off
    group: first
    rules:
      - name: ten off
        condition: "true"
        effects:
          - type: setDiscount
            name: Ten off
            value: 10
`)
	// Ten off first (its group is listed), then half of 90.00 = 45.00.
	r := update(t, e, "s", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 100.00}]}`)
	wantEffects(t, r, `2 setDiscount {"name":"Ten off","value":10.00}
1 setDiscount {"name":"Half","value":45.00}
`)
	wantTotals(t, r, "100.00", "55.00", "45.00")
}

// In a highest- or lowest-discount group the winner's cart becomes the
// working cart, whatever the order: a campaign that did not trigger after
// the winner does not take the group's discount back, and a loser's coupon
// verdict before the winner stays on the cart.
func TestCompareGroupKeepsTheWinnersCart(t *testing.T) {
	// Without the coupon, campaign 2 (after the winner) cannot run.
	r := update(t, newEngine(t, bestOf("lowestDiscount")), "s", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 200.00}]}`)
	wantEffects(t, r, tenPercentOf200)
	if got := r.Cart.Total.String(); got != "180.00" {
		t.Errorf("total = %s, want 180.00", got)
	}
	// The coupon campaign first: it loses to the 10% after it.
	head, campaigns, _ := strings.Cut(bestOf("highestDiscount"), "  - id: 1\n")
	tenPercent, flat, _ := strings.Cut(campaigns, "  - id: 2\n")
	swapped := head + "  - id: 2\n" + flat + "  - id: 3\n" + tenPercent
	r = update(t, newEngine(t, swapped), "s", `{"couponCodes": ["FLAT15"], "cartItems": [{"sku": "A", "quantity": 1, "price": 200.00}]}`)
	wantEffects(t, r, `2 rejectCoupon {"value":"FLAT15","rejectionReason":"CouponPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignGaveLowerDiscount"}`+"\n"+
		`3 setDiscount {"name":"10% off","value":20.00}`+"\n")
	if got := r.Cart.Total.String(); got != "180.00" {
		t.Errorf("total = %s, want 180.00", got)
	}
	want := []cart.CouponVerdict{{Code: "FLAT15", RejectionReason: "CouponPartOfNotTriggeredCampaign", CampaignID: 2}}
	if d := cmp.Diff(want, r.Cart.Coupons); d != "" {
		t.Errorf("coupon verdicts (-want +got):\n%s", d)
	}
}
