package rules

import (
	"maps"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/cart"
)

var testNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

const testHeader = `currency: EUR
attributes:
  session:
    shippingCountry: string
    giftWrap: boolean
  item:
    color: string
  profile:
    tier: string
loyaltyPrograms:
  - id: 1
    name: Club
`

// testSession is a cart of three lines: 2 shoes at 59.99, 3 socks at 4.99
// and 1 hat at 20.00, with shipping 4.95.
const testSession = `{
  "profileId": "p1",
  "couponCodes": ["WELCOME5"],
  "attributes": {"shippingCountry": "DE"},
  "additionalCosts": {"shipping": {"price": 4.95}},
  "cartItems": [
    {"sku": "SHOE", "name": "Shoe", "quantity": 2, "price": 59.99, "category": "shoes", "attributes": {"color": "red"}},
    {"sku": "SOCK", "name": "Sock", "quantity": 3, "price": 4.99, "category": "socks"},
    {"sku": "HAT", "name": "Hat", "quantity": 1, "price": 20.00, "category": "hats"}
  ]
}`

func mustParse(t testing.TB, body string) *File {
	t.Helper()
	f, err := Parse("test.yaml", []byte(testHeader+body))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func testEnv(t testing.TB, f *File, session string) *Env {
	t.Helper()
	s, c := testCart(t, f, session)
	return NewEnv(s, c, ProfileView{Id: "p1", Attributes: Attributes{"tier": "gold"}}, testNow)
}

// testCart parses session for f's campaigns and builds its cart.
func testCart(t testing.TB, f *File, session string) (*cart.Session, *cart.Cart) {
	t.Helper()
	s, err := cart.ParseSession([]byte(session), cart.ParseOptions{Currency: f.Currency, Registry: f.Registry})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cart.New(s, f.Rounding)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// conditionRule is a one-campaign file whose rule has the one condition
// and gives a discount of 1.
func conditionRule(condition string) string {
	return rule1("        condition:\n          - " + quoteYAML(condition) + "\n        effects:\n          - type: setDiscount\n            name: x\n            value: 1\n")
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// rule1 wraps a rule body in a one-campaign file.
func rule1(body string) string {
	return "campaigns:\n  - id: 7\n    name: C\n    features: [coupons, loyalty]\n    coupons:\n      codes: [WELCOME5]\n    rules:\n      - name: r\n" + body
}

// testRunner returns a runner for env whose VM variables are a copy of
// env's with the step counter (steps.go): tests run programs in expr's VM
// with them directly.
func testRunner(env *Env) *runner {
	rn := &runner{vars: maps.Clone(env.variables())}
	rn.begin(env)
	rn.AddStepVars(rn.vars)
	rn.vm.MemoryBudget = MemoryBudget
	return rn
}
