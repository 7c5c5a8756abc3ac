package server

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// wantID is the documented ID of an entity, spelled out again: the first
// 53 bits of the SHA-256 of its kind, a zero byte and its key.
func wantID(kind, key string) int64 {
	sum := sha256.Sum256([]byte(kind + "\x00" + key))
	return int64(binary.BigEndian.Uint64(sum[:8]) >> 11)
}

// TestIDsAcrossServers: two servers on one store (two replicas, or one
// server before and after a restart), with clocks an hour apart, answer
// the same IDs and the stored times for the same entities; a dry run's
// session and codes have ID 0.
func TestIDsAcrossServers(t *testing.T) {
	mem := store.NewMemory()
	later := testNow.Add(time.Hour)
	serve := func(now time.Time) *httptest.Server {
		s, err := New(Config{Campaigns: "testdata/campaigns.yaml", APIKeys: []string{testKey}, Store: mem,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(s.Handler())
		t.Cleanup(ts.Close)
		return ts
	}
	a, b := serve(testNow), serve(later)
	type entity struct {
		ID           int64     `json:"id"`
		Created      time.Time `json:"created"`
		Updated      time.Time `json:"updated"`
		LastActivity time.Time `json:"lastActivity"`
		UpdateCount  int64     `json:"updateCount"`
		SessionID    int64     `json:"sessionId"`
		Value        string    `json:"value"`
	}
	type answer struct {
		CustomerSession *entity  `json:"customerSession"`
		CustomerProfile *entity  `json:"customerProfile"`
		CreatedCoupons  []entity `json:"createdCoupons"`
		Return          *entity  `json:"return"`
		Profile         *entity  `json:"profile"`
		Coupons         []entity `json:"coupons"`
		Effects         []struct {
			TriggeredByCoupon *int64 `json:"triggeredByCoupon"`
		} `json:"effects"`
	}
	do := func(ts *httptest.Server, method, path, body string) (answer, string) {
		t.Helper()
		status, got := call(t, ts, method, path, body)
		if status != 200 {
			t.Fatalf("%s %s: %d %s", method, path, status, got)
		}
		var out answer
		if err := json.Unmarshal([]byte(got), &out); err != nil {
			t.Fatal(err)
		}
		return out, got
	}
	const content = `"responseContent": ["customerSession", "customerProfile"]`
	do(a, "PUT", "/v2/customer_profiles/p1", `{"attributes": {"tier": "gold"}}`)
	opened, _ := do(a, "PUT", "/v2/customer_sessions/s1",
		`{"customerSession": {"profileId": "p1", "couponCodes": ["WELCOME5"], "cartItems": [`+shoes+`]}, `+content+`}`)
	closed, _ := do(b, "PUT", "/v2/customer_sessions/s1", `{"customerSession": {"state": "closed"}, `+content+`}`)

	session := &entity{ID: wantID("session", "s1"), Created: testNow, Updated: later, UpdateCount: 2}
	profile := &entity{ID: wantID("profile", "p1"), Created: testNow, LastActivity: later}
	if diff := cmp.Diff(&entity{ID: session.ID, Created: testNow, Updated: testNow, UpdateCount: 1}, opened.CustomerSession); diff != "" {
		t.Errorf("opened session (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(session, closed.CustomerSession); diff != "" {
		t.Errorf("closed session (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(profile, closed.CustomerProfile); diff != "" {
		t.Errorf("closed session's profile (-want +got):\n%s", diff)
	}
	if len(closed.CreatedCoupons) != 1 {
		t.Fatalf("createdCoupons %+v, want the gold coupon", closed.CreatedCoupons)
	}
	gold := closed.CreatedCoupons[0]
	if diff := cmp.Diff(entity{ID: wantID("coupon", gold.Value), Created: later, Value: gold.Value}, gold); diff != "" {
		t.Errorf("created coupon (-want +got):\n%s", diff)
	}
	welcome := wantID("coupon", "WELCOME5")
	for i, e := range closed.Effects {
		if e.TriggeredByCoupon != nil && *e.TriggeredByCoupon != welcome {
			t.Errorf("effect %d: triggeredByCoupon %d, want %d", i, *e.TriggeredByCoupon, welcome)
		}
	}

	// Both servers read the same session and inventory, byte for byte.
	fromA, bodyA := do(a, "GET", "/v2/customer_sessions/s1", "")
	_, bodyB := do(b, "GET", "/v2/customer_sessions/s1", "")
	if diff := cmp.Diff(bodyA, bodyB); diff != "" {
		t.Errorf("GET session differs between the servers (-a +b):\n%s", diff)
	}
	if diff := cmp.Diff(session, fromA.CustomerSession); diff != "" {
		t.Errorf("read session (-want +got):\n%s", diff)
	}
	const inv = "/v1/customer_profiles/p1/inventory?profile=true&coupons=true"
	invA, bodyA := do(a, "GET", inv, "")
	_, bodyB = do(b, "GET", inv, "")
	if diff := cmp.Diff(bodyA, bodyB); diff != "" {
		t.Errorf("inventory differs between the servers (-a +b):\n%s", diff)
	}
	if diff := cmp.Diff([]entity{{ID: gold.ID, Created: later, Value: gold.Value}}, invA.Coupons); diff != "" {
		t.Errorf("inventory coupons (-want +got):\n%s", diff)
	}
	// The store keeps the close's activity, which the other server
	// answers too; an inventory read is none.
	if diff := cmp.Diff(profile, invA.Profile); diff != "" {
		t.Errorf("inventory profile (-want +got):\n%s", diff)
	}

	// A return, on the other server: its ID is the session's and the
	// count of returned units; a dry return has none.
	ret := `{"return": {"returnedCartItems": [{"position": 0, "quantity": 1}]}}`
	dryRet, _ := do(b, "POST", "/v2/customer_sessions/s1/returns?dry=true", ret)
	if diff := cmp.Diff(&entity{SessionID: session.ID, Created: later}, dryRet.Return); diff != "" {
		t.Errorf("dry return (-want +got):\n%s", diff)
	}
	returned, _ := do(a, "POST", "/v2/customer_sessions/s1/returns", ret)
	if diff := cmp.Diff(&entity{ID: wantID("return", "s1\x001"), SessionID: session.ID, Created: testNow}, returned.Return); diff != "" {
		t.Errorf("return (-want +got):\n%s", diff)
	}

	// A dry run stores nothing: its session and codes have ID 0.
	dry, _ := do(b, "PUT", "/v2/customer_sessions/s9?dry=true",
		`{"customerSession": {"profileId": "p1", "state": "closed", "cartItems": [`+shoes+`]}, `+content+`}`)
	if diff := cmp.Diff(&entity{Created: later, Updated: later, UpdateCount: 1}, dry.CustomerSession); diff != "" {
		t.Errorf("dry run's session (-want +got):\n%s", diff)
	}
	if len(dry.CreatedCoupons) != 1 || dry.CreatedCoupons[0].ID != 0 {
		t.Errorf("dry run's createdCoupons %+v, want one with ID 0", dry.CreatedCoupons)
	}
}
