package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/cartfx/cartfx/apierror"
	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// sessionCampaigns: a 10% coupon on the cart items and a point per whole
// euro of items for known profiles, pending for 14 days.
const sessionCampaigns = `
currency: EUR
attributes:
  session:
    channel: string
loyaltyPrograms:
  - id: 1
    name: Club
    activation: 14D
    returnPolicy: only_pending
campaigns:
  - id: 1
    name: SAVE10
    features: [coupons]
    coupons:
      codes: [SAVE10]
    rules:
      - name: ten percent
        condition: couponValid()
        effects:
          - type: setDiscount
            name: 10% off
            value: Session.CartItemTotal * 0.10
            scope: cartItems
  - id: 2
    name: Points
    features: [loyalty]
    rules:
      - name: a point per euro
        condition: Session.ProfileId != ""
        effects:
          - type: addLoyaltyPoints
            name: Points
            program: 1
            value: Session.CartItemTotal - Session.CartItemTotal % 1
`

var save10Usage = store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE10"}

// pointsEffect is the addLoyaltyPoints effect of campaign 2 for ann, pending
// until 14 days after testNow.
func pointsEffect(profile, value string) string {
	return `2 addLoyaltyPoints {"name":"Points","programId":1,"subLedgerId":"","value":` + value + `,"recipientIntegrationId":"` + profile + `","startDate":"2026-12-10T12:00:00Z","transactionUUID":"<uuid>"}` + "\n"
}

// Updates merge as Talon.One's PUT: what an update leaves out keeps its
// value; an empty coupon list (or cost map) clears.
func TestUpdatesMergeLikePut(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	r := update(t, e, "s1", `{"profileId": "ann", "couponCodes": ["SAVE10"], "attributes": {"channel": "web"},
		"additionalCosts": {"shipping": {"price": 4.00}}, "cartItems": [{"sku": "A", "quantity": 2, "price": 25.00}]}`)
	// 10% of 50.00 = 5.00; 50 points; subtotal 54.00 with shipping.
	wantEffects(t, r, `1 acceptCoupon {"value":"SAVE10"}
1 setDiscount {"name":"10% off","value":5.00,"scope":"cartItems"}
`+pointsEffect("ann", "50.00"))
	wantTotals(t, r, "54.00", "5.00", "49.00")

	// Only the cart items change: the profile, the coupon, the attributes
	// and the shipping stay. 10% of 40.00 = 4.00; 40 points.
	r = update(t, e, "s1", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 25.00}, {"sku": "B", "quantity": 1, "price": 15.00}]}`)
	wantEffects(t, r, `1 acceptCoupon {"value":"SAVE10"}
