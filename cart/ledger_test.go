package cart

import (
	"testing"

	"github.com/shopspring/decimal"
)

func campaign(id int64, name string) Adjustment {
	return Adjustment{CampaignID: id, RuleName: "rule", Name: name, Effect: "setDiscount", Scope: "sessionTotal"}
}

func TestDiscountTenCentsOverThreeEuroLinesGivesTheCentToTheSameSKUInAnyOrder(t *testing.T) {
	orders := [][]string{{"A", "B", "C"}, {"C", "B", "A"}, {"B", "C", "A"}, {"C", "A", "B"}}
	for _, order := range orders {
		t.Run(order[0]+order[1]+order[2], func(t *testing.T) {
			items := make([]CartItem, len(order))
			for i, sku := range order {
				items[i] = item(sku, 1, 100)
			}
			c := mustNew(t, eur, items)
			if applied := c.Discount(campaign(1, "10 cents off"), 10, priceCharges(c)); applied != 10 {
				t.Errorf("applied = %d, want 10", applied)
			}
			want := map[string][]int64{"A": {4}, "B": {3}, "C": {3}}
			if d := diff(want, discountsBySKU(c)); d != "" {
				t.Errorf("discounts by SKU (-want +got):\n%s", d)
			}
		})
	}
}

func TestDiscountOneCentOverTwoEqualLines(t *testing.T) {
	tests := []struct {
		name  string
		items []CartItem
		want  []int64
	}{
		{"same SKU: the first position takes it", []CartItem{item("X", 1, 500), item("X", 1, 500)}, []int64{1, 0}},
		{"different SKUs: the first SKU takes it wherever it is", []CartItem{item("B", 1, 500), item("A", 1, 500)}, []int64{0, 1}},
		{"two units of one line: the first sub-position takes it", []CartItem{item("X", 2, 500)}, []int64{1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, eur, tt.items)
			if applied := c.Discount(campaign(1, "cent"), 1, priceCharges(c)); applied != 1 {
				t.Errorf("applied = %d, want 1", applied)
			}
			if d := diff(tt.want, unitDiscounts(c)); d != "" {
				t.Errorf("unit discounts (-want +got):\n%s", d)
			}
			if got := c.Totals(); got.Discount != 1 || got.Total != 999 {
				t.Errorf("totals = %+v, want discount 1 and total 999", got)
			}
		})
	}
}

func TestDiscountTenPercentOf25UnitsAt399(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("LAMP", 25, 39900)})
	subtotal := c.Totals().CartItems
	if subtotal != 997500 {
		t.Fatalf("subtotal = %d, want 997500", subtotal)
	}
	tenPercent := c.Currency.Decimal(subtotal).Mul(decimal.NewFromInt(10)).DivRound(decimal.NewFromInt(100), 10)
	amount, err := c.Currency.ToMinor(tenPercent, c.Rounding)
	if err != nil || amount != 99750 {
		t.Fatalf("10%% of 9975.00 = %d, %v; want 99750 (997.50)", amount, err)
	}
	if applied := c.Discount(campaign(3, "10% off"), amount, priceCharges(c)); applied != 99750 {
		t.Errorf("applied = %d, want 99750", applied)
	}
	want := make([]int64, 25)
	for i := range want {
		want[i] = 3990
	}
	if d := diff(want, unitDiscounts(c)); d != "" {
		t.Errorf("unit discounts (-want +got):\n%s", d)
	}
	wantTotals := Totals{CartItems: 997500, Subtotal: 997500, Discount: 99750, Total: 897750}
	if d := diff(wantTotals, c.Totals()); d != "" {
		t.Errorf("totals (-want +got):\n%s", d)
	}
}

