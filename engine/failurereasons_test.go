package engine

import (
	"fmt"
	"strings"
	"testing"
)

// twoOff is the campaign that triggers beside the failing ones of
// TestRunTimeFailuresAreFailureReasons, to show the others apply as ever.
const twoOff = `
  - id: %d
    name: Two off
    rules:
      - name: two off
        condition: Session.Total > 0
        effects:
          - type: setDiscount
            name: Two off
            value: 2
`

// TestRunTimeFailuresAreFailureReasons: a rule that fails at run time (a
// value below zero, the memory budget, the step budget) fails alone, with
// the reason as its failure reason, and the other campaigns apply.
func TestRunTimeFailuresAreFailureReasons(t *testing.T) {
	lines := make([]string, 200)
	for i := range lines {
		lines[i] = fmt.Sprintf(`{"sku": "A%d", "quantity": 1, "price": "1.00"}`, i)
	}
	tests := []struct {
		name      string
		campaigns string // the failing campaigns, ids from 1
		failing   int
		session   string
		failures  string
		total     string
	}{
		{"a negative discount", `
  - id: 1
    name: Minus
    rules:
      - name: below zero
        condition: Session.Total > 0
        effects:
          - type: setDiscount
            name: Minus
            value: Session.Total - 100
  - id: 2
    name: Points
    rules:
      - name: below zero
        condition: Session.Total > 0
        effects:
          - type: setDiscountPerItem
            name: Minus per item
            items: Session.CartItems
            value: Item.Price - 40
`, 2, `{"cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`,
			`[{"campaignID":1,"campaignName":"Minus","rulesetID":1,"ruleIndex":0,"ruleName":"below zero","details":"setDiscount value: -70 is negative: expected 0 or more"},` +
				`{"campaignID":2,"campaignName":"Points","rulesetID":2,"ruleIndex":0,"ruleName":"below zero","details":"setDiscountPerItem value: -10 is negative: expected 0 or more"}]`,
			"28.00"},
		{"the memory budget: a text doubled forty times", `
  - id: 1
    name: Doubling
    rules:
      - name: doubles
        condition: 'len(reduce(1..40, #acc + #acc, "ab")) > 0'
        effects:
          - type: setDiscount
            name: never
            value: 1
`, 1, `{"cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`,
			`[{"campaignID":1,"campaignName":"Doubling","rulesetID":1,"ruleIndex":0,"ruleName":"doubles","conditionIndex":0,` +
				`"details":"condition 1: memory budget exceeded: text of 131072 bytes (at most 100000)"}]`,
			"28.00"},
		// 200⁴ predicate calls: half a minute without the bound.
		{"the step budget: four loops deep over 200 lines", `
  - id: 1
    name: Deep
    rules:
      - name: four deep
        condition: all(Session.CartItems, {all(Session.CartItems, {all(Session.CartItems, {all(Session.CartItems, {.Price > 0})})})})
        effects:
          - type: setDiscount
            name: never
            value: 1
`, 1, `{"cartItems": [` + strings.Join(lines, ",") + `]}`,
			`[{"campaignID":1,"campaignName":"Deep","rulesetID":1,"ruleIndex":0,"ruleName":"four deep","conditionIndex":0,` +
				`"details":"condition 1: step budget exceeded: more than 1000000 steps (nested loops over the cart?)"}]`,
			"198.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.failing + 1
			e := newEngine(t, "\ncurrency: EUR\ncampaigns:"+tt.campaigns+fmt.Sprintf(twoOff, id))
			r := update(t, e, "s", tt.session)
			if got, want := summary(r.Effects), fmt.Sprintf(`%d setDiscount {"name":"Two off","value":2.00}`+"\n", id); got != want {
				t.Errorf("effects\n%s\nwant\n%s", got, want)
			}
			if got := mustJSON(t, r.RuleFailures); got != tt.failures {
				t.Errorf("failures\n%s\nwant\n%s", got, tt.failures)
			}
			if got := r.Cart.Total.String(); got != tt.total {
				t.Errorf("total %s, want %s", got, tt.total)
			}
		})
	}
}
