package engine

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// referralCampaigns: a profile that asks for it (invite) gets a referral
// code; a friend who brings it gets 10% from 20 EUR and the advocate a
// thank-you coupon, worth 5 EUR in the advocate's next session. Each code
// may be redeemed once.
const referralCampaigns = `
currency: EUR
attributes:
  session:
    invite: boolean
campaigns:
  - id: 1
    name: Refer a friend
    features: [referrals, coupons]
    referrals:
      pattern: REF-####-????
      usageLimit: 1
    coupons:
      pattern: THANKS-######
      usageLimit: 1
    rules:
      - name: give a code
        condition: Session.Attributes.invite
        effects:
          - type: referralCreated
      - name: friend discount
        condition:
          - referralValid()
          - Session.CartItemTotal >= 20
        effects:
          - type: setDiscount
            name: Friend 10%
            value: Session.CartItemTotal * 0.10
          - type: couponCreated
            profileId: "{{ Referral.AdvocateProfileId }}"
      - name: thank-you coupon
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Thank you
            value: 5
`

var (
	referralCode = regexp.MustCompile(`^REF-[0-9]{4}-[A-Z]{4}$`)
	thanksCode   = regexp.MustCompile(`^THANKS-[0-9]{6}$`)
)

// invite closes a session of an advocate that creates a referral code and
// returns the code.
func invite(t *testing.T, e *Engine, id, advocate string) string {
	t.Helper()
	r := update(t, e, id, `{"profileId": "`+advocate+`", "attributes": {"invite": true}, "cartItems": [{"sku": "A", "quantity": 1, "price": 10.00}]}`)
	if len(r.CreatedReferrals) != 1 {
		t.Fatalf("created referrals %+v, want one", r.CreatedReferrals)
	}
	code := r.CreatedReferrals[0].Code
	if !referralCode.MatchString(code) {
		t.Fatalf("referral code %q does not follow the pattern REF-####-????", code)
	}
	wantEffects(t, r, `1 referralCreated {"value":"`+code+`"}`+"\n")
	if diff := cmp.Diff([]CreatedReferral{{CampaignID: 1, Code: code, Advocate: advocate, UsageLimit: 1}}, r.CreatedReferrals); diff != "" {
		t.Errorf("created referral (-want +got):\n%s", diff)
	}
	// The code exists once the session is closed, not before.
	if _, err := e.Store().Referral(context.Background(), code); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the referral code is stored while the session is open: %v", err)
	}
	closed := update(t, e, id, `{"state": "closed"}`)
	wantEffects(t, closed, `1 referralCreated {"value":"`+code+`"}`+"\n")
	ref, err := e.Store().Referral(context.Background(), code)
	if err != nil {
		t.Fatalf("the referral code was not stored at the close: %v", err)
	}
	if ref.Advocate != advocate || ref.CampaignID != 1 || ref.UsageLimit != 1 || ref.Friend != "" {
		t.Errorf("stored referral %+v", ref)
	}
	return code
}

func friendSession(profile, code string) string {
	p := ""
	if profile != "" {
		p = `"profileId": "` + profile + `", `
	}
	return `{` + p + `"referralCode": "` + code + `", "cartItems": [{"sku": "A", "quantity": 1, "price": 50.00}]}`
}

// The whole referral flow: the advocate's code, the friend's discount and
// the advocate's coupon, which works in the advocate's next session and
// for nobody else.
func TestReferralFlow(t *testing.T) {
	e := newEngine(t, referralCampaigns)
	code := invite(t, e, "ann-1", "ann")

	r := update(t, e, "bob-1", friendSession("bob", code))
	if len(r.CreatedCoupons) != 1 {
		t.Fatalf("created coupons %+v, want one", r.CreatedCoupons)
	}
	thanks := r.CreatedCoupons[0].Value
	if !thanksCode.MatchString(thanks) {
		t.Fatalf("coupon code %q does not follow the pattern THANKS-######", thanks)
	}
	// 10% of 50.00 = 5.00 for the friend; the coupon for the advocate.
	wantEffects(t, r, `1 acceptReferral {"value":"`+code+`"}
1 setDiscount {"name":"Friend 10%","value":5.00}
1 couponCreated {"value":"`+thanks+`","profileId":"ann"}
`)
	wantTotals(t, r, "50.00", "5.00", "45.00")
	if diff := cmp.Diff([]CreatedCoupon{{CampaignID: 1, Value: thanks, Recipient: "ann", UsageLimit: 1}}, r.CreatedCoupons); diff != "" {
		t.Errorf("created coupon (-want +got):\n%s", diff)
	}
	if r.Cart.Referral == nil || !r.Cart.Referral.Accepted {
		t.Errorf("receipt referral %+v, want accepted", r.Cart.Referral)
	}
	update(t, e, "bob-1", `{"state": "closed"}`)
	c, err := e.Store().Coupon(context.Background(), thanks)
	if err != nil {
		t.Fatalf("the thank-you coupon was not stored at the close: %v", err)
	}
	if c.Recipient != "ann" || c.CampaignID != 1 || c.UsageLimit != 1 {
		t.Errorf("stored coupon %+v", c)
	}
	if p := storedProfile(t, e, "bob"); p.ReferredBy != code {
		t.Errorf("bob was referred by %q, want %q", p.ReferredBy, code)
	}
	if n := counter(t, e.Store(), store.CounterKey{CampaignID: 1, Action: "referralUsage", Per: "referral", Subject: code}); n != 1 {
		t.Errorf("referral used %d times, want 1", n)
	}

	// Only ann may use her coupon.
	r = update(t, e, "bob-2", `{"profileId": "bob", "couponCodes": ["`+thanks+`"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`)
	wantEffects(t, r, `1 rejectCoupon {"value":"`+thanks+`","rejectionReason":"CouponRecipientDoesNotMatch"}`+"\n")
	// Ann's next session: 5 off 30.00.
	r = update(t, e, "ann-2", `{"profileId": "ann", "state": "closed", "couponCodes": ["`+thanks+`"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`)
	wantEffects(t, r, `1 acceptCoupon {"value":"`+thanks+`"}
1 setDiscount {"name":"Thank you","value":5.00}
`)
	wantTotals(t, r, "30.00", "5.00", "25.00")
	// Once: its usage limit is 1.
	r = update(t, e, "ann-3", `{"profileId": "ann", "couponCodes": ["`+thanks+`"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`)
	wantEffects(t, r, `1 rejectCoupon {"value":"`+thanks+`","rejectionReason":"CouponLimitReached"}`+"\n")
}

