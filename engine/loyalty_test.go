package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/shopspring/decimal"
)

// loyaltyCampaigns: pay with points (a coupon, so that a refusal is
// visible as a rejection), earn a point per whole euro otherwise. The
// program's activation and validity are filled in by each test.
const loyaltyCampaigns = `
currency: EUR
attributes:
  session:
    burn: number
loyaltyPrograms:
  - id: 1
    name: Club
    ACTIVATION
    VALIDITY
    returnPolicy: only_pending
campaigns:
  - id: 1
    name: Pay with points
    features: [coupons, loyalty]
    coupons:
      codes: [POINTS]
    rules:
      - name: ten points a euro
        condition:
          - couponValid()
          - Session.Attributes.burn > 0
        effects:
          - type: deductLoyaltyPoints
            name: Paid with points
            program: 1
            value: Session.Attributes.burn
          - type: setDiscount
            name: Paid with points
            value: Session.Attributes.burn / 10
  - id: 2
    name: Earn
    features: [loyalty]
    rules:
      - name: a point per euro
        condition:
          - Session.ProfileId != ""
          - Session.Attributes.burn == 0
        effects:
          - type: addLoyaltyPoints
            name: Points
            program: 1
            value: Session.CartItemTotal - Session.CartItemTotal % 1
`

func loyaltyFile(activation, validity string) string {
	f := loyaltyCampaigns
	if activation != "" {
		f = strings.Replace(f, "ACTIVATION", "activation: "+activation, 1)
	} else {
		f = strings.Replace(f, "    ACTIVATION\n", "", 1)
	}
	if validity != "" {
		f = strings.Replace(f, "VALIDITY", "validity: "+validity, 1)
	} else {
		f = strings.Replace(f, "    VALIDITY\n", "", 1)
	}
	return f
}

// earn closes a session of ann that earns whole euros of price as points.
func earn(t *testing.T, e *Engine, id, price string) *Response {
	t.Helper()
	return update(t, e, id, `{"profileId": "ann", "state": "closed", "cartItems": [{"sku": "A", "quantity": 1, "price": `+price+`}]}`)
}

// burn opens a session of ann that pays with points.
func burn(t *testing.T, e *Engine, id, points string) *Response {
	t.Helper()
	return update(t, e, id, `{"profileId": "ann", "couponCodes": ["POINTS"], "attributes": {"burn": `+points+`}, "cartItems": [{"sku": "B", "quantity": 1, "price": 40.00}]}`)
}

