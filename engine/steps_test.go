package engine

import (
	"fmt"
	"strings"
	"testing"
)

// TestStepBudgetIsAFailureReason: a rule whose condition nests four
// loops over a 200-line cart (200⁴ predicate calls: half a minute
// without the bound) fails within the step budget with it as its failure
// reason, and the other campaigns apply as ever.
func TestStepBudgetIsAFailureReason(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Deep
    rules:
      - name: four deep
        condition: all(Session.CartItems, {all(Session.CartItems, {all(Session.CartItems, {all(Session.CartItems, {.Price > 0})})})})
        effects:
          - type: setDiscount
            name: never
            value: 1
  - id: 2
    name: Two off
    rules:
      - name: two off
        condition: Session.Total > 0
        effects:
          - type: setDiscount
            name: Two off
            value: 2
`)
	lines := make([]string, 200)
	for i := range lines {
		lines[i] = fmt.Sprintf(`{"sku": "A%d", "quantity": 1, "price": "1.00"}`, i)
	}
	r := update(t, e, "s", `{"cartItems": [`+strings.Join(lines, ",")+`]}`)
	if got, want := summary(r.Effects), `2 setDiscount {"name":"Two off","value":2.00}`+"\n"; got != want {
		t.Errorf("effects\n%s\nwant\n%s", got, want)
	}
	want := `[{"campaignID":1,"campaignName":"Deep","rulesetID":1,"ruleIndex":0,"ruleName":"four deep","conditionIndex":0,` +
		`"details":"condition 1: step budget exceeded: more than 1000000 steps (nested loops over the cart?)"}]`
	if got := mustJSON(t, r.RuleFailures); got != want {
		t.Errorf("failures\n%s\nwant\n%s", got, want)
	}
	if got := r.Cart.Total.String(); got != "198.00" {
		t.Errorf("total %s, want 198.00", got)
	}
}
