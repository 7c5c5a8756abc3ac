package talonone_test

import (
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/cartfx/cartfx/engine"
)

// BenchmarkClientUpdate is the client's overhead per call over loopback
// keep-alive: a session update against a server answering a fixed
// Talon.One body (two effects and the session), so that what is measured
// is encoding, the round trip, decoding and the receipt, not a decision.
func BenchmarkClientUpdate(b *testing.B) {
	data, err := os.ReadFile("testdata/coupon-per-item-discount.json")
	if err != nil {
		b.Fatal(err)
	}
	c := stub(b, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	})
	s := parse(b, `{"couponCodes": ["TEST-1"], "cartItems": [{"sku": "b37fe29d-0742-4045-aae9-9962af9864ed", "name": "Sneakers", "quantity": 1, "price": 99.99}]}`)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Update(ctx, "s-1", s, engine.UpdateOptions{})
		if err != nil || resp.Cart.Total.String() != "89.99" {
			b.Fatal(err)
		}
	}
}

// BenchmarkClientUpdateServe is the same call against a cartfx serve:
// the whole decision over the wire, for comparison with the engine's
// BenchmarkEngineUpdateInProcess.
func BenchmarkClientUpdateServe(b *testing.B) {
	c, _, _ := newServe(b)
	s := parse(b, openSession)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Update(ctx, "s-1", s, engine.UpdateOptions{Dry: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEngineUpdateInProcess is the engine deciding the same dry
// update in process.
func BenchmarkEngineUpdateInProcess(b *testing.B) {
	_, eng, _ := newServe(b)
	s := parse(b, openSession)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eng.Update(ctx, "s-1", s, engine.UpdateOptions{Dry: true}); err != nil {
			b.Fatal(err)
		}
	}
}