1 setDiscount {"name":"10% off","value":4.00,"scope":"cartItems"}
`+pointsEffect("ann", "40.00"))
	wantTotals(t, r, "44.00", "4.00", "40.00")
	cs := r.CustomerSession
	got := []any{cs.ProfileID, cs.CouponCodes, cs.Attributes["channel"], cs.AdditionalCosts["shipping"].Price.String(), len(cs.CartItems)}
	if diff := cmp.Diff([]any{"ann", []string{"SAVE10"}, any("web"), "4.00", 2}, got); diff != "" {
		t.Errorf("merged session (-want +got):\n%s", diff)
	}

	// An empty coupon list clears the coupons.
	r = update(t, e, "s1", `{"couponCodes": []}`)
	wantEffects(t, r, pointsEffect("ann", "40.00"))
	wantTotals(t, r, "44.00", "0.00", "44.00")
	if len(r.CustomerSession.CouponCodes) != 0 || len(r.Cart.Coupons) != 0 {
		t.Errorf("coupons after clearing: %v, receipt %v", r.CustomerSession.CouponCodes, r.Cart.Coupons)
	}
	// An empty cost map clears the additional costs.
	r = update(t, e, "s1", `{"additionalCosts": {}}`)
	wantTotals(t, r, "40.00", "0.00", "40.00")
	// The state alone: the rest stays.
	r = update(t, e, "s1", `{"state": "open"}`)
	wantEffects(t, r, pointsEffect("ann", "40.00"))
	wantTotals(t, r, "40.00", "0.00", "40.00")
	if r.CustomerSession.Attributes["channel"] != "web" {
		t.Errorf("attributes after a state-only update: %v", r.CustomerSession.Attributes)
	}
}

// An anonymous session that later carries a profile ID: the profile is
// created, the session's effects follow it, and closing counts on it.
func TestAnonymousSessionGetsAProfile(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	ctx := context.Background()
	r := update(t, e, "s1", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`)
	wantEffects(t, r, "")
	if r.CustomerProfile != nil {
		t.Errorf("an anonymous session has a profile: %+v", r.CustomerProfile)
	}
	r = update(t, e, "s1", `{"profileId": "bob"}`)
	wantEffects(t, r, pointsEffect("bob", "30.00"))
	p := storedProfile(t, e, "bob")
	if p.ClosedSessions != 0 || p.TotalSales != 0 {
		t.Errorf("new profile %+v", p)
	}
	// Pending 0 now, 30 tentatively.
	if got := balances(ledger(t, r, "1")); got != "0 0 0 0 0 30" {
		t.Errorf("balances %s, want 30 tentatively pending", got)
	}
	r = update(t, e, "s1", `{"state": "closed"}`)
	if r.CustomerProfile == nil || r.CustomerProfile.ClosedSessions != 1 || r.CustomerProfile.TotalSales.String() != "30.00" {
		t.Errorf("profile after the close: %+v", r.CustomerProfile)
	}
	txns, err := e.Store().Loyalty(ctx, "bob", 1)
	if err != nil || len(txns) != 1 || txns[0].Points.String() != "30" || txns[0].SessionID != "s1" {
		t.Errorf("bob's ledger %+v, %v; want 30 points from s1", txns, err)
	}
}

// A profile counts its closed sessions and their totals before discounts
// (items and additional costs); cancelled and reopened sessions and
// returned items are not counted.
func TestProfileCountsClosedSessionsAndSales(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	ctx := context.Background()
	update(t, e, "s1", `{"profileId": "ann", "state": "closed", "couponCodes": ["SAVE10"], "cartItems": [{"sku": "A", "quantity": 2, "price": 25.00}]}`)
	r := update(t, e, "s2", `{"profileId": "ann", "state": "closed", "additionalCosts": {"shipping": {"price": 4.95}}, "cartItems": [{"sku": "B", "quantity": 1, "price": 30.00}]}`)
	// 50.00 (the coupon's 5.00 is not subtracted) + 30.00 + 4.95 = 84.95.
	if got := r.CustomerProfile; got.ClosedSessions != 2 || got.TotalSales.String() != "84.95" {
		t.Errorf("after two closes: %d sessions, %s; want 2, 84.95", got.ClosedSessions, got.TotalSales)
	}
	// Returning one unit of s1: 25.00 less.
	if _, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 0, Quantity: 1}}); err != nil {
		t.Fatal(err)
	}
	if p := storedProfile(t, e, "ann"); p.ClosedSessions != 2 || p.TotalSales != 5995 {
		t.Errorf("after the return: %+v; want 2 sessions, 59.95", p)
	}
	// Reopening s2: 34.95 less, one session less.
	if _, err := e.Reopen(ctx, "s2"); err != nil {
		t.Fatal(err)
	}
	if p := storedProfile(t, e, "ann"); p.ClosedSessions != 1 || p.TotalSales != 2500 {
		t.Errorf("after the reopen: %+v; want 1 session, 25.00", p)
	}
	// Cancelling the partly returned s1: nothing left.
	r = update(t, e, "s1", `{"state": "cancelled"}`)
	if got := r.CustomerProfile; got.ClosedSessions != 0 || got.TotalSales.String() != "0.00" {
		t.Errorf("after the cancel: %+v", got)
	}
}

const lifecycleCart = `{"profileId": "ann", "couponCodes": ["SAVE10"], "cartItems": [
	{"sku": "A", "quantity": 2, "price": 25.00},
	{"sku": "B", "quantity": 1, "price": 10.00}
]}`