// Every referral rejection reason the engine gives.
func TestReferralRejectionReasons(t *testing.T) {
	e := newEngine(t, referralCampaigns)
	ann := invite(t, e, "ann-1", "ann")
	carl := invite(t, e, "carl-1", "carl")
	// Bob redeems ann's code.
	update(t, e, "bob-1", friendSession("bob", ann))
	update(t, e, "bob-1", `{"state": "closed"}`)
	// A code reserved for erin, stored as an import would.
	if err := e.Store().Commit(context.Background(), &store.ChangeSet{NewReferrals: []*store.Referral{
		{Code: "REF-ERIN", CampaignID: 1, Advocate: "carl", Friend: "erin"},
	}}); err != nil {
		t.Fatal(err)
	}

	cases := []struct{ name, session, want string }{
		{"ReferralNotFound", friendSession("dave", "REF-NOPE"),
			`0 rejectReferral {"value":"REF-NOPE","rejectionReason":"ReferralNotFound"}`},
		{"ReferralRecipientIdSameAsAdvocate", friendSession("carl", carl),
			`1 rejectReferral {"value":"` + carl + `","rejectionReason":"ReferralRecipientIdSameAsAdvocate"}`},
		// Bob was referred by ann: carl's code is not for him.
		{"ReferralCustomerAlreadyReferred", friendSession("bob", carl),
			`1 rejectReferral {"value":"` + carl + `","rejectionReason":"ReferralCustomerAlreadyReferred"}`},
		// Ann's code was redeemed once, its limit.
		{"ReferralLimitReached", friendSession("dave", ann),
			`1 rejectReferral {"value":"` + ann + `","rejectionReason":"ReferralLimitReached"}`},
		{"ReferralRecipientDoesNotMatch (another friend)", friendSession("frank", "REF-ERIN"),
			`1 rejectReferral {"value":"REF-ERIN","rejectionReason":"ReferralRecipientDoesNotMatch"}`},
		{"ReferralRecipientDoesNotMatch (no profile)", friendSession("", carl),
			`1 rejectReferral {"value":"` + carl + `","rejectionReason":"ReferralRecipientDoesNotMatch"}`},
		// 10.00 < 20: the friend rule's second condition fails.
		{"ReferralRejectedByCondition", `{"profileId": "dave", "referralCode": "` + carl + `", "cartItems": [{"sku": "A", "quantity": 1, "price": 10.00}]}`,
			`1 rejectReferral {"value":"` + carl + `","rejectionReason":"ReferralRejectedByCondition"}`},
		{"the friend it is reserved for", friendSession("erin", "REF-ERIN"),
			`1 acceptReferral {"value":"REF-ERIN"}
1 setDiscount {"name":"Friend 10%","value":5.00}
1 couponCreated {"value":"<code>","profileId":"carl"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := e.UpdateSession(context.Background(), "x", []byte(tc.session), UpdateOptions{Dry: true})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want + "\n"
			if len(r.CreatedCoupons) == 1 {
				want = regexp.MustCompile(`<code>`).ReplaceAllString(want, r.CreatedCoupons[0].Value)
			}
			wantEffects(t, r, want)
			if v := r.Cart.Referral; v == nil || v.Accepted == (r.Effects[0].EffectType == "rejectReferral") {
				t.Errorf("receipt referral %+v", v)
			}
		})
	}
}

// A referral code accepted by a rule of its campaign other than the one
// that asks for it: Talon.One accepts a code only when a rule with the
// "referral valid" condition triggers; otherwise the code is rejected by
// condition and not redeemed.
func TestReferralAcceptedOnlyByTheRuleThatChecksIt(t *testing.T) {
	e := newEngine(t, referralCampaigns)
	ann := invite(t, e, "ann-1", "ann")
	// Dave wants a code of his own (invite) and brings ann's with only
	// 10 EUR of items: "give a code" triggers, "friend discount" does not.
	r := update(t, e, "dave-1", `{"profileId": "dave", "referralCode": "`+ann+`", "attributes": {"invite": true}, "cartItems": [{"sku": "A", "quantity": 1, "price": 10.00}]}`)
	if len(r.CreatedReferrals) != 1 {
		t.Fatalf("created referrals %+v", r.CreatedReferrals)
	}
	wantEffects(t, r, `1 referralCreated {"value":"`+r.CreatedReferrals[0].Code+`"}
1 rejectReferral {"value":"`+ann+`","rejectionReason":"ReferralRejectedByCondition"}
`)
	update(t, e, "dave-1", `{"state": "closed"}`)
	if n := counter(t, e.Store(), store.CounterKey{CampaignID: 1, Action: "referralUsage", Per: "referral", Subject: ann}); n != 0 {
		t.Errorf("ann's code was redeemed %d times by a session it gave nothing to", n)
	}
}

// The referral reasons that come from the code's dates, its campaign's
// state and the campaign's limits, on codes stored as an import would.
func TestReferralRejectionReasonsOfDatesStatesAndLimits(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Refer a friend
    features: [referrals]
    referrals:
      pattern: REF-####
    limits:
      - action: redeemReferral
        limit: 1
    rules:
      - name: friend discount
        condition: referralValid()
        effects:
          - type: setDiscount
            name: Friend
            value: 5
  - id: 2
    name: Paused referrals
    state: disabled
    features: [referrals]
    referrals:
      pattern: P-####
    rules:
      - name: friend discount
        condition: referralValid()
        effects:
          - type: setDiscount
            name: Friend
            value: 5
  - id: 3
    name: Old referrals
    state: archived
    features: [referrals]
    referrals:
      pattern: O-####
    rules:
      - name: friend discount
        condition: referralValid()
        effects:
          - type: setDiscount
            name: Friend
            value: 5
`)
	past, future := testNow.Add(-time.Second), testNow.Add(time.Second)
	now := testNow
	if err := e.Store().Commit(context.Background(), &store.ChangeSet{NewReferrals: []*store.Referral{
		{Code: "REF-A", CampaignID: 1, Advocate: "ann"},
		{Code: "REF-B", CampaignID: 1, Advocate: "ann"},
		{Code: "REF-EXPIRED", CampaignID: 1, Advocate: "ann", ExpiryDate: &past},
		{Code: "REF-EXPIRES-NOW", CampaignID: 1, Advocate: "ann", ExpiryDate: &now},
		{Code: "REF-LATER", CampaignID: 1, Advocate: "ann", StartDate: &future},
		{Code: "P-1", CampaignID: 2, Advocate: "ann"},
		{Code: "O-1", CampaignID: 3, Advocate: "ann"},
		{Code: "GONE-1", CampaignID: 99, Advocate: "ann"},
	}}); err != nil {
		t.Fatal(err)
	}
	// Bob redeems REF-A: the campaign's one redemption.
	update(t, e, "bob-1", friendSession("bob", "REF-A"))
	update(t, e, "bob-1", `{"state": "closed"}`)
	cases := []struct{ code, want string }{
		{"REF-B", `1 rejectReferral {"value":"REF-B","rejectionReason":"CampaignLimitReached"}`},
		{"REF-EXPIRED", `1 rejectReferral {"value":"REF-EXPIRED","rejectionReason":"ReferralExpired"}`},
		{"REF-EXPIRES-NOW", `1 rejectReferral {"value":"REF-EXPIRES-NOW","rejectionReason":"ReferralExpired"}`},
		{"REF-LATER", `1 rejectReferral {"value":"REF-LATER","rejectionReason":"ReferralStartDateInFuture"}`},
		{"P-1", `2 rejectReferral {"value":"P-1","rejectionReason":"ReferralPartOfNotRunningCampaign"}`},
		{"O-1", `3 rejectReferral {"value":"O-1","rejectionReason":"ReferralPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignNotInEvaluationSet"}`},
		{"GONE-1", `0 rejectReferral {"value":"GONE-1","rejectionReason":"ReferralPartOfNotTriggeredCampaign","campaignExclusionReason":"CampaignNotInEvaluationSet"}`},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			r, err := e.UpdateSession(context.Background(), "x", []byte(friendSession("carl", tc.code)), UpdateOptions{Dry: true})
			if err != nil {
				t.Fatal(err)
			}
			wantEffects(t, r, tc.want+"\n")
		})
	}
}
