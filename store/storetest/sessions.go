package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// A session as the engine stores it once closed: an input with every kind
// of attribute, effects of several types (one unknown to cartfx), a ledger
// and a commitment. Its times have nanoseconds: a session reads back
// exactly.

const sampleInput = `{
  "profileId": "ann",
  "state": "closed",
  "couponCodes": ["SAVE5", "TAKE10"],
  "referralCode": "REF-ANN",
  "loyaltyCards": ["card-1"],
  "identifiers": [],
  "attributes": {"channel": "web", "gift": true, "score": 12.50, "due": "2026-11-30T09:30:00.123456789+01:00",
    "tags": ["new", "vip"], "weights": [1.5, 2.25], "none": []},
  "additionalCosts": {"shipping": {"price": 4.95}},
  "cartItems": [
    {"sku": "TEE-1", "name": "T-shirt", "quantity": 2, "price": 19.99, "category": "tops", "weight": 180.5,
     "attributes": {"brand": "Acme", "cartfxFreeItem": false}, "additionalCosts": {"wrap": {"price": 1.00}}},
    {"sku": "MUG-2", "name": "Mug", "quantity": 1, "price": 8.00, "height": 95, "width": 80.25, "length": 80.250}
  ]
}`

const sampleEffects = `[
  {"campaignId": 1, "rulesetId": 11, "ruleIndex": 0, "ruleName": "ten off", "effectType": "setDiscountPerItem",
   "props": {"name": "10% off", "value": 2.00, "position": 0, "subPosition": 1}},
  {"campaignId": 2, "rulesetId": 12, "ruleIndex": 0, "ruleName": "coupon", "effectType": "acceptCoupon",
   "props": {"value": "SAVE5"}, "triggeredByCoupon": 42},
  {"campaignId": 2, "rulesetId": 12, "ruleIndex": 0, "ruleName": "coupon", "effectType": "setDiscount",
   "props": {"name": "Coupon SAVE5", "value": 5.00, "desiredValue": 7.50}},
  {"campaignId": 3, "rulesetId": 13, "ruleIndex": 1, "ruleName": "", "effectType": "rejectCoupon",
   "props": {"value": "TAKE10", "rejectionReason": "CouponLimitReached"}},
  {"campaignId": 4, "rulesetId": 14, "ruleIndex": 0, "ruleName": "later", "effectType": "someFutureEffect",
   "props": {"amount": 1.10, "nested": {"a": [1, 2.50]}}}
]`

const sampleReturns = `[
  {"campaignId": 1, "rulesetId": 1, "ruleIndex": 0, "ruleName": "", "effectType": "rollbackDiscount",
   "props": {"name": "10% off", "value": 2.00, "cartItemPosition": 0, "cartItemSubPosition": 1}}
]`

