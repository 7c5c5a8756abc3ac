package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	eur = cart.MustCurrency("EUR")
)

func session(id string, state cart.State) *Session {
	return &Session{ID: id, Input: &cart.Session{Currency: eur, State: state}, State: state, Updated: t0}
}

func txn(id, profile string, points int64) LoyaltyTxn {
	return LoyaltyTxn{ID: id, ProfileID: profile, ProgramID: 1, Points: decimal.NewFromInt(points), Created: t0, ActiveFrom: t0}
}

var budget = CounterKey{CampaignID: 1, Action: "setDiscount", Per: "campaign"}

func mustCommit(t *testing.T, m *Memory, cs *ChangeSet) {
	t.Helper()
	if err := m.Commit(ctx, cs); err != nil {
		t.Fatal(err)
	}
}

func value(t *testing.T, m *Memory, k CounterKey) int64 {
	t.Helper()
	v, err := m.Counter(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A change set whose counter would pass its limit writes nothing: not the
// session, not the profile, not the coupons, referrals or points, not the
// other counters.
func TestCommitIsAllOrNothing(t *testing.T) {
	m := NewMemory()
	other := CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE5"}
	mustCommit(t, m, &ChangeSet{Counters: []CounterAdd{{Key: budget, Delta: 900, Limit: 1000}}, Loyalty: []LoyaltyTxn{txn("old", "ann", 5)},
		Profiles: []*Profile{{ID: "bob", ClosedSessions: 3, TotalSales: 100}}})

	cs := &ChangeSet{
		Session: session("s1", cart.StateClosed),
		Counters: []CounterAdd{
			{Key: other, Delta: 1, Limit: 10},
			// 900 + 101 > 1000.
			{Key: budget, Delta: 101, Limit: 1000},
		},
		Profiles:      []*Profile{{ID: "ann"}},
		ProfileDeltas: []ProfileDelta{{ID: "ann", ClosedSessions: 1, TotalSales: 5000}, {ID: "bob", ClosedSessions: 1, TotalSales: 700, ReferredBy: new(string)}},
		NewCoupons:    []*Coupon{{Code: "THANKS-1", CampaignID: 1}},
		NewReferrals:  []*Referral{{Code: "REF-1", CampaignID: 1, Advocate: "ann"}},
		Loyalty:       []LoyaltyTxn{txn("new", "ann", 50)},
		RemoveLoyalty: []string{"old"},
	}
	err := m.Commit(ctx, cs)
	var le *LimitError
	if !errors.Is(err, ErrLimitReached) || !errors.As(err, &le) {
		t.Fatalf("err = %v, want a *LimitError", err)
	}
	if diff := cmp.Diff(LimitError{Key: budget, Value: 900, Delta: 101, Limit: 1000}, *le); diff != "" {
		t.Errorf("limit error (-want +got):\n%s", diff)
	}
	if _, err := m.Session(ctx, "s1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the session was written: %v", err)
	}
	if _, err := m.Profile(ctx, "ann"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the profile was written: %v", err)
	}
	if p, _ := m.Profile(ctx, "bob"); p.ClosedSessions != 3 || p.TotalSales != 100 {
		t.Errorf("the profile delta was applied: %+v", p)
	}
	if _, err := m.Coupon(ctx, "THANKS-1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the coupon was written: %v", err)
	}
	if _, err := m.Referral(ctx, "REF-1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the referral was written: %v", err)
	}
	if v := value(t, m, other); v != 0 {
		t.Errorf("the other counter is %d, want 0", v)
	}
	if v := value(t, m, budget); v != 900 {
		t.Errorf("the budget is %d, want 900", v)
	}
	txns, _ := m.Loyalty(ctx, "ann", 1)
	if len(txns) != 1 || txns[0].ID != "old" {
		t.Errorf("ann's ledger %+v, want only the old transaction", txns)
	}

	// Exactly to the limit is allowed.
	cs.Counters[1].Delta = 100
	mustCommit(t, m, cs)
	if v := value(t, m, budget); v != 1000 {
		t.Errorf("the budget is %d, want 1000", v)
	}
	if p, _ := m.Profile(ctx, "bob"); p.ClosedSessions != 4 || p.TotalSales != 800 {
		t.Errorf("bob after the commit: %+v, want 4 sessions, 800", p)
	}
	if p, _ := m.Profile(ctx, "ann"); p.ClosedSessions != 1 || p.TotalSales != 5000 {
		t.Errorf("ann after the commit: %+v, want 1 session, 5000", p)
	}
}

