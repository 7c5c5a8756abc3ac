package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// failing is a store whose reads of sessions, profiles and loyalty fail
// with err.
type failing struct {
	*store.Memory
	err error
}

func (f failing) Session(context.Context, string) (*store.Session, error) { return nil, f.err }
func (f failing) Profile(context.Context, string) (*store.Profile, error) { return nil, f.err }
func (f failing) Loyalty(context.Context, string, int64) ([]store.LoyaltyTxn, error) {
	return nil, f.err
}

// records is a slog.Handler that keeps what is logged.
type records struct {
	mu   sync.Mutex
	list []slog.Record
}

func (h *records) Enabled(context.Context, slog.Level) bool { return true }
func (h *records) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *records) WithGroup(string) slog.Handler            { return h }
func (h *records) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.list = append(h.list, r.Clone())
	return nil
}

// requests are the request lines logged, each as its level and the
// attributes that say what happened.
func (h *records) requests() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.list {
		if r.Message != "request" {
			continue
		}
		line := r.Level.String()
		r.Attrs(func(a slog.Attr) bool {
			switch a.Key {
			case "route", "status", "problem", "err":
				line += " " + a.Key + "=" + a.Value.String()
			}
			return true
		})
		out = append(out, line)
	}
	return out
}

// TestUnexpectedErrors: a store that is unavailable or did not answer in
// time is 503, any other error that is no verdict on the request 500,
// each in Talon.One's shape with a generic message (the cause is logged,
// never answered), on every route that reads the store.
func TestUnexpectedErrors(t *testing.T) {
	const (
		unavailable = `{"message":"The service is unavailable; try again","errors":[{"title":"Unavailable","details":"the store is unreachable","source":{"parameter":"%s"}}]}` + "\n"
		internal    = `{"message":"Internal server error","errors":[{"title":"Internal","details":"the request could not be handled","source":{"parameter":"%s"}}]}` + "\n"
	)
	// Each route's request, the parameter its problem names, and what the
	// engine says it was doing when the store failed (in the log).
	const session, profile = `engine: reading session "s1": `, `engine: reading profile "p1": `
	routes := []struct{ method, path, body, param, route, doing string }{
		{"PUT", "/v2/customer_sessions/s1", `{"customerSession": {"profileId": "p1"}}`, "customerSessionId", "/v2/customer_sessions/{id}", session},
		{"GET", "/v2/customer_sessions/s1", "", "customerSessionId", "/v2/customer_sessions/{id}", session},
		{"POST", "/v2/customer_sessions/s1/returns", `{"return": {"returnedCartItems": [{"position": 0, "quantity": 1}]}}`, "customerSessionId", "/v2/customer_sessions/{id}/returns", session},
		{"PUT", "/v2/customer_sessions/s1/reopen", "", "customerSessionId", "/v2/customer_sessions/{id}/reopen", session},
		{"PUT", "/v2/customer_profiles/p1", `{"attributes": {}}`, "integrationId", "/v2/customer_profiles/{id}", profile},
		{"GET", "/v1/loyalty_programs/1/profile/p1/balances", "", "loyaltyProgramId", "/v1/loyalty_programs/{programId}/profile/{integrationId}/balances",
			`engine: reading the loyalty of profile "p1": `},
		{"GET", "/v1/customer_profiles/p1/inventory?profile=true", "", "integrationId", "/v1/customer_profiles/{id}/inventory", profile},
	}
	for _, tc := range []struct {
		name   string
		err    error
		status int
		body   string
		level  string
	}{
		{"unavailable", fmt.Errorf("dial tcp 10.0.0.9:5432: connection refused: %w", store.ErrUnavailable), 503, unavailable, "WARN problem=the store is unavailable"},
		{"deadline", fmt.Errorf("reading: %w", context.DeadlineExceeded), 503, unavailable, "WARN problem=the store is unavailable"},
		{"unexpected", errors.New("disk quota exceeded on /srv/secret-42"), 500, internal, "ERROR problem=unexpected error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs := &records{}
			_, ts := newTest(t, func(c *Config) {
				c.Store = failing{store.NewMemory(), tc.err}
				c.Logger = slog.New(logs)
			})
			var want []string
			for _, rt := range routes {
				status, body := call(t, ts, rt.method, rt.path, rt.body)
				if wantBody := fmt.Sprintf(tc.body, rt.param); status != tc.status || body != wantBody {
					t.Errorf("%s %s: %d %s\nwant %d %s", rt.method, rt.path, status, body, tc.status, wantBody)
				}
				level, problem, _ := strings.Cut(tc.level, " ")
				want = append(want, fmt.Sprintf("%s route=%s status=%d %s err=%s%s", level, rt.route, tc.status, problem, rt.doing, tc.err))
			}
			if diff := cmp.Diff(want, logs.requests()); diff != "" {
				t.Errorf("request log (-want +got):\n%s", diff)
			}
		})
	}
}

// blocking is a store whose session reads wait for their context to end.
type blocking struct {
	*store.Memory
	entered chan struct{}
}

func (b blocking) Session(ctx context.Context, _ string) (*store.Session, error) {
	close(b.entered)
	<-ctx.Done()
	return nil, fmt.Errorf("reading the session: %w", ctx.Err())
}

// TestClientGoneIsLogged: a request whose client goes away while the
// store works is answered with nothing (there is nobody to read it) and
// logged as such, with status 499.
func TestClientGoneIsLogged(t *testing.T) {
	logs := &records{}
	st := blocking{store.NewMemory(), make(chan struct{})}
	_, ts := newTest(t, func(c *Config) {
		c.Store = st
		c.Logger = slog.New(logs)
	})
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", ts.URL+"/v2/customer_sessions/s1", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "ApiKey-v1 "+testKey)
	done := make(chan error, 1)
	go func() {
		resp, err := ts.Client().Do(req)
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("an answer: %d", resp.StatusCode)
		}
		done <- err
	}()
	<-st.entered
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the client got %v; want its own cancellation", err)
	}
	want := []string{`INFO route=/v2/customer_sessions/{id} status=499 problem=the client went away err=engine: reading session "s1": reading the session: context canceled`}
	deadline := time.Now().Add(10 * time.Second)
	for len(logs.requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if diff := cmp.Diff(want, logs.requests()); diff != "" {
		t.Errorf("request log (-want +got):\n%s", diff)
	}
}
