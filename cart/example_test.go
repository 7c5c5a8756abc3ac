package cart_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cartfx/cartfx/cart"
)

func ExampleParseSession() {
	eur := cart.MustCurrency("EUR")
	reg := cart.NewRegistry()
	if err := reg.Define(cart.EntitySession, "ShippingCity", cart.TypeString); err != nil {
		panic(err)
	}
	opts := cart.ParseOptions{Currency: eur, Registry: reg}

	s, err := cart.ParseSession([]byte(`{
		"profileId": "customer-42",
		"couponCodes": ["SUMMER10"],
		"attributes": {"ShippingCity": "Lyon"},
		"additionalCosts": {"shipping": {"price": 4.95}},
		"cartItems": [
			{"sku": "TEE", "quantity": 2, "price": 19.99},
			{"sku": "MUG", "quantity": 1, "price": "8.50"}
		]
	}`), opts)
	if err != nil {
		panic(err)
	}
	for _, it := range s.CartItems {
		fmt.Printf("%s × %d at %s\n", it.SKU, it.Quantity, eur.Decimal(it.Price).StringFixed(eur.Scale))
	}
	fmt.Println("coupons:", s.CouponCodes, "shipping:", eur.Money(s.AdditionalCosts[0].Price))

	// Every problem is reported at once, each with a JSON pointer.
	_, err = cart.ParseSession([]byte(`{"attributes": {"MyAttribute": 1}, "cartItems": [{"sku": "TEE", "quantity": 0, "price": 9.999}]}`), opts)
	var e *cart.Error
	if errors.As(err, &e) && errors.Is(err, cart.ErrInvalidSession) {
		for _, p := range e.Errors {
			fmt.Printf("%s: %s: %s\n", p.Source.Pointer, p.Title, p.Details)
		}
	}
	// Output:
	// TEE × 2 at 19.99
	// MUG × 1 at 8.50
	// coupons: [SUMMER10] shipping: 4.95
	// /attributes/MyAttribute: Unknown: The attribute "MyAttribute" is not defined on CustomerSession entities.
	// /cartItems/0/quantity: Invalid: expected a whole number of 1 or more, got 0
	// /cartItems/0/price: Invalid: price 9.999 has more decimals than EUR allows: expected at most 2
}

func ExampleNew() {
	s, err := cart.ParseSession([]byte(`{"cartItems": [
		{"sku": "A", "quantity": 1, "price": 1.00},
		{"sku": "B", "quantity": 1, "price": 1.00},
		{"sku": "C", "quantity": 1, "price": 1.00}
	]}`), cart.ParseOptions{Currency: cart.MustCurrency("EUR")})
	if err != nil {
		panic(err)
	}
	c, err := cart.New(s, cart.HalfEven)
	if err != nil {
		panic(err)
	}
	// 0.10 off the whole cart: the odd cent goes to SKU A, whatever the
	// line order.
	var units []int32
	for _, u := range c.Units() {
		units = append(units, u.Price)
	}
	applied := c.Discount(cart.Adjustment{CampaignID: 1, Name: "ten cents"}, 10, units)
	fmt.Println("applied:", c.Currency.Money(applied))

	r := c.Receipt()
	for _, it := range r.Items {
		fmt.Println(it.SKU, it.Total)
	}
	b, _ := json.Marshal(struct {
		Subtotal, DiscountTotal, Total cart.Money
	}{r.Subtotal, r.DiscountTotal, r.Total})
	fmt.Println(string(b))
	// Output:
	// applied: 0.10
	// A 0.96
	// B 0.97
	// C 0.97
	// {"Subtotal":3.00,"DiscountTotal":0.10,"Total":2.90}
}

func ExampleAllocate() {
	// 1.00 over three units weighted by what remains on them; the second can
	// take only 0.10, and the rest of its share goes to the others.
	parts, unapplied := cart.Allocate(100, []cart.Target{
		{Weight: 500, Cap: 500, SKU: "A"},
		{Weight: 500, Cap: 10, SKU: "B"},
		{Weight: 250, Cap: 250, SKU: "C"},
	})
	fmt.Println(parts, unapplied)

	// More than the targets can take: the rest is reported, never lost.
	parts, unapplied = cart.Allocate(1000, []cart.Target{{Weight: 300, Cap: 300}, {Weight: 200, Cap: 200}})
	fmt.Println(parts, unapplied)
	// Output:
	// [60 10 30] 0
	// [300 200] 500
}

func ExampleLookupCurrency() {
	for _, code := range []string{"EUR", "JPY", "KWD", "CLF", "eur", "XAU"} {
		c, err := cart.LookupCurrency(code)
		if err != nil {
			fmt.Println(errors.Is(err, cart.ErrUnknownCurrency), err)
			continue
		}
		fmt.Println(c, c.Scale, c.Money(12345))
	}
	// Output:
	// EUR 2 123.45
	// JPY 0 12345
	// KWD 3 12.345
	// CLF 4 1.2345
	// true unknown currency: "eur" is not an ISO 4217 code (expected three upper-case letters such as EUR)
	// true unknown currency: XAU has no minor unit in ISO 4217 and cannot price a cart
}
