package cart

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
)

// receiptCart is richCart with a one-cent discount on the T-shirts' eco tax
// (so the two T-shirt units differ) and more loyalty entries.
func receiptCart(t testing.TB) *Cart {
	c := richCart(t)
	c.Discount(campaign(9, "eco"), 1, itemCostCharges(c, "ecoTax"))
	c.AddLoyalty(LoyaltyEntry{ProgramID: 3, Points: decimal.RequireFromString("-2.5"), Position: -1, SubPosition: -1})
	c.AddLoyalty(LoyaltyEntry{ProgramID: 4, SubLedgerID: "eu", Points: decimal.RequireFromString("1.25"), Position: 1, SubPosition: 0})
	c.AddLoyalty(LoyaltyEntry{ProgramID: 3, Points: decimal.RequireFromString("0.5"), Position: -1, SubPosition: -1})
	return c
}

func m2(minor int64) Money { return Money{Minor: minor, Scale: 2} }

func points(s string) Points { return Points{decimal.RequireFromString(s)} }

func TestReceiptInFull(t *testing.T) {
	// 10% of the items (48.48) is 4.85: 2.00 on each T-shirt, 0.85 on the
	// mug. The eco tax cent goes to the first T-shirt unit, so the line has
	// two unit groups. Shipping is free.
	want := &Receipt{
		Currency: "EUR",
		Items: []ReceiptItem{
			{
				Position: 0, SKU: "TEE", Name: "T-shirt", Quantity: 2, UnitPrice: m2(1999),
				Discounts: []ReceiptDiscount{{Name: "10% off", CampaignID: 7, Amount: m2(400)}, {Name: "eco", CampaignID: 9, Amount: m2(1)}},
				AdditionalCosts: []ReceiptCost{
					{Name: "ecoTax", Price: m2(15), Discounts: []ReceiptDiscount{{Name: "eco", CampaignID: 9, Amount: m2(1)}}, Total: m2(29)},
				},
				Units: []UnitGroup{
					{Quantity: 1, Discounts: []ReceiptDiscount{{Name: "10% off", CampaignID: 7, Amount: m2(200)}, {Name: "eco", CampaignID: 9, Amount: m2(1)}}, UnitTotal: m2(1813)},
					{Quantity: 1, Discounts: []ReceiptDiscount{{Name: "10% off", CampaignID: 7, Amount: m2(200)}}, UnitTotal: m2(1814)},
				},
				Total: m2(3627),
			},
			{
				Position: 1, SKU: "MUG", Name: "Mug", Quantity: 1, UnitPrice: m2(850),
				Discounts: []ReceiptDiscount{{Name: "10% off", CampaignID: 7, Amount: m2(85)}},
				Units:     []UnitGroup{{Quantity: 1, Discounts: []ReceiptDiscount{{Name: "10% off", CampaignID: 7, Amount: m2(85)}}, UnitTotal: m2(765)}},
				Total:     m2(765),
			},
		},
		AdditionalCosts: []ReceiptCost{
			{Name: "shipping", Price: m2(495), Discounts: []ReceiptDiscount{{Name: "free shipping", CampaignID: 11, Amount: m2(495)}}, Total: m2(0)},
		},
		Coupons: []CouponVerdict{
			{Code: "SUMMER10", Accepted: true, CampaignID: 7},
			{Code: "BOGUS", RejectionReason: "CouponNotFound"},
		},
		Referral:      &ReferralVerdict{Code: "FRIEND-7", Accepted: true, CampaignID: 12},
		Notifications: []Notification{{Type: "discount", Title: "You saved", Body: "10% off", CampaignID: 7}},
		Loyalty: []LoyaltyBalance{
			{ProgramID: 3, Added: points("10.5"), Deducted: points("2.5")},
			{ProgramID: 4, SubLedgerID: "eu", Added: points("1.25"), Deducted: points("0")},
		},
		Informational: []Informational{{EffectType: "triggerWebhook", CampaignID: 7, RuleName: "notify", Props: json.RawMessage(`{"webhookId":1}`)}},
		Subtotal:      m2(5373),
		DiscountTotal: m2(981),
		Total:         m2(4392),
	}
	got := receiptCart(t).Receipt()
	if d := diff(want, got); d != "" {
		t.Errorf("receipt (-want +got):\n%s", d)
	}
}

