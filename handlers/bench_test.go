package handlers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/effects"
)

// BenchmarkApply10Discounts50Lines applies ten discount effects (session
// and per-item) to a 50-line cart.
func BenchmarkApply10Discounts50Lines(b *testing.B) {
	var items []string
	for i := range 50 {
		items = append(items, fmt.Sprintf(`{"sku": "SKU-%02d", "quantity": %d, "price": %d.%02d, "category": "c%d"}`, i, 1+i%3, 5+i, i%100, i%10))
	}
	c := newCart(b, "EUR", fmt.Sprintf(`{"cartItems": [%s], "additionalCosts": {"shipping": {"price": 4.95}}}`, strings.Join(items, ",")))
	var list []effects.Effect
	for i := range 5 {
		list = append(list, eff(int64(i), &effects.SetDiscount{Name: fmt.Sprintf("cart %d", i), Value: num("3.33"), Scope: effects.Ptr(effects.ScopeCartItems)}))
		list = append(list, eff(int64(10+i), &effects.SetDiscountPerItem{Name: fmt.Sprintf("item#%d", i*7), Value: num("1.25"), Position: effects.Index(i * 7), SubPosition: effects.Ptr(effects.Index(0))}))
	}
	r := New()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := r.Apply(c, list); err != nil {
			b.Fatal(err)
		}
	}
}
