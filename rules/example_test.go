package rules_test

import (
	"fmt"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/rules"
)

func ExampleParse() {
	_, err := rules.Parse("campaigns.yaml", []byte(`
currency: EUR
attributes:
  session:
    shippingCountry: string
campaigns:
  - id: 1
    name: Free shipping
    rules:
      - name: DE
        condition: Session.Attributes.shippingCountry == 3
`))
	fmt.Println(err)
	// Output:
	// campaigns.yaml:11:55: campaign "Free shipping" rule "DE": condition: invalid operation: == (mismatched types string and int)
}

func ExampleLoad() {
	f, err := rules.Load("../fixtures/campaigns/example.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Currency, f.Rounding, len(f.Campaigns), "campaigns,", f.RuleCount(), "rules")
	for _, g := range f.Groups {
		fmt.Println(g.Name, g.Mode)
	}
	// Output:
	// EUR halfEven 10 campaigns, 11 rules
	// exclusive first
	// basket stackable
	// bestDeal highestDiscount
	// default stackable
}

func ExampleRule_Evaluate() {
	f, err := rules.Parse("campaigns.yaml", []byte(`
currency: EUR
campaigns:
  - id: 3
    name: Socks 2 for 1
    rules:
      - name: cheapest sock free
        bindings:
          socks: filter(Session.CartItems, .Category == "socks")
        condition: countItems(socks) >= 2
        effects:
          - type: setDiscountPerItem
            items: cheapest(socks, toInt(countItems(socks) / 2))
            name: "Free sock #{{ Item.Position }}.{{ Item.SubPosition }}"
            value: Item.Price
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := cart.ParseSession([]byte(`{"cartItems": [
		{"sku": "S1", "quantity": 2, "price": 4.99, "category": "socks"},
		{"sku": "S2", "quantity": 1, "price": 3.50, "category": "socks"}]}`),
		cart.ParseOptions{Currency: f.Currency, Registry: f.Registry})
	c, _ := cart.New(s, f.Rounding)
	camp := f.Campaigns[0]
	env := rules.NewEnv(s, c, rules.ProfileView{}, time.Now()).ForCampaign(camp, rules.CouponView{}, rules.ReferralView{})
	res := camp.Rules[0].Evaluate(env)
	fmt.Println("triggered:", res.Triggered)
	for _, e := range res.Effects {
		p := e.Props.(*effects.SetDiscountPerItem)
		fmt.Println(e.CampaignID, e.EffectType, p.Name, p.Value, p.Position, *p.SubPosition)
	}
	// Output:
	// triggered: true
	// 3 setDiscountPerItem Free sock #1.0 3.5 1 0
}
