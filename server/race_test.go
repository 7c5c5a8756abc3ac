package server

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
)

// gate is a store whose reads of one session wait until n readers are
// there, so that n updates of it surely race: every one reads the same
// version, and only the first commit can win.
type gate struct {
	*store.Memory
	id      string
	n       int
	mu      sync.Mutex
	waiting int
	open    chan struct{}
}

func (g *gate) Session(ctx context.Context, id string) (*store.Session, error) {
	r, err := g.Memory.Session(ctx, id)
	if id == g.id {
		// Read first, then wait: every reader has read before any commits.
		g.mu.Lock()
		g.waiting++
		if g.waiting == g.n {
			close(g.open)
		}
		ch := g.open
		g.mu.Unlock()
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
		}
	}
	return r, err
}

// TestConcurrentClients has 64 clients update distinct sessions, then 64
// race on one: exactly one wins each race, the others get 409.
func TestConcurrentClients(t *testing.T) {
	const clients = 64
	mem := store.NewMemory()
	g := &gate{Memory: mem, id: "contended", n: clients, open: make(chan struct{})}
	_, ts := newTest(t, func(c *Config) { c.Store = g })

	var wg sync.WaitGroup
	var failed atomic.Int64
	for i := range clients {
		wg.Go(func() {
			for j := range 5 {
				body := fmt.Sprintf(`{"customerSession": {"profileId": "p%d", "cartItems": [{"sku": "A", "quantity": %d, "price": 30}]}}`, i, j+1)
				if status, resp := call(t, ts, "PUT", fmt.Sprintf("/v2/customer_sessions/own-%d", i), body); status != 200 {
					failed.Add(1)
					t.Errorf("client %d: %d %s", i, status, resp)
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.FailNow()
	}

	// The race: every update reads the session (absent) at once.
	statuses := make([]int, clients)
	bodies := make([]string, clients)
	for i := range clients {
		wg.Go(func() {
			body := fmt.Sprintf(`{"customerSession": {"cartItems": [{"sku": "A", "quantity": %d, "price": 10}]}}`, i+1)
			statuses[i], bodies[i] = call(t, ts, "PUT", "/v2/customer_sessions/contended", body)
		})
	}
	wg.Wait()
	won, lost := 0, 0
	for i, s := range statuses {
		switch s {
		case 200:
			won++
		case 409:
			lost++
			if !strings.Contains(bodies[i], `"StatusCode":409`) || !strings.Contains(bodies[i], `"parameter":"customerSessionId"`) {
				t.Errorf("a 409 not in Talon.One's shape: %s", bodies[i])
			}
		default:
			t.Errorf("status %d: %s", s, bodies[i])
		}
	}
	if won != 1 || lost != clients-1 {
		t.Errorf("%d won and %d lost the race; want 1 and %d", won, lost, clients-1)
	}
}

// TestLoad sends a bounded load over loopback with keep-alive: at most
// 2,000 requests or two seconds, from 16 clients; every answer is 200.
func TestLoad(t *testing.T) {
	_, ts := newTest(t, nil)
	const clients, maxRequests = 16, 2000
	deadline := time.Now().Add(2 * time.Second)
	if testing.Short() {
		deadline = time.Now().Add(200 * time.Millisecond)
	}
	var sent, bad atomic.Int64
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			for n := 0; time.Now().Before(deadline) && sent.Add(1) <= maxRequests; n++ {
				dry := "?dry=true"
				if n%4 == 0 {
					dry = ""
				}
				body := `{"customerSession": {"profileId": "load", "cartItems": [` + shoes + `]}}`
				if status, _ := call(t, ts, "PUT", fmt.Sprintf("/v2/customer_sessions/load-%d%s", i, dry), body); status != 200 {
					bad.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if bad.Load() > 0 {
		t.Errorf("%d of %d requests failed", bad.Load(), min(sent.Load(), maxRequests))
	}
}