// The deduction's ruleTitle is the rule's name, as in Talon.One.
//
// Earn 150 points, then spend 100 of them for 10 EUR; spending 100 more
// with only 50 left is refused with EffectCouldNotBeApplied.
func TestLoyaltyEarnThenBurn(t *testing.T) {
	e := newEngine(t, loyaltyFile("", ""))
	r := earn(t, e, "s1", "150.00")
	// 150.00 − 150.00 % 1 = 150.00 points, active at once (no activation
	// delay), never expiring (no validity): no start or expiry date.
	wantEffects(t, r, `2 addLoyaltyPoints {"name":"Points","programId":1,"subLedgerId":"","value":150.00,"recipientIntegrationId":"ann","transactionUUID":"<uuid>"}
`)
	// Closed: the balance is no longer tentative.
	if got := balances(ledger(t, r, "1")); got != "150 0 0 0 150 0" {
		t.Errorf("balances after the close: %s, want 150 active", got)
	}

	r = burn(t, e, "s2", "100")
	// 100 points deducted, 100 / 10 = 10 EUR off 40.00. The earn campaign
	// does not trigger (burn is set).
	wantEffects(t, r, `1 acceptCoupon {"value":"POINTS"}
1 deductLoyaltyPoints {"ruleTitle":"ten points a euro","programId":1,"subLedgerId":"","value":100,"transactionUUID":"<uuid>","name":"Paid with points"}
1 setDiscount {"name":"Paid with points","value":10.00}
`)
	wantTotals(t, r, "40.00", "10.00", "30.00")
	// Open: 150 active, 50 tentatively (150 − 100).
	if got := balances(ledger(t, r, "1")); got != "150 0 0 0 50 0" {
		t.Errorf("tentative balances: %s, want 150 now and 50 after", got)
	}
	r = update(t, e, "s2", `{"state": "closed"}`)
	// After the close 50 are left (spent balances: see
	// TestCloseResponseCountsTheSpentPoints).
	if l := ledger(t, r, "1"); l.CurrentBalance.String() != "50" || l.TentativeCurrentBalance.String() != "50" {
		t.Errorf("balances after spending: %s, want 50 active", balances(l))
	}

	// 100 more with 50 left: the deduction cannot be applied, so nothing
	// of the campaign applies, and its coupon says why.
	r = burn(t, e, "s3", "100")
	wantEffects(t, r, `1 rejectCoupon {"value":"POINTS","rejectionReason":"EffectCouldNotBeApplied"}
`)
	wantTotals(t, r, "40.00", "0.00", "40.00")
	if ids := triggeredIDs(r); len(ids) != 0 {
		t.Errorf("triggered campaigns %v, want none", ids)
	}
	// Exactly the 50 left can be spent (5 EUR).
	r = burn(t, e, "s3", "50")
	wantEffects(t, r, `1 acceptCoupon {"value":"POINTS"}
1 deductLoyaltyPoints {"ruleTitle":"ten points a euro","programId":1,"subLedgerId":"","value":50,"transactionUUID":"<uuid>","name":"Paid with points"}
1 setDiscount {"name":"Paid with points","value":5.00}
`)
	if got := balances(ledger(t, r, "1")); got != "50 0 0 100 0 0" {
		t.Errorf("tentative balances: %s, want 0 after", got)
	}

	// An anonymous session has no points to spend.
	r = update(t, e, "s4", `{"couponCodes": ["POINTS"], "attributes": {"burn": 10}, "cartItems": [{"sku": "B", "quantity": 1, "price": 40.00}]}`)
	wantEffects(t, r, `1 rejectCoupon {"value":"POINTS","rejectionReason":"EffectCouldNotBeApplied"}
`)
}

// Points earned with an activation delay are pending until it has passed:
// they cannot be spent before, and can be after.
func TestPendingPointsBecomeActiveAfterTheDelay(t *testing.T) {
	clock := newClock(testNow)
	e := newEngineClock(t, loyaltyFile("14D", ""), clock)
	r := earn(t, e, "s1", "120.00")
	// Pending for 14 days from 2026-11-26T12:00: active from 2026-12-10T12:00.
	wantEffects(t, r, `2 addLoyaltyPoints {"name":"Points","programId":1,"subLedgerId":"","value":120.00,"recipientIntegrationId":"ann","startDate":"2026-12-10T12:00:00Z","transactionUUID":"<uuid>"}
`)
	if got := balances(ledger(t, r, "1")); got != "0 120 0 0 0 120" {
		t.Errorf("balances after the close: %s, want 120 pending", got)
	}

	// A second before activation: still pending, nothing to spend.
	clock.Set(testNow.Add(14*24*time.Hour - time.Second))
	r = burn(t, e, "s2", "100")
	wantEffects(t, r, `1 rejectCoupon {"value":"POINTS","rejectionReason":"EffectCouldNotBeApplied"}
`)
	if got := balances(ledger(t, r, "1")); got != "0 120 0 0 0 120" {
		t.Errorf("balances a second early: %s, want 120 pending", got)
	}

	// At the activation instant the points are active.
	clock.Set(testNow.Add(14 * 24 * time.Hour))
	r = burn(t, e, "s2", "100")
	wantEffects(t, r, `1 acceptCoupon {"value":"POINTS"}
1 deductLoyaltyPoints {"ruleTitle":"ten points a euro","programId":1,"subLedgerId":"","value":100,"transactionUUID":"<uuid>","name":"Paid with points"}
1 setDiscount {"name":"Paid with points","value":10.00}
`)
	if got := balances(ledger(t, r, "1")); got != "120 0 0 0 20 0" {
		t.Errorf("balances once active: %s, want 120 active, 20 after", got)
	}
}

