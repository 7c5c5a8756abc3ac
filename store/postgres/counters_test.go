package postgres_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
	"github.com/google/go-cmp/cmp"
)

// An increment that no limit checks goes to a shard of its own, but a
// limited increment of the same counter waits for it to commit and then
// counts it: the limit holds against every increment, sharded or not.
func TestALimitedIncrementWaitsForUnlimitedOnes(t *testing.T) {
	db := postgrestest.New(t)
	unlimitedApp := db.Schema + "-unlimited"
	unlimited := db.Store(t, named(unlimitedApp))
	app := db.Schema + "-limited"
	limited := db.Store(t, named(app))
	admin := db.Pool(t)
	key := store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE5"}
	if err := unlimited.Commit(ctx, &store.ChangeSet{Profiles: []*store.Profile{{ID: "blocker", Created: testNow}}}); err != nil {
		t.Fatal(err)
	}
	// The unlimited commit adds 5, then waits for the profile row the
	// test holds, its transaction open.
	tx, err := admin.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT 1 FROM cartfx_profiles WHERE id = 'blocker' FOR UPDATE"); err != nil {
		t.Fatal(err)
	}
	first := make(chan error, 1)
	go func() {
		first <- unlimited.Commit(ctx, &store.ChangeSet{
			Counters:      []store.CounterAdd{{Key: key, Delta: 5}},
			ProfileDeltas: []store.ProfileDelta{{ID: "blocker", ClosedSessions: 1}},
		})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := admin.QueryRow(ctx, `SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.mode = 'ShareLock' AND l.granted AND a.application_name = $1`, unlimitedApp).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the unlimited increment did not take its shared lock within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	second := make(chan error, 1)
	go func() {
		second <- limited.Commit(ctx, &store.ChangeSet{Counters: []store.CounterAdd{{Key: key, Delta: 1, Limit: 5}}})
	}()
	waiter(t, admin, app) // the limited increment waits for the lock
	select {
	case err := <-second:
		t.Fatalf("the limited increment did not wait for the unlimited one: %v", err)
	default:
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-first; err != nil {
		t.Fatalf("the unlimited increment: %v", err)
	}
	err = <-second
	var le *store.LimitError
	if !errors.As(err, &le) {
		t.Fatalf("the limited increment: err = %v, want a *store.LimitError", err)
	}
	if diff := cmp.Diff(store.LimitError{Key: key, Value: 5, Delta: 1, Limit: 5}, *le); diff != "" {
		t.Errorf("limit error (-want +got):\n%s", diff)
	}
	if v := counter(t, limited, key); v != 5 {
		t.Errorf("the counter is %d, want 5", v)
	}
}
