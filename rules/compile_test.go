package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/google/go-cmp/cmp"

	"github.com/cartfx/cartfx/internal/closure"
)

// TestCompileMatchesExpr compiles expressions with the loader's compiler
// (one configuration per file, one type check per patcher pass) and with
// expr.Compile and the same options, and compares the problems, the
// result types and the values.
func TestCompileMatchesExpr(t *testing.T) {
	f := mustParse(t, "campaigns: []\n")
	env := testEnv(t, f, testSession).ForCampaign(&Campaign{ID: 7, Name: "C"}, CouponView{Code: "WELCOME5", Valid: true}, ReferralView{})
	sources := []string{
		"0.1 + 0.2 == 0.3", "Session.Total * 10 / 100", "7 / 2", "10 % 3", "-Session.Total", "Session.Total > -5",
		"2 * Session.Total >= 319.8", `len(filter(Session.CartItems, .Category == "socks"))`, "cheapest(Session.CartItems, 1)[0].Price",
		"map(take(filter(Session.CartItems, .Price > 10), 3), .Position)", `any(Session.CartItems, .Attributes.color == "red")`,
		`Session.Attributes.shippingCountry == "DE"`, "Session.Attributes.shippingCountry == 3", "Session.Attributes.nope",
		"couponValid() && Coupon.Code == \"WELCOME5\"", "couponValid(1)", "toInt(7 / 2)", "let n = 3; n / 2 * Session.Total",
		"Session.CartItems + 1", "Session.CartItems[0].Nope", "nope", "1 +", "sumOf(Session.CartItems, \"Nope\")",
		"Session.ItemCount / 4 > 1", "Session.Total > 1 ? 1 : 2.5", "reverse(sortBy(Session.CartItems, .Price))[0].Sku",
		"Session.Total / (Session.ItemCount - 6)", "0 < " + strings.Repeat("1+", 1500) + "1",
	}
	for _, src := range sources {
		t.Run(src[:min(len(src), 40)], func(t *testing.T) {
			c := newCompiler(f.Registry, &problems{}, newSharedPrograms())
			tenv := c.typeEnv(nil, false)
			p1 := closure.NewPatcher([]rune(src), f.Registry)
			got, _, gotErr := c.compileSafely(src, tenv, p1)

			p2 := closure.NewPatcher([]rune(src), f.Registry)
			opts := append([]expr.Option{expr.Env(tenv.vars)}, closure.AllOptions()...)
			opts = append(opts, expr.MaxNodes(MaxNodes), expr.Patch(p2))
			want, wantErr := expr.Compile(src, opts...)

			if diff := cmp.Diff(fmt.Sprint(p2.Errors()), fmt.Sprint(p1.Errors())); diff != "" {
				t.Errorf("closure.Patcher problems (-expr +loader):\n%s", diff)
			}
			if diff := cmp.Diff(fmt.Sprint(wantErr), fmt.Sprint(gotErr)); diff != "" {
				t.Fatalf("error (-expr +loader):\n%s", diff)
			}
			if want == nil {
				return
			}
			if g, w := got.Node().Type(), want.Node().Type(); g != w {
				t.Errorf("type %v, want %v", g, w)
			}
			rn := testRunner(env)
			gv, gerr := rn.run(&program{compiled: &compiled{prog: got}})
			wv, werr := rn.run(&program{compiled: &compiled{prog: want}})
			if diff := cmp.Diff(fmt.Sprint(formatValue(wv), werr), fmt.Sprint(formatValue(gv), gerr)); diff != "" {
				t.Errorf("value (-expr +loader):\n%s", diff)
			}
		})
	}
}

// TestRepeatedExpressions checks that an expression compiled once and
// reused is still checked in each place: against the bindings of its
// rule, for the result its place expects, with problems at each place.
func TestRepeatedExpressions(t *testing.T) {
	_, err := Parse("t.yaml", []byte(testHeader+`campaigns:
  - id: 1
    name: C
    rules:
      - name: a
        bindings:
          x: Session.Total
        condition: x > 1
        effects:
          - type: setDiscount
            name: n
            value: Session.Total
      - name: b
        bindings:
          x: '"text"'
        condition: x > 1
      - name: c
        condition: Session.Total
      - name: d
        condition: Session.Total
`))
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("got %v", err)
	}
	var got []string
	for _, p := range le.Problems {
		got = append(got, fmt.Sprintf("%d:%d %s %s", p.Line, p.Col, p.Rule, p.Message))
	}
	want := []string{
		"28:22 b condition: invalid operation: > (mismatched types string and int)",
		"30:20 c condition: expected true or false, got a number",
		"32:20 d condition: expected true or false, got a number",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestSharedPrograms evaluates rules that share compiled programs, from
// many goroutines.
func TestSharedPrograms(t *testing.T) {
	var body strings.Builder
	for i := range 4 {
		fmt.Fprintf(&body, `      - name: r%d
        bindings:
          socks: filter(Session.CartItems, .Category == "socks")
        condition: countItems(socks) > %d
        effects:
          - type: setDiscountPerItem
            items: cheapest(socks, 1)
            name: "{{ Item.Sku }} {{ Session.Total * 0.1 }}"
            value: Item.Price / 2
`, i, i)
	}
	f := mustParse(t, "campaigns:\n  - id: 1\n    name: C\n    rules:\n"+body.String())
	rs := f.Campaigns[0].Rules
	if rs[0].bindings[0].prog != rs[3].bindings[0].prog {
		t.Error("the rules do not share the binding's program")
	}
	env := testEnv(t, f, testSession)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				for i, r := range rs {
					res := r.Evaluate(env)
					if res.Triggered != (i < 3) || res.Err != nil {
						t.Errorf("rule %d: %+v", i, res)
						return
					}
					if i < 3 {
						p := res.Effects[0].Props
						if got := fmt.Sprint(reflect.ValueOf(p).Elem().FieldByName("Name")); got != "SOCK 15.990" {
							t.Errorf("rule %d: name %q", i, got)
						}
					}
				}
			}
		})
	}
	wg.Wait()
}

// TestConcurrentParse loads files in parallel: the compilers share expr's
// function tables.
func TestConcurrentParse(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				if _, err := Load("../fixtures/campaigns/example.yaml"); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
