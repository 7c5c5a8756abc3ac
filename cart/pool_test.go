package cart

import (
	"testing"

	"github.com/cartfx/cartfx/internal/cartops"
)

// TestRecycleGivesCleanArrays builds carts on the arrays of recycled ones,
// each after a different mutation of a rich cart, and requires each to
// show exactly what a cart built on fresh arrays shows. Recycling a clone
// does nothing: the original stays whole.
func TestRecycleGivesCleanArrays(t *testing.T) {
	build := func(m int) *Cart {
		c := richCartBy(t, newPooled)
		mutations[m].do(t, c)
		return c
	}
	want := make([]cartState, len(mutations))
	for m := range mutations {
		want[m] = stateOf(build(m)) // never recycled: fresh arrays
	}
	for round := range 2 {
		for m := range mutations {
			c := build(len(mutations) - 1 - m)
			c.Clone().recycle()
			c.recycle()
			c.recycle() // a second recycle does nothing
			// Two carts at once: had the arrays gone to the pool twice,
			// the second would be built over the first.
			got, other := build(m), build(0)
			if d := diff(want[m], stateOf(got), lineOpts); d != "" {
				t.Errorf("round %d, %s, built after a recycle (-fresh +reused):\n%s", round, mutations[m].name, d)
			}
			if d := diff(want[0], stateOf(other), lineOpts); d != "" {
				t.Errorf("round %d, the second cart (-fresh +reused):\n%s", round, d)
			}
			got.recycle()
			other.recycle()
		}
	}
}

// TestWhatAUserHoldsStaysValid: a cart from New is never recycled, and a
// pooled cart that was exposed (given to a user's handler), directly or
// through a clone, keeps its arrays however many carts are built and
// changed after it is recycled.
func TestWhatAUserHoldsStaysValid(t *testing.T) {
	churn := func() {
		for m := range mutations {
			c := richCartBy(t, newPooled)
			mutations[len(mutations)-1-m].do(t, c)
			mutations[m].do(t, c)
			c.recycle()
		}
	}
	t.Run("New", func(t *testing.T) {
		c := richCart(t)
		lines := c.Lines()
		want := stateOf(c)
		c.recycle()
		c.expose()
		churn()
		if d := diff(want, stateOf(c), lineOpts); d != "" {
			t.Errorf("a cart from New changed after recycle (-before +after):\n%s", d)
		}
		if d := diff(want.Lines, lines, lineOpts); d != "" {
			t.Errorf("the lines read from it changed (-before +after):\n%s", d)
		}
	})
	for _, exposed := range []string{"the cart", "a clone", "a clone of a clone"} {
		t.Run(exposed, func(t *testing.T) {
			c := richCartBy(t, newPooled)
			clone := c.Clone()
			mutations[0].do(t, clone)
			switch exposed {
			case "the cart":
				c.expose()
			case "a clone":
				clone.expose()
			default:
				clone.Clone().expose()
			}
			lines, units := c.Lines(), c.Units()
			want, wantClone := stateOf(c), stateOf(clone)
			c.recycle()
			churn()
			if d := diff(want, stateOf(c), lineOpts); d != "" {
				t.Errorf("the recycled cart changed (-before +after):\n%s", d)
			}
			if d := diff(wantClone, stateOf(clone), lineOpts); d != "" {
				t.Errorf("its clone changed (-before +after):\n%s", d)
			}
			if d := diff(want.Lines, lines, lineOpts); d != "" {
				t.Errorf("the lines read from it changed (-before +after):\n%s", d)
			}
			if d := diff(want.Units, units); d != "" {
				t.Errorf("the units read from it changed (-before +after):\n%s", d)
			}
		})
	}
}

// TestRegisteredOperations: the table internal/cartops hands out is this
// package's.
func TestRegisteredOperations(t *testing.T) {
	ops := cartops.CartOps[*Cart, *Session, RoundingMode, Adjustment]()
	c, err := ops.New(&Session{Currency: eur, CartItems: []CartItem{{SKU: "A", Quantity: 2, Price: 100}}}, HalfEven)
	if err != nil {
		t.Fatal(err)
	}
	if !c.recycles || c.arrays == nil {
		t.Error("ops.New made a cart that is not pooled")
	}
	ops.Reserve(c, 10, 2)
	c.Discount(campaign(1, "d"), 50, []int32{0, 1})
	entries, descriptions := ops.Ledger(c)
	if len(entries) != 2 || len(descriptions) != 1 {
		t.Fatalf("Ledger: %d entries, %d descriptions; want 2, 1", len(entries), len(descriptions))
	}
	for i, p := range entries {
		if p.Charge != int32(i) || descriptions[p.Adj].CampaignID != 1 || p.Amount != 25 {
			t.Errorf("entry %d: %+v of %+v", i, p, descriptions[p.Adj])
		}
	}
	if err := ops.MarkReturned(c, 1); err != nil || c.Totals().CartItems != 100 {
		t.Errorf("MarkReturned: %v, totals %+v", err, c.Totals())
	}
	if err := ops.MarkReturned(c, 2); err == nil {
		t.Error("MarkReturned(2) of a 2-unit cart: no error")
	}
	ops.Expose(c)
	if !c.arrays.exposed {
		t.Error("Expose did not mark the cart's arrays")
	}
	ops.Recycle(c)
	if len(c.Lines()) != 1 {
		t.Error("Recycle emptied an exposed cart")
	}
}
