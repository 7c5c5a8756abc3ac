package handlers

import (
	"reflect"
	"slices"
	"testing"

	"github.com/cartfx/cartfx/effects"
	"pgregory.net/rapid"
)

// applyOwned settles the effects in the list it is given and applies them
// to the cart it is given, and otherwise does what Apply does: the same
// cart, the same applied effects.
func TestPropertyApplyOwnedEqualsApply(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, c, list := randomDiscounts(t)
		r := New()
		want, wantApplied, err := r.Apply(c, list)
		if err != nil {
			t.Fatal(err)
		}
		owned := slices.Clone(list)
		got := c.Clone()
		gotApplied, err := r.applyOwned(got, owned)
		if err != nil {
			t.Fatal(err)
		}
		if &gotApplied[0] != &owned[0] {
			t.Fatal("applyOwned copied the list")
		}
		if !reflect.DeepEqual(gotApplied, wantApplied) {
			t.Fatalf("applyOwned gave %v, Apply %v", gotApplied, wantApplied)
		}
		if !reflect.DeepEqual(got.Receipt(), want.Receipt()) || !reflect.DeepEqual(got.Ledger(), want.Ledger()) {
			t.Fatal("applyOwned and Apply left different carts")
		}
	})
}

// Applying no effects gives an empty list, not nil, as before.
func TestApplyOfNoEffects(t *testing.T) {
	c := newCart(t, "EUR", threeLines)
	for _, list := range [][]effects.Effect{nil, {}} {
		_, applied, err := New().Apply(c, list)
		if err != nil || applied == nil || len(applied) != 0 {
			t.Errorf("Apply(%#v) = %#v, %v; want an empty list", list, applied, err)
		}
	}
}
