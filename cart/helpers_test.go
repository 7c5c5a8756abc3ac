package cart

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Helpers shared by the tests of this package.

var (
	eur = MustCurrency("EUR")
	jpy = MustCurrency("JPY")
	kwd = MustCurrency("KWD")
)

// errorOpts compares *Error by what callers see (message and problems); the
// sentinel it unwraps to is checked with errors.Is.
var errorOpts = cmpopts.IgnoreUnexported(Error{})

// item is a cart line with the fields most tests need.
func item(sku string, quantity int, price int64) CartItem {
	return CartItem{SKU: sku, Name: sku, Quantity: quantity, Price: price}
}

// mustNew builds a cart of the given lines and session-level costs, rounding
// half-even.
func mustNew(t testing.TB, cur Currency, items []CartItem, costs ...AdditionalCost) *Cart {
	t.Helper()
	c, err := New(&Session{Currency: cur, CartItems: items, AdditionalCosts: costs}, HalfEven)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// priceCharges returns the price charge of every unit, in unit order.
func priceCharges(c *Cart) []int32 {
	out := make([]int32, len(c.Units()))
	for i, u := range c.Units() {
		out[i] = u.Price
	}
	return out
}

// itemCostCharges returns the charges of the item-level additional cost with
// the given name, in unit order.
func itemCostCharges(c *Cart, name string) []int32 {
	var out []int32
	for _, u := range c.Units() {
		for _, ch := range u.Costs {
			if c.Charges()[ch].Name == name {
				out = append(out, ch)
			}
		}
	}
	return out
}

// unitDiscounts returns the discount on each unit's price, in unit order.
func unitDiscounts(c *Cart) []int64 {
	out := make([]int64, len(c.Units()))
	for i, u := range c.Units() {
		out[i] = c.Charges()[u.Price].Discount
	}
	return out
}

// discountsBySKU returns the discount on each unit's price, grouped by the
// unit's SKU in unit order.
func discountsBySKU(c *Cart) map[string][]int64 {
	out := map[string][]int64{}
	for _, u := range c.Units() {
		sku := c.Lines()[u.Position].Item.SKU
		out[sku] = append(out[sku], c.Charges()[u.Price].Discount)
	}
	return out
}

// sortedInts orders []int64 values so that multisets compare equal.
var sortedInts = cmpopts.SortSlices(func(a, b int64) bool { return a < b })

// diff is cmp.Diff with the options every test in this package needs.
func diff(want, got any, opts ...cmp.Option) string {
	return cmp.Diff(want, got, append([]cmp.Option{errorOpts}, opts...)...)
}
