package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/cartfx/cartfx/cart"
)

// BenchmarkLoad1000 parses, checks and compiles a file of 1000 campaigns
// (one rule each, with a binding, two conditions and two effects).
func BenchmarkLoad1000(b *testing.B) {
	benchLoad(b, false)
}

// BenchmarkLoad1000Distinct is BenchmarkLoad1000 with no expression
// repeated in the file, so that no compiled program is reused.
func BenchmarkLoad1000Distinct(b *testing.B) {
	benchLoad(b, true)
}

func benchLoad(b *testing.B, distinct bool) {
	// In the distinct file every expression carries its campaign's
	// number in a part that changes nothing (&& i >= 0, + i * 0,
	// take(picked, 1000+i), a choice whose condition holds): the same
	// work as BenchmarkLoad1000, without repeated expressions.
	tag := func(i int) string {
		if !distinct {
			return ""
		}
		return fmt.Sprintf(" && %d >= 0", i)
	}
	items := func(i int) string {
		if !distinct {
			return "picked"
		}
		return fmt.Sprintf("take(picked, %d)", 1000+i)
	}
	name := func(i int) string {
		if !distinct {
			return "Item.Name"
		}
		return fmt.Sprintf("%d > 0 ? Item.Name : Item.Sku", i)
	}
	zero := func(i int) string {
		if !distinct {
			return ""
		}
		return fmt.Sprintf(" + %d * 0", i)
	}
	var sb strings.Builder
	sb.WriteString(testHeader + "campaigns:\n")
	for i := 1; i <= 1000; i++ {
		fmt.Fprintf(&sb, `  - id: %d
    name: Campaign %d
    rules:
      - name: rule %d
        bindings:
          picked: filter(Session.CartItems, .Category == "cat%d" && .Price > %d.5%s)
        condition:
          - Session.CartItemTotal >= %d%s
          - len(picked) > 0 && Session.Attributes.shippingCountry == "DE"%s
        effects:
          - type: setDiscountPerItem
            items: %s
            name: "%d%% off {{ %s }}"
            value: Item.Price * %d / 100%s
          - type: showNotification
            title: Campaign %d
            body: "You saved {{ Session.Total * 0.05%s }}"
`, i, i, i, i%20, i%7, tag(i), i%300, tag(i), tag(i), items(i), i%50, name(i), i%50, zero(i), i, zero(i))
	}
	data := []byte(sb.String())
	b.ReportAllocs()
	for b.Loop() {
		f, err := Parse("bench.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Campaigns) != 1000 {
			b.Fatal(len(f.Campaigns))
		}
	}
}

