package cart

import (
	"testing"

	"pgregory.net/rapid"
)

// Generators for random carts: 1–20 lines, quantities 1–5, prices 0–10000
// minor units, currencies of scale 0, 2 and 3. SKUs come from a small set
// so that lines share SKUs (and prices) often.

var genCurrency = rapid.SampledFrom([]Currency{jpy, eur, kwd})

var genItem = rapid.Custom(func(t *rapid.T) CartItem {
	return CartItem{
		SKU:      rapid.SampledFrom([]string{"A", "B", "C", "D", "E"}).Draw(t, "sku"),
		Quantity: rapid.IntRange(1, 5).Draw(t, "quantity"),
		Price:    rapid.OneOf(rapid.Int64Range(0, 10000), rapid.SampledFrom([]int64{0, 1, 100, 999, 10000})).Draw(t, "price"),
	}
})

var genItems = rapid.SliceOfN(genItem, 1, 20)

// drawItemsWithCosts draws items, some with an ecoTax cost per unit.
func drawItemsWithCosts(t *rapid.T) []CartItem {
	items := genItems.Draw(t, "items")
	for i := range items {
		if rapid.Bool().Draw(t, "has item cost") {
			items[i].AdditionalCosts = []AdditionalCost{{Name: "ecoTax", Price: rapid.Int64Range(0, 500).Draw(t, "eco tax")}}
		}
	}
	return items
}

// genAmount draws an amount up to twice total, with the edges often.
func genAmount(t *rapid.T, total int64) int64 {
	return rapid.OneOf(
		rapid.Int64Range(0, 2*total+10),
		rapid.SampledFrom([]int64{0, 1, total, total + 1}),
	).Draw(t, "amount")
}

func cartOf(t *rapid.T, cur Currency, items []CartItem) *Cart {
	c, err := New(&Session{Currency: cur, CartItems: items}, HalfEven)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestPropertyAllocationPartsSumExactlyAndRespectCaps(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		targets := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) Target {
			return Target{
				Weight:   rapid.Int64Range(-5, 1_000_000).Draw(t, "weight"),
				Cap:      rapid.Int64Range(-5, 10_000).Draw(t, "cap"),
				SKU:      rapid.SampledFrom([]string{"A", "B", "C"}).Draw(t, "sku"),
				Position: rapid.Int32Range(0, 3).Draw(t, "position"),
			}
		}), 0, 40).Draw(t, "targets")
		var caps int64
		for _, tg := range targets {
			caps += max(tg.Cap, 0)
		}
		amount := genAmount(t, caps)
		parts, unapplied := Allocate(amount, targets)
		checkAllocation(t, amount, targets, parts, unapplied, caps)
	})
}

func checkAllocation(t *rapid.T, amount int64, targets []Target, parts []int64, unapplied, caps int64) {
	t.Helper()
	if len(parts) != len(targets) {
		t.Fatalf("%d parts for %d targets", len(parts), len(targets))
	}
	var sum int64
	for i, p := range parts {
		if p < 0 {
			t.Fatalf("part %d = %d is negative", i, p)
		}
		if p > max(targets[i].Cap, 0) {
			t.Fatalf("part %d = %d is above its cap %d", i, p, targets[i].Cap)
		}
		sum += p
	}
	if sum != amount-unapplied {
		t.Fatalf("parts sum to %d, want amount %d − unapplied %d", sum, amount, unapplied)
	}
	if amount <= caps && unapplied != 0 {
		t.Fatalf("unapplied = %d with amount %d ≤ caps %d", unapplied, amount, caps)
	}
	if amount > caps && unapplied != amount-caps {
		t.Fatalf("unapplied = %d, want %d (amount %d, caps %d)", unapplied, amount-caps, amount, caps)
	}
}

func TestPropertyCartDiscountAllocatesOverUnitsWithinTheirPrices(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := cartOf(t, genCurrency.Draw(t, "currency"), genItems.Draw(t, "items"))
		charges := priceCharges(c)
		targets := make([]Target, len(charges))
		for i, ch := range charges {
			targets[i] = c.ChargeTarget(ch)
		}
		caps := c.Totals().CartItems
		amount := genAmount(t, caps)
		parts, unapplied := Allocate(amount, targets)
		checkAllocation(t, amount, targets, parts, unapplied, caps)

		// Discount records exactly what Allocate computes.
		if applied := c.Discount(campaign(1, "off"), amount, charges); applied != amount-unapplied {
			t.Fatalf("Discount applied %d, Allocate placed %d", applied, amount-unapplied)
		}
		for i, ch := range charges {
			if got := c.Charges()[ch].Discount; got != parts[i] {
				t.Fatalf("unit %d: Discount recorded %d, Allocate gave %d", i, got, parts[i])
			}
		}
	})
}

