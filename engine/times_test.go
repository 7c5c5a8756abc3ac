package engine

import (
	"context"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// TestSessionTimes: an answer's session carries when the store first kept
// it, its last commit and the count of its commits, however many engines
// (replicas) on the store answer; a dry run has its evaluation's time
// and no commit. The profile carries its creation.
func TestSessionTimes(t *testing.T) {
	mem := store.NewMemory()
	now := testNow
	e1 := newEngine(t, shopCampaigns, WithStore(mem), WithClock(func() time.Time { return now }))
	e2 := newEngine(t, shopCampaigns, WithStore(mem), WithClock(func() time.Time { return now }))
	type times struct {
		Created, Updated time.Time
		Version          int64
		ProfileCreated   time.Time
	}
	of := func(r *Response) times {
		out := times{Created: r.CustomerSession.Created, Updated: r.CustomerSession.Updated, Version: r.CustomerSession.Version}
		if r.CustomerProfile != nil {
			out.ProfileCreated = r.CustomerProfile.Created
		}
		return out
	}
	ctx := context.Background()
	item := `{"sku": "A", "quantity": 2, "price": 10}`
	steps := []struct {
		name string
		at   time.Duration
		run  func() (*Response, error)
		want times
	}{
		{"created", 0, func() (*Response, error) {
			return e1.UpdateSession(ctx, "s1", []byte(`{"profileId": "ann", "cartItems": [`+item+`]}`), UpdateOptions{})
		}, times{testNow, testNow, 1, testNow}},
		{"updated by another engine", time.Minute, func() (*Response, error) {
			return e2.UpdateSession(ctx, "s1", []byte(`{"attributes": {}}`), UpdateOptions{})
		}, times{testNow, testNow.Add(time.Minute), 2, testNow}},
		{"closed", 2 * time.Minute, func() (*Response, error) {
			return e1.UpdateSession(ctx, "s1", []byte(`{"state": "closed"}`), UpdateOptions{})
		}, times{testNow, testNow.Add(2 * time.Minute), 3, testNow}},
		{"read", 3 * time.Minute, func() (*Response, error) { return e2.Session(ctx, "s1") },
			times{testNow, testNow.Add(2 * time.Minute), 3, testNow}},
		{"returned", 4 * time.Minute, func() (*Response, error) {
			return e2.Return(ctx, "s1", []ReturnedItem{{Position: 0, Quantity: 1}})
		}, times{testNow, testNow.Add(4 * time.Minute), 4, testNow}},
		{"cancelled", 5 * time.Minute, func() (*Response, error) {
			return e1.UpdateSession(ctx, "s1", []byte(`{"state": "cancelled"}`), UpdateOptions{})
		}, times{testNow, testNow.Add(5 * time.Minute), 5, testNow}},
		{"a dry run", 6 * time.Minute, func() (*Response, error) {
			return e1.UpdateSession(ctx, "s1", []byte(`{"profileId": "ann", "cartItems": [`+item+`]}`), UpdateOptions{Dry: true})
		}, times{testNow.Add(6 * time.Minute), testNow.Add(6 * time.Minute), 0, testNow}},
		{"a new profile", 7 * time.Minute, func() (*Response, error) {
			return e1.UpdateSession(ctx, "s2", []byte(`{"profileId": "bob"}`), UpdateOptions{})
		}, times{testNow.Add(7 * time.Minute), testNow.Add(7 * time.Minute), 1, testNow.Add(7 * time.Minute)}},
	}
	for _, st := range steps {
		now = testNow.Add(st.at)
		r, err := st.run()
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if diff := cmp.Diff(st.want, of(r)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", st.name, diff)
		}
	}
}

// TestCancelAfterFullReturn: a session whose every unit was returned,
// with the points it earned taken back in full, can still be cancelled.
func TestCancelAfterFullReturn(t *testing.T) {
	e := newEngine(t, shopCampaigns, WithStore(store.NewMemory()))
	ctx := context.Background()
	if _, err := e.UpdateSession(ctx, "s1", []byte(`{"profileId": "ann", "state": "closed", "cartItems": [{"sku": "A", "quantity": 1, "price": 10}]}`), UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	ret, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 0, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ret.Effects) != 1 || ret.Effects[0].Type() != "rollbackAddedLoyaltyPoints" {
		t.Fatalf("return effects %+v, want the points rolled back", ret.Effects)
	}
	cancelled, err := e.UpdateSession(ctx, "s1", []byte(`{"state": "cancelled"}`), UpdateOptions{})
	if err != nil {
		t.Fatalf("cancel after the return: %v", err)
	}
	// Everything was returned: nothing is left to roll back.
	if len(cancelled.Effects) != 0 {
		t.Errorf("cancel effects %+v, want none", cancelled.Effects)
	}
	txns, err := e.Store().Loyalty(ctx, "ann", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(txns) != 0 {
		t.Errorf("loyalty after the cancel: %+v, want none", txns)
	}
}
