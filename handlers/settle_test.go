package handlers

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// A discount handler keeps the effect's props when settling would not
// change them: for random values (at the currency's scale and not, capped
// and not, with and without a desiredValue), every applied effect equals
// its props settled with what the ledger says was applied, and the input
// list is left as it was.
func TestPropertyDiscountPropsAreSettled(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur, c, list := randomDiscounts(t)
		before := snapshotProps(list)
		out, applied, err := New().Apply(c, list)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(snapshotProps(list), before) {
			t.Fatal("applying changed the input effects")
		}
		for i := range applied {
			var got applied1
			var want applied1
			var name string
			switch p := list[i].Props.(type) {
			case *effects.SetDiscount:
				q, _ := applied[i].Props.(*effects.SetDiscount)
				name, want, got = p.Name, applied1{p.Value, p.DesiredValue}, applied1{q.Value, q.DesiredValue}
			case *effects.SetDiscountPerItem:
				q, _ := applied[i].Props.(*effects.SetDiscountPerItem)
				name, want, got = p.Name, applied1{p.Value, p.DesiredValue}, applied1{q.Value, q.DesiredValue}
			case *effects.SetDiscountPerAdditionalCost:
				q, _ := applied[i].Props.(*effects.SetDiscountPerAdditionalCost)
				name, want, got = p.Name, applied1{p.Value, p.DesiredValue}, applied1{q.Value, q.DesiredValue}
			case *effects.SetDiscountPerAdditionalCostPerItem:
				q, _ := applied[i].Props.(*effects.SetDiscountPerAdditionalCostPerItem)
				name, want, got = p.Name, applied1{p.Value, p.DesiredValue}, applied1{q.Value, q.DesiredValue}
			}
			var sum int64
			for _, e := range out.Ledger() {
				if e.Name == name {
					sum += e.Amount
				}
			}
			asked, err := cur.ToMinor(want.value.Decimal, cart.HalfEven)
			if err != nil {
				t.Fatal(err)
			}
			settle(out, &want.value, &want.desired, asked, sum)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("effect %d (%s): applied %v desired %v, settling gives %v desired %v", i, name, got.value, got.desired, want.value, want.desired)
			}
		}
	})
}

// randomDiscounts draws a cart with item and session costs and a list of
// discount effects of every kind: values at the currency's scale and not,
// some with a desiredValue.
func randomDiscounts(t *rapid.T) (cart.Currency, *cart.Cart, []effects.Effect) {
	code := rapid.SampledFrom([]string{"EUR", "JPY", "KWD"}).Draw(t, "currency")
	cur := cart.MustCurrency(code)
	lines := rapid.IntRange(1, 5).Draw(t, "lines")
	var items []string
	for i := range lines {
		items = append(items, fmt.Sprintf(`{"sku": "S%d", "quantity": %d, "price": %s, "additionalCosts": {"wrap": {"price": %s}}}`,
			i, rapid.IntRange(1, 3).Draw(t, "qty"), cur.Decimal(rapid.Int64Range(0, 5000).Draw(t, "price")), cur.Decimal(rapid.Int64Range(0, 300).Draw(t, "wrap"))))
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
		return effects.NewNumber(decimal.New(rapid.Int64Range(0, 20000).Draw(t, "value"), -int32(rapid.IntRange(0, 4).Draw(t, "exp"))))
	}
	desired := func() *effects.Number {
		if rapid.IntRange(0, 3).Draw(t, "desired") > 0 {
			return nil
		}
		d := value()
		return &d
	}
	var list []effects.Effect
	for i := range rapid.IntRange(1, 8).Draw(t, "effects") {
		name := fmt.Sprintf("d%d", i)
		pos := effects.Index(rapid.IntRange(0, lines-1).Draw(t, "pos"))
		var p effects.Props
		switch rapid.IntRange(0, 3).Draw(t, "kind") {
		case 0:
			p = &effects.SetDiscount{Name: name, Value: value(), DesiredValue: desired()}
		case 1:
			p = &effects.SetDiscountPerItem{Name: name, Value: value(), DesiredValue: desired(), Position: pos}
		case 2:
			p = &effects.SetDiscountPerAdditionalCost{Name: name, AdditionalCost: "shipping", Value: value(), DesiredValue: desired()}
		case 3:
			p = &effects.SetDiscountPerAdditionalCostPerItem{Name: name, AdditionalCost: "wrap", Value: value(), DesiredValue: desired(), Position: pos}
		}
		list = append(list, eff(1, p))
	}
	return cur, c, list
}

// applied1 is a discount effect's value and desiredValue.
type applied1 struct {
	value   effects.Number
	desired *effects.Number
}

// snapshotProps renders the effects' props as text, so that a field that
// is set anew shows.
func snapshotProps(list []effects.Effect) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = fmt.Sprintf("%#v", e.Props)
		if d := desiredOf(e.Props); d != nil {
			out[i] += " desired " + d.String()
		}
	}
	return out
}

func desiredOf(p effects.Props) *effects.Number {
	switch p := p.(type) {
	case *effects.SetDiscount:
		return p.DesiredValue
	case *effects.SetDiscountPerItem:
		return p.DesiredValue
	case *effects.SetDiscountPerAdditionalCost:
		return p.DesiredValue
	case *effects.SetDiscountPerAdditionalCostPerItem:
		return p.DesiredValue
	}
	return nil
}
