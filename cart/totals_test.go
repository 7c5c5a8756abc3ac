package cart

import (
	"testing"

	"pgregory.net/rapid"
)

// totalsModel is what a test knows of a cart without asking it for a sum:
// the lines it was built from (and the free lines it added), in order,
// with each unit's price and per-unit costs, the session-level costs, and
// which units were returned. Units are numbered as the cart flattens lines:
// line by line, each line's quantity in turn.
type totalsModel struct {
	lines        []modelLine
	sessionCosts []int64
	returned     map[int]bool
}

type modelLine struct {
	position int
	quantity int
	price    int64
	costs    []int64
}

// units returns, for each unit in order, the line it belongs to.
func (m *totalsModel) units() []int {
	var out []int
	for i, l := range m.lines {
		for range l.quantity {
			out = append(out, i)
		}
	}
	return out
}

// chargeOwners maps every charge of c to its unit (-1 for a session-level
// cost) and its base as the model has it, from the cart's structure alone
// (Units and SessionCosts, never Charges' sums), checking that the
// structure matches the model.
func (m *totalsModel) chargeOwners(t *rapid.T, c *Cart) (unit map[int32]int, base map[int32]int64) {
	unit, base = map[int32]int{}, map[int32]int64{}
	lineOf := m.units()
	if len(c.Units()) != len(lineOf) {
		t.Fatalf("the cart has %d units, the model %d", len(c.Units()), len(lineOf))
	}
	for u, cu := range c.Units() {
		l := m.lines[lineOf[u]]
		if int(cu.Position) != l.position || len(cu.Costs) != len(l.costs) {
			t.Fatalf("unit %d: position %d with %d costs, the model's line has position %d and %d costs", u, cu.Position, len(cu.Costs), l.position, len(l.costs))
		}
		unit[cu.Price], base[cu.Price] = u, l.price
		for k, ch := range cu.Costs {
			unit[ch], base[ch] = u, l.costs[k]
		}
	}
	if len(c.SessionCosts()) != len(m.sessionCosts) {
		t.Fatalf("the cart has %d session costs, the model %d", len(c.SessionCosts()), len(m.sessionCosts))
	}
	for k, ch := range c.SessionCosts() {
		unit[ch], base[ch] = -1, m.sessionCosts[k]
	}
	if len(unit) != len(c.Charges()) {
		t.Fatalf("units and session costs name %d charges, the cart has %d", len(unit), len(c.Charges()))
	}
	return unit, base
}

// want computes the totals from the model and the ledger: prices and costs
// of the units not returned (from the model, not the cart), the session's
// costs, and every ledger entry on a charge that was not returned. It also
// checks that no charge's entries take more than its base.
func (m *totalsModel) want(t *rapid.T, c *Cart) Totals {
	unitOf, base := m.chargeOwners(t, c)
	var w Totals
	for u, li := range m.units() {
		if m.returned[u] {
			continue
		}
		w.CartItems += m.lines[li].price
		for _, cost := range m.lines[li].costs {
			w.ItemAdditionalCosts += cost
		}
	}
	for _, cost := range m.sessionCosts {
		w.AdditionalCosts += cost
	}
	taken := map[int32]int64{}
	for _, e := range c.Ledger() {
		u, ok := unitOf[e.Charge]
		if !ok {
			t.Fatalf("ledger entry %+v on a charge the cart does not have", e)
		}
		if e.Amount <= 0 {
			t.Fatalf("ledger entry %+v takes nothing", e)
		}
		taken[e.Charge] += e.Amount
		if u >= 0 && m.returned[u] {
			continue
		}
		w.Discount += e.Amount
	}
	for ch, sum := range taken {
		if sum > base[ch] {
			t.Fatalf("charge %d: the ledger takes %d from a base of %d", ch, sum, base[ch])
		}
	}
	w.Subtotal = w.CartItems + w.ItemAdditionalCosts + w.AdditionalCosts
	w.Total = w.Subtotal - w.Discount
	return w
}

