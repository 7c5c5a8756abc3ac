package rules

import (
	"strconv"
	"strings"
	"testing"
)

// TestCodeUse holds NeedsCoupon, UsesCoupon, NeedsReferral and
// UsesReferral to what the conditions mean, however they are spelled.
func TestCodeUse(t *testing.T) {
	for _, tc := range []struct {
		name       string
		bindings   string // YAML lines of the rule's bindings, if any
		conditions []string
		// needs and uses of the coupon, then of the referral.
		needsC, usesC, needsR, usesR bool
	}{
		{name: "couponValid()", conditions: []string{"couponValid()"}, needsC: true, usesC: true},
		{name: "Coupon.Valid", conditions: []string{"Coupon.Valid"}, needsC: true, usesC: true},
		{name: "Coupon?.Valid", conditions: []string{"Coupon?.Valid"}, needsC: true, usesC: true},
		{name: "Coupon[Valid]", conditions: []string{`Coupon["Valid"]`}, needsC: true, usesC: true},
		{name: "$env.Coupon.Valid", conditions: []string{"$env.Coupon.Valid"}, needsC: true, usesC: true},
		{name: "$env[Coupon].Valid", conditions: []string{`$env["Coupon"].Valid`}, needsC: true, usesC: true},
		{name: "$env?.Coupon?.Valid", conditions: []string{"$env?.Coupon?.Valid"}, needsC: true, usesC: true},
		{name: "not $env.Coupon.Valid", conditions: []string{"not $env.Coupon.Valid"}, usesC: true},
		{name: "Referral?.Valid", conditions: []string{"Referral?.Valid"}, needsR: true, usesR: true},
		{name: "$env.Referral.Valid", conditions: []string{"$env.Referral.Valid"}, needsR: true, usesR: true},
		{name: "$env[Referral].Valid", conditions: []string{`$env["Referral"].Valid`}, needsR: true, usesR: true},
		{name: "$env.Coupon.Code", conditions: []string{`$env.Coupon.Code != ""`}},
		{name: "not", conditions: []string{"not couponValid()"}, usesC: true},
		{name: "!", conditions: []string{"!couponValid()"}, usesC: true},
		{name: "== false", conditions: []string{"couponValid() == false"}, usesC: true},
		{name: "== true", conditions: []string{"couponValid() == true"}, needsC: true, usesC: true},
		{name: "!= false", conditions: []string{"false != couponValid()"}, needsC: true, usesC: true},
		{name: "or", conditions: []string{"couponValid() || Session.Total >= 5"}, usesC: true},
		{name: "and", conditions: []string{"Session.Total >= 5 && couponValid() and Session.ItemCount > 0"}, needsC: true, usesC: true},
		{name: "double negation", conditions: []string{"not not couponValid()"}, needsC: true, usesC: true},
		{name: "de Morgan", conditions: []string{"not (not couponValid() or Session.Total < 5)"}, needsC: true, usesC: true},
		{name: "ternary", conditions: []string{"Session.Total > 5 ? couponValid() : false"}, needsC: true, usesC: true},
		{name: "ternary with a way out", conditions: []string{"Session.Total > 5 ? couponValid() : true"}, usesC: true},
		{name: "second condition", conditions: []string{"Session.Total >= 5", "couponValid()"}, needsC: true, usesC: true},
		{name: "neither", conditions: []string{"Session.Total >= 5"}},
		{name: "in text only", conditions: []string{`Session.ReferralCode != "couponValid()"`}},
		{name: "both codes", conditions: []string{"couponValid() and referralValid()"}, needsC: true, usesC: true, needsR: true, usesR: true},
		{name: "either code", conditions: []string{"couponValid() or referralValid()"}, usesC: true, usesR: true},
		{name: "let", conditions: []string{"let ok = couponValid(); ok && Session.Total > 0"}, needsC: true, usesC: true},
		{name: "let negated", conditions: []string{"let ok = couponValid(); !ok"}, usesC: true},
		{name: "binding", bindings: "          has: couponValid()\n", conditions: []string{"has"}, needsC: true, usesC: true},
		{name: "binding negated", bindings: "          has: couponValid()\n", conditions: []string{"not has"}, usesC: true},
		{name: "binding of a binding", bindings: "          has: couponValid()\n          big: has and Session.Total > 5\n", conditions: []string{"big"}, needsC: true, usesC: true},
		{name: "binding not used", bindings: "          has: couponValid()\n", conditions: []string{"Session.Total > 5"}},
		{name: "in a folded map", conditions: []string{"any(map(filter(0..1, # >= 0), couponValid()), #)"}, usesC: true},
		{name: "binding in an effect only", bindings: "          n: Session.ItemCount\n", conditions: []string{"n > 0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("campaigns:\n  - id: 1\n    name: c\n    rules:\n      - name: r\n")
			if tc.bindings != "" {
				b.WriteString("        bindings:\n" + tc.bindings)
			}
			b.WriteString("        condition:\n")
			for _, c := range tc.conditions {
				b.WriteString("          - " + strconv.Quote(c) + "\n")
			}
			r := mustParse(t, b.String()).Campaigns[0].Rules[0]
			got := [4]bool{r.NeedsCoupon(), r.UsesCoupon(), r.NeedsReferral(), r.UsesReferral()}
			if want := [4]bool{tc.needsC, tc.usesC, tc.needsR, tc.usesR}; got != want {
				t.Errorf("needs coupon, uses coupon, needs referral, uses referral = %v, want %v", got, want)
			}
		})
	}
}

// TestCodeUseLongBindingChain: bindings built from bindings are analysed
// once each, not once for every way of reaching them.
func TestCodeUseLongBindingChain(t *testing.T) {
	var b strings.Builder
	b.WriteString("campaigns:\n  - id: 1\n    name: c\n    rules:\n      - name: r\n        bindings:\n          b0: couponValid()\n")
	for i := 1; i < 60; i++ {
		b.WriteString("          b" + strconv.Itoa(i) + ": b" + strconv.Itoa(i-1) + " && b" + strconv.Itoa(i-1) + " && Session.Total > 0\n")
	}
	b.WriteString("        condition: b59 || b59\n")
	r := mustParse(t, b.String()).Campaigns[0].Rules[0]
	if !r.NeedsCoupon() || !r.UsesCoupon() {
		t.Errorf("NeedsCoupon %v, UsesCoupon %v, want both", r.NeedsCoupon(), r.UsesCoupon())
	}
}