func TestDiscountInCurrenciesWithOtherMinorUnits(t *testing.T) {
	tests := []struct {
		name   string
		cur    Currency
		items  []CartItem
		amount int64
		want   []int64
		totals Totals
	}{
		{
			// 100 yen over 1800: 55.55, 27.77, 16.66; the two largest
			// remainders (the 500 and 300 yen lines) take a yen each.
			name:   "JPY: 100 yen over 1000, 500 and 300 yen",
			cur:    jpy,
			items:  []CartItem{item("A", 1, 1000), item("B", 1, 500), item("C", 1, 300)},
			amount: 100,
			want:   []int64{55, 28, 17},
			totals: Totals{CartItems: 1800, Subtotal: 1800, Discount: 100, Total: 1700},
		},
		{
			name:   "KWD: 0.100 over three units at 1.250",
			cur:    kwd,
			items:  []CartItem{item("DATES", 3, 1250)},
			amount: 100,
			want:   []int64{34, 33, 33},
			totals: Totals{CartItems: 3750, Subtotal: 3750, Discount: 100, Total: 3650},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, tt.cur, tt.items)
			if applied := c.Discount(campaign(1, "off"), tt.amount, priceCharges(c)); applied != tt.amount {
				t.Errorf("applied = %d, want %d", applied, tt.amount)
			}
			if d := diff(tt.want, unitDiscounts(c)); d != "" {
				t.Errorf("unit discounts (-want +got):\n%s", d)
			}
			if d := diff(tt.totals, c.Totals()); d != "" {
				t.Errorf("totals (-want +got):\n%s", d)
			}
		})
	}
}

func TestDiscountLargerThanTheCartIsCapped(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 500), item("B", 2, 150)}, AdditionalCost{Name: "shipping", Price: 200})
	all := append(priceCharges(c), c.SessionCosts()...)
	adj := campaign(4, "everything off")
	if applied := c.Discount(adj, 5000, all); applied != 1000 {
		t.Errorf("applied = %d, want 1000 (the whole cart)", applied)
	}
	for i, ch := range c.Charges() {
		if ch.Remaining() != 0 {
			t.Errorf("charge %d remaining = %d, want 0", i, ch.Remaining())
		}
	}
	withAmount := func(ch int32, amount int64) Entry {
		a := adj
		a.Amount = amount
		return Entry{Charge: ch, Adjustment: a}
	}
	wantLedger := []Entry{withAmount(0, 500), withAmount(1, 150), withAmount(2, 150), withAmount(3, 200)}
	if d := diff(wantLedger, c.Ledger()); d != "" {
		t.Errorf("ledger (-want +got):\n%s", d)
	}
	wantTotals := Totals{CartItems: 800, AdditionalCosts: 200, Subtotal: 1000, Discount: 1000, Total: 0}
	if d := diff(wantTotals, c.Totals()); d != "" {
		t.Errorf("totals (-want +got):\n%s", d)
	}
	// A second campaign finds nothing left.
	if applied := c.Discount(campaign(5, "more"), 100, all); applied != 0 {
		t.Errorf("applied on an empty cart = %d, want 0", applied)
	}
	if got := c.Totals().Total; got != 0 {
		t.Errorf("total = %d, want 0", got)
	}
}

func TestDiscountIsWeightedByWhatRemains(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 100), item("B", 1, 100)})
	c.Discount(campaign(1, "half of A"), 50, []int32{c.Units()[0].Price})
	// What remains is 50 and 100: 30 splits 10 and 20.
	if applied := c.Discount(campaign(2, "thirty"), 30, priceCharges(c)); applied != 30 {
		t.Errorf("applied = %d, want 30", applied)
	}
	if d := diff([]int64{60, 20}, unitDiscounts(c)); d != "" {
		t.Errorf("unit discounts (-want +got):\n%s", d)
	}
}

func TestDiscountOfNothing(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 100)})
	if applied := c.Discount(campaign(1, "zero"), 0, priceCharges(c)); applied != 0 {
		t.Errorf("applied = %d, want 0", applied)
	}
	if applied := c.Discount(campaign(1, "negative"), -5, priceCharges(c)); applied != 0 {
		t.Errorf("applied = %d, want 0", applied)
	}
	if applied := c.Discount(campaign(1, "no charges"), 5, nil); applied != 0 {
		t.Errorf("applied = %d, want 0", applied)
	}
	if len(c.Ledger()) != 0 || c.Totals().Discount != 0 {
		t.Errorf("ledger = %v, totals = %+v; want nothing recorded", c.Ledger(), c.Totals())
	}
}

