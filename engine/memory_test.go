package engine

import (
	"testing"
)

// TestMemoryBudgetIsAFailureReason: a rule whose condition would double
// a text forty times fails with the memory budget as its failure reason,
// and the other campaigns apply as ever.
func TestMemoryBudgetIsAFailureReason(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
  - id: 1
    name: Doubling
    rules:
      - name: doubles
        condition: 'len(reduce(1..40, #acc + #acc, "ab")) > 0'
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
	r := update(t, e, "s", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`)
	if got, want := summary(r.Effects), `2 setDiscount {"name":"Two off","value":2.00}`+"\n"; got != want {
		t.Errorf("effects\n%s\nwant\n%s", got, want)
	}
	want := `[{"campaignID":1,"campaignName":"Doubling","rulesetID":1,"ruleIndex":0,"ruleName":"doubles","conditionIndex":0,` +
		`"details":"condition 1: memory budget exceeded: text of 131072 bytes (at most 100000)"}]`
	if got := mustJSON(t, r.RuleFailures); got != want {
		t.Errorf("failures\n%s\nwant\n%s", got, want)
	}
	if got := r.Cart.Total.String(); got != "28.00" {
		t.Errorf("total %s, want 28.00", got)
	}
}
