package engine

import (
	"testing"
)

// noCouponCampaign is a coupon campaign (code SAVE5) whose one rule gives
// 2 off when condition holds.
func noCouponCampaign(condition string) string {
	return `
currency: EUR
campaigns:
  - id: 1
    name: Bonus
    features: [coupons]
    coupons:
      codes: [SAVE5]
    rules:
      - name: bonus
        condition: ` + condition + `
        effects:
          - type: setDiscount
            name: Bonus
            value: 2
`
}

// TestRulesWithoutCoupon: whether a rule needs or uses the coupon is
// decided from its expression tree, not from its text: a rule that holds
// without a coupon triggers without one, and one that reads the coupon
// accepts it only when it triggered with it.
func TestRulesWithoutCoupon(t *testing.T) {
	const (
		bonus    = `1 setDiscount {"name":"Bonus","value":2.00}` + "\n"
		accepted = `1 acceptCoupon {"value":"SAVE5"}` + "\n" + bonus
		rejected = `1 rejectCoupon {"value":"SAVE5","rejectionReason":"CouponRejectedByCondition"}` + "\n"
	)
	noCode := `{"cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`
	withCode := couponSession("ann", "SAVE5")
	for _, tc := range []struct {
		condition               string
		without, with           string
		totalWithout, totalWith string
	}{
		{"couponValid()", "", accepted, "30.00", "28.00"},
		{"Coupon?.Valid", "", accepted, "30.00", "28.00"},
		{"$env.Coupon.Valid", "", accepted, "30.00", "28.00"},
		{`'$env["Coupon"].Valid'`, "", accepted, "30.00", "28.00"},
		{"not couponValid()", bonus, rejected, "28.00", "30.00"},
		{"'!couponValid()'", bonus, rejected, "28.00", "30.00"},
		{"couponValid() == false", bonus, rejected, "28.00", "30.00"},
		{"couponValid() || Session.Total >= 5", bonus, accepted, "28.00", "28.00"},
		{"couponValid() || Session.Total >= 50", "", accepted, "30.00", "28.00"},
		{"Session.Total >= 5 and couponValid()", "", accepted, "30.00", "28.00"},
		{"not (couponValid() or Session.Total < 5)", bonus, rejected, "28.00", "30.00"},
	} {
		t.Run(tc.condition, func(t *testing.T) {
			e := newEngine(t, noCouponCampaign(tc.condition))
			r := update(t, e, "without", noCode)
			if got := summary(r.Effects); got != tc.without {
				t.Errorf("without a code: effects\n%s\nwant\n%s", got, tc.without)
			}
			if got := r.Cart.Total.String(); got != tc.totalWithout {
				t.Errorf("without a code: total %s, want %s", got, tc.totalWithout)
			}
			r = update(t, e, "with", withCode)
			if got := summary(r.Effects); got != tc.with {
				t.Errorf("with SAVE5: effects\n%s\nwant\n%s", got, tc.with)
			}
			if got := r.Cart.Total.String(); got != tc.totalWith {
				t.Errorf("with SAVE5: total %s, want %s", got, tc.totalWith)
			}
		})
	}
	// A rule that needs the coupon but has failure effects is evaluated
	// without one: its failure effects run.
	const notice = `1 showNotification {"notificationType":"info","title":"Coupon","body":"Enter a coupon"}` + "\n"
	for _, condition := range []string{"couponValid()", "Coupon.Valid"} {
		t.Run("failureEffects/"+condition, func(t *testing.T) {
			e := newEngine(t, noCouponCampaign(condition)+`
        failureEffects:
          - type: showNotification
            title: Coupon
            body: Enter a coupon
`)
			r := update(t, e, "without", noCode)
			if got := summary(r.Effects); got != notice {
				t.Errorf("without a code: effects\n%s\nwant\n%s", got, notice)
			}
			if got := r.Cart.Total.String(); got != "30.00" {
				t.Errorf("without a code: total %s, want 30.00", got)
			}
			r = update(t, e, "with", withCode)
			if got := summary(r.Effects); got != accepted {
				t.Errorf("with SAVE5: effects\n%s\nwant\n%s", got, accepted)
			}
		})
	}
}
