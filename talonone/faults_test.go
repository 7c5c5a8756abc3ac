package talonone_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/talonone"
	"github.com/google/go-cmp/cmp"
)

const okBody = `{"effects": [], "createdCoupons": [], "createdReferrals": []}`

// fault answers the first n requests with bad and the rest with okBody,
// counting them.
type fault struct {
	mu    sync.Mutex
	n     int
	calls int
	bad   func(w http.ResponseWriter, r *http.Request)
}

func (f *fault) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.calls++
	bad := f.calls <= f.n
	f.mu.Unlock()
	if bad {
		f.bad(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, okBody)
}

func (f *fault) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// hangUp closes the connection after a part of an answer.
func hangUp(w http.ResponseWriter, _ *http.Request) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"effects\": [")
	buf.Flush()
	conn.Close()
}

func TestFaults(t *testing.T) {
	ctx := context.Background()
	session := parse(t, openSession)
	for _, tt := range []struct {
		name    string
		n       int
		bad     func(w http.ResponseWriter, r *http.Request)
		opts    []talonone.Option
		calls   int
		is      error // nil: success
		minWait time.Duration
	}{
		{"429 with Retry-After", 1, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		}, nil, 2, nil, time.Second},
		{"429 with an HTTP date", 1, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
		}, nil, 2, nil, time.Second},
		{"503 then success", 1, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) }, nil, 2, nil, 0},
		{"502 and 504 then success", 2, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) }, nil, 3, nil, 0},
		{"always 503", 100, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) },
			[]talonone.Option{talonone.WithRetries(2)}, 3, talonone.ErrUnavailable, 0},
		{"reset mid-response", 1, hangUp, nil, 2, nil, 0},
		{"truncated body every time", 100, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "500")
			io.WriteString(w, `{"effects": [{"campaignId": 1,`)
		}, []talonone.Option{talonone.WithRetries(1)}, 2, talonone.ErrUnavailable, 0},
		{"slower than the timeout", 100, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, []talonone.Option{talonone.WithTimeout(200 * time.Millisecond)}, 1, context.DeadlineExceeded, 200 * time.Millisecond},
		{"400 is not retried", 100, func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(400)
			io.WriteString(w, `{"message": "bad", "errors": []}`)
		}, nil, 1, talonone.ErrInvalidInput, 0},
	} {
		f := &fault{n: tt.n, bad: tt.bad}
		c := stub(t, f.ServeHTTP, tt.opts...)
		start := time.Now()
		resp, err := c.Update(ctx, "s-1", session, engine.UpdateOptions{})
		took := time.Since(start)
		switch {
		case tt.is == nil && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.is == nil && (resp.Cart == nil || resp.Cart.Total.String() != "138.43"):
			t.Errorf("%s: receipt %+v; want the cart with no effects, total 138.43", tt.name, resp.Cart)
		case tt.is != nil && !errors.Is(err, tt.is):
			t.Errorf("%s: error %v; want one matching %v", tt.name, err, tt.is)
		}
		if got := f.count(); got != tt.calls {
			t.Errorf("%s: %d requests; want %d", tt.name, got, tt.calls)
		}
		if took < tt.minWait || took > tt.minWait+3*time.Second {
			t.Errorf("%s: took %v; want at least %v", tt.name, took, tt.minWait)
		}
	}
}

// TestReopenIsNotRetried: a reopen is not safe to repeat.
func TestReopenIsNotRetried(t *testing.T) {
	var mu sync.Mutex
	reopens := 0
	c := stub(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"customerSession": {"integrationId": "s-1", "state": "closed", "cartItems": []}, "effects": []}`)
			return
		}
		mu.Lock()
		reopens++
		mu.Unlock()
		w.WriteHeader(503)
	})
	_, err := c.Reopen(context.Background(), "s-1")
	if !errors.Is(err, talonone.ErrUnavailable) || reopens != 1 {
		t.Fatalf("err %v after %d reopens; want ErrUnavailable after 1", err, reopens)
	}
}

// TestReturnIsNeverAppliedTwice: the server makes the return, then the
// connection drops before the answer; the client sends it again with the
// same Idempotency-Key and gets the first answer, not a second return.
func TestReturnIsNeverAppliedTwice(t *testing.T) {
	c, eng, ts := newServe(t)
	ctx := context.Background()
	for _, in := range []talonone.Integration{c, eng} {
		if _, err := in.Update(ctx, "s-1", parse(t, openSession), engine.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := in.UpdateSession(ctx, "s-1", []byte(`{"state": "closed"}`), engine.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	want, err := eng.Return(ctx, "s-1", []engine.ReturnedItem{{Position: 0, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	real := ts.Config.Handler
	var mu sync.Mutex
	var keys []string
	ts.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "POST" {
			real.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		first := len(keys) == 1
		mu.Unlock()
		if !first {
			real.ServeHTTP(w, r)
			return
		}
		real.ServeHTTP(httptest.NewRecorder(), r) // made, answer lost
		hangUp(w, r)
	})
	resp, err := c.Return(ctx, "s-1", []engine.ReturnedItem{{Position: 0, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || keys[0] != keys[1] || len(keys[0]) != 32 {
		t.Fatalf("Idempotency-Keys %q; want the same key twice", keys)
	}
	if d := cmp.Diff(jsonValue(t, want.Return), jsonValue(t, resp.Return)); d != "" {
		t.Fatalf("return differs from the engine's (-engine +client):\n%s", d)
	}
	got, err := c.Session(ctx, "s-1")
	if err != nil {
		t.Fatal(err)
	}
	if q := got.CustomerSession.CartItems[0].ReturnedQuantity; q != 1 {
		t.Errorf("returned quantity %d; want 1", q)
	}
	// A key of the caller's own is sent as it is.
	if _, err := c.Return(talonone.WithIdempotencyKey(ctx, "order-1-return-1"), "s-1", []engine.ReturnedItem{{Position: 1, Quantity: 1}}); err != nil {
		t.Fatal(err)
	}
	if k := keys[len(keys)-1]; !strings.HasPrefix(k, "order-1-return-1") {
		t.Errorf("key %q; want the caller's", k)
	}
}