// benchCart is a 50-line session.
func benchCart() string {
	var sb strings.Builder
	sb.WriteString(`{"profileId": "p1", "attributes": {"shippingCountry": "DE"}, "additionalCosts": {"shipping": {"price": 4.95}}, "cartItems": [`)
	cats := []string{"shoes", "socks", "hats", "shirts", "bags"}
	for i := range 50 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"sku": "SKU%d", "name": "Item %d", "quantity": %d, "price": %d.99, "category": %q, "attributes": {"color": %q}}`,
			i, i, 1+i%3, 5+i*3, cats[i%5], []string{"red", "blue"}[i%2])
	}
	sb.WriteString("]}")
	return sb.String()
}

// benchRules are 10 rules of 10 conditions each (100 conditions), with
// bindings shared within a rule: thresholds, attribute checks and
// category filters.
func benchRules() (bindings [10][2]string, conds [10][10]string) {
	cats := []string{"shoes", "socks", "hats", "shirts", "bags"}
	for r := range 10 {
		cat := cats[r%5]
		bindings[r] = [2]string{"picked", fmt.Sprintf(`filter(Session.CartItems, .Category == %q)`, cat)}
		conds[r] = [10]string{
			fmt.Sprintf("Session.CartItemTotal > %d", 100+r),
			"Session.Total >= Session.CartItemTotal",
			`Session.Attributes.shippingCountry == "DE"`,
			"len(picked) > 0",
			fmt.Sprintf("any(picked, .Price > %d)", 10+r),
			`all(picked, .Category == "` + cat + `")`,
			`count(Session.CartItems, .Attributes.color == "red") > 2`,
			"Session.ProfileId != \"\"",
			fmt.Sprintf("len(picked) < %d", 1000+r),
			"Session.Total < 100000",
		}
	}
	return
}

func BenchmarkEvaluate100Conditions(b *testing.B) {
	bindings, conds := benchRules()
	var sb strings.Builder
	sb.WriteString(testHeader + "campaigns:\n  - id: 1\n    name: Bench\n    rules:\n")
	for r := range 10 {
		fmt.Fprintf(&sb, "      - name: r%d\n        bindings:\n          %s: %s\n        condition:\n", r, bindings[r][0], quoteYAML(bindings[r][1]))
		for _, c := range conds[r] {
			fmt.Fprintf(&sb, "          - %s\n", quoteYAML(c))
		}
	}
	f, err := Parse("bench.yaml", []byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	env := testEnv(b, f, benchCart()).ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{})
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range f.Campaigns[0].Rules {
			if res := r.Evaluate(env); !res.Triggered {
				b.Fatalf("rule %s failed condition %d: %v", r.Name, res.FailedCondition, res.Err)
			}
		}
	}
}

// plainItem and plainSession are what a plain expr program would use:
// float64 money, attributes as a map.
type plainItem struct {
	Sku, Name, Category string
	Price               float64
	Position            int
	SubPosition         int
	Attributes          map[string]any
}

type plainSession struct {
	Total, CartItemTotal float64
	CartItems            []plainItem
	ProfileId            string //nolint:revive
	Attributes           map[string]any
}

// BenchmarkPlainExpr100Conditions runs the same expressions as
// BenchmarkEvaluate100Conditions as plain expr programs over a float64
// environment, with the same bindings shared per rule: the baseline for
// the environment's overhead.
func BenchmarkPlainExpr100Conditions(b *testing.B) {
	bindings, conds := benchRules()
	f := mustParse(b, "campaigns: []\n")
	env := testEnv(b, f, benchCart())
	ps := plainSession{ProfileId: env.Session.ProfileId, Attributes: map[string]any(env.Session.Attributes)}
	ps.Total, _ = env.Session.Total.Float64()
	ps.CartItemTotal, _ = env.Session.CartItemTotal.Float64()
	for _, it := range env.Session.CartItems {
		p, _ := it.Price.Float64()
		ps.CartItems = append(ps.CartItems, plainItem{Sku: it.Sku, Name: it.Name, Category: it.Category, Price: p, Position: it.Position, SubPosition: it.SubPosition, Attributes: it.Attributes})
	}
	typeEnv := map[string]any{"Session": plainSession{}, "picked": []any{}}
	var binds [10]*vm.Program
	var progs [10][10]*vm.Program
	for r := range 10 {
		var err error
		if binds[r], err = expr.Compile(bindings[r][1], expr.Env(typeEnv)); err != nil {
			b.Fatal(err)
		}
		for i, c := range conds[r] {
			if progs[r][i], err = expr.Compile(c, expr.Env(typeEnv), expr.AsBool()); err != nil {
				b.Fatal(err)
			}
		}
	}
	base := map[string]any{"Session": ps}
	b.ReportAllocs()
	for b.Loop() {
		for r := range 10 {
			var m vm.VM
			vars := make(map[string]any, len(base)+1)
			for k, v := range base {
				vars[k] = v
			}
			v, err := m.Run(binds[r], vars)
			if err != nil {
				b.Fatal(err)
			}
			vars["picked"] = v
			for i := range 10 {
				out, err := m.Run(progs[r][i], vars)
				if err != nil || out != true {
					b.Fatalf("rule %d condition %d: %v %v", r, i, out, err)
				}
			}
		}
	}
}

// BenchmarkNewEnvOnly50Lines is NewEnv alone on the 50-line cart, without
// parsing the session and building the cart, which BenchmarkNewEnv50Lines
// includes.
func BenchmarkNewEnvOnly50Lines(b *testing.B) {
	f := mustParse(b, "campaigns: []\n")
	s, err := cart.ParseSession([]byte(benchCart()), cart.ParseOptions{Currency: f.Currency, Registry: f.Registry})
	if err != nil {
		b.Fatal(err)
	}
	c, err := cart.New(s, f.Rounding)
	if err != nil {
		b.Fatal(err)
	}
	profile := ProfileView{Id: "p1", Attributes: Attributes{"tier": "gold"}}
	b.ReportAllocs()
	for b.Loop() {
		_ = NewEnv(s, c, profile, testNow)
	}
}

func BenchmarkNewEnv50Lines(b *testing.B) {
	f := mustParse(b, "campaigns: []\n")
	s := benchCart()
	env := testEnv(b, f, s)
	_ = env
	b.ReportAllocs()
	for b.Loop() {
		_ = testEnv(b, f, s)
	}
}
