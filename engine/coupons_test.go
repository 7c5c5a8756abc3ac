package engine

import (
	"context"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
)

// couponCampaign is a coupon campaign with listed codes: 5 off from 20 EUR
// of items. settings are extra keys of the campaign (indented by four).
func couponCampaign(coupons, settings string) string {
	return `
currency: EUR
campaigns:
  - id: 1
    name: Five off
    features: [coupons]
    coupons:
` + coupons + settings + `
    rules:
      - name: five off
        condition:
          - couponValid()
          - Session.CartItemTotal >= 20
        effects:
          - type: setDiscount
            name: Coupon five off
            value: 5
`
}

const accepted5 = `1 acceptCoupon {"value":"SAVE5"}
1 setDiscount {"name":"Coupon five off","value":5.00}
`

// couponSession is a session of a profile ("" for anonymous) with one
// coupon code and 30 EUR of items.
func couponSession(profile, code string) string {
	p := ""
	if profile != "" {
		p = `"profileId": "` + profile + `", `
	}
	return `{` + p + `"couponCodes": ["` + code + `"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`
}

// closeWith closes a new session that redeems a code.
func closeWith(t *testing.T, e *Engine, id, profile, code string) *Response {
	t.Helper()
	body := couponSession(profile, code)
	body = body[:len(body)-1] + `, "state": "closed"}`
	return update(t, e, id, body)
}