// Listing a charge twice must not let a discount take it below zero.
func TestDiscountOverARepeatedChargeNeverGoesNegative(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 100)})
	ch := c.Units()[0].Price
	applied := c.Discount(campaign(1, "twice"), 150, []int32{ch, ch})
	if applied != 100 {
		t.Errorf("applied = %d, want 100 (the charge's whole price)", applied)
	}
	if got := c.Charges()[ch].Remaining(); got != 0 {
		t.Errorf("remaining = %d, want 0", got)
	}
	if got := c.Totals(); got.Total != 0 || got.Discount != 100 {
		t.Errorf("totals = %+v, want discount 100 and total 0", got)
	}
}

func TestDiscountWithTheSameCampaignAndNameReplacesTheEarlierOne(t *testing.T) {
	tests := []struct {
		name         string
		second       Adjustment
		wantDiscount []int64
		wantEntries  int
	}{
		{"same campaign and name: replaced", campaign(1, "promo"), []int64{25, 25}, 2},
		{"same campaign, other name: added", campaign(1, "other"), []int64{75, 75}, 4},
		{"other campaign, same name: added", campaign(2, "promo"), []int64{75, 75}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, eur, []CartItem{item("A", 2, 1000)})
			c.Discount(campaign(1, "promo"), 100, priceCharges(c))
			if applied := c.Discount(tt.second, 50, priceCharges(c)); applied != 50 {
				t.Errorf("applied = %d, want 50", applied)
			}
			if d := diff(tt.wantDiscount, unitDiscounts(c)); d != "" {
				t.Errorf("unit discounts (-want +got):\n%s", d)
			}
			if len(c.Ledger()) != tt.wantEntries {
				t.Errorf("ledger has %d entries, want %d: %v", len(c.Ledger()), tt.wantEntries, c.Ledger())
			}
		})
	}
}

func TestDiscountReplacementIsLimitedToTheGivenCharges(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 1000), item("B", 1, 1000)})
	a, b := c.Units()[0].Price, c.Units()[1].Price
	c.Discount(campaign(1, "promo"), 100, []int32{a})
	c.Discount(campaign(1, "promo"), 30, []int32{b})
	if d := diff([]int64{100, 30}, unitDiscounts(c)); d != "" {
		t.Errorf("unit discounts (-want +got):\n%s", d)
	}
	// Applying it again with zero removes it from those charges only.
	if applied := c.Discount(campaign(1, "promo"), 0, []int32{a}); applied != 0 {
		t.Errorf("applied = %d, want 0", applied)
	}
	if d := diff([]int64{0, 30}, unitDiscounts(c)); d != "" {
		t.Errorf("unit discounts after removal (-want +got):\n%s", d)
	}
}

// TestPerUnitDiscountReplaced applies a discount unit by unit (as a
// per-item effect does) and then again on one unit, before and after
// another discount on every unit, in the cart and in a clone: only that
// unit's entry is replaced.
func TestPerUnitDiscountReplaced(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 3, 1000)})
	units := priceCharges(c)
	for _, ch := range units {
		c.Discount(campaign(1, "each"), 100, []int32{ch})
	}
	c.Discount(campaign(1, "each"), 150, []int32{units[0]})
	if d := diff([]int64{150, 100, 100}, unitDiscounts(c)); d != "" {
		t.Errorf("unit discounts (-want +got):\n%s", d)
	}
	// 300 over what remains (850, 900, 900): 96, 102 and 102.
	c.Discount(campaign(2, "cart"), 300, units)
	for i, cart := range []*Cart{c.Clone(), c} {
		cart.Discount(campaign(1, "each"), 250, []int32{units[1]})
		if d := diff([]int64{150 + 96, 250 + 102, 100 + 102}, unitDiscounts(cart)); d != "" {
			t.Errorf("cart %d: unit discounts (-want +got):\n%s", i, d)
		}
		if n := len(cart.Ledger()); n != 6 {
			t.Errorf("cart %d: the ledger has %d entries, want 6", i, n)
		}
	}
}

