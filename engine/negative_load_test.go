package engine

import (
	"errors"
	"testing"

	"github.com/cartfx/cartfx/rules"
	"github.com/google/go-cmp/cmp"
)

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
