package handlers_test

import (
	"fmt"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/handlers"
)

// Apply a Talon.One response's effects to the cart of a session.
func ExampleRegistry_Apply() {
	session, _ := cart.ParseSession([]byte(`{"cartItems": [
		{"sku": "SHOE", "quantity": 1, "price": 99.99}
	], "couponCodes": ["TEST-1"]}`), cart.ParseOptions{Currency: cart.MustCurrency("EUR")})
	c, _ := cart.New(session, cart.HalfEven)

	list, _ := effects.DecodeList([]byte(`[
		{"campaignId": 193, "rulesetId": 791, "ruleIndex": 0, "ruleName": "", "effectType": "acceptCoupon", "props": {"value": "TEST-1"}},
		{"campaignId": 193, "rulesetId": 791, "ruleIndex": 0, "ruleName": "", "effectType": "setDiscountPerItem",
		 "props": {"name": "10% off per item#0", "value": 9.999, "position": 0, "subPosition": 0}}
	]`))
	out, applied, err := handlers.New().Apply(c, list)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := out.Receipt()
	fmt.Println("coupon accepted:", r.Coupons[0].Accepted)
	fmt.Println("discount applied:", applied[1].Props.(*effects.SetDiscountPerItem).Value.String())
	fmt.Println("total:", r.Total)
	// Output:
	// coupon accepted: true
	// discount applied: 10.00
	// total: 89.99
}

// A host handles its own custom effect by name, and replaces a built-in.
func ExampleWithCustomEffect() {
	r := handlers.New(handlers.WithCustomEffect("stampCard", handlers.HandlerFunc(func(c *cart.Cart, e *effects.Effect) error {
		c.Notify(cart.Notification{Type: "Info", Title: "Stamp", Body: "one more stamp on your card"})
		return nil
	})))
	session, _ := cart.ParseSession([]byte(`{"cartItems": [{"sku": "TEA", "quantity": 1, "price": 3.50}]}`), cart.ParseOptions{Currency: cart.MustCurrency("EUR")})
	c, _ := cart.New(session, cart.HalfEven)
	out, _, _ := r.Apply(c, []effects.Effect{{CampaignID: 1, EffectType: effects.TypeCustomEffect, Props: &effects.CustomEffect{Name: "stampCard", Payload: []byte(`{}`)}}})
	fmt.Println(out.Receipt().Notifications[0].Body)
	// Output: one more stamp on your card
}