// Profiles are created if absent and never overwritten; their statistics
// change by deltas, which create the profile if need be.
func TestProfilesAndDeltas(t *testing.T) {
	m := NewMemory()
	mustCommit(t, m, &ChangeSet{Profiles: []*Profile{{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: t0}}})
	mustCommit(t, m, &ChangeSet{Profiles: []*Profile{{ID: "ann", Attributes: map[string]any{}, ClosedSessions: 9}}})
	p, _ := m.Profile(ctx, "ann")
	if p.Attributes["tier"] != "gold" || p.ClosedSessions != 0 || !p.Created.Equal(t0) {
		t.Errorf("an existing profile was overwritten: %+v", p)
	}
	code := "REF-1"
	mustCommit(t, m, &ChangeSet{ProfileDeltas: []ProfileDelta{
		{ID: "ann", ClosedSessions: 1, TotalSales: 5000, ReferredBy: &code},
		{ID: "ann", ClosedSessions: 1, TotalSales: 2500},
		{ID: "new", ClosedSessions: 1, TotalSales: 100, Attributes: map[string]any{"tier": "silver"}},
	}})
	p, _ = m.Profile(ctx, "ann")
	if p.ClosedSessions != 2 || p.TotalSales != 7500 || p.ReferredBy != "REF-1" || p.Attributes["tier"] != "gold" {
		t.Errorf("ann after two deltas: %+v", p)
	}
	p, _ = m.Profile(ctx, "new")
	if p == nil || p.ClosedSessions != 1 || p.TotalSales != 100 || p.Attributes["tier"] != "silver" {
		t.Errorf("a delta of an unknown profile: %+v", p)
	}
	// A ReferredBy of "" clears it; nil leaves it.
	none := ""
	mustCommit(t, m, &ChangeSet{ProfileDeltas: []ProfileDelta{{ID: "ann", ClosedSessions: -1, TotalSales: -5000}}})
	if p, _ = m.Profile(ctx, "ann"); p.ReferredBy != "REF-1" || p.ClosedSessions != 1 || p.TotalSales != 2500 {
		t.Errorf("ann after a negative delta: %+v", p)
	}
	mustCommit(t, m, &ChangeSet{ProfileDeltas: []ProfileDelta{{ID: "ann", ReferredBy: &none}}})
	if p, _ = m.Profile(ctx, "ann"); p.ReferredBy != "" {
		t.Errorf("ann's referral was not cleared: %+v", p)
	}
}

// Increments of one counter in one change set add up before the check.
func TestCommitAddsIncrementsOfOneCounterTogether(t *testing.T) {
	m := NewMemory()
	err := m.Commit(ctx, &ChangeSet{Counters: []CounterAdd{{Key: budget, Delta: 6, Limit: 10}, {Key: budget, Delta: 5, Limit: 10}}})
	if !errors.Is(err, ErrLimitReached) {
		t.Fatalf("6 + 5 against 10: err = %v", err)
	}
	mustCommit(t, m, &ChangeSet{Counters: []CounterAdd{{Key: budget, Delta: 6, Limit: 10}, {Key: budget, Delta: 4, Limit: 10}}})
	if v := value(t, m, budget); v != 10 {
		t.Errorf("counter %d, want 10", v)
	}
	// A decrement is never limited, and a counter back at 0 reads 0.
	mustCommit(t, m, &ChangeSet{Counters: []CounterAdd{{Key: budget, Delta: -10, Limit: 5}}})
	if v := value(t, m, budget); v != 0 {
		t.Errorf("counter %d, want 0", v)
	}
	// Without a limit, anything goes.
	mustCommit(t, m, &ChangeSet{Counters: []CounterAdd{{Key: budget, Delta: 1 << 40}}})
	if v := value(t, m, budget); v != 1<<40 {
		t.Errorf("counter %d", v)
	}
}

