package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	ctx     = context.Background()
	testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
)

func clock() time.Time { return testNow }

func loadCampaigns(t testing.TB, yaml string) *rules.File {
	t.Helper()
	f, err := rules.Parse("campaigns.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func newEngine(t testing.TB, f *rules.File, st store.Store) *engine.Engine {
	t.Helper()
	e, err := engine.New(f, engine.WithStore(st), engine.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// replicas returns n engines on one database, each with a store on a
// pool of its own, as n cart-service replicas would be.
func replicas(t testing.TB, db *postgrestest.DB, f *rules.File, n int, configure ...func(*pgxpool.Config)) []*engine.Engine {
	t.Helper()
	out := make([]*engine.Engine, n)
	for i := range out {
		out[i] = newEngine(t, f, db.Store(t, configure...))
	}
	return out
}

func update(t testing.TB, e *engine.Engine, id, body string) *engine.Response {
	t.Helper()
	r, err := e.UpdateSession(ctx, id, []byte(body), engine.UpdateOptions{})
	if err != nil {
		t.Fatalf("update %s: %v", id, err)
	}
	return r
}

// closeAll closes n new sessions at once, session i on engine i mod
// len(engines) with body(i), and returns their responses in order.
func closeAll(t *testing.T, engines []*engine.Engine, n int, body func(i int) string) []*engine.Response {
	t.Helper()
	out := make([]*engine.Response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r, err := engines[i%len(engines)].UpdateSession(ctx, fmt.Sprintf("s%03d", i), []byte(body(i)), engine.UpdateOptions{})
			if err != nil {
				t.Errorf("close s%03d: %v", i, err)
				return
			}
			out[i] = r
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return out
}

// summary renders effects one per line, compactly, for exact comparison.
func summary(list []effects.Effect) string {
	var b strings.Builder
	for _, e := range list {
		props, err := effects.MarshalProps(e.Props)
		if err != nil {
			props = []byte(err.Error())
		}
		fmt.Fprintf(&b, "%d %s %s\n", e.CampaignID, e.Type(), props)
	}
	return b.String()
}

// tally counts the responses whose effects are each summary.
func tally(responses []*engine.Response) map[string]int {
	out := map[string]int{}
	for _, r := range responses {
		out[summary(r.Effects)]++
	}
	return out
}

func counter(t testing.TB, st store.Store, k store.CounterKey) int64 {
	t.Helper()
	v, err := st.Counter(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// cart50 is a session of one 50.00 item, closed at once.
func cart50(profile string, coupons ...string) string {
	codes := ""
	if len(coupons) > 0 {
		codes = `, "couponCodes": ["` + strings.Join(coupons, `", "`) + `"]`
	}
	return `{"profileId": "` + profile + `", "state": "closed"` + codes + `, "cartItems": [{"sku": "A", "quantity": 1, "price": 50.00}]}`
}
