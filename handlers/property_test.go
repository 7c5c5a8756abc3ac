package handlers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestReceiptAddsUp: for random carts and random discount effects, the
// receipt's total is the subtotal less the applied values, to the minor
// unit, and nothing is negative.
func TestReceiptAddsUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		code := rapid.SampledFrom([]string{"EUR", "JPY", "KWD"}).Draw(t, "currency")
		cur := cart.MustCurrency(code)
		lines := rapid.IntRange(1, 8).Draw(t, "lines")
		var items []string
		for i := range lines {
			price := cur.Decimal(rapid.Int64Range(0, 20000).Draw(t, "price"))
			cost := ""
			if rapid.Bool().Draw(t, "itemCost") {
				cost = fmt.Sprintf(`, "additionalCosts": {"wrap": {"price": %s}}`, cur.Decimal(rapid.Int64Range(0, 500).Draw(t, "wrap")))
			}
			items = append(items, fmt.Sprintf(`{"sku": "S%d", "quantity": %d, "price": %s%s}`, rapid.IntRange(0, 3).Draw(t, "sku")+i%2, rapid.IntRange(1, 4).Draw(t, "qty"), price, cost))
		}
		session := fmt.Sprintf(`{"cartItems": [%s], "additionalCosts": {"shipping": {"price": %s}}}`,
			strings.Join(items, ","), cur.Decimal(rapid.Int64Range(0, 1000).Draw(t, "shipping")))
		s, err := cart.ParseSession([]byte(session), cart.ParseOptions{Currency: cur})
		if err != nil {
			t.Fatal(err)
		}
		c, err := cart.New(s, cart.HalfEven)
		if err != nil {
			t.Fatal(err)
		}
		value := func() effects.Number {
			return effects.NewNumber(decimal.New(rapid.Int64Range(0, 300000).Draw(t, "value"), -int32(rapid.IntRange(0, 4).Draw(t, "exp"))))
		}
		var list []effects.Effect
		for i := range rapid.IntRange(1, 10).Draw(t, "effects") {
			name := fmt.Sprintf("d%d", i)
			switch rapid.IntRange(0, 3).Draw(t, "kind") {
			case 0:
				scope := rapid.SampledFrom([]effects.Scope{effects.ScopeSessionTotal, effects.ScopeCartItems, effects.ScopeAdditionalCosts}).Draw(t, "scope")
				list = append(list, eff(1, &effects.SetDiscount{Name: name, Value: value(), Scope: &scope}))
			case 1:
				pos := rapid.IntRange(0, lines-1).Draw(t, "pos")
				sub := rapid.IntRange(0, s.CartItems[pos].Quantity-1).Draw(t, "sub")
				list = append(list, eff(2, &effects.SetDiscountPerItem{Name: name, Value: value(), Position: effects.Index(pos), SubPosition: effects.Ptr(effects.Index(sub))}))
			case 2:
				list = append(list, eff(3, &effects.SetDiscountPerAdditionalCost{Name: name, AdditionalCost: "shipping", Value: value()}))
			case 3:
				list = append(list, eff(4, &effects.SetDiscountPerItem{Name: name, Value: value(), Position: effects.Index(rapid.IntRange(0, lines-1).Draw(t, "line"))}))
			}
		}
		out, applied, err := New().Apply(c, list)
		if err != nil {
			t.Fatal(err)
		}
		r := out.Receipt()
		var sum int64
		for _, e := range applied {
			var v effects.Number
			switch p := e.Props.(type) {
			case *effects.SetDiscount:
				v = p.Value
			case *effects.SetDiscountPerItem:
				v = p.Value
			case *effects.SetDiscountPerAdditionalCost:
				v = p.Value
			}
			m, err := cur.ExactMinor(v.Decimal)
			if err != nil {
				t.Fatalf("applied value %s is not in minor units: %v", v, err)
			}
			sum += m
		}
		if r.DiscountTotal.Minor != sum {
			t.Fatalf("discount total %s, applied values sum to %s", r.DiscountTotal, cur.Money(sum))
		}
		if r.Total.Minor != r.Subtotal.Minor-sum || r.Total.Minor < 0 {
			t.Fatalf("total %s, subtotal %s, discounts %s", r.Total, r.Subtotal, cur.Money(sum))
		}
		var lineSum int64
		for _, it := range r.Items {
			if it.Total.Minor < 0 {
				t.Fatalf("line %d total %s is negative", it.Position, it.Total)
			}
			lineSum += it.Total.Minor
		}
		for _, ac := range r.AdditionalCosts {
			if ac.Total.Minor < 0 {
				t.Fatalf("cost %s total %s is negative", ac.Name, ac.Total)
			}
			lineSum += ac.Total.Minor
		}
		if lineSum != r.Total.Minor {
			t.Fatalf("lines and costs sum to %s, total is %s", cur.Money(lineSum), r.Total)
		}
		for _, g := range out.Charges() {
			if g.Remaining() < 0 {
				t.Fatalf("charge %+v went below zero", g)
			}
		}
	})
}
