package talonone_test

import (
	"context"
	"testing"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/talonone"
	"github.com/google/go-cmp/cmp"
)

const openSession = `{"profileId": "p-1", "couponCodes": ["WELCOME5"],
  "additionalCosts": {"shipping": {"price": 4.95}},
  "cartItems": [
    {"sku": "SH-1", "name": "Runner", "category": "shoes", "quantity": 2, "price": "59.99"},
    {"sku": "SO-1", "name": "Socks", "category": "socks", "quantity": 3, "price": 4.50}]}`

// TestLifecycleEqualsTheEngine runs one session through open, close,
// return, reopen and cancel against a cartfx serve through the client
// and against the in-process engine, and compares every answer's effects
// and receipt.
func TestLifecycleEqualsTheEngine(t *testing.T) {
	c, eng, _ := newServe(t)
	ctx := context.Background()
	closed := `{"state": "closed"}`
	steps := []struct {
		name string
		run  func(talonone.Integration) (*engine.Response, error)
	}{
		{"dry", func(in talonone.Integration) (*engine.Response, error) {
			return in.Update(ctx, "s-1", parse(t, openSession), engine.UpdateOptions{Dry: true})
		}},
		{"open", func(in talonone.Integration) (*engine.Response, error) {
			return in.Update(ctx, "s-1", parse(t, openSession), engine.UpdateOptions{})
		}},
		{"close", func(in talonone.Integration) (*engine.Response, error) {
			return in.UpdateSession(ctx, "s-1", []byte(closed), engine.UpdateOptions{})
		}},
		{"get closed", func(in talonone.Integration) (*engine.Response, error) { return in.Session(ctx, "s-1") }},
		{"return", func(in talonone.Integration) (*engine.Response, error) {
			return in.Return(ctx, "s-1", []engine.ReturnedItem{{Position: 0, Quantity: 1}})
		}},
		{"reopen", func(in talonone.Integration) (*engine.Response, error) {
			// Only a closed session reopens: a second session, closed.
			if _, err := in.Update(ctx, "s-2", parse(t, openSession), engine.UpdateOptions{}); err != nil {
				return nil, err
			}
			if _, err := in.UpdateSession(ctx, "s-2", []byte(closed), engine.UpdateOptions{}); err != nil {
				return nil, err
			}
			return in.Reopen(ctx, "s-2")
		}},
		{"cancel reopened", func(in talonone.Integration) (*engine.Response, error) {
			return in.UpdateSession(ctx, "s-2", []byte(`{"state": "cancelled"}`), engine.UpdateOptions{})
		}},
		{"cancel partially returned", func(in talonone.Integration) (*engine.Response, error) {
			return in.UpdateSession(ctx, "s-1", []byte(`{"state": "cancelled"}`), engine.UpdateOptions{})
		}},
		{"close and cancel", func(in talonone.Integration) (*engine.Response, error) {
			body := `{"profileId": "p-2", "state": "closed", "cartItems": [{"sku": "SH-2", "category": "shoes", "quantity": 1, "price": 120}]}`
			if _, err := in.UpdateSession(ctx, "s-3", []byte(body), engine.UpdateOptions{}); err != nil {
				return nil, err
			}
			return in.UpdateSession(ctx, "s-3", []byte(`{"state": "cancelled"}`), engine.UpdateOptions{})
		}},
	}
	for _, st := range steps {
		want, err := st.run(eng)
		if err != nil {
			t.Fatalf("%s: engine: %v", st.name, err)
		}
		got, err := st.run(c)
		if err != nil {
			t.Fatalf("%s: client: %v", st.name, err)
		}
		if len(want.Effects) == 0 && st.name != "cancel reopened" {
			t.Errorf("%s: the engine answered no effects; the step tests nothing", st.name)
		}
		sameAnswer(t, st.name, got, want)
	}
	// The points the closes earned, less what the return and the
	// cancels took back.
	want, err := eng.Balances(ctx, "p-1", 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Balances(ctx, "p-1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(jsonValue(t, want), jsonValue(t, got)); d != "" {
		t.Errorf("balances differ (-engine +client):\n%s", d)
	}
}
