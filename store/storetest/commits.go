package storetest

import (
	"errors"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var (
	budget = store.CounterKey{CampaignID: 1, Action: "setDiscount", Per: "campaign"}
	usage  = store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE5"}
)

func txn(id, profile string, points int64) store.LoyaltyTxn {
	return store.LoyaltyTxn{ID: id, ProfileID: profile, ProgramID: 1, Points: decimal.NewFromInt(points), Created: t0, ActiveFrom: t0}
}

func plain(id string, state cart.State) *store.Session {
	return &store.Session{ID: id, Input: &cart.Session{Currency: cart.MustCurrency("EUR"), State: state}, State: state, Created: t0, Updated: t0}
}

// snapshot is everything the all-or-nothing test's change sets could
// write, read back; a record that is not there is nil.
type snapshot struct {
	Sessions   map[string]*store.Session
	Profiles   map[string]*store.Profile
	Coupons    map[string]*store.Coupon
	Referrals  map[string]*store.Referral
	Counters   map[string]int64
	Loyalty    []store.LoyaltyTxn
	AnnCoupons []*store.Coupon
	AnnRefs    []*store.Referral
}

func take(t *testing.T, st store.Store) snapshot {
	t.Helper()
	s := snapshot{Sessions: map[string]*store.Session{}, Profiles: map[string]*store.Profile{}, Coupons: map[string]*store.Coupon{},
		Referrals: map[string]*store.Referral{}, Counters: map[string]int64{}}
	for _, id := range []string{"s0", "s1"} {
		r, err := st.Session(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		s.Sessions[id] = r
	}
	for _, id := range []string{"ann", "bob"} {
		r, err := st.Profile(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		s.Profiles[id] = r
	}
	for _, code := range []string{"SAVE5", "NEW-1"} {
		r, err := st.Coupon(ctx, code)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		s.Coupons[code] = r
	}
	for _, code := range []string{"REF-1", "REF-2"} {
		r, err := st.Referral(ctx, code)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		s.Referrals[code] = r
	}
	for _, k := range []store.CounterKey{budget, usage} {
		s.Counters[k.String()] = counter(t, st, k)
	}
	s.Loyalty = ledger(t, st, "ann", 1)
	var err error
	if s.AnnCoupons, err = st.ProfileCoupons(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if s.AnnRefs, err = st.ProfileReferrals(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	return s
}

// A change set that fails, whatever fails (a limit, a version, a taken
// code, a code given twice), writes nothing: not the session, the
// counters, the profiles or their deltas, the codes or the points. The
// same change set without the fault writes all of it.
func testAllOrNothing(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{
		Session:      plain("s0", cart.StateOpen),
		Counters:     []store.CounterAdd{{Key: budget, Delta: 900, Limit: 1000}},
		Profiles:     []*store.Profile{{ID: "bob", Attributes: map[string]any{"tier": "silver"}, ClosedSessions: 3, TotalSales: 100, Created: t0}},
		NewCoupons:   []*store.Coupon{{Code: "SAVE5", CampaignID: 1, UsageLimit: 10, Created: t0}},
		NewReferrals: []*store.Referral{{Code: "REF-1", CampaignID: 2, Advocate: "bob", Created: t0}},
		Loyalty:      []store.LoyaltyTxn{txn("old", "ann", 5)},
	})
	referral := "REF-1"
	full := func() *store.ChangeSet {
		return &store.ChangeSet{
			Session:  plain("s1", cart.StateClosed),
			Counters: []store.CounterAdd{{Key: budget, Delta: 100, Limit: 1000}, {Key: usage, Delta: 1, Limit: 10}},
			Profiles: []*store.Profile{{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: t0}},
			ProfileDeltas: []store.ProfileDelta{{ID: "ann", ClosedSessions: 1, TotalSales: 5000},
				{ID: "bob", ClosedSessions: 1, TotalSales: 700, ReferredBy: &referral, MergeAttributes: map[string]any{"seen": true}}},
			NewCoupons:    []*store.Coupon{{Code: "NEW-1", CampaignID: 1, Recipient: "ann", Created: t0}},
			NewReferrals:  []*store.Referral{{Code: "REF-2", CampaignID: 2, Advocate: "ann", Created: t0}},
			Loyalty:       []store.LoyaltyTxn{txn("new", "ann", 50)},
			RemoveLoyalty: []string{"old"},
		}
	}
	before := take(t, st)
	cases := []struct {
		name  string
		fault func(*store.ChangeSet)
		want  error
	}{
		{"a counter passes its limit", func(cs *store.ChangeSet) { cs.Counters[0].Delta = 101 }, store.ErrLimitReached},
		{"the second counter passes its limit", func(cs *store.ChangeSet) { cs.Counters[1].Delta = 11 }, store.ErrLimitReached},
		{"the session's version moved on", func(cs *store.ChangeSet) { cs.Session = plain("s0", cart.StateClosed); cs.ExpectVersion = 2 }, store.ErrConflict},
		{"a new session that exists", func(cs *store.ChangeSet) { cs.Session = plain("s0", cart.StateClosed) }, store.ErrConflict},
		{"a coupon code that is taken", func(cs *store.ChangeSet) {
			cs.NewCoupons = append(cs.NewCoupons, &store.Coupon{Code: "SAVE5", CampaignID: 9, Created: t0})
		}, store.ErrExists},
		{"a referral code that is taken", func(cs *store.ChangeSet) {
			cs.NewReferrals = append(cs.NewReferrals, &store.Referral{Code: "REF-1", CampaignID: 9, Created: t0})
		}, store.ErrExists},
		{"a coupon code given twice", func(cs *store.ChangeSet) {
			cs.NewCoupons = append(cs.NewCoupons, &store.Coupon{Code: "NEW-1", CampaignID: 1, Recipient: "bob", Created: t0})
		}, store.ErrExists},
		{"a referral code given twice", func(cs *store.ChangeSet) {
			cs.NewReferrals = append(cs.NewReferrals, &store.Referral{Code: "REF-2", CampaignID: 2, Advocate: "bob", Created: t0})
		}, store.ErrExists},
	}
	for _, tc := range cases {
		cs := full()
		tc.fault(cs)
		if err := st.Commit(ctx, cs); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
		if diff := cmp.Diff(before, take(t, st), profileOpts); diff != "" {
			t.Errorf("%s: the failed commit wrote (-before +after):\n%s", tc.name, diff)
		}
	}

	mustCommit(t, st, full())
	after := before
	after.Sessions = map[string]*store.Session{"s0": before.Sessions["s0"], "s1": plain("s1", cart.StateClosed)}
	after.Sessions["s1"].Version = 1
	after.Profiles = map[string]*store.Profile{
		"ann": {ID: "ann", Attributes: map[string]any{"tier": "gold"}, ClosedSessions: 1, TotalSales: 5000, Created: t0},
		"bob": {ID: "bob", Attributes: map[string]any{"tier": "silver", "seen": true}, ClosedSessions: 4, TotalSales: 800, ReferredBy: "REF-1", Created: t0},
	}
	newCoupon := &store.Coupon{Code: "NEW-1", CampaignID: 1, Recipient: "ann", Created: t0}
	newReferral := &store.Referral{Code: "REF-2", CampaignID: 2, Advocate: "ann", Created: t0}
	after.Coupons = map[string]*store.Coupon{"SAVE5": before.Coupons["SAVE5"], "NEW-1": newCoupon}
	after.Referrals = map[string]*store.Referral{"REF-1": before.Referrals["REF-1"], "REF-2": newReferral}
	after.Counters = map[string]int64{budget.String(): 1000, usage.String(): 1}
	after.Loyalty = []store.LoyaltyTxn{txn("new", "ann", 50)}
	after.AnnCoupons, after.AnnRefs = []*store.Coupon{newCoupon}, []*store.Referral{newReferral}
	if diff := cmp.Diff(after, take(t, st), profileOpts); diff != "" {
		t.Errorf("after the commit (-want +got):\n%s", diff)
	}
}

// The LimitError names the increment that would pass its limit, from the
// value it would start at: the stored value plus what the change set's
// earlier increments of the counter add.
func testLimitError(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{Counters: []store.CounterAdd{{Key: budget, Delta: 900}, {Key: usage, Delta: 3}}})
	cases := []struct {
		name string
		adds []store.CounterAdd
		want store.LimitError
	}{
		{"one increment", []store.CounterAdd{{Key: budget, Delta: 101, Limit: 1000}},
			store.LimitError{Key: budget, Value: 900, Delta: 101, Limit: 1000}},
		{"the second of two", []store.CounterAdd{{Key: usage, Delta: 2, Limit: 10}, {Key: usage, Delta: 6, Limit: 10}},
			store.LimitError{Key: usage, Value: 5, Delta: 6, Limit: 10}},
		{"a tighter limit after a looser one", []store.CounterAdd{{Key: usage, Delta: 3, Limit: 100}, {Key: usage, Delta: 3, Limit: 8}},
			store.LimitError{Key: usage, Value: 6, Delta: 3, Limit: 8}},
		{"after an unlimited increment", []store.CounterAdd{{Key: usage, Delta: 5}, {Key: usage, Delta: 1, Limit: 8}},
			store.LimitError{Key: usage, Value: 8, Delta: 1, Limit: 8}},
		{"beside a counter within its limit", []store.CounterAdd{{Key: budget, Delta: 50, Limit: 1000}, {Key: usage, Delta: 8, Limit: 10}},
			store.LimitError{Key: usage, Value: 3, Delta: 8, Limit: 10}},
	}
	for _, tc := range cases {
		err := st.Commit(ctx, &store.ChangeSet{Counters: tc.adds})
		var le *store.LimitError
		if !errors.Is(err, store.ErrLimitReached) || !errors.As(err, &le) {
			t.Errorf("%s: err = %v, want a *store.LimitError", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, *le); diff != "" {
			t.Errorf("%s: limit error (-want +got):\n%s", tc.name, diff)
		}
	}
	wantCounter(t, st, budget, 900)
	wantCounter(t, st, usage, 3)
}

// Increments of one counter in one change set add up, each checked
// against its own limit; exactly at the limit is allowed; a decrement is
// never limited; a counter back at 0 reads 0; without a limit anything
// goes.
func testCounterIncrements(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{Counters: []store.CounterAdd{{Key: budget, Delta: 3, Limit: 5}, {Key: budget, Delta: 3, Limit: 100}}})
	wantCounter(t, st, budget, 6)
	mustCommit(t, st, &store.ChangeSet{Counters: []store.CounterAdd{{Key: budget, Delta: 4, Limit: 10}}})
	wantCounter(t, st, budget, 10)
	mustCommit(t, st, &store.ChangeSet{Counters: []store.CounterAdd{{Key: budget, Delta: -10, Limit: 5}}})
	wantCounter(t, st, budget, 0)
	mustCommit(t, st, &store.ChangeSet{Counters: []store.CounterAdd{{Key: budget, Delta: 1 << 40}, {Key: usage, Delta: 7}, {Key: usage, Delta: -7}}})
	wantCounter(t, st, budget, 1<<40)
	wantCounter(t, st, usage, 0)
	// Counters that differ in one part of their key are apart.
	keys := []store.CounterKey{
		{CampaignID: 1, Action: "redeemCoupon", Per: "profile", Subject: "ann", Period: "2026-11"},
		{CampaignID: 1, Action: "redeemCoupon", Per: "profile", Subject: "ann", Period: "2026-12"},
		{CampaignID: 1, Action: "redeemCoupon", Per: "profile", Subject: "bob", Period: "2026-11"},
		{CampaignID: 1, Action: "redeemCoupon", Per: "campaign", Period: "2026-11"},
		{CampaignID: 1, Action: "setDiscount", Per: "profile", Subject: "ann", Period: "2026-11"},
		{CampaignID: 2, Action: "redeemCoupon", Per: "profile", Subject: "ann", Period: "2026-11"},
	}
	var adds []store.CounterAdd
	for i, k := range keys {
		adds = append(adds, store.CounterAdd{Key: k, Delta: int64(i + 1), Limit: int64(i + 1)})
	}
	mustCommit(t, st, &store.ChangeSet{Counters: adds})
	for i, k := range keys {
		wantCounter(t, st, k, int64(i+1))
	}
}

// A change set with nothing in it commits and changes nothing.
func testEmptyCommit(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{})
	mustCommit(t, st, &store.ChangeSet{Counters: []store.CounterAdd{}, RemoveLoyalty: []string{}})
	if _, err := st.Session(ctx, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an empty commit wrote a session: %v", err)
	}
}

// A return, then a cancel, as the engine commits them: the session
// rewritten at its version, counters given back, the profile's sales
// reduced, the session's points replaced by what is left of them (the
// replacement last in the ledger), then removed.
func testReturn(t *testing.T, st store.Store) {
	closed := plain("s1", cart.StateClosed)
	closed.Input.ProfileID = "ann"
	closed.Committed = &store.Commitment{Counters: []store.CounterAdd{{Key: budget, Delta: 500, Limit: 1000}, {Key: usage, Delta: 1, Limit: 10}},
		Coupons: []string{"SAVE5"}, LoyaltyTxns: []string{"earn"}, TotalSales: 5000}
	mustCommit(t, st, &store.ChangeSet{Loyalty: []store.LoyaltyTxn{txn("opening", "ann", 800)}})
	mustCommit(t, st, &store.ChangeSet{
		Session: closed, Counters: closed.Committed.Counters,
		Profiles:      []*store.Profile{{ID: "ann", Attributes: map[string]any{}, Created: t0}},
		ProfileDeltas: []store.ProfileDelta{{ID: "ann", ClosedSessions: 1, TotalSales: 5000}},
		Loyalty:       []store.LoyaltyTxn{txn("earn", "ann", 50)},
	})

	returned := *closed
	returned.State = cart.StatePartiallyReturned
	returned.Returned = map[int]int{0: 1}
	returned.Committed = &store.Commitment{Counters: []store.CounterAdd{{Key: budget, Delta: 284, Limit: 1000}, {Key: usage, Delta: 1, Limit: 10}},
		Coupons: []string{"SAVE5"}, LoyaltyTxns: []string{"earn"}, TotalSales: 3001}
	mustCommit(t, st, &store.ChangeSet{
		Session: &returned, ExpectVersion: 1,
		Counters:      []store.CounterAdd{{Key: budget, Delta: -216}},
		ProfileDeltas: []store.ProfileDelta{{ID: "ann", TotalSales: -1999}},
		RemoveLoyalty: []string{"earn"},
		Loyalty:       []store.LoyaltyTxn{txn("earn", "ann", 30)},
	})
	wantCounter(t, st, budget, 284)
	wantCounter(t, st, usage, 1)
	wantProfile(t, st, &store.Profile{ID: "ann", ClosedSessions: 1, TotalSales: 3001, Created: t0})
	wantLedger(t, st, "ann", 1, []store.LoyaltyTxn{txn("opening", "ann", 800), txn("earn", "ann", 30)})
	returned.Version = 2
	if diff := cmp.Diff(&returned, session(t, st, "s1")); diff != "" {
		t.Errorf("the returned session (-want +got):\n%s", diff)
	}

	cancelled := returned
	cancelled.State, cancelled.Committed = cart.StateCancelled, nil
	none := ""
	mustCommit(t, st, &store.ChangeSet{
		Session: &cancelled, ExpectVersion: 2,
		Counters:      []store.CounterAdd{{Key: budget, Delta: -284}, {Key: usage, Delta: -1}},
		ProfileDeltas: []store.ProfileDelta{{ID: "ann", ClosedSessions: -1, TotalSales: -3001, ReferredBy: &none}},
		RemoveLoyalty: []string{"earn"},
	})
	wantCounter(t, st, budget, 0)
	wantCounter(t, st, usage, 0)
	wantProfile(t, st, &store.Profile{ID: "ann", Created: t0})
	wantLedger(t, st, "ann", 1, []store.LoyaltyTxn{txn("opening", "ann", 800)})
	if s := session(t, st, "s1"); s.Version != 3 || s.State != cart.StateCancelled || s.Committed != nil {
		t.Errorf("the cancelled session: version %d, %s, committed %+v", s.Version, s.State, s.Committed)
	}
}
