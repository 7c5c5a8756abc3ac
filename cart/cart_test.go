package cart

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

var lineOpts = cmpopts.IgnoreUnexported(Line{})

func TestNewFlattensLinesIntoUnitsAndDropsFreeItems(t *testing.T) {
	tee := CartItem{SKU: "TEE", Name: "T-shirt", Quantity: 2, Price: 100, AdditionalCosts: []AdditionalCost{{Name: "ecoTax", Price: 5}}}
	gift := CartItem{SKU: "GIFT", Quantity: 1, Price: 0, Attributes: map[string]any{FreeItemAttribute: true}}
	notGift := CartItem{SKU: "CARD", Quantity: 1, Price: 50, Attributes: map[string]any{FreeItemAttribute: false}}
	mug := CartItem{SKU: "MUG", Quantity: 1, Price: 300}
	s := &Session{
		Currency:        eur,
		ProfileID:       "p-1",
		Attributes:      map[string]any{"ShippingCity": "Lyon"},
		CartItems:       []CartItem{tee, gift, notGift, mug},
		AdditionalCosts: []AdditionalCost{{Name: "handling", Price: 150}, {Name: "shipping", Price: 495}},
	}
	c, err := New(s, HalfUp)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	wantLines := []Line{
		{Item: tee, Position: 0},
		{Item: notGift, Position: 1},
		{Item: mug, Position: 2},
	}
	if d := diff(wantLines, c.Lines(), lineOpts); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
	wantUnits := []Unit{
		{Position: 0, SubPosition: 0, Price: 0, Costs: []int32{1}},
		{Position: 0, SubPosition: 1, Price: 2, Costs: []int32{3}},
		{Position: 1, SubPosition: 0, Price: 4},
		{Position: 2, SubPosition: 0, Price: 5},
	}
	if d := diff(wantUnits, c.Units()); d != "" {
		t.Errorf("units (-want +got):\n%s", d)
	}
	wantCharges := []Charge{
		{Kind: ChargePrice, Unit: 0, Base: 100},
		{Kind: ChargeItemCost, Unit: 0, Name: "ecoTax", Base: 5},
		{Kind: ChargePrice, Unit: 1, Base: 100},
		{Kind: ChargeItemCost, Unit: 1, Name: "ecoTax", Base: 5},
		{Kind: ChargePrice, Unit: 2, Base: 50},
		{Kind: ChargePrice, Unit: 3, Base: 300},
		{Kind: ChargeSessionCost, Unit: -1, Name: "handling", Base: 150},
		{Kind: ChargeSessionCost, Unit: -1, Name: "shipping", Base: 495},
	}
	if d := diff(wantCharges, c.Charges()); d != "" {
		t.Errorf("charges (-want +got):\n%s", d)
	}
	if d := diff([]int32{6, 7}, c.SessionCosts()); d != "" {
		t.Errorf("session costs (-want +got):\n%s", d)
	}
	wantTotals := Totals{CartItems: 550, ItemAdditionalCosts: 10, AdditionalCosts: 645, Subtotal: 1205, Total: 1205}
	if d := diff(wantTotals, c.Totals()); d != "" {
		t.Errorf("totals (-want +got):\n%s", d)
	}
	if c.Currency != eur || c.Rounding != HalfUp {
		t.Errorf("currency, rounding = %v, %v", c.Currency, c.Rounding)
	}
	if d := diff(map[string]any{"ShippingCity": "Lyon"}, c.Attributes()); d != "" {
		t.Errorf("attributes (-want +got):\n%s", d)
	}
	if len(c.Ledger()) != 0 {
		t.Errorf("a new cart has a ledger: %v", c.Ledger())
	}
}

func TestNewOfAnEmptySession(t *testing.T) {
	c, err := New(&Session{Currency: jpy}, HalfEven)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if len(c.Lines())+len(c.Units())+len(c.Charges()) != 0 || c.Totals() != (Totals{}) {
		t.Errorf("empty session gave lines %v, units %v, charges %v, totals %+v", c.Lines(), c.Units(), c.Charges(), c.Totals())
	}
}

func TestNewNeedsACurrency(t *testing.T) {
	_, err := New(&Session{CartItems: []CartItem{item("A", 1, 1)}}, HalfEven)
	if !errors.Is(err, ErrUnknownCurrency) {
		t.Errorf("err = %v, want ErrUnknownCurrency", err)
	}
}

// A session that ParseSession accepts must build a cart: the design promises
// that bad input is refused with a pointer to the field, and that nothing is
// half-applied afterwards. Ten item costs at the largest unit price on 10000
// units add up to 1.1e19 minor units, beyond int64.
func TestAParsedSessionAlwaysBuildsACart(t *testing.T) {
	in := `{"cartItems": [{"sku": "A", "quantity": 10000, "price": 1000000000000, "additionalCosts": {
		"c0": {"price": 1000000000000}, "c1": {"price": 1000000000000}, "c2": {"price": 1000000000000},
		"c3": {"price": 1000000000000}, "c4": {"price": 1000000000000}, "c5": {"price": 1000000000000},
		"c6": {"price": 1000000000000}, "c7": {"price": 1000000000000}, "c8": {"price": 1000000000000},
		"c9": {"price": 1000000000000}}}]}`
	s, err := ParseSession([]byte(in), ParseOptions{Currency: eur})
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || len(e.Errors) == 0 || e.Errors[0].Source.Pointer == "" {
			t.Fatalf("ParseSession refused the session without a pointer: %v", err)
		}
		return // refused with a pointer: fine
	}
	if _, err := New(s, HalfEven); err != nil {
		t.Errorf("ParseSession accepted a session whose subtotal overflows, and New failed: %v", err)
	}
}