// genModelCart draws a cart and its model: lines with per-unit costs,
// perhaps a shipping cost.
func genModelCart(t *rapid.T) (*Cart, *totalsModel) {
	m := &totalsModel{returned: map[int]bool{}}
	items := genItems.Draw(t, "items")
	for i := range items {
		l := modelLine{position: i, quantity: items[i].Quantity, price: items[i].Price}
		for _, name := range []string{"eco", "wrap"} {
			if rapid.Bool().Draw(t, "has "+name) {
				p := rapid.Int64Range(0, 500).Draw(t, name)
				items[i].AdditionalCosts = append(items[i].AdditionalCosts, AdditionalCost{Name: name, Price: p})
				l.costs = append(l.costs, p)
			}
		}
		m.lines = append(m.lines, l)
	}
	var costs []AdditionalCost
	if rapid.Bool().Draw(t, "shipping") {
		p := rapid.Int64Range(0, 2000).Draw(t, "shipping price")
		costs = append(costs, AdditionalCost{Name: "shipping", Price: p})
		m.sessionCosts = append(m.sessionCosts, p)
	}
	c, err := New(&Session{Currency: genCurrency.Draw(t, "currency"), CartItems: items, AdditionalCosts: costs}, HalfEven)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, m
}

// checkTotals compares Totals with the model's, and the receipt's totals
// with them.
func checkTotals(t *rapid.T, c *Cart, m *totalsModel, when string) {
	want := m.want(t, c)
	if got := c.Totals(); got != want {
		t.Fatalf("%s: Totals = %+v, want %+v (from the lines and the ledger)", when, got, want)
	}
	if want.Total < 0 {
		t.Fatalf("%s: total %d is negative", when, want.Total)
	}
	r := c.Receipt()
	if r.Subtotal.Minor != want.Subtotal || r.DiscountTotal.Minor != want.Discount || r.Total.Minor != want.Total {
		t.Fatalf("%s: receipt %v − %v = %v, want %d − %d = %d", when, r.Subtotal, r.DiscountTotal, r.Total, want.Subtotal, want.Discount, want.Total)
	}
}

// Totals equal the sums recomputed from what the cart was built from and
// from its ledger, through every change: discounts (some replacing earlier
// ones of the same campaign and name), removed adjustments, clones, free
// lines, and then returns.
func TestPropertyTotalsEqualTheLinesLessTheLedger(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, m := genModelCart(t)
		for i, n := 0, rapid.IntRange(0, 12).Draw(t, "changes"); i < n; i++ {
			switch rapid.IntRange(0, 9).Draw(t, "change") {
			case 0:
				campaign := rapid.Int64Range(1, 4).Draw(t, "removed campaign")
				var want int64
				for _, e := range c.Ledger() {
					if e.CampaignID == campaign {
						want += e.Amount
					}
				}
				if got := c.RemoveAdjustments(func(e Entry) bool { return e.CampaignID == campaign }); got != want {
					t.Fatalf("RemoveAdjustments(campaign %d) = %d, the ledger held %d", campaign, got, want)
				}
			case 1:
				c = c.Clone()
			case 2:
				quantity, price := rapid.IntRange(1, 3).Draw(t, "free quantity"), rapid.Int64Range(0, 500).Draw(t, "free price")
				pos, err := c.AddFreeLine("GIFT", "gift", quantity, price, Adjustment{CampaignID: 9, Name: "gift"})
				if err != nil {
					t.Fatalf("AddFreeLine: %v", err)
				}
				m.lines = append(m.lines, modelLine{position: pos, quantity: quantity, price: price})
			default:
				all := len(c.Charges())
				charges := rapid.SliceOfNDistinct(rapid.Int32Range(0, int32(all-1)), 1, all, rapid.ID[int32]).Draw(t, "charges")
				adj := Adjustment{CampaignID: rapid.Int64Range(1, 4).Draw(t, "campaign"), Name: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "name")}
				c.Discount(adj, rapid.Int64Range(0, 3000).Draw(t, "amount"), charges)
			}
		}
		checkTotals(t, c, m, "before returns")
		for range rapid.IntRange(1, 3).Draw(t, "returns") {
			u := rapid.IntRange(0, len(c.Units())-1).Draw(t, "returned")
			if err := c.markReturned(u); err != nil {
				t.Fatalf("markReturned(%d): %v", u, err)
			}
			m.returned[u] = true
		}
		checkTotals(t, c, m, "after returns")
	})
}