// Points expire at the end of their validity; deductions take the points
// that expire first, so the later points survive the earlier ones'
// expiry.
func TestPointsExpireAndEarliestExpiryIsSpentFirst(t *testing.T) {
	clock := newClock(testNow)
	e := newEngineClock(t, loyaltyFile("", "30D"), clock)
	r := earn(t, e, "s1", "100.00")
	// Valid for 30 days from the close: until 2026-12-26T12:00.
	wantEffects(t, r, `2 addLoyaltyPoints {"name":"Points","programId":1,"subLedgerId":"","value":100.00,"recipientIntegrationId":"ann","expiryDate":"2026-12-26T12:00:00Z","transactionUUID":"<uuid>"}
`)
	day := 24 * time.Hour
	// Ten days later, 50 more, valid until 2027-01-05T12:00.
	clock.Set(testNow.Add(10 * day))
	earn(t, e, "s2", "50.00")
	// Twenty days in, spend 120: 100 from the first lot (earliest expiry),
	// 20 from the second, which keeps 30.
	clock.Set(testNow.Add(20 * day))
	r = burn(t, e, "s3", "120")
	if got := balances(ledger(t, r, "1")); got != "150 0 0 0 30 0" {
		t.Errorf("tentative balances: %s, want 150 active, 30 after", got)
	}
	r = update(t, e, "s3", `{"state": "closed"}`)
	if l := ledger(t, r, "1"); l.CurrentBalance.String() != "30" || l.TentativeCurrentBalance.String() != "30" {
		t.Errorf("after spending: %s, want 30 active", balances(l))
	}
	// Day 35: the first lot has expired, but it was spent; the 30 left of
	// the second lot are still active. (Spending the newest points first
	// would have left 30 of the first lot, expired now, and none active.)
	clock.Set(testNow.Add(35 * day))
	r = burn(t, e, "s4", "30")
	if got := balances(ledger(t, r, "1")); got != "30 0 0 120 0 0" {
		t.Errorf("day 35: %s, want 30 active, 0 after spending them", got)
	}
	// Day 41: the second lot expired at day 40 with its 30 points.
	clock.Set(testNow.Add(41 * day))
	r = burn(t, e, "s5", "10")
	wantEffects(t, r, `1 rejectCoupon {"value":"POINTS","rejectionReason":"EffectCouldNotBeApplied"}
`)
	if got := balances(ledger(t, r, "1")); got != "0 0 30 120 0 0" {
		t.Errorf("day 41: %s, want 30 expired", got)
	}
	// Exactly at expiry the points are expired (the expiry instant is not
	// included in the validity).
	clock.Set(testNow.Add(40 * day))
	r = burn(t, e, "s5", "10")
	if got := balances(ledger(t, r, "1")); got != "0 0 30 120 0 0" {
		t.Errorf("at the expiry instant: %s, want 30 expired", got)
	}
}

// Rules see the active balance by program name.
func TestRulesSeeTheActiveBalance(t *testing.T) {
	clock := newClock(testNow)
	e := newEngineClock(t, `
currency: EUR
loyaltyPrograms:
  - id: 1
    name: Club
    activation: 1D
campaigns:
  - id: 1
    name: Earn
    features: [loyalty]
    rules:
      - name: ten points
        condition: Session.ProfileId != ""
        effects:
          - type: addLoyaltyPoints
            name: Points
            program: 1
            value: 10
  - id: 2
    name: Members with points
    rules:
      - name: one off
        condition: Profile.LoyaltyPoints["Club"] >= 10
        effects:
          - type: setDiscount
            name: Member
            value: 1
`, clock)
	r := update(t, e, "s1", `{"profileId": "ann", "state": "closed", "cartItems": [{"sku": "A", "quantity": 1, "price": 5}]}`)
	if ids := triggeredIDs(r); len(ids) != 1 || ids[0] != 1 {
		t.Errorf("first session triggered %v, want [1] (no active points yet)", ids)
	}
	// The next day the 10 points are active.
	clock.Add(24 * time.Hour)
	r = update(t, e, "s2", `{"profileId": "ann", "cartItems": [{"sku": "A", "quantity": 1, "price": 5}]}`)
	if ids := triggeredIDs(r); len(ids) != 2 || ids[1] != 2 {
		t.Errorf("next day triggered %v, want [1 2]", ids)
	}
	wantTotals(t, r, "5.00", "1.00", "4.00")
}

