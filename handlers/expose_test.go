package handlers

import (
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
)

// pooledCart is newCart on pooled arrays, as the engine makes its
// working cart.
func pooledCart(t testing.TB, session string) *cart.Cart {
	t.Helper()
	s, err := cart.ParseSession([]byte(session), cart.ParseOptions{Currency: cart.MustCurrency("EUR")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cartOps.New(s, cart.HalfEven)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A custom handler's cart, and the cart it was cloned from, are never
// recycled: what the handler kept stays valid after the engine recycles
// its working cart and builds others on the pool.
func TestACartACustomHandlerSawIsNeverRecycled(t *testing.T) {
	var kept *cart.Cart
	var keptLines []cart.Line
	r := New(WithCustomEffect("keep", HandlerFunc(func(c *cart.Cart, e *effects.Effect) error {
		kept, keptLines = c, c.Lines()
		return nil
	})))
	list := []effects.Effect{
		eff(1, &effects.SetDiscount{Name: "d", Value: num("1.00")}),
		eff(2, &effects.CustomEffect{Name: "keep", Payload: []byte(`{}`)}),
	}
	for _, path := range []string{"in place", "on a copy"} {
		t.Run(path, func(t *testing.T) {
			c := pooledCart(t, threeLines)
			if path == "in place" {
				if _, err := r.applyOwned(c, append([]effects.Effect(nil), list...)); err != nil {
					t.Fatal(err)
				}
			} else if _, _, err := r.Apply(c, list); err != nil {
				t.Fatal(err)
			}
			want := receiptJSON(t, kept)
			cartOps.Recycle(c)
			for range 10 {
				other := pooledCart(t, `{"cartItems": [{"sku": "Z", "quantity": 7, "price": 2.00}]}`)
				if _, err := New().applyOwned(other, []effects.Effect{eff(3, &effects.SetDiscount{Name: "z", Value: num("3.00")})}); err != nil {
					t.Fatal(err)
				}
				cartOps.Recycle(other)
			}
			if got := receiptJSON(t, kept); got != want {
				t.Errorf("the kept cart changed:\n%s\nwas\n%s", got, want)
			}
			if len(keptLines) != 3 || keptLines[0].Item.SKU != "B" || keptLines[2].Item.SKU != "C" {
				t.Errorf("the kept lines changed: %+v", keptLines)
			}
		})
	}
}
