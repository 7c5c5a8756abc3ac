package handlers

import (
	"reflect"
	"slices"
	"testing"

	"github.com/cartfx/cartfx/effects"
	"pgregory.net/rapid"
)

// ApplyOwned settles the effects in the list it is given and otherwise does
// what ApplyInPlace does: the same cart, the same applied effects.
func TestPropertyApplyOwnedEqualsApplyInPlace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, c, list := randomDiscounts(t)
		r := New()
		want := c.Clone()
		wantApplied, err := r.ApplyInPlace(want, list)
		if err != nil {
			t.Fatal(err)
		}
		owned := slices.Clone(list)
		got := c.Clone()
		gotApplied, err := r.ApplyOwned(got, owned)
		if err != nil {
			t.Fatal(err)
		}
		if &gotApplied[0] != &owned[0] {
			t.Fatal("ApplyOwned copied the list")
		}
		if !reflect.DeepEqual(gotApplied, wantApplied) {
			t.Fatalf("ApplyOwned gave %v, ApplyInPlace %v", gotApplied, wantApplied)
		}
		if !reflect.DeepEqual(got.Receipt(), want.Receipt()) || !reflect.DeepEqual(got.Ledger(), want.Ledger()) {
			t.Fatal("ApplyOwned and ApplyInPlace left different carts")
		}
	})
}

// Applying no effects gives an empty list, not nil, as before.
func TestApplyInPlaceOfNoEffects(t *testing.T) {
	c := newCart(t, "EUR", threeLines)
	for _, list := range [][]effects.Effect{nil, {}} {
		applied, err := New().ApplyInPlace(c, list)
		if err != nil || applied == nil || len(applied) != 0 {
			t.Errorf("ApplyInPlace(%#v) = %#v, %v; want an empty list", list, applied, err)
		}
	}
}
