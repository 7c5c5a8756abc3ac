package cart

import (
	"fmt"
	"strings"
	"testing"
)

// targets100 are 100 units of varied prices, as Discount would see them.
func targets100() []Target {
	ts := make([]Target, 100)
	for i := range ts {
		price := int64(199 + (i*7919)%5000)
		ts[i] = Target{Weight: price, Cap: price, SKU: fmt.Sprintf("SKU-%02d", i%37), Position: int32(i / 3), SubPosition: int32(i % 3)}
	}
	return ts
}

func BenchmarkAllocate100(b *testing.B) {
	ts := targets100()
	b.ReportAllocs()
	for b.Loop() {
		Allocate(12345, ts)
	}
}

func BenchmarkAllocateInto100(b *testing.B) {
	ts := targets100()
	parts := make([]int64, len(ts))
	b.ReportAllocs()
	for b.Loop() {
		AllocateInto(parts, 12345, ts)
	}
}

func TestAllocateIntoDoesNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are not measured in -short mode")
	}
	ts := targets100()
	parts := make([]int64, len(ts))
	if n := testing.AllocsPerRun(100, func() { AllocateInto(parts, 12345, ts) }); n != 0 {
		t.Errorf("AllocateInto over 100 targets allocates %v times per run, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { Allocate(12345, ts) }); n != 1 {
		t.Errorf("Allocate over 100 targets allocates %v times per run, want 1 (the result)", n)
	}
}

// session50 is a 50-line session with session and item attributes, item and
// session costs, every field Talon.One defines.
func session50() []byte {
	var b strings.Builder
	b.WriteString(`{"profileId": "customer-42", "state": "open", "couponCodes": ["SUMMER10", "WELCOME"], "referralCode": "FRIEND-7",
	"loyaltyCards": ["card-0001"], "identifiers": ["device-abc"],
	"attributes": {"ShippingCity": "Lyon", "Segments": ["new", "vip"], "BasketScore": 7.5, "GiftWrap": true, "DeliveryAt": "2026-12-24T10:00:00Z"},
	"additionalCosts": {"shipping": {"price": 4.95}, "handling": {"price": "1.50"}},
	"cartItems": [`)
	for i := range 50 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"sku": "SKU-%03d", "name": "Item %d", "quantity": %d, "price": "%d.%02d", "category": "cat-%d",
		"weight": 180, "height": 10, "width": 300, "length": 400.5,
		"attributes": {"color": "blue", "sizes": [38, 40.5]}`, i, i, 1+i%3, 1+i*7%90, i*13%100, i%5)
		if i%4 == 0 {
			b.WriteString(`, "additionalCosts": {"ecoTax": {"price": 0.15}}`)
		}
		b.WriteString(`}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func BenchmarkParseSession50(b *testing.B) {
	data := session50()
	opts := ParseOptions{Currency: eur, Registry: testRegistry(b)}
	if _, err := ParseSession(data, opts); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseSession(data, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func parsed50(b *testing.B) *Session {
	s, err := ParseSession(session50(), ParseOptions{Currency: eur, Registry: testRegistry(b)})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkNewCart50(b *testing.B) {
	s := parsed50(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(s, HalfEven); err != nil {
			b.Fatal(err)
		}
	}
}

// discounted50 is the 50-line cart with a cart-wide discount, an eco-tax
// discount and free shipping.
func discounted50(b *testing.B) *Cart {
	c, err := New(parsed50(b), HalfEven)
	if err != nil {
		b.Fatal(err)
	}
	c.Discount(campaign(1, "10% off"), c.Totals().CartItems/10, priceCharges(c))
	c.Discount(campaign(2, "eco"), 7, itemCostCharges(c, "ecoTax"))
	c.Discount(campaign(3, "free shipping"), 495, c.SessionCosts())
	c.SetCoupon(CouponVerdict{Code: "SUMMER10", Accepted: true, CampaignID: 1})
	return c
}

func BenchmarkDiscount50(b *testing.B) {
	c := discounted50(b)
	charges := priceCharges(c)
	amount := c.Totals().CartItems / 10
	b.ReportAllocs()
	for b.Loop() {
		// The same campaign and name: each run replaces the last.
		c.Discount(campaign(1, "10% off"), amount, charges)
	}
}

func BenchmarkReceipt50(b *testing.B) {
	c := discounted50(b)
	b.ReportAllocs()
	for b.Loop() {
		c.Receipt()
	}
}

func BenchmarkClone50(b *testing.B) {
	c := discounted50(b)
	b.ReportAllocs()
	for b.Loop() {
		c.Clone()
	}
}
