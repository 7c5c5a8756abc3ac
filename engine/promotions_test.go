package engine

import (
	"context"
	"testing"

	"github.com/cartfx/cartfx/cart"
)

// A category discount: 20% off every unit of shoes, one effect per unit,
// nothing on the other categories.
func TestPerItemCategoryDiscount(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Shoes 20% off
    rules:
      - name: shoes
        bindings:
          shoes: filter(Session.CartItems, .Category == "shoes")
        condition: len(shoes) > 0
        effects:
          - type: setDiscountPerItem
            items: shoes
            name: "20% off {{ Item.Name }}"
            value: Item.Price * 0.2
            scope: price
`)
	r := update(t, e, "s1", `{"cartItems": [
		{"sku": "BOOT", "name": "Boots", "quantity": 2, "price": 59.99, "category": "shoes"},
		{"sku": "SOCK", "name": "Socks", "quantity": 1, "price": 4.99, "category": "socks"},
		{"sku": "SAND", "name": "Sandals", "quantity": 1, "price": 30.00, "category": "shoes"}
	]}`)
	// Boots: 59.99 × 0.2 = 11.998, 12.00 at the cent (half-even), on each
	// of the two units (position 0, sub-positions 0 and 1); sandals 30.00
	// × 0.2 = 6.00 (position 2); the socks get nothing.
	wantEffects(t, r, `1 setDiscountPerItem {"name":"20% off Boots","value":12.00,"position":0,"subPosition":0,"scope":"price"}
1 setDiscountPerItem {"name":"20% off Boots","value":12.00,"position":0,"subPosition":1,"scope":"price"}
1 setDiscountPerItem {"name":"20% off Sandals","value":6.00,"position":2,"subPosition":0,"scope":"price"}
`)
	// Subtotal 2 × 59.99 + 4.99 + 30.00 = 154.97; discounts 12 + 12 + 6
	// = 30.00; total 124.97.
	wantTotals(t, r, "154.97", "30.00", "124.97")
	if got := r.Cart.Items[1].Total.String(); got != "4.99" {
		t.Errorf("the socks line costs %s, want 4.99 (no discount)", got)
	}

	// No shoes: the rule does not trigger.
	r = update(t, e, "s2", `{"cartItems": [{"sku": "SOCK", "name": "Socks", "quantity": 3, "price": 4.99, "category": "socks"}]}`)
	wantEffects(t, r, "")
	wantTotals(t, r, "14.97", "0.00", "14.97")
}

const bogoCampaigns = `
currency: EUR
campaigns:
  - id: 1
    name: Socks 2 for 1
    rules:
      - name: cheapest sock free
        bindings:
          socks: filter(Session.CartItems, .Category == "socks")
          free: cheapest(socks, toInt(countItems(socks) / 2))
        condition: countItems(socks) >= 2
        effects:
          - type: setDiscountPerItem
            items: free
            name: Free sock
            value: Item.Price
`

// Buy two, get the cheapest free, once per pair: n socks give n/2 (rounded
// down) free units, the cheapest ones, ties broken by position.
func TestBuyTwoGetCheapestFreePerPair(t *testing.T) {
	e := newEngine(t, bogoCampaigns)
	r := update(t, e, "s1", `{"cartItems": [
		{"sku": "S-RED", "name": "Red socks", "quantity": 1, "price": 3.00, "category": "socks"},
		{"sku": "S-WOOL", "name": "Wool socks", "quantity": 2, "price": 5.00, "category": "socks"},
		{"sku": "TEE", "name": "T-shirt", "quantity": 1, "price": 20.00, "category": "shirts"},
		{"sku": "S-BLUE", "name": "Blue socks", "quantity": 2, "price": 4.00, "category": "socks"}
	]}`)
	// Five socks make two pairs: the two cheapest units are free, the red
	// pair (3.00, position 0) and the first blue unit (4.00, position 3,
	// sub-position 0); the second blue unit (also 4.00) comes later. The
	// T-shirt is not a sock.
	wantEffects(t, r, `1 setDiscountPerItem {"name":"Free sock","value":3.00,"position":0,"subPosition":0}
1 setDiscountPerItem {"name":"Free sock","value":4.00,"position":3,"subPosition":0}
`)
	// Subtotal 3 + 10 + 20 + 8 = 41.00; discounts 3 + 4 = 7.00.
	wantTotals(t, r, "41.00", "7.00", "34.00")

	cases := []struct {
		name, items             string
		effects                 string
		subtotal, discount, tot string
	}{
		{"one sock: no pair", `{"sku": "S-WOOL", "quantity": 1, "price": 5.00, "category": "socks"}`,
			"", "5.00", "0.00", "5.00"},
		// Two socks of 5.00 and 3.00: one pair, the 3.00 one is free.
		{"one pair", `{"sku": "S-WOOL", "quantity": 1, "price": 5.00, "category": "socks"}, {"sku": "S-RED", "quantity": 1, "price": 3.00, "category": "socks"}`,
			`1 setDiscountPerItem {"name":"Free sock","value":3.00,"position":1,"subPosition":0}` + "\n", "8.00", "3.00", "5.00"},
		// Three: still one pair (3 / 2 = 1.5, whole part 1).
		{"three socks", `{"sku": "S-WOOL", "quantity": 3, "price": 5.00, "category": "socks"}`,
			`1 setDiscountPerItem {"name":"Free sock","value":5.00,"position":0,"subPosition":0}` + "\n", "15.00", "5.00", "10.00"},
		// Four of one line: two pairs, the first two units.
		{"four socks", `{"sku": "S-WOOL", "quantity": 4, "price": 5.00, "category": "socks"}`,
			`1 setDiscountPerItem {"name":"Free sock","value":5.00,"position":0,"subPosition":0}` + "\n" +
				`1 setDiscountPerItem {"name":"Free sock","value":5.00,"position":0,"subPosition":1}` + "\n", "20.00", "10.00", "10.00"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := update(t, e, "case"+string(rune('a'+i)), `{"cartItems": [`+tc.items+`]}`)
			wantEffects(t, r, tc.effects)
			wantTotals(t, r, tc.subtotal, tc.discount, tc.tot)
		})
	}
}

// Tiered spend: 5% from 50, 10% from 100; only the tier the cart reaches
// applies, never both.
func TestTieredSpendAppliesOnlyTheRightTier(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Spend more, save more
    rules:
      - name: ten percent from 100
        condition: Session.CartItemTotal >= 100
        effects:
          - type: setDiscount
            name: 10% off
            value: Session.CartItemTotal * 10 / 100
      - name: five percent from 50
        condition:
          - Session.CartItemTotal >= 50
          - Session.CartItemTotal < 100
        effects:
          - type: setDiscount
            name: 5% off
            value: Session.CartItemTotal * 5 / 100
`)
	cases := []struct {
		price   string
		effects string
		total   string
	}{
		{"49.99", "", "49.99"},
		// 50.00 × 5% = 2.50.
		{"50.00", `1 setDiscount {"name":"5% off","value":2.50}` + "\n", "47.50"},
		// 99.99 × 5% = 4.9995, 5.00 at the cent.
		{"99.99", `1 setDiscount {"name":"5% off","value":5.00}` + "\n", "94.99"},
		// 100.00 × 10% = 10.00; the 5% rule's condition 2 fails.
		{"100.00", `1 setDiscount {"name":"10% off","value":10.00}` + "\n", "90.00"},
		{"250.00", `1 setDiscount {"name":"10% off","value":25.00}` + "\n", "225.00"},
	}
	for _, tc := range cases {
		t.Run(tc.price, func(t *testing.T) {
			r := update(t, e, "s"+tc.price, `{"cartItems": [{"sku": "A", "quantity": 1, "price": `+tc.price+`}]}`)
			wantEffects(t, r, tc.effects)
			if r.Cart.Total.String() != tc.total {
				t.Errorf("total = %s, want %s", r.Cart.Total, tc.total)
			}
		})
	}
}