func TestPropertyLineOrderDoesNotChangeTheAmountsPerSKU(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency.Draw(t, "currency")
		items := genItems.Draw(t, "items")
		permuted := rapid.Permutation(items).Draw(t, "permuted")
		a, b := cartOf(t, cur, items), cartOf(t, cur, permuted)
		amount := genAmount(t, a.Totals().CartItems)
		if x, y := a.Discount(campaign(1, "off"), amount, priceCharges(a)), b.Discount(campaign(1, "off"), amount, priceCharges(b)); x != y {
			t.Fatalf("applied %d in one order, %d in the other", x, y)
		}
		if d := diff(discountsBySKU(a), discountsBySKU(b), sortedInts); d != "" {
			t.Fatalf("amounts per SKU differ with the line order (-original +permuted):\n%s", d)
		}
	})
}

func TestPropertySplittingALineIntoUnitsDoesNotChangeTheAmountsPerSKU(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genCurrency.Draw(t, "currency")
		items := genItems.Draw(t, "items")
		var split []CartItem
		for _, it := range items {
			for range it.Quantity {
				one := it
				one.Quantity = 1
				split = append(split, one)
			}
		}
		a, b := cartOf(t, cur, items), cartOf(t, cur, split)
		amount := genAmount(t, a.Totals().CartItems)
		a.Discount(campaign(1, "off"), amount, priceCharges(a))
		b.Discount(campaign(1, "off"), amount, priceCharges(b))
		if d := diff(discountsBySKU(a), discountsBySKU(b), sortedInts); d != "" {
			t.Fatalf("amounts per SKU differ when lines are split (-lines +units):\n%s", d)
		}
	})
}

func TestPropertyTotalsAfterDiscountsAddUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		items := drawItemsWithCosts(t)
		costs := []AdditionalCost{{Name: "shipping", Price: rapid.Int64Range(0, 2000).Draw(t, "shipping")}}
		c, err := New(&Session{Currency: genCurrency.Draw(t, "currency"), CartItems: items, AdditionalCosts: costs}, HalfEven)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		all := make([]int32, len(c.Charges()))
		for i := range all {
			all[i] = int32(i)
		}
		var applied int64
		for i, n := 0, rapid.IntRange(1, 4).Draw(t, "discounts"); i < n; i++ {
			charges := rapid.SliceOfNDistinct(rapid.SampledFrom(all), 1, len(all), rapid.ID[int32]).Draw(t, "charges")
			before := c.RemainingTotal(charges)
			amount := genAmount(t, c.Totals().Subtotal)
			// A distinct campaign each time: nothing is replaced.
			got := c.Discount(campaign(int64(i), "off"), amount, charges)
			if want := min(amount, before); got != want {
				t.Fatalf("discount %d applied %d, want min(amount %d, remaining %d)", i, got, amount, before)
			}
			applied += got
		}
		tot := c.Totals()
		if tot.Total != tot.Subtotal-tot.Discount {
			t.Fatalf("total %d ≠ subtotal %d − discount %d", tot.Total, tot.Subtotal, tot.Discount)
		}
		if tot.Total < 0 {
			t.Fatalf("total %d is negative", tot.Total)
		}
		if tot.Discount != applied {
			t.Fatalf("discount total %d, but the discounts applied %d", tot.Discount, applied)
		}
		for i, ch := range c.Charges() {
			if ch.Remaining() < 0 || ch.Discount < 0 {
				t.Fatalf("charge %d: %+v", i, ch)
			}
		}
		r := c.Receipt()
		checkReceiptAddsUp(t, r, tot)
	})
}

// checkReceiptAddsUp checks that the receipt's lines and costs add up to its
// totals.
func checkReceiptAddsUp(t interface {
	Helper()
	Fatalf(string, ...any)
}, r *Receipt, tot Totals) {
	t.Helper()
	var sum int64
	for _, it := range r.Items {
		var units int64
		var n int
		for _, g := range it.Units {
			units += int64(g.Quantity) * g.UnitTotal.Minor
			n += g.Quantity
		}
		if n != it.Quantity || units != it.Total.Minor {
			t.Fatalf("line %d: unit groups hold %d units totalling %d; the line has %d totalling %d", it.Position, n, units, it.Quantity, it.Total.Minor)
		}
		sum += it.Total.Minor
	}
	for _, ac := range r.AdditionalCosts {
		sum += ac.Total.Minor
	}
	if sum != r.Total.Minor || r.Total.Minor != tot.Total || r.Subtotal.Minor != tot.Subtotal || r.DiscountTotal.Minor != tot.Discount {
		t.Fatalf("receipt lines add up to %d; receipt %v − %v = %v; totals %+v", sum, r.Subtotal, r.DiscountTotal, r.Total, tot)
	}
	if r.Subtotal.Minor-r.DiscountTotal.Minor != r.Total.Minor {
		t.Fatalf("receipt subtotal %v − discount %v ≠ total %v", r.Subtotal, r.DiscountTotal, r.Total)
	}
}