func TestRemoveAdjustmentsGivesTheAmountsBack(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 1000), item("B", 1, 500)}, AdditionalCost{Name: "shipping", Price: 495})
	c.Discount(campaign(1, "items"), 150, priceCharges(c))
	c.Discount(campaign(2, "shipping"), 495, c.SessionCosts())
	c.Discount(campaign(1, "more"), 15, priceCharges(c))

	removed := c.RemoveAdjustments(func(e Entry) bool { return e.CampaignID == 1 })
	if removed != 165 {
		t.Errorf("removed = %d, want 165", removed)
	}
	shipping := campaign(2, "shipping")
	shipping.Amount = 495
	if d := diff([]Entry{{Charge: 2, Adjustment: shipping}}, c.Ledger()); d != "" {
		t.Errorf("ledger (-want +got):\n%s", d)
	}
	if d := diff([]int64{0, 0}, unitDiscounts(c)); d != "" {
		t.Errorf("unit discounts (-want +got):\n%s", d)
	}
	wantTotals := Totals{CartItems: 1500, AdditionalCosts: 495, Subtotal: 1995, Discount: 495, Total: 1500}
	if d := diff(wantTotals, c.Totals()); d != "" {
		t.Errorf("totals (-want +got):\n%s", d)
	}
	if removed := c.RemoveAdjustments(func(e Entry) bool { return false }); removed != 0 {
		t.Errorf("removing nothing removed %d", removed)
	}
}

func TestChargeTargetDescribesTheChargeByContent(t *testing.T) {
	c := mustNew(t, eur, []CartItem{
		item("A", 1, 100),
		{SKU: "B", Quantity: 2, Price: 300, AdditionalCosts: []AdditionalCost{{Name: "ecoTax", Price: 7}}},
	}, AdditionalCost{Name: "shipping", Price: 495})
	c.Discount(campaign(1, "x"), 100, []int32{c.Units()[2].Price})
	tests := []struct {
		charge int32
		want   Target
	}{
		{0, Target{Weight: 100, Cap: 100, SKU: "A", Base: 100, Position: 0, SubPosition: 0}},
		{3, Target{Weight: 200, Cap: 200, SKU: "B", Base: 300, Position: 1, SubPosition: 1}},
		{4, Target{Weight: 7, Cap: 7, SKU: "B", Name: "ecoTax", Base: 7, Position: 1, SubPosition: 1}},
		{5, Target{Weight: 495, Cap: 495, Name: "shipping", Base: 495, Position: -1, SubPosition: -1}},
	}
	for _, tt := range tests {
		if d := diff(tt.want, c.ChargeTarget(tt.charge)); d != "" {
			t.Errorf("ChargeTarget(%d) (-want +got):\n%s", tt.charge, d)
		}
	}
}

// The design promises that allocation "never depends on line order". Two
// units of one SKU at 0.02 and 0.01: a first cent goes to the 0.02 unit,
// after which both have 0.01 left and tie on remainder, weight and SKU; only
// the position then decides who gets a second cent, so the amounts per unit
// depend on which line came first.
func TestSequentialDiscountsDoNotDependOnLineOrder(t *testing.T) {
	orders := []struct {
		name  string
		items []CartItem
	}{
		{"0.02 first", []CartItem{item("A", 1, 2), item("A", 1, 1)}},
		{"0.01 first", []CartItem{item("A", 1, 1), item("A", 1, 2)}},
	}
	var results []map[int64]int64 // discount per unit, keyed by the unit's price
	for _, o := range orders {
		c := mustNew(t, eur, o.items)
		c.Discount(campaign(1, "first"), 1, priceCharges(c))
		c.Discount(campaign(2, "second"), 1, priceCharges(c))
		byPrice := map[int64]int64{}
		for _, u := range c.Units() {
			byPrice[c.Charges()[u.Price].Base] = c.Charges()[u.Price].Discount
		}
		results = append(results, byPrice)
	}
	if d := diff(results[0], results[1]); d != "" {
		t.Errorf("discount per unit price (-%s +%s):\n%s", orders[0].name, orders[1].name, d)
	}
}