// A free item over a threshold: added once, marked, never doubled when the
// storefront sends the marked line back, and gone when the cart drops
// below the threshold.
func TestFreeItemFollowsTheThreshold(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Tote over 50
    rules:
      - name: tote
        condition: Session.CartItemTotal >= 50
        effects:
          - type: addFreeItem
            sku: TOTE-1
            name: Tote bag
`)
	const tote = `{"sku": "TOTE-1", "name": "Tote bag", "quantity": 1, "price": 0, "attributes": {"cartfxFreeItem": true}}`
	r := update(t, e, "s1", `{"cartItems": [{"sku": "BOOT", "name": "Boots", "quantity": 1, "price": 60.00}]}`)
	wantEffects(t, r, `1 addFreeItem {"sku":"TOTE-1","name":"Tote bag"}
`)
	checkLines := func(r *Response, want ...string) {
		t.Helper()
		var got []string
		for _, it := range r.Cart.Items {
			s := it.SKU + " " + it.Total.String()
			if it.Free {
				s += " free"
			}
			got = append(got, s)
		}
		if len(got) != len(want) {
			t.Errorf("receipt lines %q, want %q", got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("receipt lines %q, want %q", got, want)
				return
			}
		}
	}
	checkLines(r, "BOOT 60.00", "TOTE-1 0.00 free")
	wantTotals(t, r, "60.00", "0.00", "60.00")

	// The storefront sends the marked line back with the cart: it is
	// dropped before evaluation and added again once.
	r = update(t, e, "s1", `{"cartItems": [{"sku": "BOOT", "name": "Boots", "quantity": 1, "price": 60.00}, `+tote+`]}`)
	wantEffects(t, r, `1 addFreeItem {"sku":"TOTE-1","name":"Tote bag"}
`)
	checkLines(r, "BOOT 60.00", "TOTE-1 0.00 free")
	if n := len(r.CustomerSession.CartItems); n != 1 {
		t.Errorf("the stored session shows %d cart items, want 1 (the free line is cartfx's)", n)
	}

	// Below the threshold: the marked line sent back is dropped and not
	// added again.
	r = update(t, e, "s1", `{"cartItems": [{"sku": "SOCK", "name": "Socks", "quantity": 1, "price": 20.00}, `+tote+`]}`)
	wantEffects(t, r, "")
	checkLines(r, "SOCK 20.00")
	wantTotals(t, r, "20.00", "0.00", "20.00")
}

// Free shipping: the shipping cost is discounted in full from 30 EUR of
// items; the other additional costs stay.
func TestFreeShippingDiscountsTheAdditionalCost(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Free shipping from 30
    rules:
      - name: free shipping
        condition: Session.CartItemTotal >= 30 && "shipping" in keys(Session.AdditionalCosts)
        effects:
          - type: setDiscountPerAdditionalCost
            name: Free shipping
            additionalCost: shipping
            value: Session.AdditionalCosts.shipping
`)
	r := update(t, e, "s1", `{"additionalCosts": {"shipping": {"price": 4.95}, "giftWrap": {"price": 2.00}},
		"cartItems": [{"sku": "A", "quantity": 1, "price": 35.00}]}`)
	wantEffects(t, r, `1 setDiscountPerAdditionalCost {"name":"Free shipping","additionalCostId":0,"additionalCost":"shipping","value":4.95}
`)
	// Subtotal 35.00 + 4.95 + 2.00 = 41.95; shipping 4.95 off: 37.00.
	wantTotals(t, r, "41.95", "4.95", "37.00")
	costs := map[string]string{}
	for _, c := range r.Cart.AdditionalCosts {
		costs[c.Name] = c.Total.String()
	}
	if costs["shipping"] != "0.00" || costs["giftWrap"] != "2.00" {
		t.Errorf("additional costs after discounts: %v, want shipping 0.00, giftWrap 2.00", costs)
	}

	// Under 30 EUR of items, shipping is paid.
	r = update(t, e, "s2", `{"additionalCosts": {"shipping": {"price": 4.95}}, "cartItems": [{"sku": "A", "quantity": 1, "price": 25.00}]}`)
	wantEffects(t, r, "")
	wantTotals(t, r, "29.95", "0.00", "29.95")
	// No shipping cost at all: the condition's second half fails.
	r = update(t, e, "s3", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 35.00}]}`)
	wantEffects(t, r, "")
}

// A cart discount reaches a closed session's receipt exactly as it was
// tentatively, and closing changes nothing in the amounts.
func TestCartDiscountClosesAsShown(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Five off from 20
    rules:
      - name: five off
        condition: Session.CartItemTotal >= 20
        effects:
          - type: setDiscount
            name: 5 off
            value: 5
            scope: cartItems
`)
	open := update(t, e, "s1", `{"cartItems": [{"sku": "A", "quantity": 3, "price": 10.00}]}`)
	// 5.00 over three units of 10.00: 1.66⅔ each, the two odd cents to the
	// first two units by position (equal weights, equal SKUs).
	wantEffects(t, open, `1 setDiscount {"name":"5 off","value":5.00,"scope":"cartItems"}
`)
	wantTotals(t, open, "30.00", "5.00", "25.00")
	closed := update(t, e, "s1", `{"state": "closed"}`)
	wantEffects(t, closed, stable(open.Effects))
	wantTotals(t, closed, "30.00", "5.00", "25.00")
	rec := storedSession(t, e, "s1")
	var got []int64
	for _, p := range rec.Ledger.Postings {
		if int(p.Unit) != len(got) {
			t.Errorf("posting %+v is not of unit %d", p, len(got))
		}
		got = append(got, p.Amount)
	}
	if len(got) != 3 || got[0] != 167 || got[1] != 167 || got[2] != 166 {
		t.Errorf("unit ledger discounts %v, want [167 167 166]", got)
	}
	if rec.State != cart.StateClosed {
		t.Errorf("state %s", rec.State)
	}
}