// The effects of the lifecycle cart: 10% of 60.00 = 6.00, over the units
// by their prices: 2.50, 2.50 and 1.00; 60 points.
var lifecycleEffects = `1 acceptCoupon {"value":"SAVE10"}
1 setDiscount {"name":"10% off","value":6.00,"scope":"cartItems"}
` + pointsEffect("ann", "60.00")

func rollbackDiscount(value string, pos, sub int) string {
	return `1 rollbackDiscount {"name":"10% off","value":` + value + `,"cartItemPosition":` + string(rune('0'+pos)) +
		`,"cartItemSubPosition":` + string(rune('0'+sub)) + `,"scope":"cartItems"}` + "\n"
}

func rollbackPoints(value string) string {
	return `2 rollbackAddedLoyaltyPoints {"programId":1,"subLedgerId":"","value":` + value + `,"recipientIntegrationId":"ann","transactionUUID":"<uuid>"}` + "\n"
}

const rollbackCoupon = `1 rollbackCoupon {"value":"SAVE10"}` + "\n"

// open → closed → cancelled.
func TestLifecycleOpenClosedCancelled(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	ctx := context.Background()
	wantEffects(t, update(t, e, "s1", lifecycleCart), lifecycleEffects)
	closed := update(t, e, "s1", `{"state": "closed"}`)
	wantEffects(t, closed, lifecycleEffects)
	wantTotals(t, closed, "60.00", "6.00", "54.00")
	if n := counter(t, e.Store(), save10Usage); n != 1 {
		t.Errorf("SAVE10 used %d times after the close, want 1", n)
	}
	c := update(t, e, "s1", `{"state": "cancelled"}`)
	// Every unit's discount, the coupon and the (pending) points.
	wantEffects(t, c, rollbackDiscount("2.50", 0, 0)+rollbackDiscount("2.50", 0, 1)+rollbackDiscount("1.00", 1, 0)+rollbackCoupon+rollbackPoints("60.00"))
	wantTotals(t, c, "60.00", "0.00", "60.00")
	if c.CustomerSession.State != cart.StateCancelled {
		t.Errorf("state %s", c.CustomerSession.State)
	}
	if n := counter(t, e.Store(), save10Usage); n != 0 {
		t.Errorf("SAVE10 used %d times after the cancel, want 0", n)
	}
	if txns, _ := e.Store().Loyalty(ctx, "ann", 1); len(txns) != 0 {
		t.Errorf("ann's ledger after the cancel: %+v", txns)
	}
	if p := storedProfile(t, e, "ann"); p.ClosedSessions != 0 || p.TotalSales != 0 {
		t.Errorf("profile after the cancel: %+v", p)
	}
	// An open session cancelled has nothing to roll back.
	update(t, e, "s2", lifecycleCart)
	c = update(t, e, "s2", `{"state": "cancelled"}`)
	wantEffects(t, c, "")
	if n := counter(t, e.Store(), save10Usage); n != 0 {
		t.Errorf("cancelling an open session redeemed SAVE10 %d times", n)
	}
}

// closed → partially returned → cancelled.
func TestLifecycleClosedReturnedCancelled(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	ctx := context.Background()
	update(t, e, "s1", lifecycleCart)
	update(t, e, "s1", `{"state": "closed"}`)
	r, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 0, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	// The last unit of line 0 goes back: 25.00 less its 2.50 = 22.50. The
	// points are pending, so only_pending takes back their share of what
	// was paid: 60 × 22.50 / 54.00 = 25.
	wantEffects(t, r, rollbackDiscount("2.50", 0, 1)+rollbackPoints("25.00"))
	if r.Return.Refund.String() != "22.50" || len(r.Return.Items) != 1 || r.Return.Items[0].SubPosition != 1 {
		t.Errorf("return %+v", r.Return)
	}
	if r.CustomerSession.State != cart.StatePartiallyReturned || r.CustomerSession.CartItems[0].RemainingQuantity != 1 {
		t.Errorf("session after the return: %+v", r.CustomerSession)
	}
	// The coupon stays redeemed.
	if n := counter(t, e.Store(), save10Usage); n != 1 {
		t.Errorf("SAVE10 used %d times after the return, want 1", n)
	}
	txns, _ := e.Store().Loyalty(ctx, "ann", 1)
	if len(txns) != 1 || txns[0].Points.String() != "35" {
		t.Errorf("ann's ledger after the return: %+v; want 35 points left", txns)
	}

	c := update(t, e, "s1", `{"state": "cancelled"}`)
	// The units not returned, the coupon, and the 35 points left.
	wantEffects(t, c, rollbackDiscount("2.50", 0, 0)+rollbackDiscount("1.00", 1, 0)+rollbackCoupon+rollbackPoints("35.00"))
	if n := counter(t, e.Store(), save10Usage); n != 0 {
		t.Errorf("SAVE10 used %d times after the cancel, want 0", n)
	}
	if txns, _ := e.Store().Loyalty(ctx, "ann", 1); len(txns) != 0 {
		t.Errorf("ann's ledger after the cancel: %+v", txns)
	}
	if p := storedProfile(t, e, "ann"); p.ClosedSessions != 0 || p.TotalSales != 0 {
		t.Errorf("profile after the cancel: %+v", p)
	}
}

