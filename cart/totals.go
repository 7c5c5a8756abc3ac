package cart

// Totals are the cart's sums in minor units.
type Totals struct {
	// CartItems is the sum of the units' prices before discounts
	// (Talon.One's cartItemTotal).
	CartItems int64
	// ItemAdditionalCosts is the sum of the units' additional costs before
	// discounts (Talon.One's cartItemAdditionalCostTotal).
	ItemAdditionalCosts int64
	// AdditionalCosts is the sum of the session-level additional costs before
	// discounts (Talon.One's additionalCostTotal).
	AdditionalCosts int64
	// Subtotal is everything before discounts (Talon.One's total).
	Subtotal int64
	// Discount is the sum of every adjustment in the ledger.
	Discount int64
	// Total is Subtotal − Discount; never negative.
	Total int64
}

// Totals sums the cart, less returned units. Every sum fits in int64: New
// and AddFreeLine refuse a cart whose subtotal would not.
func (c *Cart) Totals() Totals {
	var t Totals
	if len(c.returned) == 0 {
		// The sums kept as the cart changed are the sums of every charge.
		t.CartItems, t.ItemAdditionalCosts, t.AdditionalCosts = c.bases[ChargePrice], c.bases[ChargeItemCost], c.bases[ChargeSessionCost]
		t.Discount = c.discount
	} else {
		t = c.totalsWithout()
	}
	t.Subtotal = t.CartItems + t.ItemAdditionalCosts + t.AdditionalCosts
	t.Total = t.Subtotal - t.Discount
	return t
}

// totalsWithout sums the charges of the units that were not returned, and
// the session's costs.
func (c *Cart) totalsWithout() Totals {
	var t Totals
	for i := range c.charges {
		g := &c.charges[i]
		if g.Unit >= 0 && c.returned[g.Unit] {
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
	return t
}
