package talonone_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/server"
	"github.com/cartfx/cartfx/talonone"
)

// Config is a cart service's configuration: with a URL the decisions are
// Talon.One's (or a cartfx serve's), without one the engine's, in
// process.
type Config struct {
	URL, APIKey, Campaigns string
}

// decisionMaker is the one place a cart service chooses.
func decisionMaker(cfg Config) (talonone.Integration, error) {
	if cfg.URL != "" {
		return talonone.New(cfg.URL, cfg.APIKey, talonone.WithCurrency(cart.MustCurrency("EUR")))
	}
	f, err := rules.Load(cfg.Campaigns)
	if err != nil {
		return nil, err
	}
	return engine.New(f)
}

// The same session, decided in process and by a cartfx serve through the
// client: the same effects, and the same receipt.
func Example() {
	s, err := server.New(server.Config{Campaigns: campaignsFile, APIKeys: []string{"secret"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(s.Handler()) // Talon.One, or cartfx serve
	defer ts.Close()

	body := []byte(`{"cartItems": [{"sku": "SH-1", "category": "shoes", "quantity": 1, "price": 50}]}`)
	for _, cfg := range []Config{
		{Campaigns: campaignsFile},
		{URL: ts.URL, APIKey: "secret"},
	} {
		dm, err := decisionMaker(cfg)
		if err != nil {
			panic(err)
		}
		resp, err := dm.UpdateSession(context.Background(), "order-1", body, engine.UpdateOptions{Dry: true})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%T: %s, total %s\n", dm, resp.Effects[0].EffectType, resp.Cart.Total)
	}
	// Output:
	// *engine.Engine: setDiscountPerItem, total 40.00
	// *talonone.Client: setDiscountPerItem, total 40.00
}