// The response to a close reports the balances as they are once the
// session's points are committed: all of them, the spent points too, as
// a repeated close (or any later update) reports them.
func TestCloseResponseCountsTheSpentPoints(t *testing.T) {
	e := newEngine(t, loyaltyFile("", ""))
	earn(t, e, "s1", "150.00")
	burn(t, e, "s2", "100")
	closed := update(t, e, "s2", `{"state": "closed"}`)
	again := update(t, e, "s2", `{"state": "closed"}`)
	// 150 earned, 100 spent: 50 active, 100 spent, in both answers.
	if got := balances(ledger(t, again, "1")); got != "50 0 0 100 50 0" {
		t.Errorf("repeated close: %s, want 50 active, 100 spent", got)
	}
	if got := balances(ledger(t, closed, "1")); got != "50 0 0 100 50 0" {
		t.Errorf("close: %s, want 50 active, 100 spent (as the repeated close says)", got)
	}
}

// The answers to a return, a reopen and a cancel report the balances as
// they leave them (what the next update reports), not as they were.
func TestRollbackResponsesReportTheBalancesAfterwards(t *testing.T) {
	ctx := t.Context()
	// 60 points, pending for 14 days (sessionCampaigns, lifecycleCart).
	e := newEngine(t, sessionCampaigns)
	update(t, e, "s1", lifecycleCart)
	update(t, e, "s1", `{"state": "closed"}`)
	r, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 0, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	// 25 of the 60 go back (see TestLifecycleClosedReturnedCancelled).
	if got := balances(ledger(t, r, "1")); got != "0 35 0 0 0 35" {
		t.Errorf("after the return: %s, want 35 pending", got)
	}
	r = update(t, e, "s1", `{"state": "cancelled"}`)
	if got := balances(ledger(t, r, "1")); got != "0 0 0 0 0 0" {
		t.Errorf("after the cancel: %s, want nothing", got)
	}

	update(t, e, "s2", lifecycleCart)
	update(t, e, "s2", `{"state": "closed"}`)
	r, err = e.Reopen(ctx, "s2")
	if err != nil {
		t.Fatal(err)
	}
	if got := balances(ledger(t, r, "1")); got != "0 0 0 0 0 0" {
		t.Errorf("after the reopen: %s, want nothing", got)
	}
}

// A deduction and an addition made at the same instant give the same
// balance whatever order the ledger keeps them in (a return or a cancel
// replaces a transaction, which moves it to the end of the ledger).
func TestBalanceDoesNotDependOnTheLedgerOrderAtOneInstant(t *testing.T) {
	earned := store.LoyaltyTxn{ID: "e", Points: decimal.NewFromInt(60), Created: testNow, ActiveFrom: testNow}
	spent := store.LoyaltyTxn{ID: "s", Points: decimal.NewFromInt(-50), Created: testNow, ActiveFrom: testNow}
	// 60 − 50 = 10 active, 50 spent, either way.
	for _, order := range [][]store.LoyaltyTxn{{earned, spent}, {spent, earned}} {
		b := balanceOf(order, testNow)
		if b.current != 1000 || b.spent != 5000 {
			t.Errorf("ledger %s, %s: %d active, %d spent (hundredths); want 1000, 5000", order[0].ID, order[1].ID, b.current, b.spent)
		}
	}
}