func sampleSession(t *testing.T, id string) *store.Session {
	t.Helper()
	reg := cart.NewRegistry()
	for _, d := range []struct {
		e    cart.Entity
		name string
		typ  cart.AttributeType
	}{
		{cart.EntitySession, "channel", cart.TypeString}, {cart.EntitySession, "gift", cart.TypeBoolean},
		{cart.EntitySession, "score", cart.TypeNumber}, {cart.EntitySession, "due", cart.TypeTime},
		{cart.EntitySession, "tags", cart.TypeStringList}, {cart.EntitySession, "weights", cart.TypeNumberList},
		{cart.EntitySession, "none", cart.TypeNumberList}, {cart.EntityCartItem, "brand", cart.TypeString},
	} {
		if err := reg.Define(d.e, d.name, d.typ); err != nil {
			t.Fatal(err)
		}
	}
	in, err := cart.ParseSession([]byte(sampleInput), cart.ParseOptions{Currency: cart.MustCurrency("EUR"), Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 11, 26, 11, 59, 1, 123456789, time.UTC)
	return &store.Session{
		ID: id, Input: in, State: cart.StateClosed,
		Effects:   decodeEffects(t, sampleEffects),
		Triggered: []int64{1, 2},
		Ledger: store.Ledger{
			Units: []store.UnitLedger{
				{Position: 0, SubPosition: 0, Price: 1999, Name: 0},
				{Position: 0, SubPosition: 1, Price: 1999, Name: 0},
				{Position: 1, SubPosition: 0, Price: 800, Name: 1},
				{Position: -1, SubPosition: -1, Price: 495, Name: 2},
			},
			Names:     []string{"TEE-1", "MUG-2", "shipping"},
			Discounts: []store.Discount{{CampaignID: 1, Name: "10% off", Scope: "cartItems"}, {CampaignID: 2, Name: "Coupon SAVE5"}},
			Postings: []store.Posting{
				{Unit: 0, Discount: 1, Amount: 216}, {Unit: 1, Discount: 0, Amount: 200}, {Unit: 1, Discount: 1, Amount: 216},
				{Unit: 2, Discount: 1, Amount: 68}, {Unit: 3, Discount: 1, Amount: 0},
			},
		},
		Committed: &store.Commitment{
			Counters: []store.CounterAdd{
				{Key: store.CounterKey{CampaignID: 2, Action: "couponUsage", Per: "coupon", Subject: "SAVE5"}, Delta: 1, Limit: 10},
				{Key: store.CounterKey{CampaignID: 2, Action: "setDiscount", Per: "campaign", Period: "2026-11"}, Delta: 500, Limit: 100000},
			},
			Coupons:     []string{"SAVE5"},
			Referral:    "REF-ANN",
			LoyaltyTxns: []string{"7b0e7f3c-5d4b-5f6a-8c9d-0e1f2a3b4c5d"},
			TotalSales:  5293,
		},
		Created: created,
		Updated: created.Add(90*time.Second + 7),
	}
}

func decodeEffects(t *testing.T, doc string) []effects.Effect {
	t.Helper()
	list, err := effects.DecodeList([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		list[i].Pointer = "" // a decoding artefact, which no store keeps
	}
	return list
}

func wantSession(t *testing.T, st store.Store, want *store.Session, version int64) {
	t.Helper()
	w := *want
	w.Version = version
	if diff := cmp.Diff(&w, session(t, st, want.ID)); diff != "" {
		t.Errorf("session %q (-want +got):\n%s", want.ID, diff)
	}
}

// A closed session reads back exactly as it was committed, at version 1.
func testSessionRoundTrip(t *testing.T, st store.Store) {
	s := sampleSession(t, "s1")
	mustCommit(t, st, &store.ChangeSet{Session: s})
	wantSession(t, st, sampleSession(t, "s1"), 1)
	// Nil and empty stay apart: no identifiers is [] in the input, no
	// returns is nil.
	got := session(t, st, "s1")
	if got.Input.Identifiers == nil || got.Returns != nil || got.Returned != nil {
		t.Errorf("nil and empty mixed up: identifiers %#v, returns %#v, returned %#v", got.Input.Identifiers, got.Returns, got.Returned)
	}
}

// A return rewrites the session at the version it read: returned marks on
// the ledger, the returns' effects, the returned units, a smaller
// commitment.
func testSessionRewrite(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{Session: sampleSession(t, "s1")})
	s := sampleSession(t, "s1")
	s.State = cart.StatePartiallyReturned
	s.Ledger.Units[1].Returned = true
	s.Returns = decodeEffects(t, sampleReturns)
	s.Returned = map[int]int{0: 1}
	s.Committed.Counters[1].Delta = 216
	s.Committed.TotalSales -= 1999
	s.Updated = s.Updated.Add(time.Hour + 1)
	mustCommit(t, st, &store.ChangeSet{Session: s, ExpectVersion: 1})
	want := sampleSession(t, "s1")
	want.State = cart.StatePartiallyReturned
	want.Ledger.Units[1].Returned = true
	want.Returns = decodeEffects(t, sampleReturns)
	want.Returned = map[int]int{0: 1}
	want.Committed.Counters[1].Delta = 216
	want.Committed.TotalSales = 5293 - 1999
	want.Updated = want.Updated.Add(time.Hour + 1)
	wantSession(t, st, want, 2)

	// A reopen clears the ledger and the commitment: an open session has
	// neither.
	open := sampleSession(t, "s1")
	open.State = cart.StateOpen
	open.Ledger, open.Committed, open.Returned, open.Returns = store.Ledger{}, nil, nil, nil
	open.Effects = []effects.Effect{}
	mustCommit(t, st, &store.ChangeSet{Session: open, ExpectVersion: 2})
	wantSession(t, st, open, 3)
}

// A session with nothing in it (an open, anonymous, empty cart) reads back
// with nothing in it: nil stays nil.
func testSessionOfNothing(t *testing.T, st store.Store) {
	s := &store.Session{ID: "empty", Input: &cart.Session{Currency: cart.MustCurrency("JPY"), State: cart.StateOpen}, State: cart.StateOpen}
	mustCommit(t, st, &store.ChangeSet{Session: s})
	wantSession(t, st, &store.Session{ID: "empty", Input: &cart.Session{Currency: cart.MustCurrency("JPY"), State: cart.StateOpen}, State: cart.StateOpen}, 1)
}

// A session is written at the version it was read at; any other version
// is a conflict that writes nothing.
func testVersionConflicts(t *testing.T, st store.Store) {
	budget := store.CounterKey{CampaignID: 1, Action: "setDiscount", Per: "campaign"}
	open := func(id string, state cart.State) *store.Session {
		return &store.Session{ID: id, Input: &cart.Session{Currency: cart.MustCurrency("EUR"), State: state}, State: state, Updated: t0}
	}
	mustCommit(t, st, &store.ChangeSet{Session: open("s1", cart.StateOpen)})
	if s := session(t, st, "s1"); s.Version != 1 {
		t.Fatalf("a new session is at version %d, want 1", s.Version)
	}
	// A second "new" write of the same session loses, and counts nothing.
	err := st.Commit(ctx, &store.ChangeSet{Session: open("s1", cart.StateClosed), Counters: []store.CounterAdd{{Key: budget, Delta: 1}}})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a second new write: err = %v, want ErrConflict", err)
	}
	wantCounter(t, st, budget, 0)
	mustCommit(t, st, &store.ChangeSet{Session: open("s1", cart.StateClosed), ExpectVersion: 1})
	if s := session(t, st, "s1"); s.Version != 2 || s.State != cart.StateClosed {
		t.Errorf("session at version %d, %s; want 2, closed", s.Version, s.State)
	}
	// A stale version and a version ahead both lose.
	for _, v := range []int64{1, 3} {
		if err := st.Commit(ctx, &store.ChangeSet{Session: open("s1", cart.StateCancelled), ExpectVersion: v}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("version %d: err = %v, want ErrConflict", v, err)
		}
	}
	// A session the store does not have, at a version other than 0.
	if err := st.Commit(ctx, &store.ChangeSet{Session: open("s2", cart.StateOpen), ExpectVersion: 1}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("an unknown session at version 1: err = %v, want ErrConflict", err)
	}
	if _, err := st.Session(ctx, "s2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the unknown session was written: %v", err)
	}
	want := open("s1", cart.StateClosed)
	want.Version = 2
	if diff := cmp.Diff(want, session(t, st, "s1")); diff != "" {
		t.Errorf("session after the conflicts (-want +got):\n%s", diff)
	}
}
