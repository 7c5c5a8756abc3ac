package engine_test

import (
	"context"
	"fmt"
	"time"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
)

// A campaign that gives a closing customer a coupon and a point per euro.
const thanksCampaigns = `
currency: EUR
loyaltyPrograms:
  - id: 1
    name: Club
campaigns:
  - id: 1
    name: Thanks
    features: [coupons, loyalty]
    coupons:
      pattern: THANKS-####
      usageLimit: 1
    rules:
      - name: thanks
        condition: Session.State == "closed"
        effects:
          - type: couponCreated
            profileId: "{{ Session.ProfileId }}"
          - type: addLoyaltyPoints
            program: 1
            name: Points
            value: Session.CartItemTotal - Session.CartItemTotal % 1
`

// List what a customer holds: the coupons reserved for them, with their
// usage and state, and their loyalty ledgers.
func ExampleEngine_Inventory() {
	campaigns, err := rules.Parse("campaigns.yaml", []byte(thanksCampaigns))
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
	if _, err := eng.UpdateSession(ctx, "order-1", []byte(`{"profileId": "ann", "state": "closed",
		"cartItems": [{"sku": "BOOT", "quantity": 1, "price": 80}]}`), engine.UpdateOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	inv, err := eng.Inventory(ctx, "ann", engine.InventoryRequest{Coupons: true, Loyalty: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range inv.Coupons {
		fmt.Println(c.CampaignID, len(c.Value), c.UsageLimit, c.UsageCounter, c.State)
	}
	fmt.Println("points:", inv.Loyalty.Programs["1"].Ledger.CurrentBalance)
	// Output:
	// 1 11 1 0 active
	// points: 80
}

// Read a customer's points as of a date: what they had before a purchase.
func ExampleEngine_BalancesAt() {
	campaigns, err := rules.Parse("campaigns.yaml", []byte(thanksCampaigns))
	if err != nil {
		fmt.Println(err)
		return
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	eng, err := engine.New(campaigns, engine.WithClock(func() time.Time { return now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if _, err := eng.UpdateSession(ctx, "order-1", []byte(`{"profileId": "ann", "state": "closed",
		"cartItems": [{"sku": "BOOT", "quantity": 1, "price": 80}]}`), engine.UpdateOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	for _, at := range []time.Time{now.Add(-time.Hour), now} {
		b, err := eng.BalancesAt(ctx, "ann", 1, at)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(at.Format(time.Kitchen), b.Balance.ActivePoints)
	}
	// Output:
	// 11:00AM 0
	// 12:00PM 80
}

// Read a return body as Talon.One's returns endpoint takes it; every
// problem is at its JSON pointer.
func ExampleEngine_ParseReturn() {
	campaigns, err := rules.Parse("campaigns.yaml", []byte("currency: EUR\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := engine.New(campaigns)
	if err != nil {
		fmt.Println(err)
		return
	}
	items, err := eng.ParseReturn([]byte(`{"return": {"returnedCartItems": [{"position": 0, "quantity": 2}, {"position": 3}]}}`))
	fmt.Println(items, err)
	_, err = eng.ParseReturn([]byte(`{"return": {"returnedCartItems": [{"position": 0, "position": 1}]}}`))
	fmt.Println(err)
	// Output:
	// [{0 2} {3 1}] <nil>
	// invalid input: /return/returnedCartItems/0/position: line 1, column 51: duplicate key "position" (first at line 1, column 36)
}
