package engine

import (
	"math/rand/v2"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// unitDiscount is one discount one unit received, as a return reads it.
type unitDiscount struct {
	CampaignID  int64
	Name, Scope string
	Amount      int64
}

// naiveUnitDiscounts is what each unit (then each session cost) of a cart
// received, worked out the plain way from the cart's ledger: entries of a
// campaign and name on one unit added up, in the order first met, with the
// first entry's scope.
func naiveUnitDiscounts(c *cart.Cart) [][]unitDiscount {
	units, charges := c.Units(), c.Charges()
	out := make([][]unitDiscount, len(units)+len(c.SessionCosts()))
	for _, e := range c.Ledger() {
		u := int(charges[e.Charge].Unit)
		if u < 0 {
			for i, ch := range c.SessionCosts() {
				if ch == e.Charge {
					u = len(units) + i
				}
			}
		}
		merged := false
		for k := range out[u] {
			if d := &out[u][k]; d.CampaignID == e.CampaignID && d.Name == e.Name {
				d.Amount += e.Amount
				merged = true
			}
		}
		if !merged {
			out[u] = append(out[u], unitDiscount{e.CampaignID, e.Name, e.Scope, e.Amount})
		}
	}
	return out
}

// unitDiscounts reads a stored ledger back unit by unit, checking that
// its postings are grouped by unit in the order of the units.
func unitDiscounts(t *testing.T, l store.Ledger) [][]unitDiscount {
	t.Helper()
	out := make([][]unitDiscount, len(l.Units))
	for i, p := range l.Postings {
		if i > 0 && p.Unit < l.Postings[i-1].Unit {
			t.Fatalf("posting %d (%+v) is not grouped by unit", i, p)
		}
		d := l.Discounts[p.Discount]
		out[p.Unit] = append(out[p.Unit], unitDiscount{d.CampaignID, d.Name, d.Scope, p.Amount})
	}
	return out
}

func ledgerCart(t *testing.T, body string) *cart.Cart {
	t.Helper()
	s, err := cart.ParseSession([]byte(body), cart.ParseOptions{Currency: cart.MustCurrency("EUR")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cart.New(s, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func allCharges(c *cart.Cart) []int32 {
	var all []int32
	for i := range c.Charges() {
		all = append(all, int32(i))
	}
	return all
}

// The stored ledger holds exactly what each unit received: a discount on
// a unit's price and on its additional cost is one posting, the same name
// in two campaigns is two, a discount applied again replaces itself, and
// session costs come after the units.
func TestUnitLedger(t *testing.T) {
	c := ledgerCart(t, `{"cartItems": [
		{"sku": "A", "quantity": 2, "price": 10.00, "additionalCosts": {"wrap": {"price": 1.00}}},
		{"sku": "B", "quantity": 1, "price": 5.00}],
		"additionalCosts": {"shipping": {"price": 4.00}}}`)
	units := c.Units()
	all := allCharges(c)
	c.Discount(cart.Adjustment{CampaignID: 1, Name: "all", Scope: "sessionTotal"}, 700, all)
	c.Discount(cart.Adjustment{CampaignID: 2, Name: "unit", Scope: "price"}, 100, []int32{units[0].Price})
	c.Discount(cart.Adjustment{CampaignID: 2, Name: "unit", Scope: "additionalCosts"}, 50, units[1].Costs)
	c.Discount(cart.Adjustment{CampaignID: 3, Name: "all", Scope: "sessionTotal"}, 300, all)
	c.Discount(cart.Adjustment{CampaignID: 1, Name: "all", Scope: "sessionTotal"}, 350, all)

	l := unitLedger(c)
	wantUnits := []store.UnitLedger{
		{Position: 0, SubPosition: 0, Name: 0, Price: 1100},
		{Position: 0, SubPosition: 1, Name: 0, Price: 1100},
		{Position: 1, SubPosition: 0, Name: 1, Price: 500},
		{Position: -1, SubPosition: -1, Name: 2, Price: 400},
	}
	if diff := cmp.Diff(wantUnits, l.Units); diff != "" {
		t.Errorf("units (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"A", "B", "shipping"}, l.Names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	got := unitDiscounts(t, l)
	if diff := cmp.Diff(naiveUnitDiscounts(c), got); diff != "" {
		t.Errorf("discounts (-want +got):\n%s", diff)
	}
	// Unit 1 got campaign 2's "unit" only on its wrap, first: scope as applied.
	if d := got[1][0]; d.CampaignID != 2 || d.Scope != "additionalCosts" {
		t.Errorf("unit 1's first discount %+v", d)
	}
	if len(l.Discounts) != 4 {
		t.Errorf("%d descriptions, want one per campaign, name and scope: %+v", len(l.Discounts), l.Discounts)
	}
	var sum int64
	for _, p := range l.Postings {
		sum += p.Amount
	}
	if sum != c.Totals().Discount {
		t.Errorf("the postings add up to %d, the cart's discount is %d", sum, c.Totals().Discount)
	}
}

// Random discounts on random carts: the stored ledger always says what
// the plain reading of the cart's ledger says.
func TestUnitLedgerRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	scopes := []string{"sessionTotal", "price", "additionalCosts"}
	for n := range 300 {
		body := `{"cartItems": [`
		lines := 1 + r.IntN(4)
		for i := range lines {
			if i > 0 {
				body += ","
			}
			body += `{"sku": "S` + string(rune('A'+i)) + `", "quantity": ` + string(rune('1'+r.IntN(3))) + `, "price": 9.99`
			if r.IntN(2) == 0 {
				body += `, "additionalCosts": {"wrap": {"price": 0.50}, "fee": {"price": 0.25}}`
			}
			body += `}`
		}
		body += `]`
		if r.IntN(2) == 0 {
			body += `, "additionalCosts": {"shipping": {"price": 4.95}, "handling": {"price": 1.00}}`
		}
		c := ledgerCart(t, body+`}`)
		all := allCharges(c)
		for range r.IntN(12) {
			charges := all
			if r.IntN(2) == 0 {
				charges = nil
				for _, ch := range all {
					if r.IntN(3) == 0 {
						charges = append(charges, ch)
					}
				}
			}
			adj := cart.Adjustment{CampaignID: int64(1 + r.IntN(3)), Name: []string{"x", "y"}[r.IntN(2)], Scope: scopes[r.IntN(len(scopes))]}
			c.Discount(adj, int64(1+r.IntN(2000)), charges)
		}
		l := unitLedger(c)
		if diff := cmp.Diff(naiveUnitDiscounts(c), unitDiscounts(t, l)); diff != "" {
			t.Fatalf("cart %d %s: discounts (-want +got):\n%s", n, body, diff)
		}
		for i, u := range c.Units() {
			if got, want := l.Names[l.Units[i].Name], c.Lines()[u.Position].Item.SKU; got != want {
				t.Fatalf("cart %d %s: unit %d is %s, want %s", n, body, i, got, want)
			}
		}
		for i, ch := range c.SessionCosts() {
			if got, want := l.Names[l.Units[len(c.Units())+i].Name], c.Charges()[ch].Name; got != want {
				t.Fatalf("cart %d %s: session cost %d is %s, want %s", n, body, i, got, want)
			}
		}
	}
}

// BenchmarkUnitLedger regroups the ledger of a 50-line cart of 150 units
// with a few cart-wide discounts and a per-unit discount on every unit.
func BenchmarkUnitLedger(b *testing.B) {
	body := `{"cartItems": [`
	for i := range 50 {
		if i > 0 {
			body += ","
		}
		body += `{"sku": "S` + string(rune('A'+i%26)) + string(rune('A'+i/26)) + `", "quantity": 3, "price": 19.99}`
	}
	s, err := cart.ParseSession([]byte(body+`], "additionalCosts": {"shipping": {"price": 4.95}}}`), cart.ParseOptions{Currency: cart.MustCurrency("EUR")})
	if err != nil {
		b.Fatal(err)
	}
	c, err := cart.New(s, 0)
	if err != nil {
		b.Fatal(err)
	}
	var all []int32
	for i := range c.Charges() {
		all = append(all, int32(i))
	}
	for k := range 4 {
		c.Discount(cart.Adjustment{CampaignID: int64(k + 1), Name: "all", Scope: "sessionTotal"}, 500, all)
	}
	// Per-unit discounts of a campaign are applied one after another.
	for i, u := range c.Units() {
		c.Discount(cart.Adjustment{CampaignID: int64(10 + i/15), Name: "unit", Scope: "price"}, 100, []int32{u.Price})
	}
	b.ReportAllocs()
	for b.Loop() {
		unitLedger(c)
	}
}
