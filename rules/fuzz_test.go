package rules

import (
	"strconv"
	"testing"
)

// FuzzCompile compiles arbitrary rule text as a condition, a binding and
// an effect parameter: loading never panics, and a rule that loads
// evaluates without panicking.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"Session.Total > 10", "0.1 + 0.2 == 0.3", "cheapest(Session.CartItems, 2)",
		"Session.Attributes.shippingCountry == 3", "1 / 0", "-", "{{", "filter(Session.CartItems, .Price > 1.5)",
		"let x = 1; x / 3", "Session.Total / (Session.ItemCount - 6) > 1", "couponValid()", "sumOf(Session.CartItems, \"Weight\")",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q := strconv.Quote(src)
		body := rule1("        bindings:\n          b: " + q + "\n        condition: " + q + "\n        effects:\n          - type: setDiscount\n            name: " + q + "\n            value: " + q + "\n")
		file, err := Parse("fuzz.yaml", []byte(testHeader+body))
		if err != nil {
			return
		}
		env := testEnv(t, file, testSession)
		for _, c := range file.Campaigns {
			for _, r := range c.Rules {
				_ = r.Evaluate(env)
			}
		}
	})
}
