package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cartfx/cartfx/internal/closure"
)

// TestPredicatesMatchExpr compiles filters over units with their closures
// compiled to Go and with expr's own builtins, and compares the values.
func TestPredicatesMatchExpr(t *testing.T) {
	f := mustParse(t, "campaigns: []\n")
	t.Run("small", func(t *testing.T) { testPredicates(t, f, testSession) })
	// Enough units for the index (index.go).
	var lines []string
	for i := range 24 {
		color := []string{"red", "blue", ""}[i%3]
		cat := []string{"shoes", "socks", "hats", "shirts"}[i%4]
		lines = append(lines, fmt.Sprintf(`{"sku": "S%02d", "name": "N%d", "quantity": %d, "price": %d.99, "category": %q, "attributes": {"color": %q}}`, i, i, 1+i%2, 1+i%30, cat, color))
	}
	big := `{"profileId": "p1", "attributes": {"shippingCountry": "DE"}, "cartItems": [` + strings.Join(lines, ",") + `]}`
	t.Run("indexed", func(t *testing.T) { testPredicates(t, f, big) })
}

func testPredicates(t *testing.T, f *File, session string) {
	env := testEnv(t, f, session).ForCampaign(&Campaign{ID: 7, Name: "C"}, CouponView{}, ReferralView{})
	toGo := []string{
		`filter(Session.CartItems, .Category == "socks")`,
		`filter(Session.CartItems, "socks" == .Category)`,
		`filter(Session.CartItems, .Category != "socks" && .Attributes.color == "red")`,
		`filter(Session.CartItems, .Category == "hats" || .Attributes.color == "red")`,
		`filter(Session.CartItems, !(.Sku == "HAT"))`,
		`filter(Session.CartItems, not (.Name startsWith "S"))`,
		`filter(Session.CartItems, .Name endsWith "t" or .Sku contains "OC")`,
		`filter(Session.CartItems, .Category in ["hats", "shoes"])`,
		`filter(Session.CartItems, .Price > 10)`, `filter(Session.CartItems, 10 < .Price)`,
		`filter(Session.CartItems, .Price >= 20.00)`, `filter(Session.CartItems, .PriceAfterDiscounts <= 4.99)`,
		`filter(Session.CartItems, .Price == 4.990)`, `filter(Session.CartItems, 20 != .Price)`,
		`filter(Session.CartItems, .Weight == 0 && .Height < 1 && .Width >= 0 && .Length >= 0)`,
		`filter(Session.CartItems, .Quantity > 1 && .Position != 2 && .SubPosition <= 1)`,
		`filter(Session.CartItems, .Quantity == 3 || .Position < 1 || .SubPosition >= 2)`,
		`filter(Session.CartItems, .Attributes.color == "")`,
		`any(Session.CartItems, .Category == "socks")`, `any(Session.CartItems, .Category == "toys")`,
		`all(Session.CartItems, .Price > 1)`, `all(Session.CartItems, .Price > 5)`,
		`none(Session.CartItems, .Category == "toys")`, `none(Session.CartItems, .Category == "hats")`,
		`count(Session.CartItems, .Category == "socks")`, `count(Session.CartItems, .Price < 0)`,
		`len(filter(Session.CartItems, .Category == "nothing"))`,
		`sumPrice(filter(Session.CartItems, .Category == "shoes"))`,
		`map(filter(Session.CartItems, .Price > 10), .Position)`,
		`filter(filter(Session.CartItems, .Price > 10), .Category == "shoes")`,
		`filter(Session.CartItems, .Attributes.color == "red" && .Category == "socks")`,
		`filter(Session.CartItems, .Attributes.color == "blue" and .Price > 5)`,
		`count(Session.CartItems, .Sku == "S03")`, `none(Session.CartItems, .Name == "N4" && .Quantity > 1)`,
		`all(Session.CartItems, .Category == "shoes")`, `any(Session.CartItems, "hats" == .Category && .Sku == "S02")`,
	}
	interpreted := []string{
		`filter(Session.CartItems, .Price > Session.Total / 100)`,
		`filter(Session.CartItems, #index > 1)`,
		`any(Session.CartItems, .Category == Session.Attributes.shippingCountry)`,
	}
	run := func(t *testing.T, src string, interpret bool) (string, bool) {
		t.Helper()
		c := newCompiler(f.Registry, &problems{}, newSharedPrograms())
		p := closure.NewPatcher([]rune(src), f.Registry)
		p.InterpretFilters = interpret
		prog, _, err := c.compileSafely(src, c.typeEnv(nil, false), p)
		if err != nil {
			t.Fatal(err)
		}
		rn := testRunner(env)
		v, err := rn.run(&program{compiled: &compiled{prog: prog}})
		if run := closure.Compile(prog.Node()); run != nil && !interpret {
			// The direct program must agree with the VM's.
			if d, _ := rn.Run(run); fmt.Sprint(formatValue(d)) != fmt.Sprint(formatValue(v)) {
				t.Errorf("direct %v, expr %v", formatValue(d), formatValue(v))
			}
		}
		return fmt.Sprint(formatValue(v), err), strings.Contains(prog.Disassemble(), "items")
	}
	for _, src := range append(toGo, interpreted...) {
		t.Run(src, func(t *testing.T) {
			want, _ := run(t, src, true)
			got, rewritten := run(t, src, false)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("value (-expr +compiled):\n%s", diff)
			}
			if compile := !strings.Contains(strings.Join(interpreted, "\n"), src); rewritten != compile {
				t.Errorf("compiled to Go: %v, want %v", rewritten, compile)
			}
		})
	}
}
