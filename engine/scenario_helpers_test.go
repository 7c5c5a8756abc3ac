package engine

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// testClock is a clock a test can move; safe for concurrent use.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock(t time.Time) *testClock { return &testClock{now: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newEngineClock is newEngine with a clock the test moves.
func newEngineClock(t testing.TB, campaigns string, c *testClock, opts ...Option) *Engine {
	t.Helper()
	return newEngine(t, campaigns, append([]Option{WithClock(c.Now)}, opts...)...)
}

var uuidField = regexp.MustCompile(`"transactionUUID":"([0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})"`)

// stable is summary with every transaction UUID (deterministic, but a hash
// that cannot be derived by hand) replaced by "<uuid>", after checking that
// it is a well-formed version 5 style UUID.
func stable(list []effects.Effect) string {
	return uuidField.ReplaceAllString(summary(list), `"transactionUUID":"<uuid>"`)
}

// wantEffects compares a response's effects with the expected summary.
func wantEffects(t testing.TB, r *Response, want string) {
	t.Helper()
	if diff := cmp.Diff(want, stable(r.Effects)); diff != "" {
		t.Errorf("effects (-want +got):\n%s", diff)
	}
}

// wantTotals checks the receipt's subtotal, discount total and total.
func wantTotals(t testing.TB, r *Response, subtotal, discount, total string) {
	t.Helper()
	got := [3]string{r.Cart.Subtotal.String(), r.Cart.DiscountTotal.String(), r.Cart.Total.String()}
	if want := [3]string{subtotal, discount, total}; got != want {
		t.Errorf("subtotal, discount, total = %v, want %v", got, want)
	}
}

// triggeredIDs lists the IDs of the triggered campaigns.
func triggeredIDs(r *Response) []int64 {
	out := []int64{}
	for _, c := range r.Triggered {
		out = append(out, c.ID)
	}
	return out
}

// storedSession reads a session that must exist.
func storedSession(t testing.TB, e *Engine, id string) *store.Session {
	t.Helper()
	s, err := e.Store().Session(context.Background(), id)
	if err != nil {
		t.Fatalf("session %s: %v", id, err)
	}
	return s
}

// noSession checks that a session was not stored.
func noSession(t testing.TB, e *Engine, id string) {
	t.Helper()
	if _, err := e.Store().Session(context.Background(), id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("session %s: err = %v, want ErrNotFound", id, err)
	}
}

// storedProfile reads a profile that must exist.
func storedProfile(t testing.TB, e *Engine, id string) *store.Profile {
	t.Helper()
	p, err := e.Store().Profile(context.Background(), id)
	if err != nil {
		t.Fatalf("profile %s: %v", id, err)
	}
	return p
}

// ledger returns a program's balances in a response.
func ledger(t testing.TB, r *Response, program string) LoyaltyLedger {
	t.Helper()
	p, ok := r.Loyalty.Programs[program]
	if !ok {
		t.Fatalf("no loyalty program %s in the response: %+v", program, r.Loyalty)
	}
	return p.Ledger
}

// balances renders a ledger compactly: current, pending, expired, spent,
// tentative current, tentative pending.
func balances(l LoyaltyLedger) string {
	return l.CurrentBalance.String() + " " + l.PendingBalance.String() + " " + l.ExpiredBalance.String() + " " +
		l.SpentBalance.String() + " " + l.TentativeCurrentBalance.String() + " " + l.TentativePendingBalance.String()
}