// closed → reopened → closed, with a changed cart in between.
func TestLifecycleClosedReopenedClosed(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	ctx := context.Background()
	update(t, e, "s1", lifecycleCart)
	update(t, e, "s1", `{"state": "closed"}`)
	r, err := e.Reopen(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	wantEffects(t, r, rollbackDiscount("2.50", 0, 0)+rollbackDiscount("2.50", 0, 1)+rollbackDiscount("1.00", 1, 0)+rollbackCoupon+rollbackPoints("60.00"))
	if r.CustomerSession.State != cart.StateOpen || counter(t, e.Store(), save10Usage) != 0 {
		t.Errorf("after the reopen: state %s, SAVE10 used %d", r.CustomerSession.State, counter(t, e.Store(), save10Usage))
	}
	if p := storedProfile(t, e, "ann"); p.ClosedSessions != 0 || p.TotalSales != 0 {
		t.Errorf("profile after the reopen: %+v", p)
	}
	// Open again, it can change: without B, 10% of 50.00 = 5.00, 50 points.
	r = update(t, e, "s1", `{"cartItems": [{"sku": "A", "quantity": 2, "price": 25.00}]}`)
	wantEffects(t, r, `1 acceptCoupon {"value":"SAVE10"}
1 setDiscount {"name":"10% off","value":5.00,"scope":"cartItems"}
`+pointsEffect("ann", "50.00"))
	closed := update(t, e, "s1", `{"state": "closed"}`)
	wantTotals(t, closed, "50.00", "5.00", "45.00")
	if n := counter(t, e.Store(), save10Usage); n != 1 {
		t.Errorf("SAVE10 used %d times after closing again, want 1", n)
	}
	if p := storedProfile(t, e, "ann"); p.ClosedSessions != 1 || p.TotalSales != 5000 {
		t.Errorf("profile after closing again: %+v", p)
	}
	txns, _ := e.Store().Loyalty(ctx, "ann", 1)
	if len(txns) != 1 || txns[0].Points.String() != "50" {
		t.Errorf("ann's ledger: %+v; want the 50 points of the second close only", txns)
	}
}

// Cancelling a closed session takes back earned points as the program's
// return policy says: only_pending takes back pending points only, so
// points already active stay (Talon.One's returnPolicy applies to
// "partially returned, cancelled, or reopened" sessions).
func TestCancelFollowsTheReturnPolicy(t *testing.T) {
	ctx := context.Background()
	discounts := rollbackDiscount("2.50", 0, 0) + rollbackDiscount("2.50", 0, 1) + rollbackDiscount("1.00", 1, 0) + rollbackCoupon
	t.Run("only_pending", func(t *testing.T) {
		e := newEngine(t, strings.Replace(sessionCampaigns, "    activation: 14D\n", "", 1))
		update(t, e, "s1", lifecycleCart)
		update(t, e, "s1", `{"state": "closed"}`)
		c := update(t, e, "s1", `{"state": "cancelled"}`)
		// The 60 points were active at once: no rollbackAddedLoyaltyPoints.
		wantEffects(t, c, discounts)
		if txns, _ := e.Store().Loyalty(ctx, "ann", 1); len(txns) != 1 || txns[0].Points.String() != "60" {
			t.Errorf("ann's ledger after the cancel: %+v; want the 60 active points kept", txns)
		}
	})
	t.Run("within_balance", func(t *testing.T) {
		f := strings.Replace(sessionCampaigns, "    activation: 14D\n", "", 1)
		f = strings.Replace(f, "only_pending", "within_balance", 1)
		f = strings.Replace(f, "campaigns:\n", `campaigns:
  - id: 3
    name: Spend
    features: [loyalty]
    rules:
      - name: spend 50
        condition: Session.Attributes.channel == "points"
        effects:
          - type: deductLoyaltyPoints
            program: 1
            value: 50
`, 1)
		e := newEngine(t, f)
		update(t, e, "s1", lifecycleCart)
		update(t, e, "s1", `{"state": "closed"}`)
		// 60 active; a second session spends 50 (and earns 5 for its 5.00
		// of items): 15 left.
		update(t, e, "s2", `{"profileId": "ann", "state": "closed", "attributes": {"channel": "points"}, "cartItems": [{"sku": "C", "quantity": 1, "price": 5.00}]}`)
		c := update(t, e, "s1", `{"state": "cancelled"}`)
		// Only the 15 in the balance can be taken back of s1's 60; the
		// balance does not go negative.
		wantEffects(t, c, discounts+rollbackPoints("15.00"))
		if l := ledger(t, c, "1"); l.CurrentBalance.String() != "0" {
			t.Errorf("balances after the cancel: %s, want 0 active", balances(l))
		}
	})
}

// sessionIn makes a session s1 in a state ("" for none).
func sessionIn(t *testing.T, e *Engine, state string) {
	t.Helper()
	ctx := context.Background()
	switch state {
	case "":
		return
	case "open":
		update(t, e, "s1", lifecycleCart)
	case "closed":
		update(t, e, "s1", lifecycleCart)
		update(t, e, "s1", `{"state": "closed"}`)
	case "cancelled":
		update(t, e, "s1", lifecycleCart)
		update(t, e, "s1", `{"state": "cancelled"}`)
	case "partially_returned":
		update(t, e, "s1", lifecycleCart)
		update(t, e, "s1", `{"state": "closed"}`)
		if _, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 1, Quantity: 1}}); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("no state %q", state)
	}
}

