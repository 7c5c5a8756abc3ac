package engine

import (
	"context"
	"testing"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// TestNoReceipt: with NoReceipt an update answers the same, less the
// receipt, for a dry run, an evaluated update and one that evaluates
// nothing (a cancel).
func TestNoReceipt(t *testing.T) {
	ctx := context.Background()
	body := []byte(`{"profileId": "ann", "couponCodes": ["SAVE5"], "cartItems": [{"sku": "A", "quantity": 2, "price": 30}]}`)
	same := []cmp.Option{cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }), cmpopts.IgnoreFields(Response{}, "Cart")}
	for _, step := range []struct {
		name string
		id   string
		body []byte
		dry  bool
	}{
		{"a dry run", "s1", body, true},
		{"an update", "s1", body, false},
		{"a cancel", "s1", []byte(`{"state": "cancelled"}`), false},
	} {
		with := newEngine(t, shopCampaigns, WithStore(store.NewMemory()))
		without := newEngine(t, shopCampaigns, WithStore(store.NewMemory()))
		if step.name == "a cancel" {
			for _, e := range []*Engine{with, without} {
				if _, err := e.UpdateSession(ctx, step.id, body, UpdateOptions{}); err != nil {
					t.Fatal(err)
				}
			}
		}
		a, err := with.UpdateSession(ctx, step.id, step.body, UpdateOptions{Dry: step.dry})
		if err != nil {
			t.Fatal(err)
		}
		b, err := without.UpdateSession(ctx, step.id, step.body, UpdateOptions{Dry: step.dry, NoReceipt: true})
		if err != nil {
			t.Fatal(err)
		}
		if a.Cart == nil || b.Cart != nil {
			t.Errorf("%s: receipts %v and %v, want one and none", step.name, a.Cart != nil, b.Cart != nil)
		}
		if diff := cmp.Diff(a, b, same...); diff != "" {
			t.Errorf("%s (-with +without the receipt):\n%s", step.name, diff)
		}
	}
}