// The unit ledger names session costs and item costs: a return refunds a
// unit's price and item cost less what the unit received, by SKU, and a
// cancel rolls back the session cost's discount by its name.
func TestLedgerOfAdditionalCosts(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Free shipping
    rules:
      - name: free shipping
        condition: "true"
        effects:
          - type: setDiscountPerAdditionalCost
            name: Free shipping
            additionalCost: shipping
            value: Session.AdditionalCosts.shipping
  - id: 2
    name: Ten off
    rules:
      - name: ten off
        condition: "true"
        effects:
          - type: setDiscount
            name: Ten off
            value: 10
            scope: sessionTotal
`)
	ctx := context.Background()
	update(t, e, "s1", `{"additionalCosts": {"shipping": {"price": 5.00}},
		"cartItems": [{"sku": "A", "quantity": 1, "price": 20.00},
			{"sku": "B", "quantity": 2, "price": 10.00, "additionalCosts": {"wrap": {"price": 5.00}}}]}`)
	update(t, e, "s1", `{"state": "closed"}`)
	// Ten off over what is left: A 20.00, each B 15.00 with its wrap, and
	// nothing of the shipping: 4.00, 3.00, 3.00.
	r, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 1, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Return.Items; len(got) != 1 || got[0].SKU != "B" || got[0].SubPosition != 1 ||
		got[0].Price.String() != "15.00" || got[0].Discount.String() != "3.00" || got[0].Refund.String() != "12.00" {
		t.Errorf("returned %+v", got)
	}
	wantEffects(t, r, `2 rollbackDiscount {"name":"Ten off","value":3.00,"cartItemPosition":1,"cartItemSubPosition":1,"scope":"sessionTotal"}
`)
	c := update(t, e, "s1", `{"state": "cancelled"}`)
	wantEffects(t, c, `2 rollbackDiscount {"name":"Ten off","value":4.00,"cartItemPosition":0,"cartItemSubPosition":0,"scope":"sessionTotal"}
2 rollbackDiscount {"name":"Ten off","value":3.00,"cartItemPosition":1,"cartItemSubPosition":0,"scope":"sessionTotal"}
1 rollbackDiscount {"name":"Free shipping","value":5.00,"additionalCost":"shipping","scope":"additionalCosts"}
`)
}
