package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
)

// keeper is a user's handler that keeps every cart it is given, the
// cart's lines as it read them, and what they showed then.
type keeper struct {
	carts []*cart.Cart
	lines [][]cart.Line
	want  []string
}

func (k *keeper) Apply(c *cart.Cart, e *effects.Effect) error {
	k.carts, k.lines = append(k.carts, c), append(k.lines, c.Lines())
	k.want = append(k.want, showLines(c.Lines()))
	c.Notify(cart.Notification{Type: "info", Title: "kept", Body: string(e.Type())})
	return nil
}

func showLines(lines []cart.Line) string {
	var skus []string
	for _, l := range lines {
		skus = append(skus, fmt.Sprintf("%s×%d@%d", l.Item.SKU, l.Item.Quantity, l.Item.Price))
	}
	return strings.Join(skus, ",")
}

func showReceipt(r *cart.Receipt) string {
	var skus []string
	for _, it := range r.Items {
		skus = append(skus, fmt.Sprintf("%s×%d@%d", it.SKU, it.Quantity, it.UnitPrice.Minor))
	}
	return strings.Join(skus, ",")
}

// A cart that a user's handler is given stays valid after the update that
// gave it, however many updates come after: the engine reuses the memory
// of its working carts, but not of those, whether the handler was given
// the working cart (stackable) or a copy of it (highestDiscount).
func TestACartAUserHandlerKeptStaysValid(t *testing.T) {
	for _, mode := range []string{"stackable", "highestDiscount"} {
		t.Run(mode, func(t *testing.T) {
			k := &keeper{}
			e := newEngine(t, bestOf(mode), WithHandler(effects.TypeSetDiscount, k))
			plain := newEngine(t, bestOf(mode)) // shares the pool of carts
			for i := range 20 {
				update(t, e, "s", fmt.Sprintf(`{"couponCodes": ["FLAT15"], "cartItems": [{"sku": "K%d", "quantity": %d, "price": %d.00}]}`, i, 1+i%3, 100+i))
				for j := range 5 {
					update(t, plain, "p", fmt.Sprintf(`{"cartItems": [{"sku": "P%d", "quantity": 4, "price": 9.00}, {"sku": "Q", "quantity": 2, "price": 1.00}]}`, j))
				}
			}
			if len(k.carts) == 0 {
				t.Fatal("the handler was given no cart")
			}
			for i, c := range k.carts {
				if got := showLines(k.lines[i]); got != k.want[i] {
					t.Errorf("the lines read from kept cart %d changed: were %s, are %s", i, k.want[i], got)
				}
				if got := showReceipt(c.Receipt()); got != k.want[i] {
					t.Errorf("kept cart %d changed: its lines were %s, its receipt shows %s", i, k.want[i], got)
				}
			}
		})
	}
}
