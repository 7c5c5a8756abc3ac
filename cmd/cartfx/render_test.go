package main

import "testing"

// The receipt reads at a glance: each line's discounts in the order the cart
// received them (here the larger one first), a cart-wide discount's share of
// a cost said as such, and no zeros a person does not need.
func TestReceiptReadsAtAGlance(t *testing.T) {
	session := `{"cartItems": [{"sku": "COAT", "name": "Coat", "quantity": 1, "price": "100.00"}], "additionalCosts": {"shipping": {"price": "5.00"}}}`
	response := `[
	{"campaignId": 9, "rulesetId": 1, "ruleIndex": 0, "ruleName": "r", "effectType": "setDiscountPerItem", "props": {"name": "Coat sale", "value": 30, "position": 0, "subPosition": 0}},
	{"campaignId": 2, "rulesetId": 1, "ruleIndex": 0, "ruleName": "r", "effectType": "setDiscount", "props": {"name": "Ten off", "value": 10}},
	{"campaignId": 3, "rulesetId": 1, "ruleIndex": 0, "ruleName": "r", "effectType": "setDiscountPerAdditionalCost", "props": {"name": "Free shipping", "additionalCostId": 0, "additionalCost": "shipping", "value": 4.33}},
	{"campaignId": 4, "rulesetId": 1, "ruleIndex": 0, "ruleName": "r", "effectType": "addLoyaltyPoints", "props": {"name": "earn", "programId": 1, "subLedgerId": "", "value": 50, "recipientIntegrationId": "p1", "transactionUUID": "t1"}},
	{"campaignId": 5, "rulesetId": 1, "ruleIndex": 0, "ruleName": "r", "effectType": "deductLoyaltyPoints", "props": {"ruleTitle": "spend", "name": "spend", "programId": 2, "subLedgerId": "", "value": 20, "transactionUUID": "t2"}}
]`
	code, out, errOut := runCLI("apply", "--session", writeFile(t, "s.json", session), "--effects", writeFile(t, "e.json", response), "--currency", "EUR")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	// 10 off over what is left, 70.00 of the coat and 5.00 of shipping:
	// 9.333… and 0.666…, so 9.33 and 0.67 by largest remainder; shipping's
	// own discount then takes the 4.33 left.
	want := `Receipt (EUR)

 QTY  SKU            NAME                                      UNIT PRICE       TOTAL
   1  COAT           Coat                                          100.00       60.67
                     - Coat sale (#9)                                          -30.00
                     - Ten off (#2)                                             -9.33

Additional costs
                     shipping                                        5.00        0.00
                     - Ten off (#2)                                             -0.67
                       its share of 10.00 across the cart
                     - Free shipping (#3)                                       -4.33

Loyalty points (tentative until the session closes)
  program 1: +50
  program 2: -20

Subtotal                                                                      105.00
Discounts                                                                     -44.33
Total                                                                          60.67
`
	if out != want {
		t.Errorf("receipt:\n%s\nwant:\n%s", out, want)
	}
}