// snapshot is what must not change when a transition is refused.
type snapshot struct {
	Version   int64
	State     cart.State
	Effects   string
	Committed *store.Commitment
	Coupon    int64
	Loyalty   int
	Profile   *store.Profile
}

func snap(t *testing.T, e *Engine) *snapshot {
	t.Helper()
	ctx := context.Background()
	s, err := e.Store().Session(ctx, "s1")
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	txns, _ := e.Store().Loyalty(ctx, "ann", 1)
	p, _ := e.Store().Profile(ctx, "ann")
	return &snapshot{Version: s.Version, State: s.State, Effects: stable(s.Effects), Committed: s.Committed,
		Coupon: counter(t, e.Store(), save10Usage), Loyalty: len(txns), Profile: p}
}

// Every transition Talon.One does not allow is an error that changes
// nothing: not the session, not the counters, not the points, not the
// profile.
func TestInvalidTransitionsAreErrorsThatChangeNothing(t *testing.T) {
	ctx := context.Background()
	update := func(body string) func(e *Engine) error {
		return func(e *Engine) error {
			_, err := e.UpdateSession(ctx, "s1", []byte(body), UpdateOptions{})
			return err
		}
	}
	reopen := func(e *Engine) error { _, err := e.Reopen(ctx, "s1"); return err }
	ret := func(e *Engine) error {
		_, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 0, Quantity: 1}})
		return err
	}
	const cartChange = `{"cartItems": [{"sku": "A", "quantity": 1, "price": 25.00}]}`
	cases := []struct {
		from    string
		request string
		do      func(e *Engine) error
		want    error
	}{
		{"", "cancelled", update(`{"state": "cancelled", "cartItems": []}`), ErrInvalidTransition},
		{"", "partially_returned", update(`{"state": "partially_returned", "cartItems": []}`), ErrInvalidTransition},
		{"", "reopen", reopen, ErrSessionNotFound},
		{"", "return", ret, ErrSessionNotFound},
		{"open", "partially_returned", update(`{"state": "partially_returned"}`), ErrInvalidTransition},
		{"open", "reopen", reopen, ErrInvalidTransition},
		{"open", "return", ret, ErrInvalidTransition},
		{"closed", "open", update(`{"state": "open"}`), ErrInvalidTransition},
		{"closed", "partially_returned", update(`{"state": "partially_returned"}`), ErrInvalidTransition},
		{"closed", "closed with a changed cart", update(`{"state": "closed", "cartItems": [{"sku": "A", "quantity": 1, "price": 25.00}]}`), ErrInvalidTransition},
		{"closed", "a changed cart", update(cartChange), ErrInvalidTransition},
		{"cancelled", "open", update(`{"state": "open"}`), ErrInvalidTransition},
		{"cancelled", "closed", update(`{"state": "closed"}`), ErrInvalidTransition},
		{"cancelled", "cancelled", update(`{"state": "cancelled"}`), ErrInvalidTransition},
		{"cancelled", "partially_returned", update(`{"state": "partially_returned"}`), ErrInvalidTransition},
		{"cancelled", "a changed cart", update(cartChange), ErrInvalidTransition},
		{"cancelled", "reopen", reopen, ErrInvalidTransition},
		{"cancelled", "return", ret, ErrInvalidTransition},
		{"partially_returned", "open", update(`{"state": "open"}`), ErrInvalidTransition},
		{"partially_returned", "closed", update(`{"state": "closed"}`), ErrInvalidTransition},
		{"partially_returned", "partially_returned", update(`{"state": "partially_returned"}`), ErrInvalidTransition},
		{"partially_returned", "a changed cart", update(cartChange), ErrInvalidTransition},
		{"partially_returned", "reopen", reopen, ErrInvalidTransition},
	}
	for _, tc := range cases {
		name := tc.from
		if name == "" {
			name = "new"
		}
		t.Run(name+" → "+tc.request, func(t *testing.T) {
			e := newEngine(t, sessionCampaigns)
			sessionIn(t, e, tc.from)
			before := snap(t, e)
			err := tc.do(e)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var ee *Error
			if !errors.As(err, &ee) {
				t.Fatalf("%T is not an *Error", err)
			}
			// A refusal of the state the update sent points at it; one of
			// the stored session's state (a return, a reopen, a change of
			// the cart) names the session.
			src := apierror.Source{Pointer: "/state"}
			if tc.request == "reopen" || tc.request == "return" || strings.Contains(tc.request, "changed cart") {
				src = apierror.Source{Parameter: "customerSessionId"}
			}
			switch {
			case tc.want == ErrInvalidTransition && (ee.Status != 400 || len(ee.Errors) != 1 || ee.Errors[0].Source != src):
				t.Errorf("error %d %+v, want 400 with the source %+v", ee.Status, ee.Errors, src)
			case tc.want == ErrSessionNotFound && ee.Status != 404:
				t.Errorf("status %d, want 404", ee.Status)
			}
			if diff := cmp.Diff(before, snap(t, e)); diff != "" {
				t.Errorf("the refused transition changed the store (-before +after):\n%s", diff)
			}
		})
	}
}