const receiptJSON = `{
  "currency": "EUR",
  "items": [
    {
      "position": 0,
      "sku": "TEE",
      "name": "T-shirt",
      "quantity": 2,
      "unitPrice": 19.99,
      "discounts": [
        {
          "name": "10% off",
          "campaignId": 7,
          "amount": 4.00
        },
        {
          "name": "eco",
          "campaignId": 9,
          "amount": 0.01
        }
      ],
      "additionalCosts": [
        {
          "name": "ecoTax",
          "price": 0.15,
          "discounts": [
            {
              "name": "eco",
              "campaignId": 9,
              "amount": 0.01
            }
          ],
          "total": 0.29
        }
      ],
      "units": [
        {
          "quantity": 1,
          "discounts": [
            {
              "name": "10% off",
              "campaignId": 7,
              "amount": 2.00
            },
            {
              "name": "eco",
              "campaignId": 9,
              "amount": 0.01
            }
          ],
          "unitTotal": 18.13
        },
        {
          "quantity": 1,
          "discounts": [
            {
              "name": "10% off",
              "campaignId": 7,
              "amount": 2.00
            }
          ],
          "unitTotal": 18.14
        }
      ],
      "total": 36.27,
      "free": false
    },
    {
      "position": 1,
      "sku": "MUG",
      "name": "Mug",
      "quantity": 1,
      "unitPrice": 8.50,
      "discounts": [
        {
          "name": "10% off",
          "campaignId": 7,
          "amount": 0.85
        }
      ],
      "units": [
        {
          "quantity": 1,
          "discounts": [
            {
              "name": "10% off",
              "campaignId": 7,
              "amount": 0.85
            }
          ],
          "unitTotal": 7.65
        }
      ],
      "total": 7.65,
      "free": false
    }
  ],
  "additionalCosts": [
    {
      "name": "shipping",
      "price": 4.95,
      "discounts": [
        {
          "name": "free shipping",
          "campaignId": 11,
          "amount": 4.95
        }
      ],
      "total": 0.00
    }
  ],
  "coupons": [
    {
      "code": "SUMMER10",
      "accepted": true,
      "campaignId": 7
    },
    {
      "code": "BOGUS",
      "accepted": false,
      "rejectionReason": "CouponNotFound"
    }
  ],
  "referral": {
    "code": "FRIEND-7",
    "accepted": true,
    "campaignId": 12
  },
  "notifications": [
    {
      "type": "discount",
      "title": "You saved",
      "body": "10% off",
      "campaignId": 7
    }
  ],
  "loyalty": [
    {
      "programId": 3,
      "subLedgerId": "",
      "added": 10.5,
      "deducted": 2.5
    },
    {
      "programId": 4,
      "subLedgerId": "eu",
      "added": 1.25,
      "deducted": 0
    }
  ],
  "informational": [
    {
      "effectType": "triggerWebhook",
      "campaignId": 7,
      "ruleName": "notify",
      "props": {
        "webhookId": 1
      }
    }
  ],
  "subtotal": 53.73,
  "discountTotal": 9.81,
  "total": 43.92
}`

func TestReceiptJSONBytes(t *testing.T) {
	b, err := json.MarshalIndent(receiptCart(t).Receipt(), "", "  ")
	if err != nil {
		t.Fatalf("MarshalIndent: %v", err)
	}
	if d := diff(receiptJSON, string(b)); d != "" {
		t.Errorf("receipt JSON (-want +got):\n%s", d)
	}
}

func TestReceiptJSONRoundTrips(t *testing.T) {
	r := receiptCart(t).Receipt()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Receipt
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if d := diff(r, &back); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}

