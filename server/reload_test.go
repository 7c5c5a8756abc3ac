package server

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/store"
)

// TestReload swaps the campaigns on the same store; a file with problems
// keeps the old ones and logs each problem with file:line:col.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	orig, err := os.ReadFile("testdata/campaigns.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	s, ts := newTest(t, func(c *Config) { c.Campaigns = path; c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	if status, body := call(t, ts, "PUT", "/v2/customer_sessions/r1", `{"customerSession": {"cartItems": [`+shoes+`]}}`); status != 200 {
		t.Fatal(status, body)
	}
	if err := os.WriteFile(path, []byte("currency: EUR\ncampaigns:\n  - id: 1\n    name: x\n    rules:\n      - name: r\n        condition: nope ==\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err == nil {
		t.Fatal("a broken file reloaded")
	}
	if !strings.Contains(logs.String(), path+":7:") {
		t.Errorf("the problem is not logged with file:line:col:\n%s", logs.String())
	}
	if n := len(s.Engine().File().Campaigns); n != 5 {
		t.Errorf("%d campaigns serve after a failed reload; want the old 5", n)
	}
	if err := os.WriteFile(path, bytes.Replace(orig, []byte("name: 10% off over 100"), []byte("name: Ten percent"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	// The store survived: the session is still there.
	status, body := call(t, ts, "GET", "/v2/customer_sessions/r1", "")
	if status != 200 {
		t.Errorf("after the reload: %d %s", status, body)
	}
	_, body = call(t, ts, "PUT", "/v2/customer_sessions/r1?dry=true", `{"customerSession": {"cartItems": [`+shoes+`]}, "responseContent": ["triggeredCampaigns"]}`)
	if !strings.Contains(body, `"name":"Ten percent"`) {
		t.Errorf("the new campaigns do not serve: %s", body)
	}
	_, body = call(t, ts, "GET", "/metrics", "")
	if !strings.Contains(body, `cartfx_campaign_reloads_total{result="failed"} 1`) || !strings.Contains(body, `cartfx_campaign_reloads_total{result="ok"} 1`) ||
		!strings.Contains(body, `cartfx_http_requests_total{method="PUT",route="/v2/customer_sessions/{id}",status="200"}`) ||
		!strings.Contains(body, `cartfx_effects_total{type="setDiscount"}`) {
		t.Errorf("metrics:\n%s", body)
	}
}

// TestAllowlist answers 403 outside --allow, believing X-Forwarded-For
// only from trusted proxies; and New refuses to start without a key.
func TestAllowlist(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.Allow = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")} })
	status, body := call(t, ts, "GET", "/healthz", "")
	if status != 403 || !strings.Contains(body, `"parameter":"remoteAddress"`) {
		t.Errorf("from 127.0.0.1 outside 10/8: %d %s", status, body)
	}
	if status, _ = call(t, ts, "GET", "/healthz", "", "X-Forwarded-For", "10.1.2.3"); status != 403 {
		t.Errorf("X-Forwarded-For from an untrusted peer was believed: %d", status)
	}
	_, ts = newTest(t, func(c *Config) {
		c.Allow = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	if status, _ = call(t, ts, "GET", "/healthz", "", "X-Forwarded-For", "10.1.2.3"); status != 200 {
		t.Errorf("a trusted proxy's X-Forwarded-For: %d", status)
	}
	if status, _ = call(t, ts, "GET", "/healthz", "", "X-Forwarded-For", "10.1.2.3, 192.0.2.1"); status != 403 {
		t.Errorf("the last untrusted hop is the client: %d", status)
	}
	if _, err := New(Config{Campaigns: "testdata/campaigns.yaml"}); err == nil {
		t.Error("New started without an API key")
	}
}

// TestPanicIsA500 keeps the server up when a handler panics.
func TestPanicIsA500(t *testing.T) {
	s, _ := newTest(t, nil)
	h := s.observe(named("boom", func(_ http.ResponseWriter, _ *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"source":{"pointer":""}`) {
		t.Errorf("%d %s", rec.Code, rec.Body.String())
	}
}

// down is a store that cannot be reached.
type down struct{ *store.Memory }

func (down) Session(context.Context, string) (*store.Session, error) {
	return nil, fmt.Errorf("connection refused: %w", store.ErrUnavailable)
}

// TestStoreDown answers 503 when the store fails, and /readyz says so.
func TestStoreDown(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.Store = down{store.NewMemory()} })
	status, body := call(t, ts, "PUT", "/v2/customer_sessions/x", `{"customerSession": {}}`)
	if status != 503 || !strings.Contains(body, `"parameter":"customerSessionId"`) {
		t.Errorf("update: %d %s", status, body)
	}
	if status, body = call(t, ts, "GET", "/readyz", ""); status != 503 {
		t.Errorf("readyz: %d %s", status, body)
	}
}
