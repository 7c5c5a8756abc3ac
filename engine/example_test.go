package engine_test

import (
	"context"
	"fmt"
	"time"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
)

// Embed cartfx in a cart service: load the campaigns once, then update
// sessions as customers shop; closing a session redeems its coupon.
func ExampleEngine_UpdateSession() {
	campaigns, err := rules.Parse("campaigns.yaml", []byte(`
currency: EUR
campaigns:
  - id: 1
    name: Ten percent over 100
    rules:
      - name: ten percent
        condition: Session.CartItemTotal >= 100
        effects:
          - type: setDiscount
            name: 10% off
            value: Session.CartItemTotal * 10 / 100
            scope: cartItems
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := engine.New(campaigns, engine.WithClock(func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	resp, err := eng.UpdateSession(ctx, "order-1001", []byte(`{
		"profileId": "ann",
		"cartItems": [{"sku": "BOOT", "name": "Boots", "quantity": 1, "price": 119.90}]
	}`), engine.UpdateOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range resp.Effects {
		fmt.Println(e.CampaignID, e.Type())
	}
	fmt.Println("total:", resp.Cart.Total)

	closed, err := eng.UpdateSession(ctx, "order-1001", []byte(`{"state": "closed"}`), engine.UpdateOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(closed.CustomerSession.State, closed.CustomerProfile.ClosedSessions)
	// Output:
	// 1 setDiscount
	// total: 107.91
	// closed 1
}