func TestReceiptJSONUsesTheCurrencyScale(t *testing.T) {
	tests := []struct {
		name string
		cur  Currency
		want string
	}{
		{
			name: "EUR: 10 is 10.00",
			cur:  eur,
			want: `{"currency":"EUR","items":[{"position":0,"sku":"A","name":"A","quantity":1,"unitPrice":10.00,"discounts":[{"name":"off","campaignId":1,"amount":1.00}],` +
				`"units":[{"quantity":1,"discounts":[{"name":"off","campaignId":1,"amount":1.00}],"unitTotal":9.00}],"total":9.00,"free":false}],` +
				`"additionalCosts":[],"coupons":[],"referral":null,"notifications":[],"loyalty":[],"informational":[],"subtotal":10.00,"discountTotal":1.00,"total":9.00}`,
		},
		{
			name: "JPY: no decimals",
			cur:  jpy,
			want: `{"currency":"JPY","items":[{"position":0,"sku":"A","name":"A","quantity":1,"unitPrice":1000,"discounts":[{"name":"off","campaignId":1,"amount":100}],` +
				`"units":[{"quantity":1,"discounts":[{"name":"off","campaignId":1,"amount":100}],"unitTotal":900}],"total":900,"free":false}],` +
				`"additionalCosts":[],"coupons":[],"referral":null,"notifications":[],"loyalty":[],"informational":[],"subtotal":1000,"discountTotal":100,"total":900}`,
		},
		{
			name: "KWD: three decimals",
			cur:  kwd,
			want: `{"currency":"KWD","items":[{"position":0,"sku":"A","name":"A","quantity":1,"unitPrice":1.000,"discounts":[{"name":"off","campaignId":1,"amount":0.100}],` +
				`"units":[{"quantity":1,"discounts":[{"name":"off","campaignId":1,"amount":0.100}],"unitTotal":0.900}],"total":0.900,"free":false}],` +
				`"additionalCosts":[],"coupons":[],"referral":null,"notifications":[],"loyalty":[],"informational":[],"subtotal":1.000,"discountTotal":0.100,"total":0.900}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			price := int64(1000)
			c := mustNew(t, tt.cur, []CartItem{item("A", 1, price)})
			c.Discount(campaign(1, "off"), price/10, priceCharges(c))
			b, err := json.Marshal(c.Receipt())
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(tt.want, string(b)); d != "" {
				t.Errorf("receipt JSON (-want +got):\n%s", d)
			}
		})
	}
}

func TestReceiptOfAnEmptyCart(t *testing.T) {
	b, err := json.Marshal(mustNew(t, eur, nil).Receipt())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"currency":"EUR","items":[],"additionalCosts":[],"coupons":[],"referral":null,"notifications":[],"loyalty":[],"informational":[],` +
		`"subtotal":0.00,"discountTotal":0.00,"total":0.00}`
	if string(b) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", b, want)
	}
}

func TestReceiptGroupsUnitsWithTheSameDiscounts(t *testing.T) {
	tests := []struct {
		name   string
		amount int64
		want   []UnitGroup
	}{
		{
			name:   "an even split is one group",
			amount: 99750,
			want:   []UnitGroup{{Quantity: 25, Discounts: []ReceiptDiscount{{Name: "off", CampaignID: 1, Amount: m2(3990)}}, UnitTotal: m2(35910)}},
		},
		{
			name:   "two cents left over make a second group",
			amount: 27,
			want: []UnitGroup{
				{Quantity: 2, Discounts: []ReceiptDiscount{{Name: "off", CampaignID: 1, Amount: m2(2)}}, UnitTotal: m2(39898)},
				{Quantity: 23, Discounts: []ReceiptDiscount{{Name: "off", CampaignID: 1, Amount: m2(1)}}, UnitTotal: m2(39899)},
			},
		},
		{
			name:   "units without a discount have an empty list",
			amount: 2,
			want: []UnitGroup{
				{Quantity: 2, Discounts: []ReceiptDiscount{{Name: "off", CampaignID: 1, Amount: m2(1)}}, UnitTotal: m2(39899)},
				{Quantity: 23, Discounts: []ReceiptDiscount{}, UnitTotal: m2(39900)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, eur, []CartItem{item("LAMP", 25, 39900)})
			c.Discount(campaign(1, "off"), tt.amount, priceCharges(c))
			r := c.Receipt()
			if d := diff(tt.want, r.Items[0].Units); d != "" {
				t.Errorf("unit groups (-want +got):\n%s", d)
			}
			if got, want := r.Items[0].Total, m2(997500-tt.amount); got != want {
				t.Errorf("line total = %v, want %v", got, want)
			}
		})
	}
}

func TestReceiptDoesNotShareItsListsWithTheCart(t *testing.T) {
	c := receiptCart(t)
	r := c.Receipt()
	r.Coupons[0].Accepted = false
	r.Notifications[0].Title = "changed"
	r.Informational[0].RuleName = "changed"
	again := c.Receipt()
	if !again.Coupons[0].Accepted || again.Notifications[0].Title != "You saved" || again.Informational[0].RuleName != "notify" {
		t.Errorf("changing a receipt changed the cart: %+v", again)
	}
}

// The receipt is handed to the caller; changing its referral must not
// change the cart's verdict (coupons and notifications are already copies).
func TestReceiptReferralIsACopy(t *testing.T) {
	c := receiptCart(t)
	c.Receipt().Referral.Accepted = false
	if got := c.Receipt().Referral; !got.Accepted {
		t.Errorf("changing the receipt's referral changed the cart: %+v", got)
	}
}
