package effects_test

import (
	"fmt"

	"github.com/cartfx/cartfx/effects"
	"github.com/shopspring/decimal"
)

func ExampleDecodeList() {
	response := []byte(`{
	  "effects": [
	    {"campaignId": 193, "rulesetId": 791, "ruleIndex": 0, "ruleName": "",
	     "effectType": "acceptCoupon", "props": {"value": "TEST-1"}, "triggeredByCoupon": 3749},
	    {"campaignId": 193, "rulesetId": 791, "ruleIndex": 0, "ruleName": "",
	     "effectType": "setDiscountPerItem",
	     "props": {"name": "10% off per item#0", "value": 9.999, "position": 0, "subPosition": 0},
	     "triggeredByCoupon": 3749}
	  ],
	  "createdCoupons": [],
	  "createdReferrals": []
	}`)
	list, err := effects.DecodeList(response)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range list {
		switch p := e.Props.(type) {
		case *effects.AcceptCoupon:
			fmt.Println("coupon accepted:", p.Value)
		case *effects.SetDiscountPerItem:
			fmt.Printf("%s: %s off line %d unit %d\n", p.Name, p.Value, p.Position, *p.SubPosition)
		}
	}

	_, err = effects.DecodeList([]byte(`[{"campaignId": 1, "rulesetId": 2, "ruleIndex": 0, "ruleName": "r",
	  "effectType": "setDiscountPerItem", "props": {"name": "x", "value": 1, "position": 1.5}}]`))
	fmt.Println(err)
	// Output:
	// coupon accepted: TEST-1
	// 10% off per item#0: 9.999 off line 0 unit 0
	// /0/props/position: expected a non-negative integer, got 1.5
}

func ExampleEncodeList() {
	list := []effects.Effect{{
		CampaignID: 7,
		RulesetID:  70,
		RuleIndex:  0,
		RuleName:   "Summer sale",
		Props: &effects.SetDiscount{
			Name:  "10% off",
			Value: effects.NewNumber(decimal.New(1000, -2)), // 10.00
			Scope: effects.Ptr(effects.ScopeSessionTotal),
		},
		TriggeredByCoupon: effects.Ptr[int64](12),
	}, {
		CampaignID: 7,
		RulesetID:  70,
		RuleIndex:  1,
		RuleName:   "Tier",
		Props:      &effects.UpdateAttribute{Path: "Profile.Attributes.tier", Value: []byte(`"Gold"`)},
	}}
	out, err := effects.EncodeList(list)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))
	// Output:
	// [{"campaignId":7,"rulesetId":70,"ruleIndex":0,"ruleName":"Summer sale","effectType":"setDiscount","props":{"name":"10% off","value":10.00,"scope":"sessionTotal"},"triggeredByCoupon":12},{"campaignId":7,"rulesetId":70,"ruleIndex":1,"ruleName":"Tier","effectType":"set","props":{"path":"Profile.Attributes.tier","value":"Gold"}}]
}

func ExampleAppendList() {
	list := []effects.Effect{{
		CampaignID: 3,
		RulesetID:  3,
		RuleName:   "five off",
		Props:      &effects.SetDiscount{Name: "Coupon", Value: effects.NewNumber(decimal.New(500, -2))},
	}}
	buf := []byte(`{"effects":`)
	buf, err := effects.AppendList(buf, list)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(append(buf, '}')))
	// An effect that cannot be encoded leaves the buffer as it was.
	buf, err = effects.AppendList(buf[:0], []effects.Effect{{CampaignID: 3}})
	fmt.Printf("%q, %v\n", buf, err)
	// Output:
	// {"effects":[{"campaignId":3,"rulesetId":3,"ruleIndex":0,"ruleName":"five off","effectType":"setDiscount","props":{"name":"Coupon","value":5.00}}]}
	// "", /0/props: effect has no props
}