// The transitions that are allowed, for contrast: each leaves the session
// in the state asked for.
func TestValidTransitions(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		from, to string
	}{
		{"", "open"}, {"", "closed"},
		{"open", "open"}, {"open", "closed"}, {"open", "cancelled"},
		{"closed", "closed"}, {"closed", "cancelled"},
		{"partially_returned", "cancelled"},
	}
	for _, tc := range cases {
		t.Run(tc.from+" → "+tc.to, func(t *testing.T) {
			e := newEngine(t, sessionCampaigns)
			sessionIn(t, e, tc.from)
			body := `{"state": "` + tc.to + `"}`
			if tc.from == "" {
				body = lifecycleCart[:len(lifecycleCart)-1] + `, "state": "` + tc.to + `"}`
			}
			r, err := e.UpdateSession(ctx, "s1", []byte(body), UpdateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if string(r.CustomerSession.State) != tc.to || string(storedSession(t, e, "s1").State) != tc.to {
				t.Errorf("state %s, stored %s; want %s", r.CustomerSession.State, storedSession(t, e, "s1").State, tc.to)
			}
		})
	}
}

// A dry run evaluates only the session it is given (not merged with the
// stored one) and stores nothing, not even for a close.
func TestDryRunsStoreNothing(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	ctx := context.Background()
	update(t, e, "s1", lifecycleCart)
	before := snap(t, e)
	// Only the cart: no profile, no coupon, as if the session were new.
	r, err := e.UpdateSession(ctx, "s1", []byte(`{"cartItems": [{"sku": "A", "quantity": 1, "price": 25.00}]}`), UpdateOptions{Dry: true})
	if err != nil {
		t.Fatal(err)
	}
	wantEffects(t, r, "")
	wantTotals(t, r, "25.00", "0.00", "25.00")
	// A dry close of the whole cart answers as a close would, and commits
	// nothing.
	r, err = e.UpdateSession(ctx, "s1", []byte(lifecycleCart[:len(lifecycleCart)-1]+`, "state": "closed"}`), UpdateOptions{Dry: true})
	if err != nil {
		t.Fatal(err)
	}
	wantEffects(t, r, lifecycleEffects)
	if diff := cmp.Diff(before, snap(t, e)); diff != "" {
		t.Errorf("dry runs changed the store (-before +after):\n%s", diff)
	}
	if before.State != cart.StateOpen || before.Coupon != 0 || before.Loyalty != 0 {
		t.Errorf("before: %+v", before)
	}
	// A dry run of a session the store does not have stores neither it nor
	// its profile.
	if _, err := e.UpdateSession(ctx, "d1", []byte(`{"profileId": "zed", "state": "closed", "cartItems": [{"sku": "A", "quantity": 1, "price": 5}]}`), UpdateOptions{Dry: true}); err != nil {
		t.Fatal(err)
	}
	noSession(t, e, "d1")
	if _, err := e.Store().Profile(ctx, "zed"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a dry run stored its profile: %v", err)
	}
}

