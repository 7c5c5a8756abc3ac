package engine

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/cartfx/cartfx/store"
)

// budgetRaceStore is a store on which, before each of the first races commits
// of session "mine", another replica's close takes one cent of the
// campaign's budget: the commit then loses the race for the budget's
// last cents, as it would to many closes at once.
type budgetRaceStore struct {
	store.Store
	races   atomic.Int64
	commits atomic.Int64
}

func (s *budgetRaceStore) Commit(ctx context.Context, cs *store.ChangeSet) error {
	if cs.Session != nil && cs.Session.ID == "mine" {
		s.commits.Add(1)
		if s.races.Add(-1) >= 0 {
			if err := s.Store.Commit(ctx, &store.ChangeSet{Counters: []store.CounterAdd{{Key: campaignBudget, Delta: 1, Limit: 10000}}}); err != nil {
				return err
			}
		}
	}
	return s.Store.Commit(ctx, cs)
}

// A close that loses the race for a budget's last cents twelve times
// (each time to a close that took a cent) is evaluated again each time,
// since each loss shows the budget taken further, and gets what is left
// once it wins: not a 409 after a fixed count of attempts.
func TestCloseRetriesWhileOthersSpendTheBudget(t *testing.T) {
	st := &budgetRaceStore{Store: store.NewMemory()}
	st.races.Store(12)
	if err := st.Commit(context.Background(), &store.ChangeSet{Counters: []store.CounterAdd{{Key: campaignBudget, Delta: 9500}}}); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 100", true), WithStore(st))
	body := cart50("")
	r := update(t, e, "mine", body[:len(body)-1]+`, "state": "closed"}`)
	// 100.00 less the 95.00 spent and the 0.12 the twelve others took.
	wantEffects(t, r, `1 setDiscount {"name":"Fixed off","value":4.88,"desiredValue":10.00}`+"\n")
	if v := counter(t, st, campaignBudget); v != 10000 {
		t.Errorf("the budget's counter is %d, want 10000", v)
	}
	if n := st.commits.Load(); n != 13 {
		t.Errorf("%d commits, want 13 (12 lost races, then the one that won)", n)
	}
}

// loopingStore fails every commit with the same limit error: an update
// that makes no progress stops with a conflict rather than trying
// forever.
type loopingStore struct {
	store.Store
	commits atomic.Int64
}

func (s *loopingStore) Commit(ctx context.Context, cs *store.ChangeSet) error {
	s.commits.Add(1)
	return &store.LimitError{Key: campaignBudget, Value: 9990, Delta: 500, Limit: 10000}
}

func TestCloseStopsRetryingWithoutProgress(t *testing.T) {
	st := &loopingStore{Store: store.NewMemory()}
	e := newEngine(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 100", true), WithStore(st))
	body := cart50("")
	_, err := e.UpdateSession(context.Background(), "mine", []byte(body[:len(body)-1]+`, "state": "closed"}`), UpdateOptions{})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("err = %v, want a conflict", err)
	}
	// The second loss shows the counter where the first left it.
	if n := st.commits.Load(); n != 2 {
		t.Errorf("%d commits, want 2", n)
	}
}