// A session is written at the version it was read at; any other version
// is a conflict that writes nothing.
func TestCommitVersionConflicts(t *testing.T) {
	m := NewMemory()
	// A new session: expected version 0.
	mustCommit(t, m, &ChangeSet{Session: session("s1", cart.StateOpen)})
	s, err := m.Session(ctx, "s1")
	if err != nil || s.Version != 1 {
		t.Fatalf("version %v, %v; want 1", s, err)
	}
	// A second "new" write of the same session loses.
	err = m.Commit(ctx, &ChangeSet{Session: session("s1", cart.StateClosed), Counters: []CounterAdd{{Key: budget, Delta: 1}}})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if v := value(t, m, budget); v != 0 {
		t.Errorf("a conflicting commit counted: %d", v)
	}
	// At the version read: 2.
	mustCommit(t, m, &ChangeSet{Session: session("s1", cart.StateClosed), ExpectVersion: 1})
	if s, _ := m.Session(ctx, "s1"); s.Version != 2 || s.State != cart.StateClosed {
		t.Errorf("session %+v, want version 2, closed", s)
	}
	// A stale version, and a version ahead, both lose.
	for _, v := range []int64{1, 3} {
		if err := m.Commit(ctx, &ChangeSet{Session: session("s1", cart.StateCancelled), ExpectVersion: v}); !errors.Is(err, ErrConflict) {
			t.Errorf("version %d: err = %v, want ErrConflict", v, err)
		}
	}
	// A session the store does not have, at a version other than 0.
	if err := m.Commit(ctx, &ChangeSet{Session: session("s2", cart.StateOpen), ExpectVersion: 1}); !errors.Is(err, ErrConflict) {
		t.Errorf("unknown session at version 1: err = %v", err)
	}
	if s, _ := m.Session(ctx, "s1"); s.Version != 2 || s.State != cart.StateClosed {
		t.Errorf("session %+v after the conflicts, want version 2, closed", s)
	}
}