// Concurrent updates of one session: each either wins or gets a conflict
// (409); none is lost without an error, and the stored version counts the
// winners.
func TestConcurrentUpdatesOfOneSession(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	ctx := context.Background()
	const n = 32
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"profileId": "ann", "cartItems": [{"sku": "A", "quantity": %d, "price": 1.00}]}`, i+1)
			_, errs[i] = e.UpdateSession(ctx, "s1", []byte(body), UpdateOptions{})
		}()
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		var ee *Error
		switch {
		case err == nil:
			won++
		case errors.Is(err, ErrConflict) && errors.As(err, &ee) && ee.Status == 409:
		default:
			t.Errorf("update %d: %v", i, err)
		}
	}
	if s := storedSession(t, e, "s1"); won == 0 || s.Version != int64(won) {
		t.Errorf("%d updates won, stored version %d", won, s.Version)
	}
}

// The same close sent many times at once commits once: one redemption,
// one set of points, one closed session on the profile.
func TestConcurrentClosesOfOneSessionCommitOnce(t *testing.T) {
	e := newEngine(t, sessionCampaigns)
	ctx := context.Background()
	update(t, e, "s1", lifecycleCart)
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.UpdateSession(ctx, "s1", []byte(`{"state": "closed"}`), UpdateOptions{})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil && !errors.Is(err, ErrConflict) {
			t.Errorf("close %d: %v", i, err)
		}
	}
	txns, _ := e.Store().Loyalty(ctx, "ann", 1)
	p := storedProfile(t, e, "ann")
	if n := counter(t, e.Store(), save10Usage); n != 1 || len(txns) != 1 || p.ClosedSessions != 1 || p.TotalSales != 6000 {
		t.Errorf("SAVE10 used %d times, %d loyalty transactions, profile %+v; want 1, 1, 1 session of 60.00", n, len(txns), p)
	}
}
