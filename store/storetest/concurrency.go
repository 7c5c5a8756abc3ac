package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/store"
)

// Concurrent commits against one limited counter never pass the limit,
// and a commit refused for it writes nothing; concurrent writers of one
// new session: exactly one wins; every winner's delta of the profile they
// share counts; readers run alongside (run with -race).
func testConcurrentCommits(t *testing.T, st store.Store) {
	const writers = 64
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, limited, conflicts := 0, 0, 0
	for i := range writers {
		wg.Go(func() {
			cs := &store.ChangeSet{
				Session:       plain(fmt.Sprintf("s%d", i), cart.StateClosed),
				Counters:      []store.CounterAdd{{Key: budget, Delta: 7, Limit: 100}},
				Profiles:      []*store.Profile{{ID: fmt.Sprintf("p%d", i%4), Created: t0}},
				ProfileDeltas: []store.ProfileDelta{{ID: "ann", ClosedSessions: 1, TotalSales: 7}},
				NewCoupons:    []*store.Coupon{{Code: fmt.Sprintf("C-%d", i), Created: t0}},
				Loyalty:       []store.LoyaltyTxn{txn(fmt.Sprintf("t%d", i), "ann", 1)},
			}
			err := st.Commit(ctx, cs)
			shared := st.Commit(ctx, &store.ChangeSet{Session: plain("shared", cart.StateOpen)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrLimitReached):
				limited++
			default:
				t.Errorf("commit %d: %v", i, err)
			}
			switch {
			case errors.Is(shared, store.ErrConflict):
				conflicts++
			case shared != nil:
				t.Errorf("shared commit %d: %v", i, shared)
			}
		})
		wg.Go(func() {
			for _, err := range []error{
				second(st.Counter(ctx, budget)), second(st.Profile(ctx, "p0")), second(st.Profile(ctx, "ann")),
				second(st.Session(ctx, "shared")), second(st.Loyalty(ctx, "ann", 1)), second(st.Coupon(ctx, "C-0")),
			} {
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					t.Errorf("a read beside the commits: %v", err)
				}
			}
		})
	}
	wg.Wait()
	// 100 / 7 = 14 commits fit (98); the other 50 are refused whole.
	if won != 14 || limited != 50 {
		t.Errorf("%d commits won, %d refused; want 14 and 50", won, limited)
	}
	wantCounter(t, st, budget, 98)
	if txns := ledger(t, st, "ann", 1); len(txns) != 14 {
		t.Errorf("%d loyalty transactions, want 14 (one per winning commit)", len(txns))
	}
	if p := profile(t, st, "ann"); p.ClosedSessions != 14 || p.TotalSales != 98 {
		t.Errorf("ann has %d sessions, %d sales; want 14, 98", p.ClosedSessions, p.TotalSales)
	}
	coupons := 0
	for i := range writers {
		if _, err := st.Coupon(ctx, fmt.Sprintf("C-%d", i)); err == nil {
			coupons++
		}
	}
	if coupons != 14 {
		t.Errorf("%d coupons written, want 14", coupons)
	}
	if conflicts != writers-1 {
		t.Errorf("%d shared commits conflicted, want %d", conflicts, writers-1)
	}
	if s := session(t, st, "shared"); s.Version != 1 {
		t.Errorf("the shared session is at version %d, want 1", s.Version)
	}
}

func second[T any](_ T, err error) error { return err }

// Concurrent deltas of one profile all count, and concurrent merges of
// different attributes all stay.
func testConcurrentProfileDeltas(t *testing.T, st store.Store) {
	const n = 32
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			err := st.Commit(ctx, &store.ChangeSet{
				Profiles:      []*store.Profile{{ID: "ann", Attributes: map[string]any{}, Created: t0}},
				ProfileDeltas: []store.ProfileDelta{{ID: "ann", ClosedSessions: 1, TotalSales: int64(i), MergeAttributes: map[string]any{fmt.Sprintf("a%d", i): "x"}}},
			})
			if err != nil {
				t.Errorf("delta %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	want := &store.Profile{ID: "ann", Attributes: map[string]any{}, ClosedSessions: n, TotalSales: n * (n - 1) / 2, Created: t0}
	for i := range n {
		want.Attributes[fmt.Sprintf("a%d", i)] = "x"
	}
	wantProfile(t, st, want)
}

// Of concurrent commits that create one code, exactly one succeeds; the
// others are ErrExists and write nothing else.
func testConcurrentCodes(t *testing.T, st store.Store) {
	const n = 16
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, taken := 0, 0
	for i := range n {
		wg.Go(func() {
			err := st.Commit(ctx, &store.ChangeSet{
				Counters:   []store.CounterAdd{{Key: usage, Delta: 1}},
				NewCoupons: []*store.Coupon{{Code: "ONE", CampaignID: int64(i), Created: t0}},
			})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrExists):
				taken++
			default:
				t.Errorf("commit %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if won != 1 || taken != n-1 {
		t.Errorf("%d commits won, %d found the code taken; want 1 and %d", won, taken, n-1)
	}
	wantCounter(t, st, usage, 1)
}

// Concurrent increments and decrements of one counter all count.
func testConcurrentCounterUpdates(t *testing.T, st store.Store) {
	const n = 64
	var wg sync.WaitGroup
	for i := range 2 * n {
		wg.Go(func() {
			d := int64(3)
			if i%2 == 1 {
				d = -1
			}
			if err := st.Commit(ctx, &store.ChangeSet{Counters: []store.CounterAdd{{Key: budget, Delta: d}}}); err != nil {
				t.Errorf("commit %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	wantCounter(t, st, budget, 2*n)
}