func TestCartLookups(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 2, 100), item("B", 3, 50)}, AdditionalCost{Name: "shipping", Price: 495})
	tests := []struct {
		position, sub int
		want          int
		wantErr       string
	}{
		{position: 0, sub: 0, want: 0},
		{position: 0, sub: 1, want: 1},
		{position: 1, sub: 0, want: 2},
		{position: 1, sub: 2, want: 4},
		{position: 1, sub: 3, wantErr: "not found in cart: sub-position 3 of position 1 (the line has 3 units)"},
		{position: 2, sub: 0, wantErr: "not found in cart: position 2 (the cart has 2 lines)"},
		{position: -1, sub: 0, wantErr: "not found in cart: position -1 (the cart has 2 lines)"},
	}
	for _, tt := range tests {
		got, err := c.UnitIndex(tt.position, tt.sub)
		if tt.wantErr != "" {
			if !errors.Is(err, ErrNotFound) || err.Error() != tt.wantErr {
				t.Errorf("UnitIndex(%d, %d) = %d, %v; want %q", tt.position, tt.sub, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("UnitIndex(%d, %d) = %d, %v; want %d", tt.position, tt.sub, got, err, tt.want)
		}
	}
	if got := c.RemainingTotal([]int32{0, 2, 5}); got != 100+50+495 {
		t.Errorf("RemainingTotal = %d, want 645", got)
	}
}

func TestSetAttributesDoNotTouchTheSession(t *testing.T) {
	s := &Session{Currency: eur, Attributes: map[string]any{"a": "1"}, CartItems: []CartItem{
		{SKU: "A", Quantity: 1, Price: 1, Attributes: map[string]any{"color": "red"}},
	}}
	c, err := New(s, HalfEven)
	if err != nil {
		t.Fatal(err)
	}
	c.SetSessionAttribute("b", "2")
	if err := c.SetLineAttribute(0, "color", "blue"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetLineAttribute(1, "color", "blue"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetLineAttribute(1) error = %v, want ErrNotFound", err)
	}
	if d := diff(map[string]any{"a": "1", "b": "2"}, c.Attributes()); d != "" {
		t.Errorf("cart attributes (-want +got):\n%s", d)
	}
	if d := diff(map[string]any{"color": "blue"}, c.Lines()[0].Item.Attributes); d != "" {
		t.Errorf("line attributes (-want +got):\n%s", d)
	}
	if d := diff(map[string]any{"a": "1"}, s.Attributes); d != "" {
		t.Errorf("session attributes changed (-want +got):\n%s", d)
	}
	if d := diff(map[string]any{"color": "red"}, s.CartItems[0].Attributes); d != "" {
		t.Errorf("session item attributes changed (-want +got):\n%s", d)
	}
}

func TestSetSessionAttributeOnACartWithoutAttributes(t *testing.T) {
	c := mustNew(t, eur, nil)
	c.SetSessionAttribute("x", true)
	if d := diff(map[string]any{"x": true}, c.Attributes()); d != "" {
		t.Errorf("attributes (-want +got):\n%s", d)
	}
}

// Every unit's cost indices name its own cost charges, in the line's cost
// order, and a unit's list has no room to grow into another's: the units
// of all lines share one array of indices.
func TestPropertyUnitCostsAreTheirOwn(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		items := genItems.Draw(t, "items")
		for i := range items {
			for _, name := range []string{"eco", "wrap"} {
				if rapid.Bool().Draw(t, "has "+name) {
					items[i].AdditionalCosts = append(items[i].AdditionalCosts, AdditionalCost{Name: name, Price: rapid.Int64Range(0, 500).Draw(t, "cost")})
				}
			}
			if rapid.IntRange(0, 5).Draw(t, "free") == 0 {
				items[i].Attributes = map[string]any{FreeItemAttribute: true}
			}
		}
		c := cartOf(t, eur, items)
		if _, err := c.AddFreeLine("GIFT", "gift", 2, 100, Adjustment{CampaignID: 1, Name: "gift"}); err != nil {
			t.Fatal(err)
		}
		for ui, u := range c.Units() {
			line := c.Lines()[u.Position].Item
			if len(u.Costs) != len(line.AdditionalCosts) || cap(u.Costs) != len(u.Costs) {
				t.Fatalf("unit %d: costs %v (cap %d), the line has %d", ui, u.Costs, cap(u.Costs), len(line.AdditionalCosts))
			}
			for k, ch := range u.Costs {
				g := c.Charges()[ch]
				if g.Kind != ChargeItemCost || g.Unit != int32(ui) || g.Name != line.AdditionalCosts[k].Name || g.Base != line.AdditionalCosts[k].Price {
					t.Fatalf("unit %d cost %d is charge %d: %+v", ui, k, ch, g)
				}
			}
		}
	})
}