// Every coupon rejection reason the engine gives, each from a campaign
// file made for it, and the session that gets it.
func TestCouponRejectionReasons(t *testing.T) {
	cases := []struct {
		name      string
		campaigns string
		// setup closes sessions before the one under test.
		setup   func(t *testing.T, e *Engine)
		session string
		want    string
		total   string
	}{
		{
			name:      "CouponNotFound",
			campaigns: couponCampaign("      codes: [SAVE5]\n", ""),
			session:   couponSession("ann", "NOPE"),
			// Not a code of any campaign: campaign 0.
			want:  `0 rejectCoupon {"value":"NOPE","rejectionReason":"CouponNotFound"}` + "\n",
			total: "30.00",
		},
		{
			name:      "CouponExpired",
			campaigns: couponCampaign("      codes: [SAVE5]\n      expiryTime: 2026-11-26T12:00:00Z\n", ""),
			// The clock is exactly at the expiry time: expired.
			session: couponSession("ann", "SAVE5"),
			want:    `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponExpired"}` + "\n",
			total:   "30.00",
		},
		{
			name:      "not yet expired",
			campaigns: couponCampaign("      codes: [SAVE5]\n      expiryTime: 2026-11-26T12:00:01Z\n", ""),
			session:   couponSession("ann", "SAVE5"),
			want:      accepted5,
			total:     "25.00",
		},
		{
			name:      "CouponStartDateInFuture",
			campaigns: couponCampaign("      codes: [SAVE5]\n      startTime: 2026-11-26T12:00:01Z\n", ""),
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponStartDateInFuture"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "CouponLimitReached",
			campaigns: couponCampaign("      codes: [SAVE5]\n      usageLimit: 1\n", ""),
			setup:     func(t *testing.T, e *Engine) { closeWith(t, e, "first", "bob", "SAVE5") },
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponLimitReached"}` + "\n",
			total:     "30.00",
		},
		{
			name: "CampaignLimitReached",
			// Two codes, one redemption for the whole campaign.
			campaigns: couponCampaign("      codes: [SAVE5, OTHER5]\n", "    limits:\n      - action: redeemCoupon\n        limit: 1\n"),
			setup:     func(t *testing.T, e *Engine) { closeWith(t, e, "first", "bob", "OTHER5") },
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CampaignLimitReached"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "ProfileLimitReached (perProfileLimit)",
			campaigns: couponCampaign("      codes: [SAVE5]\n      perProfileLimit: 1\n", ""),
			setup:     func(t *testing.T, e *Engine) { closeWith(t, e, "first", "ann", "SAVE5") },
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"ProfileLimitReached"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "another profile is under its limit",
			campaigns: couponCampaign("      codes: [SAVE5]\n      perProfileLimit: 1\n", ""),
			setup:     func(t *testing.T, e *Engine) { closeWith(t, e, "first", "ann", "SAVE5") },
			session:   couponSession("bob", "SAVE5"),
			want:      accepted5,
			total:     "25.00",
		},
		{
			name:      "ProfileLimitReached (a per-profile redeemCoupon limit)",
			campaigns: couponCampaign("      codes: [SAVE5, OTHER5]\n", "    limits:\n      - action: redeemCoupon\n        limit: 1\n        per: profile\n"),
			setup:     func(t *testing.T, e *Engine) { closeWith(t, e, "first", "ann", "OTHER5") },
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"ProfileLimitReached"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "CouponRecipientDoesNotMatch (another profile)",
			campaigns: couponCampaign("      codes: [SAVE5]\n      recipient: ann\n", ""),
			session:   couponSession("bob", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponRecipientDoesNotMatch"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "CouponRecipientDoesNotMatch (no profile)",
			campaigns: couponCampaign("      codes: [SAVE5]\n      recipient: ann\n", ""),
			session:   couponSession("", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponRecipientDoesNotMatch"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "the recipient",
			campaigns: couponCampaign("      codes: [SAVE5]\n      recipient: ann\n", ""),
			session:   couponSession("ann", "SAVE5"),
			want:      accepted5,
			total:     "25.00",
		},
		{
			name:      "CouponPartOfNotRunningCampaign (disabled)",
			campaigns: couponCampaign("      codes: [SAVE5]\n", "    state: disabled\n"),
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponPartOfNotRunningCampaign"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "CouponPartOfNotRunningCampaign (not started)",
			campaigns: couponCampaign("      codes: [SAVE5]\n", "    startTime: 2026-11-27T00:00:00Z\n"),
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponPartOfNotRunningCampaign"}` + "\n",
			total:     "30.00",
		},
		{
			name: "CouponPartOfNotRunningCampaign (ended)",
			// The end time is exclusive: ended at exactly now.
			campaigns: couponCampaign("      codes: [SAVE5]\n", "    endTime: 2026-11-26T12:00:00Z\n"),
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponPartOfNotRunningCampaign"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "CouponPartOfNotTriggeredCampaign, CampaignNotInEvaluationSet (archived)",
			campaigns: couponCampaign("      codes: [SAVE5]\n", "    state: archived\n"),
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignNotInEvaluationSet"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "CouponRejectedByCondition",
			campaigns: couponCampaign("      codes: [SAVE5]\n", ""),
			// 19.99 < 20: the rule's second condition fails.
			session: `{"profileId": "ann", "couponCodes": ["SAVE5"], "cartItems": [{"sku": "A", "quantity": 1, "price": 19.99}]}`,
			want:    `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponRejectedByCondition"}` + "\n",
			total:   "19.99",
		},
		{
			name: "EffectCouldNotBeApplied",
			// A 4.00 budget without partial discounts: the 5.00 discount
			// does not fit, so the campaign does not apply.
			campaigns: couponCampaign("      codes: [SAVE5]\n", "    limits:\n      - action: setDiscount\n        limit: 4\n"),
			session:   couponSession("ann", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"EffectCouldNotBeApplied"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "ProfileRequired (perProfileLimit)",
			campaigns: couponCampaign("      codes: [SAVE5]\n      perProfileLimit: 1\n", ""),
			session:   couponSession("", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"ProfileRequired"}` + "\n",
			total:     "30.00",
		},
		{
			name:      "ProfileRequired (a per-profile redemption limit)",
			campaigns: couponCampaign("      codes: [SAVE5]\n", "    limits:\n      - action: redeemCoupon\n        limit: 3\n        per: profile\n"),
			session:   couponSession("", "SAVE5"),
			want:      `1 rejectCoupon {"value":"SAVE5","rejectionReason":"ProfileRequired"}` + "\n",
			total:     "30.00",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, tc.campaigns)
			if tc.setup != nil {
				tc.setup(t, e)
			}
			r := update(t, e, "s", tc.session)
			wantEffects(t, r, tc.want)
			if r.Cart.Total.String() != tc.total {
				t.Errorf("total = %s, want %s", r.Cart.Total, tc.total)
			}
			// The receipt carries the same verdict.
			if len(r.Cart.Coupons) != 1 {
				t.Fatalf("receipt coupons %+v, want one", r.Cart.Coupons)
			}
		})
	}
}

// A per-profile money budget that a profile without a profile ID cannot
// be counted in: Talon.One's ProfileRequired ("a campaign profile budget
// was set, but no profile exists in the session").
func TestProfileBudgetWithoutProfileIsProfileRequired(t *testing.T) {
	e := newEngine(t, couponCampaign("      codes: [SAVE5]\n", "    limits:\n      - action: setDiscount\n        limit: 100\n        per: profile\n"))
	r := update(t, e, "s", couponSession("", "SAVE5"))
	wantEffects(t, r, `1 rejectCoupon {"value":"SAVE5","rejectionReason":"ProfileRequired"}`+"\n")
}

// Coupon campaigns lose to the others of a "first" group, a
// highestDiscount group, and the coupons say why.
func TestCouponRejectedForCampaignExclusion(t *testing.T) {
	t.Run("CampaignIsNotFirst", func(t *testing.T) {
		e := newEngine(t, `
currency: EUR
groups:
  - name: exclusive
    mode: first
campaigns:
  - id: 1
    name: Welcome
    group: exclusive
    rules:
      - name: two off
        condition: Session.CartItemTotal > 0
        effects:
          - type: setDiscount
            name: Welcome
            value: 2
  - id: 2
    name: Coupon
    group: exclusive
    features: [coupons]
    coupons:
      codes: [SAVE5]
    rules:
      - name: five off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Coupon
            value: 5
`)
		r := update(t, e, "s", couponSession("ann", "SAVE5"))
		// Campaign 1 comes first and triggers; campaign 2 is not evaluated.
		wantEffects(t, r, `1 setDiscount {"name":"Welcome","value":2.00}
2 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignIsNotFirst"}
`)
		wantTotals(t, r, "30.00", "2.00", "28.00")
	})
	t.Run("CampaignGaveLowerDiscount", func(t *testing.T) {
		e := newEngine(t, `
currency: EUR
groups:
  - name: best
    mode: highestDiscount
campaigns:
  - id: 1
    name: Coupon
    group: best
    features: [coupons]
    coupons:
      codes: [SAVE5]
    rules:
      - name: five off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Coupon
            value: 5
  - id: 2
    name: Twenty percent
    group: best
    rules:
      - name: twenty percent
        condition: Session.CartItemTotal > 0
        effects:
          - type: setDiscount
            name: 20% off
            value: Session.CartItemTotal * 0.2
`)
		// 20% of 30.00 = 6.00 beats the coupon's 5.00.
		r := update(t, e, "s", couponSession("ann", "SAVE5"))
		wantEffects(t, r, `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignGaveLowerDiscount"}
2 setDiscount {"name":"20% off","value":6.00}
`)
		wantTotals(t, r, "30.00", "6.00", "24.00")
	})
}

// Coupons the store holds (created by rules or imported) are validated
// the same way as listed ones: their own dates, limits and recipient.
func TestStoredCouponValidation(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Gift coupons
    features: [coupons]
    coupons:
      pattern: GIFT-####
    rules:
      - name: five off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Gift
            value: 5
  - id: 2
    name: Old coupons
    state: archived
    features: [coupons]
    coupons:
      pattern: OLD-####
    rules:
      - name: five off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Old
            value: 5
`)
	mem := e.Store().(*store.Memory)
	past, future := testNow.Add(-time.Hour), testNow.Add(time.Hour)
	for _, c := range []*store.Coupon{
		{Code: "GIFT-OK", CampaignID: 1},
		{Code: "GIFT-EXPIRED", CampaignID: 1, ExpiryDate: &past},
		{Code: "GIFT-LATER", CampaignID: 1, StartDate: &future},
		{Code: "GIFT-ANN", CampaignID: 1, Recipient: "ann"},
		{Code: "GIFT-ONCE", CampaignID: 1, UsageLimit: 1},
		{Code: "GIFT-PERPROFILE", CampaignID: 1, PerProfileLimit: 1},
		{Code: "OLD-1", CampaignID: 2},
		{Code: "GONE-1", CampaignID: 99},
	} {
		if err := mem.AddCoupon(c); err != nil {
			t.Fatal(err)
		}
	}
	closeWith(t, e, "first", "carl", "GIFT-ONCE")
	closeWith(t, e, "second", "bob", "GIFT-PERPROFILE")
	cases := []struct{ code, want string }{
		{"GIFT-OK", `1 acceptCoupon {"value":"GIFT-OK"}` + "\n" + `1 setDiscount {"name":"Gift","value":5.00}` + "\n"},
		{"GIFT-EXPIRED", `1 rejectCoupon {"value":"GIFT-EXPIRED","rejectionReason":"CouponExpired"}` + "\n"},
		{"GIFT-LATER", `1 rejectCoupon {"value":"GIFT-LATER","rejectionReason":"CouponStartDateInFuture"}` + "\n"},
		{"GIFT-ANN", `1 rejectCoupon {"value":"GIFT-ANN","rejectionReason":"CouponRecipientDoesNotMatch"}` + "\n"},
		{"GIFT-ONCE", `1 rejectCoupon {"value":"GIFT-ONCE","rejectionReason":"CouponLimitReached"}` + "\n"},
		{"GIFT-PERPROFILE", `1 rejectCoupon {"value":"GIFT-PERPROFILE","rejectionReason":"ProfileLimitReached"}` + "\n"},
		{"OLD-1", `2 rejectCoupon {"value":"OLD-1","rejectionReason":"CouponPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignNotInEvaluationSet"}` + "\n"},
		// A coupon of a campaign the file no longer has.
		{"GONE-1", `0 rejectCoupon {"value":"GONE-1","rejectionReason":"CouponPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignNotInEvaluationSet"}` + "\n"},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			r, err := e.UpdateSession(context.Background(), "s-"+tc.code, []byte(couponSession("bob", tc.code)), UpdateOptions{Dry: true})
			if err != nil {
				t.Fatal(err)
			}
			wantEffects(t, r, tc.want)
		})
	}
}

// The same code twice in a session is judged once; several codes each
// get their verdict, in the session's order, before any campaign's
// effects.
func TestSeveralCouponCodes(t *testing.T) {
	e := newEngine(t, couponCampaign("      codes: [SAVE5, OTHER5]\n", ""))
	r := update(t, e, "s", `{"profileId": "ann", "couponCodes": ["NOPE", "SAVE5", "SAVE5", "OTHER5"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`)
	// The campaign applies once, with the first valid code; the second
	// valid code of the same campaign is turned down before evaluation
	// (CouponRejectedByCondition), so its verdict comes with NOPE's.
	wantEffects(t, r, `0 rejectCoupon {"value":"NOPE","rejectionReason":"CouponNotFound"}
1 rejectCoupon {"value":"OTHER5","rejectionReason":"CouponRejectedByCondition"}
1 acceptCoupon {"value":"SAVE5"}
1 setDiscount {"name":"Coupon five off","value":5.00}
`)
	wantTotals(t, r, "30.00", "5.00", "25.00")
}

// A coupon is accepted, and redeemed at the close, only when a rule that
// checks it (couponValid()) triggers. Another rule of the campaign
// triggering does not accept it: Talon.One's CouponRejectedByCondition
// ("other conditions failed in the rule or all conditions passed but the
// Coupon code is valid condition is not present").
func TestCouponAcceptedOnlyByTheRuleThatChecksIt(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Big basket coupon
    features: [coupons]
    coupons:
      codes: [BIG10]
      usageLimit: 5
    rules:
      - name: ten off from 50
        condition:
          - couponValid()
          - Session.CartItemTotal >= 50
        effects:
          - type: setDiscount
            name: Big basket
            value: 10
      - name: reminder
        condition: Session.CartItemTotal < 50
        effects:
          - type: showNotification
            title: Big basket
            body: Spend 50 EUR for 10 off
`)
	r := update(t, e, "s", `{"profileId": "ann", "state": "closed", "couponCodes": ["BIG10"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`)
	wantEffects(t, r, `1 showNotification {"notificationType":"info","title":"Big basket","body":"Spend 50 EUR for 10 off"}
1 rejectCoupon {"value":"BIG10","rejectionReason":"CouponRejectedByCondition"}
`)
	wantTotals(t, r, "30.00", "0.00", "30.00")
	if n := counter(t, e.Store(), store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "BIG10"}); n != 0 {
		t.Errorf("BIG10 was redeemed %d times by a session it gave nothing to", n)
	}
}

// Two coupons created by one session get two codes, even when the
// pattern leaves few codes to choose from: each session below would
// create one coupon for ann and one for bob from the ten codes C-0 … C-9.
// (Closed, a session that gave both the same code would store one coupon,
// the second overwriting the first in the change set: ann would hold a
// code that is bob's.)
func TestCreatedCouponsOfOneSessionAreDistinct(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Gifts for two
    features: [coupons]
    coupons:
      pattern: C-#
    rules:
      - name: two gifts
        condition: "true"
        effects:
          - type: couponCreated
            profileId: ann
          - type: couponCreated
            profileId: bob
`)
	for i := range 30 {
		id := "s" + string(rune('A'+i))
		r, err := e.UpdateSession(context.Background(), id, []byte(`{"cartItems": [{"sku": "A", "quantity": 1, "price": 1}]}`), UpdateOptions{Dry: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.CreatedCoupons) != 2 {
			t.Fatalf("%s: created %+v", id, r.CreatedCoupons)
		}
		if a, b := r.CreatedCoupons[0].Value, r.CreatedCoupons[1].Value; a == b {
			t.Fatalf("session %s gives ann and bob the same code %s", id, a)
		}
	}
}
