package cart

import (
	"testing"

	"pgregory.net/rapid"
)

// totalsRef sums the cart charge by charge, as Totals did before it kept
// its sums: the reference the kept sums must equal.
func totalsRef(c *Cart) Totals {
	var t Totals
	for i := range c.charges {
		g := &c.charges[i]
		if c.returned[g.Unit] {
			continue
		}
		switch g.Kind {
		case ChargePrice:
			t.CartItems += g.Base
		case ChargeItemCost:
			t.ItemAdditionalCosts += g.Base
		case ChargeSessionCost:
			t.AdditionalCosts += g.Base
		}
		t.Discount += g.Discount
	}
	t.Subtotal = t.CartItems + t.ItemAdditionalCosts + t.AdditionalCosts
	t.Total = t.Subtotal - t.Discount
	return t
}

// The sums Totals keeps follow every change: discounts that replace
// themselves, removed adjustments, clones, free lines and returns.
func TestPropertyTotalsEqualReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := randomLedgerCart(t)
		if rapid.Bool().Draw(t, "remove") {
			campaign := rapid.Int64Range(1, 4).Draw(t, "removed campaign")
			c.RemoveAdjustments(func(e Entry) bool { return e.CampaignID == campaign })
		}
		if got, want := c.Totals(), totalsRef(c); got != want {
			t.Fatalf("Totals = %+v, want %+v", got, want)
		}
		// The same cart without its returns takes the kept sums.
		d := c.Clone()
		d.returned = nil
		if got, want := d.Totals(), totalsRef(d); got != want {
			t.Fatalf("without returns: Totals = %+v, want %+v", got, want)
		}
	})
}
