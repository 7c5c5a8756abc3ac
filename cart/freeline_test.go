package cart

import (
	"errors"
	"testing"
)

func TestAddFreeLineAtZero(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 1000)})
	pos, err := c.AddFreeLine("GIFT", "Gift wrap", 2, 0, campaign(9, "gift"))
	if err != nil || pos != 1 {
		t.Fatalf("AddFreeLine = %d, %v; want position 1", pos, err)
	}
	wantLine := Line{
		Item:     CartItem{SKU: "GIFT", Name: "Gift wrap", Quantity: 2, Price: 0, Attributes: map[string]any{FreeItemAttribute: true}},
		Position: 1,
		Free:     true,
	}
	if d := diff(wantLine, c.Lines()[1], lineOpts); d != "" {
		t.Errorf("free line (-want +got):\n%s", d)
	}
	wantUnits := []Unit{{Position: 0, SubPosition: 0, Price: 0}, {Position: 1, SubPosition: 0, Price: 1}, {Position: 1, SubPosition: 1, Price: 2}}
	if d := diff(wantUnits, c.Units()); d != "" {
		t.Errorf("units (-want +got):\n%s", d)
	}
	if len(c.Ledger()) != 0 {
		t.Errorf("a free line at zero recorded adjustments: %v", c.Ledger())
	}
	wantTotals := Totals{CartItems: 1000, Subtotal: 1000, Total: 1000}
	if d := diff(wantTotals, c.Totals()); d != "" {
		t.Errorf("totals (-want +got):\n%s", d)
	}
	if i, err := c.UnitIndex(1, 1); err != nil || i != 2 {
		t.Errorf("UnitIndex(1, 1) = %d, %v; want 2", i, err)
	}
}

func TestAddFreeLineWithAPriceIsAHundredPercentDiscount(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 1000)})
	adj := Adjustment{CampaignID: 9, RuleName: "gift rule", Name: "free mug", Effect: "addFreeItem", Scope: "cartItems", Amount: 12345}
	pos, err := c.AddFreeLine("MUG", "Mug", 2, 850, adj)
	if err != nil || pos != 1 {
		t.Fatalf("AddFreeLine = %d, %v; want position 1", pos, err)
	}
	recorded := adj
	recorded.Amount = 850 // the amount given is ignored: the whole price is discounted
	if d := diff([]Entry{{Charge: 1, Adjustment: recorded}, {Charge: 2, Adjustment: recorded}}, c.Ledger()); d != "" {
		t.Errorf("ledger (-want +got):\n%s", d)
	}
	wantTotals := Totals{CartItems: 2700, Subtotal: 2700, Discount: 1700, Total: 1000}
	if d := diff(wantTotals, c.Totals()); d != "" {
		t.Errorf("totals (-want +got):\n%s", d)
	}
	r := c.Receipt()
	if got := r.Items[1]; got.Total != eur.Money(0) || !got.Free || got.UnitPrice != eur.Money(850) {
		t.Errorf("receipt line = %+v, want a free line at 8.50 with total 0.00", got)
	}
}

func TestAddFreeLineRefusesBadInputAndLeavesTheCart(t *testing.T) {
	tests := []struct {
		name     string
		quantity int
		price    int64
		lines    int
		want     string
	}{
		{"quantity zero", 0, 0, 1, "invalid amount: free item quantity 0: expected 1 or more"},
		{"negative price", 1, -1, 1, "invalid amount: free item price -0.01: expected 0 to 1000000000000"},
		{"price above the largest unit price", 1, MaxUnitPrice + 1, 1, "invalid amount: free item price 1000000000000.01: expected 0 to 1000000000000"},
		{"more units than a cart may have", 9001, 0, 1, `invalid amount: adding 9001 units of "GIFT" would exceed 1000 lines or 10000 units`},
		{"more lines than a cart may have", 1, 0, MaxLines, `invalid amount: adding 1 units of "GIFT" would exceed 1000 lines or 10000 units`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := []CartItem{item("A", 1000, 100)}
			for len(items) < tt.lines {
				items = append(items, item("B", 1, 100))
			}
			c := mustNew(t, eur, items)
			before := c.Receipt()
			_, err := c.AddFreeLine("GIFT", "Gift", tt.quantity, tt.price, campaign(1, "gift"))
			if !errors.Is(err, ErrInvalidAmount) || err.Error() != tt.want {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if d := diff(before, c.Receipt()); d != "" {
				t.Errorf("a refused free line changed the cart (-before +after):\n%s", d)
			}
		})
	}
}

func TestAFreeLineComingBackIsDroppedByNew(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 1000)})
	if _, err := c.AddFreeLine("GIFT", "Gift", 1, 500, campaign(9, "gift")); err != nil {
		t.Fatal(err)
	}
	// The storefront sends the cart back with the gift in it.
	var items []CartItem
	for _, l := range c.Lines() {
		items = append(items, l.Item)
	}
	again := mustNew(t, eur, items)
	if got := len(again.Lines()); got != 1 {
		t.Fatalf("lines = %d, want 1 (the gift dropped)", got)
	}
	if d := diff(Totals{CartItems: 1000, Subtotal: 1000, Total: 1000}, again.Totals()); d != "" {
		t.Errorf("totals (-want +got):\n%s", d)
	}
}
