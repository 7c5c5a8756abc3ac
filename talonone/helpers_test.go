package talonone_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/server"
	"github.com/cartfx/cartfx/talonone"
	"github.com/google/go-cmp/cmp"
)

// The server's test campaigns: EUR, a cart-wide and a per-item discount,
// a coupon, loyalty points.
const campaignsFile = "../server/testdata/campaigns.yaml"

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const testKey = "test-key"

var eur = cart.MustCurrency("EUR")

// newServe returns a client of a cartfx serve on 127.0.0.1 (under the
// base path /talon) and an in-process engine over the same campaigns and
// clock, each with its own store.
func newServe(t testing.TB, opts ...talonone.Option) (*talonone.Client, *engine.Engine, *httptest.Server) {
	t.Helper()
	clock := func() time.Time { return testNow }
	s, err := server.New(server.Config{Campaigns: campaignsFile, APIKeys: []string{testKey}, BasePath: "/talon",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	c, err := talonone.New(ts.URL+"/talon", testKey, append([]talonone.Option{talonone.WithCurrency(eur),
		talonone.WithBackoff(time.Millisecond, 10*time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	f, err := rules.Load(campaignsFile)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(f, engine.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	return c, eng, ts
}

// parse reads a session in EUR.
func parse(t testing.TB, body string) *cart.Session {
	t.Helper()
	s, err := cart.ParseSession([]byte(body), cart.ParseOptions{Currency: eur})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// jsonValue is v as a generic JSON value, numbers kept as written, for
// comparing what two sides answered exactly.
func jsonValue(t testing.TB, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAnswer compares the effects and receipts of two responses; the
// server's triggeredByCoupon (the ID it gave the coupon, which the
// engine has not) is left out.
func sameAnswer(t testing.TB, step string, got, want *engine.Response) {
	t.Helper()
	effs := jsonValue(t, got.Effects).([]any)
	for _, e := range effs {
		delete(e.(map[string]any), "triggeredByCoupon")
	}
	if d := cmp.Diff(jsonValue(t, want.Effects), any(effs)); d != "" {
		t.Errorf("%s: effects differ from the engine's (-engine +client):\n%s", step, d)
	}
	if d := cmp.Diff(jsonValue(t, want.Cart), jsonValue(t, got.Cart)); d != "" {
		t.Errorf("%s: receipt differs from the engine's (-engine +client):\n%s", step, d)
	}
}