// A coupon or referral code that exists is refused with ErrExists, and
// the change set writes nothing.
func TestCommitRefusesDuplicateCodes(t *testing.T) {
	m := NewMemory()
	if err := m.AddCoupon(&Coupon{Code: "SAVE5", CampaignID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := m.AddCoupon(&Coupon{Code: "SAVE5", CampaignID: 2}); !errors.Is(err, ErrExists) {
		t.Errorf("AddCoupon of a taken code: %v", err)
	}
	mustCommit(t, m, &ChangeSet{NewReferrals: []*Referral{{Code: "REF-1", Advocate: "ann"}}})
	cases := []struct {
		name string
		cs   *ChangeSet
	}{
		{"coupon", &ChangeSet{Session: session("s1", cart.StateClosed), NewCoupons: []*Coupon{{Code: "NEW-1"}, {Code: "SAVE5", CampaignID: 3}}}},
		{"referral", &ChangeSet{Session: session("s1", cart.StateClosed), NewReferrals: []*Referral{{Code: "REF-1", Advocate: "bob"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := m.Commit(ctx, tc.cs); !errors.Is(err, ErrExists) {
				t.Fatalf("err = %v, want ErrExists", err)
			}
			if _, err := m.Session(ctx, "s1"); !errors.Is(err, ErrNotFound) {
				t.Errorf("the session was written: %v", err)
			}
			if _, err := m.Coupon(ctx, "NEW-1"); !errors.Is(err, ErrNotFound) {
				t.Errorf("the other coupon was written: %v", err)
			}
		})
	}
	if c, _ := m.Coupon(ctx, "SAVE5"); c.CampaignID != 1 {
		t.Errorf("SAVE5 was overwritten: %+v", c)
	}
	if r, _ := m.Referral(ctx, "REF-1"); r.Advocate != "ann" {
		t.Errorf("REF-1 was overwritten: %+v", r)
	}
}

// The same new code twice in one change set is a duplicate too: two
// customers must never be given one code.
func TestCommitRefusesADuplicateWithinTheChangeSet(t *testing.T) {
	m := NewMemory()
	err := m.Commit(ctx, &ChangeSet{NewCoupons: []*Coupon{{Code: "C-1", Recipient: "ann"}, {Code: "C-1", Recipient: "bob"}}})
	if !errors.Is(err, ErrExists) {
		t.Errorf("two new coupons C-1 in one change set: err = %v, want ErrExists", err)
	}
	err = m.Commit(ctx, &ChangeSet{NewReferrals: []*Referral{{Code: "R-1", Advocate: "ann"}, {Code: "R-1", Advocate: "bob"}}})
	if !errors.Is(err, ErrExists) {
		t.Errorf("two new referrals R-1 in one change set: err = %v, want ErrExists", err)
	}
}

// Removing a transaction and adding its replacement (same ID, fewer
// points) in one change set leaves exactly the replacement, after the
// profile's other transactions.
func TestCommitRemovesThenAddsLoyalty(t *testing.T) {
	m := NewMemory()
	mustCommit(t, m, &ChangeSet{Loyalty: []LoyaltyTxn{txn("t1", "ann", 60), txn("t2", "ann", 10), txn("t3", "bob", 7)}})
	reduced := txn("t1", "ann", 35)
	mustCommit(t, m, &ChangeSet{RemoveLoyalty: []string{"t1"}, Loyalty: []LoyaltyTxn{reduced}})
	got, err := m.Loyalty(ctx, "ann", 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []LoyaltyTxn{txn("t2", "ann", 10), reduced}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ann's ledger (-want +got):\n%s", diff)
	}
	if bob, _ := m.Loyalty(ctx, "bob", 1); len(bob) != 1 || bob[0].ID != "t3" {
		t.Errorf("bob's ledger %+v", bob)
	}
	// Removing an unknown ID is harmless.
	mustCommit(t, m, &ChangeSet{RemoveLoyalty: []string{"nope"}})
	if got, _ := m.Loyalty(ctx, "ann", 1); len(got) != 2 {
		t.Errorf("ann's ledger %+v", got)
	}
	// Other programs are separate ledgers.
	if other, _ := m.Loyalty(ctx, "ann", 2); len(other) != 0 {
		t.Errorf("program 2 %+v", other)
	}
}

// Reads are copies: changing them does not change the store.
func TestReadsAreCopies(t *testing.T) {
	m := NewMemory()
	p := &Profile{ID: "ann", Attributes: map[string]any{"tier": "gold"}}
	s := session("s1", cart.StateOpen)
	s.Returned = map[int]int{0: 1}
	s.Ledger = Ledger{
		Units:     []UnitLedger{{Position: 0, Price: 100}},
		Names:     []string{"A"},
		Discounts: []Discount{{CampaignID: 1, Name: "off"}},
		Postings:  []Posting{{Unit: 0, Discount: 0, Amount: 10}},
	}
	mustCommit(t, m, &ChangeSet{Session: s, Profiles: []*Profile{p}, Loyalty: []LoyaltyTxn{txn("t1", "ann", 5)}})

	got, _ := m.Profile(ctx, "ann")
	got.Attributes["tier"] = "bronze"
	got.ClosedSessions = 7
	if again, _ := m.Profile(ctx, "ann"); again.Attributes["tier"] != "gold" || again.ClosedSessions != 0 {
		t.Errorf("changing a read profile changed the store: %+v", again)
	}
	rs, _ := m.Session(ctx, "s1")
	rs.Returned[0] = 5
	rs.Ledger.Units[0].Price = 2
	rs.Ledger.Units[0].Returned = true
	rs.Ledger.Names[0] = "B"
	rs.Ledger.Discounts[0].Name = "changed"
	rs.Ledger.Postings[0].Amount = 3
	again, _ := m.Session(ctx, "s1")
	if again.Returned[0] != 1 || !cmp.Equal(again.Ledger, s.Ledger) {
		t.Errorf("changing a read session changed the store: %+v", again)
	}
	txns, _ := m.Loyalty(ctx, "ann", 1)
	txns[0].ID = "changed"
	if again, _ := m.Loyalty(ctx, "ann", 1); again[0].ID != "t1" {
		t.Errorf("changing a read ledger changed the store")
	}
}

// Commit keeps the committed session without copying it (the change set
// is the store's), but a write still gets the next version and leaves the
// caller's struct as it was.
func TestCommitKeepsTheSession(t *testing.T) {
	m := NewMemory()
	s := session("s1", cart.StateOpen)
	s.Triggered = []int64{7}
	mustCommit(t, m, &ChangeSet{Session: s})
	if s.Version != 0 {
		t.Errorf("the committed struct got version %d", s.Version)
	}
	got, _ := m.Session(ctx, "s1")
	if got.Version != 1 || !slices.Equal(got.Triggered, []int64{7}) {
		t.Errorf("stored %+v", got)
	}
}

// Not found is ErrNotFound for every kind of record; a counter never
// incremented reads 0.
func TestReadsOfMissingRecords(t *testing.T) {
	m := NewMemory()
	for name, err := range map[string]error{
		"session":  second(m.Session(ctx, "x")),
		"profile":  second(m.Profile(ctx, "x")),
		"coupon":   second(m.Coupon(ctx, "x")),
		"referral": second(m.Referral(ctx, "x")),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", name, err)
		}
	}
	if v := value(t, m, budget); v != 0 {
		t.Errorf("counter %d", v)
	}
	if txns, err := m.Loyalty(ctx, "x", 1); err != nil || len(txns) != 0 {
		t.Errorf("ledger %v, %v", txns, err)
	}
}

func second[T any](_ T, err error) error { return err }

// Concurrent commits against one limited counter never pass the limit;
// concurrent writers of one session: exactly one wins each version;
// readers run alongside (run with -race).
func TestConcurrentCommits(t *testing.T) {
	m := NewMemory()
	const writers = 64
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, limited, conflicts := 0, 0, 0
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cs := &ChangeSet{
				Session:       session(fmt.Sprintf("s%d", i), cart.StateClosed),
				Counters:      []CounterAdd{{Key: budget, Delta: 7, Limit: 100}},
				Profiles:      []*Profile{{ID: fmt.Sprintf("p%d", i%4)}},
				ProfileDeltas: []ProfileDelta{{ID: "ann", ClosedSessions: 1, TotalSales: 7}},
				NewCoupons:    []*Coupon{{Code: fmt.Sprintf("C-%d", i)}},
				Loyalty:       []LoyaltyTxn{txn(fmt.Sprintf("t%d", i), "ann", 1)},
			}
			err := m.Commit(ctx, cs)
			// And one shared session, all at version 0.
			shared := m.Commit(ctx, &ChangeSet{Session: session("shared", cart.StateOpen)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, ErrLimitReached):
				limited++
			default:
				t.Errorf("commit %d: %v", i, err)
			}
			if errors.Is(shared, ErrConflict) {
				conflicts++
			} else if shared != nil {
				t.Errorf("shared commit %d: %v", i, shared)
			}
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = m.Counter(ctx, budget)
			_, _ = m.Session(ctx, "shared")
			_, _ = m.Profile(ctx, "p0")
			_, _ = m.Profile(ctx, "ann")
			_, _ = m.Loyalty(ctx, "ann", 1)
			_, _ = m.Coupon(ctx, "C-0")
		}()
	}
	wg.Wait()
	// 100 / 7 = 14 commits fit (98); the other 50 are refused whole.
	if won != 14 || limited != 50 {
		t.Errorf("%d commits won, %d refused; want 14 and 50", won, limited)
	}
	if v := value(t, m, budget); v != 98 {
		t.Errorf("counter %d, want 98", v)
	}
	if txns, _ := m.Loyalty(ctx, "ann", 1); len(txns) != 14 {
		t.Errorf("%d loyalty transactions, want 14 (one per winning commit)", len(txns))
	}
	// Every winning commit counted on the one profile they share.
	if p, _ := m.Profile(ctx, "ann"); p.ClosedSessions != 14 || p.TotalSales != 98 {
		t.Errorf("ann %+v, want 14 sessions, 98", p)
	}
	if conflicts != writers-1 {
		t.Errorf("%d shared commits conflicted, want %d", conflicts, writers-1)
	}
	if s, _ := m.Session(ctx, "shared"); s.Version != 1 {
		t.Errorf("shared session at version %d, want 1", s.Version)
	}
}

func TestProfileCodesAreIndexedByProfile(t *testing.T) {
	m := NewMemory()
	t1 := t0.Add(time.Hour)
	mustCommit(t, m, &ChangeSet{
		NewCoupons: []*Coupon{
			{Code: "B", CampaignID: 1, Recipient: "alice", Created: t0},
			{Code: "LATER", CampaignID: 1, Recipient: "alice", Created: t1},
			{Code: "A", CampaignID: 2, Recipient: "alice", Created: t0},
			{Code: "BOB", CampaignID: 1, Recipient: "bob", Created: t0},
			{Code: "ANYONE", CampaignID: 1, Created: t0},
		},
		NewReferrals: []*Referral{
			{Code: "R2", CampaignID: 3, Advocate: "alice", Created: t1},
			{Code: "R1", CampaignID: 3, Advocate: "alice", Friend: "bob", Created: t0},
			{Code: "RB", CampaignID: 3, Advocate: "bob", Created: t0},
		},
	})
	coupons, err := m.ProfileCoupons(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	want := []*Coupon{
		{Code: "A", CampaignID: 2, Recipient: "alice", Created: t0},
		{Code: "B", CampaignID: 1, Recipient: "alice", Created: t0},
		{Code: "LATER", CampaignID: 1, Recipient: "alice", Created: t1},
	}
	if diff := cmp.Diff(want, coupons); diff != "" {
		t.Errorf("alice's coupons (-want +got):\n%s", diff)
	}
	referrals, err := m.ProfileReferrals(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	wantRefs := []*Referral{
		{Code: "R1", CampaignID: 3, Advocate: "alice", Friend: "bob", Created: t0},
		{Code: "R2", CampaignID: 3, Advocate: "alice", Created: t1},
	}
	if diff := cmp.Diff(wantRefs, referrals); diff != "" {
		t.Errorf("alice's referrals (-want +got):\n%s", diff)
	}
	coupons[0].Code = "CHANGED"
	again, _ := m.ProfileCoupons(ctx, "alice")
	if again[0].Code != "A" {
		t.Errorf("a reader's change reached the store: %q", again[0].Code)
	}
	none, err := m.ProfileCoupons(ctx, "nobody")
	if err != nil || len(none) != 0 {
		t.Errorf("nobody's coupons: %v, %v; want none", none, err)
	}
}
