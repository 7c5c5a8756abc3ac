package postgres_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const shop = `
currency: EUR
loyaltyPrograms:
  - id: 1
    name: Club
    returnPolicy: unlimited
groups:
  - name: coupons
    mode: first
  - name: basket
    mode: stackable
campaigns:
  - id: 1
    name: Ten off
    group: coupons
    features: [coupons]
    coupons:
      codes: [SAVE10]
      usageLimit: 10
    rules:
      - name: ten off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Coupon ten off
            value: 10
  - id: 2
    name: Ten percent, from a budget
    group: basket
    limits:
      - action: setDiscount
        limit: 100
    partialDiscounts: true
    rules:
      - name: ten percent
        condition: Session.CartItemTotal >= 50
        effects:
          - type: setDiscount
            name: 10% off
            value: Session.CartItemTotal * 10 / 100
            scope: cartItems
  - id: 3
    name: Points
    group: basket
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

func shopCart(profile string) string {
	return `{"profileId": "` + profile + `", "state": "closed", "couponCodes": ["SAVE10"], "cartItems": [
  {"sku": "A", "quantity": 2, "price": 20.00}, {"sku": "B", "quantity": 1, "price": 30.00, "category": "mugs"}]}`
}

// step is one call of the scenario, on an engine.
type step func(e *engine.Engine) (*engine.Response, error)

func closeStep(id, profile string) step {
	return func(e *engine.Engine) (*engine.Response, error) {
		return e.UpdateSession(ctx, id, []byte(shopCart(profile)), engine.UpdateOptions{})
	}
}

// Sessions closed on one engine, then cancelled, returned and reopened by
// a new engine on the same database (a replica started later): every
// answer, and everything stored, is what the in-memory store gives for the
// same calls on one process; the rollbacks give back exactly what the
// closes took.
func TestANewEngineRollsBackWhatAnotherClosed(t *testing.T) {
	f := loadCampaigns(t, shop)
	closes := []step{closeStep("s1", "ann"), closeStep("s2", "ann"), closeStep("s3", "bob")}
	later := []step{
		func(e *engine.Engine) (*engine.Response, error) {
			return e.UpdateSession(ctx, "s1", []byte(`{"state": "cancelled"}`), engine.UpdateOptions{})
		},
		func(e *engine.Engine) (*engine.Response, error) {
			return e.Return(ctx, "s2", []engine.ReturnedItem{{Position: 0, Quantity: 1}})
		},
		func(e *engine.Engine) (*engine.Response, error) { return e.Reopen(ctx, "s3") },
		func(e *engine.Engine) (*engine.Response, error) {
			return e.Return(ctx, "s2", []engine.ReturnedItem{{Position: 1, Quantity: 1}})
		},
		func(e *engine.Engine) (*engine.Response, error) {
			return e.UpdateSession(ctx, "s2", []byte(`{"state": "cancelled"}`), engine.UpdateOptions{})
		},
		closeStep("s3", "bob"),
	}
	mem := store.NewMemory()
	db := postgrestest.New(t)
	pg := db.Store(t)
	run := func(e *engine.Engine, steps []step) []string {
		var out []string
		for i, s := range steps {
			r, err := s(e)
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			data, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(data))
		}
		return out
	}
	wantCloses := run(newEngine(t, f, mem), closes)
	gotCloses := run(newEngine(t, f, pg), closes)
	if diff := cmp.Diff(wantCloses, gotCloses); diff != "" {
		t.Errorf("the closes' answers (-memory +postgres):\n%s", diff)
	}
	sameState(t, mem, pg)

	// The closes took: the coupon thrice, 3 × 7.00 of the budget, points.
	if v := counter(t, pg, store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE10"}); v != 3 {
		t.Errorf("the coupon's counter is %d after three closes, want 3", v)
	}
	budgetKey := store.CounterKey{CampaignID: 2, Action: "setDiscount", Per: "campaign"}
	if v := counter(t, pg, budgetKey); v != 2100 {
		t.Errorf("the budget used is %d after three closes, want 2100", v)
	}

	wantLater := run(newEngine(t, f, mem), later)
	gotLater := run(newEngine(t, f, db.Store(t)), later)
	if diff := cmp.Diff(wantLater, gotLater); diff != "" {
		t.Errorf("the later calls' answers (-memory +postgres):\n%s", diff)
	}
	sameState(t, mem, pg)
	// What is left committed: s3's second close.
	if v := counter(t, pg, store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE10"}); v != 1 {
		t.Errorf("the coupon's counter is %d at the end, want 1", v)
	}
	if v := counter(t, pg, budgetKey); v != 700 {
		t.Errorf("the budget used is %d at the end, want 700", v)
	}
	if p, err := pg.Profile(ctx, "ann"); err != nil || p.ClosedSessions != 0 || p.TotalSales != 0 {
		t.Errorf("ann at the end: %+v, %v; want no closed session, no sales", p, err)
	}
}

// sameState compares what both stores hold for the scenario.
func sameState(t *testing.T, want, got store.Store) {
	t.Helper()
	for _, id := range []string{"s1", "s2", "s3"} {
		w, werr := want.Session(ctx, id)
		g, gerr := got.Session(ctx, id)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("session %s: memory %v, postgres %v", id, werr, gerr)
			continue
		}
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("session %s (-memory +postgres):\n%s", id, diff)
		}
	}
	for _, id := range []string{"ann", "bob"} {
		w, _ := want.Profile(ctx, id)
		g, _ := got.Profile(ctx, id)
		if diff := cmp.Diff(w, g); diff != "" {
			t.Errorf("profile %s (-memory +postgres):\n%s", id, diff)
		}
		wl, _ := want.Loyalty(ctx, id, 1)
		gl, _ := got.Loyalty(ctx, id, 1)
		if diff := cmp.Diff(wl, gl, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("loyalty of %s (-memory +postgres):\n%s", id, diff)
		}
	}
	for _, k := range []store.CounterKey{
		{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE10"},
		{CampaignID: 1, Action: "couponUsage", Per: "profile", Subject: "ann/SAVE10"},
		{CampaignID: 1, Action: "couponUsage", Per: "profile", Subject: "bob/SAVE10"},
		{CampaignID: 2, Action: "setDiscount", Per: "campaign"},
	} {
		if w, g := counter(t, want, k), counter(t, got, k); w != g {
			t.Errorf("counter %s: memory %d, postgres %d", k, w, g)
		}
	}
}

// PostgreSQL restarted while two replicas close sessions: the calls that
// meet the restart fail with an error of the store (never a wrong answer),
// the engines recover without being rebuilt, and every session is closed
// and counted exactly once.
func TestEnginesRecoverFromAPostgreSQLRestart(t *testing.T) {
	postgrestest.CanRestart(t)
	db := postgrestest.New(t)
	engines := replicas(t, db, loadCampaigns(t, pointsPerEuro), 2)
	const workers, each = 8, 25
	var done, failures atomic.Int64
	restarted := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			e := engines[w%len(engines)]
			for i := range each {
				id := fmt.Sprintf("w%d-%02d", w, i)
				deadline := time.Now().Add(60 * time.Second)
				for {
					_, err := e.UpdateSession(ctx, id, []byte(cart50("ann")), engine.UpdateOptions{})
					if err == nil || errors.Is(err, engine.ErrInvalidTransition) {
						// Closed now, or by a try whose answer was lost.
						break
					}
					var ee *engine.Error
					if errors.As(err, &ee) {
						t.Errorf("%s: the engine's verdict %v, want the store's failure", id, err)
						return
					}
					failures.Add(1)
					if time.Now().After(deadline) {
						t.Errorf("%s: still failing after 60s: %v", id, err)
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
				if done.Add(1) == workers*each/4 {
					close(restarted)
				}
			}
		})
	}
	<-restarted
	db.Restart(t)
	wg.Wait()
	t.Logf("%d calls failed around the restart", failures.Load())
	st := engines[0].Store()
	p, err := st.Profile(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if p.ClosedSessions != workers*each || p.TotalSales != workers*each*5000 {
		t.Errorf("ann has %d closed sessions, %d sales; want %d, %d", p.ClosedSessions, p.TotalSales, workers*each, workers*each*5000)
	}
	txns, err := st.Loyalty(ctx, "ann", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(txns) != workers*each {
		t.Errorf("%d loyalty transactions, want %d", len(txns), workers*each)
	}
	for w := range workers {
		for i := range each {
			id := fmt.Sprintf("w%d-%02d", w, i)
			if s, err := st.Session(ctx, id); err != nil || s.Version != 1 {
				t.Errorf("session %s: %v, %v; want closed once, at version 1", id, s, err)
			}
		}
	}
}
