package engine

import (
	"errors"
	"testing"

	"github.com/cartfx/cartfx/rules"
	"github.com/google/go-cmp/cmp"
)

// A discount that works out below zero is the rule's failure reason, with
// the value, and the other campaigns apply as if it were not there.
func TestNegativeDiscountIsAFailureReason(t *testing.T) {
	e := newEngine(t, `
currency: EUR
campaigns:
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
  - id: 3
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
	if got, want := summary(r.Effects), `3 setDiscount {"name":"Two off","value":2.00}`+"\n"; got != want {
		t.Errorf("effects\n%s\nwant\n%s", got, want)
	}
	want := `[{"campaignID":1,"campaignName":"Minus","rulesetID":1,"ruleIndex":0,"ruleName":"below zero","details":"setDiscount value: -70 is negative: expected 0 or more"},` +
		`{"campaignID":2,"campaignName":"Points","rulesetID":2,"ruleIndex":0,"ruleName":"below zero","details":"setDiscountPerItem value: -10 is negative: expected 0 or more"}]`
	if got := mustJSON(t, r.RuleFailures); got != want {
		t.Errorf("failures\n%s\nwant\n%s", got, want)
	}
	if got := r.Cart.Total.String(); got != "28.00" {
		t.Errorf("total %s, want 28.00", got)
	}
}

// A discount or points value written as a negative constant is a problem
// of the file, found when it is loaded.
func TestNegativeConstantIsALoadProblem(t *testing.T) {
	_, err := rules.Parse("neg.yaml", []byte(`currency: EUR
campaigns:
  - id: 1
    name: Minus
    rules:
      - name: r
        condition: true
        effects:
          - type: setDiscount
            name: Minus
            value: -50
          - type: setDiscount
            name: Minus quoted
            value: "-0.5"
`))
	var le *rules.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want a *rules.LoadError", err)
	}
	var got []string
	for _, p := range le.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`neg.yaml:11:20: campaign "Minus" rule "r": setDiscount value: -50 is negative: expected 0 or more (a discount or a number of points)`,
		`neg.yaml:14:20: campaign "Minus" rule "r": setDiscount value: -0.5 is negative: expected 0 or more (a discount or a number of points)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
