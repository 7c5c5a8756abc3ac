package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestMetricsLabelsBounded: a made-up method is counted as "other", and a
// request the allowlist refuses under the route "forbidden", so that no
// request can add a label value of its own.
func TestMetricsLabelsBounded(t *testing.T) {
	s, ts := newTest(t, nil)
	for _, m := range []string{"FOO1", "FOO2", "FOO3"} {
		if status, _ := call(t, ts, m, "/healthz", ""); status != 405 {
			t.Fatalf("%s /healthz: status %d, want 405", m, status)
		}
	}
	if n := testutil.CollectAndCount(s.metrics.requests); n != 1 {
		t.Errorf("request series: %d, want 1", n)
	}
	if got := testutil.ToFloat64(s.metrics.requests.WithLabelValues("/healthz", "other", "405")); got != 3 {
		t.Errorf(`requests{/healthz,other,405} = %v, want 3`, got)
	}

	s, ts = newTest(t, func(c *Config) { c.Allow = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")} })
	for _, p := range []string{"/healthz", "/nothing/1", "/nothing/2"} {
		if status, _ := call(t, ts, "GET", p, ""); status != 403 {
			t.Fatalf("GET %s: status %d, want 403", p, status)
		}
	}
	if n := testutil.CollectAndCount(s.metrics.requests); n != 1 {
		t.Errorf("request series: %d, want 1", n)
	}
	if got := testutil.ToFloat64(s.metrics.requests.WithLabelValues("forbidden", "GET", "403")); got != 3 {
		t.Errorf(`requests{forbidden,GET,403} = %v, want 3`, got)
	}
}

// TestReturnErrorPointers: the engine's problems with a return point into
// the body, under /return.
func TestReturnErrorPointers(t *testing.T) {
	_, ts := newTest(t, nil)
	if status, body := call(t, ts, "PUT", "/v2/customer_sessions/r1",
		`{"customerSession": {"state": "closed", "cartItems": [`+shoes+`]}}`); status != 200 {
		t.Fatalf("close: %d %s", status, body)
	}
	status, body := call(t, ts, "POST", "/v2/customer_sessions/r1/returns",
		`{"return": {"returnedCartItems": [{"position": 0, "quantity": 1}, {"position": 0, "quantity": 5}]}}`)
	want := `{"message":"invalid input","errors":[{"title":"Invalid","details":"returning 5 units of position 0, but only 1 are not returned yet","source":{"pointer":"/return/returnedCartItems/1/quantity"}}]}` + "\n"
	if status != 400 || body != want {
		t.Errorf("got %d %s\nwant 400 %s", status, body, want)
	}
	status, body = call(t, ts, "POST", "/v2/customer_sessions/r1/returns",
		`{"return": {"returnedCartItems": [{"position": 7}]}}`)
	want = `{"message":"invalid input","errors":[{"title":"Invalid","details":"the session has no cart item at position 7","source":{"pointer":"/return/returnedCartItems/0/position"}}]}` + "\n"
	if status != 400 || body != want {
		t.Errorf("got %d %s\nwant 400 %s", status, body, want)
	}
}

// TestBadBasePath: New refuses a base path the routes could not be built
// on, with an error, not a panic.
func TestBadBasePath(t *testing.T) {
	for bp, want := range map[string]string{
		"/a b":       `server: the base path "/a b" has a space, a control character, '{' or '}' (it must be a clean absolute path of plain segments, such as /talon)`,
		"/{id}":      `server: the base path "/{id}" has a space, a control character, '{' or '}' (it must be a clean absolute path of plain segments, such as /talon)`,
		"/talon/{$}": `server: the base path "/talon/{$}" has a space, a control character, '{' or '}' (it must be a clean absolute path of plain segments, such as /talon)`,
		"/a//b":      `server: the base path "/a//b" is not a clean path (it must be a clean absolute path of plain segments, such as /talon)`,
		"/a/../b":    `server: the base path "/a/../b" is not a clean path (it must be a clean absolute path of plain segments, such as /talon)`,
		"talon":      `server: the base path "talon" does not start with /`,
	} {
		func() {
			defer func() {
				if v := recover(); v != nil {
					t.Errorf("base path %q: panic %v", bp, v)
				}
			}()
			_, err := New(Config{Campaigns: "testdata/campaigns.yaml", Insecure: true, BasePath: bp})
			if err == nil || err.Error() != want {
				t.Errorf("base path %q: error %v, want %s", bp, err, want)
			}
		}()
	}
	for _, bp := range []string{"", "/", "/talon", "/talon/", "/a/b-c_d.e"} {
		if _, err := New(Config{Campaigns: "testdata/campaigns.yaml", Insecure: true, BasePath: bp}); err != nil {
			t.Errorf("base path %q: %v", bp, err)
		}
	}
}

// TestIdempotencyBounded: the stored answers expire after the TTL, in
// the order they were stored, and past the cap the oldest goes first.
func TestIdempotencyBounded(t *testing.T) {
	now := testNow
	i := newIdempotency(func() time.Time { return now })
	i.max = 3
	for k := range 5 {
		key := "k" + strconv.Itoa(k)
		if replay, conflict := i.claim(key, []byte(key)); replay != nil || conflict {
			t.Fatalf("claim %s: %v %v", key, replay, conflict)
		}
		i.finish(key, 200, []byte("answer "+key))
		now = now.Add(time.Minute)
	}
	if len(i.m) != 3 {
		t.Errorf("stored: %d, want 3", len(i.m))
	}
	for k, want := range []string{"", "", "answer k2", "answer k3", "answer k4"} {
		key := "k" + strconv.Itoa(k)
		_, kept := i.m[key]
		if kept != (want != "") {
			t.Errorf("%s kept: %v, want %v", key, kept, want != "")
		}
	}
	if replay, conflict := i.claim("k3", []byte("k3")); conflict || replay == nil || string(replay.resp) != "answer k3" {
		t.Errorf("claim k3: %v %v, want the answer of k3", replay, conflict)
	}
	// k2 was stored at +2m: at +2m+24h+1ns it has expired, k3 (+3m) not.
	now = testNow.Add(2*time.Minute + idempotencyTTL + 1)
	if replay, conflict := i.claim("k9", []byte("k9")); replay != nil || conflict {
		t.Fatalf("claim k9: %v %v", replay, conflict)
	}
	if _, ok := i.m["k2"]; ok {
		t.Error("k2 kept past its TTL")
	}
	if _, ok := i.m["k3"]; !ok {
		t.Error("k3 dropped before its TTL")
	}
	// A pending key is never swept nor evicted.
	now = now.Add(48 * time.Hour)
	i.claim("k10", []byte("k10"))
	if s, ok := i.m["k9"]; !ok || !s.pending {
		t.Error("the pending k9 was dropped")
	}
	if len(i.m) != 2 {
		t.Errorf("stored after 48h: %d, want 2 (the pending k9 and k10)", len(i.m))
	}
}

// TestReturnTrailingData: a return body with anything after its JSON
// value is refused as the session and profile routes refuse it.
func TestReturnTrailingData(t *testing.T) {
	_, ts := newTest(t, nil)
	for body, want := range map[string]string{
		`{"return": {"returnedCartItems": [{"position": 0}]}} xyz`: `{"message":"invalid input","errors":[{"title":"Malformed","details":"the body is not valid JSON: line 1, column 54: invalid character 'x' after top-level value","source":{"pointer":""}}]}` + "\n",
		`{"return": {"returnedCartItems": [{"position": 0}]}}{}`:   `{"message":"invalid input","errors":[{"title":"Malformed","details":"the body is not valid JSON: line 1, column 53: invalid character '{' after top-level value","source":{"pointer":""}}]}` + "\n",
		`{"return": {"returnedCartItems": [{"position": 0}]`:       `{"message":"invalid input","errors":[{"title":"Malformed","details":"the body is not valid JSON: line 1, column 51 (in /return): unexpected end of JSON input","source":{"pointer":""}}]}` + "\n",
	} {
		status, got := call(t, ts, "POST", "/v2/customer_sessions/t1/returns", body)
		if status != 400 || got != want {
			t.Errorf("%s:\ngot  %d %s\nwant 400 %s", body, status, got, want)
		}
	}
}

// TestProfileLoyaltyMemberships: a profile's loyaltyMemberships is a list,
// never null.
func TestProfileLoyaltyMemberships(t *testing.T) {
	_, ts := newTest(t, nil)
	status, body := call(t, ts, "PUT", "/v2/customer_profiles/lm1", `{"attributes": {}, "responseContent": ["customerProfile"]}`)
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	var out struct {
		CustomerProfile map[string]json.RawMessage `json:"customerProfile"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if got := string(out.CustomerProfile["loyaltyMemberships"]); got != "[]" {
		t.Errorf("loyaltyMemberships: %s, want []", got)
	}
}

// TestReturnResponseContent: a return answers every responseContent block
// the session route answers, ruleFailureReasons included, and its
// triggeredCampaigns are the campaigns it rolls back.
func TestReturnResponseContent(t *testing.T) {
	_, ts := newTest(t, nil)
	if status, body := call(t, ts, "PUT", "/v2/customer_sessions/r8",
		`{"customerSession": {"profileId": "p8", "state": "closed", "cartItems": [`+shoes+`]}}`); status != 200 {
		t.Fatalf("close: %d %s", status, body)
	}
	for _, q := range []string{"?dry=true", ""} {
		status, body := call(t, ts, "POST", "/v2/customer_sessions/r8/returns"+q,
			`{"return": {"returnedCartItems": [{"position": 0, "quantity": 1}]}, "responseContent": ["triggeredCampaigns", "ruleFailureReasons", "customerSession"]}`)
		if status != 200 {
			t.Fatalf("return%s: %d %s", q, status, body)
		}
		var out map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if got := string(out["ruleFailureReasons"]); got != "[]" {
			t.Errorf("return%s: ruleFailureReasons = %q, want []", q, got)
		}
		// The campaigns whose discounts and points the return rolls back.
		var triggered []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		}
		if err := json.Unmarshal(out["triggeredCampaigns"], &triggered); err != nil {
			t.Fatal(err)
		}
		want := []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		}{{1, "10% off over 100"}, {2, "Shoes 20% off"}, {4, "Earn points"}}
		if !reflect.DeepEqual(triggered, want) {
			t.Errorf("return%s: triggeredCampaigns %+v, want %+v", q, triggered, want)
		}
		if _, ok := out["customerSession"]; !ok {
			t.Errorf("return%s: no customerSession", q)
		}
		if _, ok := out["customerProfile"]; ok {
			t.Errorf("return%s: a customerProfile not asked for", q)
		}
	}
	// A cancel rolls back too: the campaigns it rolls back are triggered.
	status, body := call(t, ts, "PUT", "/v2/customer_sessions/r8",
		`{"customerSession": {"state": "cancelled"}, "responseContent": ["triggeredCampaigns"]}`)
	var out struct {
		Effects []struct {
			CampaignID int64 `json:"campaignId"`
		} `json:"effects"`
		Triggered []struct {
			ID int64 `json:"id"`
		} `json:"triggeredCampaigns"`
	}
	if err := json.Unmarshal([]byte(body), &out); status != 200 || err != nil {
		t.Fatalf("cancel: %d %s", status, body)
	}
	var effects, triggered []int64
	for _, e := range out.Effects {
		effects = append(effects, e.CampaignID)
	}
	for _, c := range out.Triggered {
		triggered = append(triggered, c.ID)
	}
	if want := []int64{1, 2, 4}; !reflect.DeepEqual(triggered, want) {
		t.Errorf("cancel: triggeredCampaigns %v, want %v (the effects' campaigns: %v)", triggered, want, effects)
	}
}

// profileGate is a store whose reads of one profile wait until n readers
// are there, so that n updates of it surely read the same attributes.
type profileGate struct {
	*store.Memory
	id      string
	n       int
	mu      sync.Mutex
	waiting int
	open    chan struct{}
}

func (g *profileGate) Profile(ctx context.Context, id string) (*store.Profile, error) {
	p, err := g.Memory.Profile(ctx, id)
	if id == g.id {
		g.mu.Lock()
		g.waiting++
		if g.waiting == g.n {
			close(g.open)
		}
		ch := g.open
		g.mu.Unlock()
		select {
		case <-ch:
		case <-time.After(2 * time.Second):
		}
	}
	return p, err
}

// TestConcurrentProfileUpdates: two updates of a profile's different
// attributes at once both stay.
func TestConcurrentProfileUpdates(t *testing.T) {
	mem := store.NewMemory()
	g := &profileGate{Memory: mem, id: "pc", n: 2, open: make(chan struct{})}
	_, ts := newTest(t, func(c *Config) { c.Store = g })
	var wg sync.WaitGroup
	for _, b := range []string{`{"attributes": {"tier": "gold"}}`, `{"attributes": {"segment": "b2b"}}`} {
		wg.Go(func() {
			if status, body := call(t, ts, "PUT", "/v2/customer_profiles/pc", b); status != 200 {
				t.Errorf("%s: %d %s", b, status, body)
			}
		})
	}
	wg.Wait()
	p, err := mem.Profile(t.Context(), "pc")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"tier": "gold", "segment": "b2b"}; !reflect.DeepEqual(p.Attributes, want) {
		t.Errorf("attributes %v, want %v", p.Attributes, want)
	}
}

// stuckStore is a store whose session reads block until release is
// closed (the readiness check reads one), or fail with err.
type stuckStore struct {
	*store.Memory
	entered chan struct{}
	release chan struct{}
	err     error
}

func (s *stuckStore) Session(ctx context.Context, id string) (*store.Session, error) {
	if s.err != nil {
		return nil, s.err
	}
	s.entered <- struct{}{}
	<-s.release
	return s.Memory.Session(ctx, id)
}

// TestShutdownTimeout: a shutdown that has to close a request still
// running at its deadline is a warning, not an error of Serve.
func TestShutdownTimeout(t *testing.T) {
	st := &stuckStore{Memory: store.NewMemory(), entered: make(chan struct{}, 1), release: make(chan struct{})}
	defer close(st.release)
	var logs strings.Builder
	var mu sync.Mutex
	s, err := New(Config{Campaigns: "testdata/campaigns.yaml", Insecure: true, Store: st, ShutdownTimeout: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{mu: &mu, w: &logs}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	go func() {
		if resp, err := http.Get("http://" + ln.Addr().String() + "/readyz"); err == nil {
			resp.Body.Close()
		}
	}()
	<-st.entered
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	mu.Lock()
	defer mu.Unlock()
	if want := `level=WARN msg="shutdown timed out: the requests still running were cut off" timeout=50ms`; !strings.Contains(logs.String(), want) {
		t.Errorf("log:\n%s\nwant a line with %s", logs.String(), want)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestReadyzHidesStoreError: /readyz, which needs no key, answers a fixed
// message for a store that fails, and logs the store's error.
func TestReadyzHidesStoreError(t *testing.T) {
	var logs strings.Builder
	var mu sync.Mutex
	st := &stuckStore{Memory: store.NewMemory(), err: errors.New("dial tcp 10.1.2.3:5432: password authentication failed for user \"cartfx\"")}
	_, ts := newTest(t, func(c *Config) {
		c.Store = st
		c.Logger = slog.New(slog.NewTextHandler(&lockedWriter{mu: &mu, w: &logs}, nil))
	})
	status, body := call(t, ts, "GET", "/readyz", "", "Authorization", "")
	want := `{"message":"Not ready","errors":[{"title":"Unavailable","details":"the store is unreachable","source":{"parameter":"store"}}]}` + "\n"
	if status != 503 || body != want {
		t.Errorf("got %d %s\nwant 503 %s", status, body, want)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), `password authentication failed`) {
		t.Errorf("log:\n%s\nwant the store's error", logs.String())
	}
}

// TestReturnBodyProblems: a return body with a duplicate key (exactly, or
// as encoding/json would match it to one field) is refused at the second,
// as session bodies are; every other problem is at its pointer, all at
// once.
func TestReturnBodyProblems(t *testing.T) {
	_, ts := newTest(t, nil)
	for body, want := range map[string]string{
		`{"return": {"returnedCartItems": [{"position": 0, "position": 1}]}}`: `{"message":"invalid input","errors":[{"title":"Duplicate key","details":"line 1, column 51: duplicate key \"position\" (first at line 1, column 36)","source":{"pointer":"/return/returnedCartItems/0/position"}}]}`,
		`{"return": {"returnedCartItems": [{"position": 0, "Position": 1}]}}`: `{"message":"invalid input","errors":[{"title":"Duplicate key","details":"line 1, column 51: duplicate key \"Position\" (first at line 1, column 36)","source":{"pointer":"/return/returnedCartItems/0/Position"}}]}`,
		`{"return": {"returnedCartItems": []}, "RETURN": {}}`:                 `{"message":"invalid input","errors":[{"title":"Duplicate key","details":"line 1, column 39: duplicate key \"RETURN\" (first at line 1, column 2)","source":{"pointer":"/RETURN"}}]}`,
		`{"return": {"returnedCartItems": [{"position": "a"}, {"sku": "SH-1"}, {"position": -1, "quantity": 1.5}, 7]}}`: `{"message":"invalid return","errors":[` +
			`{"title":"Invalid","details":"position must be a whole number, not \"\\\"a\\\"\"","source":{"pointer":"/return/returnedCartItems/0/position"}},` +
			`{"title":"Required","details":"position is required: cartfx knows returned items by their position in the session's cartItems, not by sku","source":{"pointer":"/return/returnedCartItems/1/position"}},` +
			`{"title":"Invalid","details":"position must not be negative","source":{"pointer":"/return/returnedCartItems/2/position"}},` +
			`{"title":"Invalid","details":"quantity must be a whole number, not \"1.5\"","source":{"pointer":"/return/returnedCartItems/2/quantity"}},` +
			`{"title":"Invalid","details":"a returned cart item must be an object such as {\"position\": 0, \"quantity\": 1}","source":{"pointer":"/return/returnedCartItems/3"}}]}`,
		`{"return": []}`: `{"message":"invalid return","errors":[{"title":"Invalid","details":"return must be an object","source":{"pointer":"/return"}}]}`,
		`[]`:             `{"message":"invalid input","errors":[{"title":"Malformed","details":"expected a return request such as {\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}}","source":{"pointer":""}}]}`,
	} {
		status, got := call(t, ts, "POST", "/v2/customer_sessions/t1/returns", body)
		if status != 400 || got != want+"\n" {
			t.Errorf("%s:\ngot  %d %s\nwant 400 %s", body, status, got, want)
		}
	}
}

// TestRequestLogBounded: the request log names a made-up method "other"
// (with the method as sent, quoted and cut), and cuts a very long session
// ID, so that no request sets the size of its log line.
func TestRequestLogBounded(t *testing.T) {
	var logs strings.Builder
	var mu sync.Mutex
	_, ts := newTest(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&lockedWriter{mu: &mu, w: &logs}, nil))
	})
	method := strings.Repeat("X", 300)
	if status, body := call(t, ts, method, "/healthz", ""); status != 405 ||
		!strings.Contains(body, `"details":"\"`+strings.Repeat("X", 64)+`\"… (300 bytes) is not allowed here; use GET"`) {
		t.Errorf("%d %s", status, body)
	}
	long := strings.Repeat("s", 5000)
	call(t, ts, "GET", "/v2/customer_sessions/"+long, "")
	// A request's line is logged once its answer is written: wait for it.
	var lines []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		mu.Lock()
		lines = strings.Split(strings.TrimSpace(logs.String()), "\n")
		mu.Unlock()
		if len(lines) >= 2 || time.Now().After(deadline) {
			break
		}
	}
	if len(lines) != 2 {
		t.Fatalf("log:\n%s\nwant 2 lines", strings.Join(lines, "\n"))
	}
	quoted := `"\"` + strings.Repeat("X", 64) + `\"… (300 bytes)"`
	if !strings.Contains(lines[0], `method=other route=/healthz status=405`) || !strings.Contains(lines[0], "sentMethod="+quoted) {
		t.Errorf("log line %s\nwant method=other and sentMethod=%s", lines[0], quoted)
	}
	if want := `session="\"` + strings.Repeat("s", 64) + `\"… (5000 bytes)"`; !strings.Contains(lines[1], want) || len(lines[1]) > 400 {
		t.Errorf("log line %s\nwant %s, under 400 bytes", lines[1], want)
	}
}

// TestEffectAndRequestMetrics: the effects of the answers are counted by
// type, and the requests by route, method and status, exactly.
func TestEffectAndRequestMetrics(t *testing.T) {
	s, ts := newTest(t, nil)
	for range 2 {
		if status, body := call(t, ts, "PUT", "/v2/customer_sessions/m1?dry=true", open); status != 200 {
			t.Fatalf("%d %s", status, body)
		}
	}
	for typ, want := range map[string]float64{"setDiscount": 4, "setDiscountPerItem": 4, "acceptCoupon": 2, "addLoyaltyPoints": 2} {
		if got := testutil.ToFloat64(s.metrics.effects.WithLabelValues(typ)); got != want {
			t.Errorf("effects{%s} = %v, want %v", typ, got, want)
		}
	}
	if n := testutil.CollectAndCount(s.metrics.effects); n != 4 {
		t.Errorf("effect series: %d, want 4", n)
	}
	// The request log line and the metrics follow the answer: wait.
	for deadline := time.Now().Add(5 * time.Second); testutil.ToFloat64(s.metrics.requests.WithLabelValues("/v2/customer_sessions/{id}", "PUT", "200")) < 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("requests{/v2/customer_sessions/{id},PUT,200} is not 2")
		}
	}
	if n := testutil.CollectAndCount(s.metrics.requests); n != 1 {
		t.Errorf("request series: %d, want 1", n)
	}
}
