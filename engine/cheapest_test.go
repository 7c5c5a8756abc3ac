package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/effects"
)

// unitLine is a cart line of the tie tests.
type unitLine struct {
	sku   string
	price string
	qty   int
}

// permutations returns every order of lines.
func permutations(lines []unitLine) [][]unitLine {
	if len(lines) <= 1 {
		return [][]unitLine{append([]unitLine(nil), lines...)}
	}
	var out [][]unitLine
	for i := range lines {
		rest := append(append([]unitLine(nil), lines[:i]...), lines[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]unitLine{lines[i]}, p...))
		}
	}
	return out
}

func sessionOf(lines []unitLine) string {
	var items []string
	for _, l := range lines {
		items = append(items, fmt.Sprintf(`{"sku": %q, "quantity": %d, "price": %s}`, l.sku, l.qty, l.price))
	}
	return `{"cartItems": [` + strings.Join(items, ", ") + `]}`
}

// TestCheapestTiesByContent: cheapest and mostExpensive choose among
// equal prices by content (SKU), as allocation breaks ties, never by line
// order or by how a quantity was split; through a direct program and
// through expr's VM (len("x") is not one the closures cover) alike.
func TestCheapestTiesByContent(t *testing.T) {
	// Two carts of the same content: RED 8.00 ×2, BLUE 8.00, GREEN 9.00,
	// GOLD 9.00; the first with RED as one line, the second split.
	whole := []unitLine{{"RED", "8.00", 2}, {"BLUE", "8.00", 1}, {"GREEN", "9.00", 1}, {"GOLD", "9.00", 1}}
	split := []unitLine{{"RED", "8.00", 1}, {"BLUE", "8.00", 1}, {"GREEN", "9.00", 1}, {"RED", "8.00", 1}, {"GOLD", "9.00", 1}}
	for _, tc := range []struct {
		name, items string
		want        []string // the freed SKUs, in effect order
		total       string
	}{
		{"cheapest direct", "cheapest(Session.CartItems, 2)", []string{"BLUE", "RED"}, "26.00"},
		{"cheapest VM", `cheapest(Session.CartItems, len("xx"))`, []string{"BLUE", "RED"}, "26.00"},
		{"mostExpensive direct", "mostExpensive(Session.CartItems, 1)", []string{"GOLD"}, "33.00"},
		{"mostExpensive VM", `mostExpensive(Session.CartItems, len("x"))`, []string{"GOLD"}, "33.00"},
		{"mostExpensive into the ties", "mostExpensive(Session.CartItems, 3)", []string{"GOLD", "GREEN", "BLUE"}, "16.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Free units
    rules:
      - name: free
        condition: Session.ItemCount >= 3
        effects:
          - type: setDiscountPerItem
            items: '`+tc.items+`'
            name: Free
            value: Item.Price
`)
			carts := append(permutations(whole), permutations(split)...)
			for i, lines := range carts {
				r := update(t, e, fmt.Sprint("s", i), sessionOf(lines))
				var freed []string
				for _, eff := range r.Effects {
					p, ok := eff.Props.(*effects.SetDiscountPerItem)
					if !ok {
						t.Fatalf("%v: effect %s", lines, eff.Type())
					}
					freed = append(freed, lines[p.Position].sku)
				}
				if fmt.Sprint(freed) != fmt.Sprint(tc.want) {
					t.Errorf("lines %v: freed %v, want %v", lines, freed, tc.want)
				}
				if got := r.Cart.Total.String(); got != tc.total {
					t.Errorf("lines %v: total %s, want %s", lines, got, tc.total)
				}
			}
		})
	}
}
