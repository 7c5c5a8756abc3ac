package rules

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/cartfx/cartfx/cart"
)

// sameDecimal compares decimals by value and exponent: a direct program
// must give the digits expr's would, 10.00 and not 10.
var sameDecimal = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() })

// sameResult compares results: lists of units by the units (pointers),
// anything else by value, decimals with their exponent.
func sameResult(a, b any) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	if x, ok := a.([]*Item); ok {
		return slices.Equal(x, b.([]*Item))
	}
	return cmp.Equal(a, b, sameDecimal)
}

// TestDirectMatchesVM runs every expression of the fixtures' campaigns
// (bindings, conditions, effect parameters, their text interpolations and
// payloads) both through expr's VM and as a direct program, against every
// session of the case, and requires the same result. Where the VM fails,
// the direct program must decline.
func TestDirectMatchesVM(t *testing.T) {
	paths, err := filepath.Glob("../fixtures/*/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 50 {
		t.Fatalf("found %d fixture files, expected the repository's", len(paths))
	}
	programs, direct := 0, 0
	for _, path := range paths {
		f, sessions := loadCase(t, path)
		if f == nil {
			continue
		}
		for _, s := range sessions {
			env := sessionEnv(t, f, s)
			for _, c := range f.Campaigns {
				for _, valid := range []bool{false, true} {
					code := ""
					if len(s.CouponCodes) > 0 {
						code = s.CouponCodes[0]
					}
					ce := env.ForCampaign(c, CouponView{Code: code, Valid: valid}, ReferralView{Code: s.ReferralCode, Valid: valid})
					for _, r := range c.Rules {
						n, d := compareRule(t, path, r, ce)
						programs, direct = programs+n, direct+d
					}
				}
			}
		}
	}
	t.Logf("%d runs of programs, %d of them direct", programs, direct)
	if direct*2 < programs {
		t.Errorf("only %d of %d programs ran direct", direct, programs)
	}
}

// compareRule runs a rule's programs in order, the bindings' values from
// the VM, and compares each direct program with the VM.
func compareRule(t *testing.T, path string, r *Rule, env *Env) (programs, direct int) {
	rn := testRunner(env)
	check := func(what string, p *program) (any, bool) {
		programs++
		env.settle()
		want, err := rn.vm.Run(p.prog, rn.vars)
		if p.direct == nil {
			return want, err == nil
		}
		direct++
		got, ok := rn.Run(p.direct)
		declined := !ok
		if err != nil {
			if !declined {
				t.Errorf("%s: %s %q: expr fails (%v), but the direct program gives %#v", path, what, p.src, err, got)
			}
			return nil, false
		}
		if declined {
			t.Errorf("%s: %s %q: the direct program declines, expr gives %#v", path, what, p.src, want)
		} else if !sameResult(want, got) {
			t.Errorf("%s: %s %q: direct %#v, expr %#v", path, what, p.src, got, want)
		}
		return want, true
	}
	for i, b := range r.bindings {
		v, ok := check("binding", b)
		if !ok {
			return
		}
		rn.bind(r.Bindings[i], v)
	}
	for _, c := range r.conditions {
		check("condition", c)
	}
	for _, e := range append(r.effects, r.failureEffects...) {
		units := []*Item{nil}
		if e.items != nil {
			v, ok := check("items", e.items)
			if !ok {
				continue
			}
			units, _ = v.([]*Item)
		}
		for _, u := range units {
			if u != nil {
				rn.setItem(u)
			}
			for _, p := range e.params {
				what := string(e.typ) + " " + p.key
				if p.prog != nil {
					check(what, p.prog)
				}
				if p.tmpl != nil {
					for _, part := range p.tmpl.parts {
						if part.prog != nil {
							check(what+" text", part.prog)
						}
					}
				}
				for _, f := range p.payload {
					check(what+"."+f.key, f.prog)
				}
			}
		}
		rn.setItem(nil)
	}
	return
}

// loadCase reads a fixture: its campaign file, and the sessions of its
// steps.
func loadCase(t *testing.T, path string) (*File, []*cart.Session) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Currency  string    `yaml:"currency"`
		Campaigns yaml.Node `yaml:"campaigns"`
		Steps     []struct {
			Session any `yaml:"session"`
		} `yaml:"steps"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if doc.Currency != "" {
		return nil, nil // a campaign file, not a case: no sessions
	}
	camps, err := yaml.Marshal(&doc.Campaigns)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Campaigns.Kind == yaml.ScalarNode { // the path of a campaign file
		if camps, err = os.ReadFile(filepath.Join(filepath.Dir(path), doc.Campaigns.Value)); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Parse(path, camps)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var sessions []*cart.Session
	for i, st := range doc.Steps {
		if st.Session == nil {
			continue
		}
		body, err := json.Marshal(st.Session)
		if err != nil {
			t.Fatalf("%s: step %d: %v", path, i+1, err)
		}
		s, err := cart.ParseSession(body, cart.ParseOptions{Currency: f.Currency, Registry: f.Registry})
		if err != nil {
			continue // a step that tests a bad session
		}
		sessions = append(sessions, s)
	}
	return f, sessions
}

func sessionEnv(t *testing.T, f *File, s *cart.Session) *Env {
	t.Helper()
	c, err := cart.New(s, f.Rounding)
	if err != nil {
		t.Fatal(err)
	}
	return NewEnv(s, c, ProfileView{Id: "p1", ClosedSessions: 2, TotalSales: dec("120.50")}, testNow)
}

// TestDirectShapes lists the shapes of expression that campaigns use most:
// each must compile to a direct program, and give what expr gives.
func TestDirectShapes(t *testing.T) {
	exprs := []string{
		`Session.CartItemTotal >= 12.50`,
		`Session.Total * 10 / 100`,
		`Session.CartItemTotal - 5 + 1`,
		`-Session.DiscountTotal`,
		`Session.Attributes.shippingCountry == "DE"`,
		`Session.Attributes.giftWrap`,
		`Profile.Attributes.tier != "gold" || Session.ItemCount > 3`,
		`"WELCOME5" in Session.CouponCodes`,
		`couponValid() && Coupon.Code == "WELCOME5"`,
		`len(filter(Session.CartItems, .Category == "shoes")) > 0`,
		`countItems(filter(Session.CartItems, .Attributes.color == "red")) >= 2`,
		`sumPrice(filter(Session.CartItems, .Category == "socks")) * 5 / 100`,
		`any(Session.CartItems, .Category == "hats") and not all(Session.CartItems, .Price > 10)`,
		`count(Session.CartItems, .Category == "socks") == 3`,
		`none(Session.CartItems, .Category == "bags")`,
		`Profile.TotalSales >= 100 && Profile.ClosedSessions >= 1`,
		`Session.State == "open"`,
		`Profile.LoyaltyPoints.Gold + 1 == 1`, // a missing key reads as 0
	}
	for _, src := range exprs {
		f := mustParse(t, rule1("        bindings:\n          x: "+quoteYAML(src)+"\n"))
		b := f.Campaigns[0].Rules[0].bindings[0]
		if b.direct == nil {
			t.Errorf("%s: no direct program", src)
			continue
		}
		env := testEnv(t, f, testSession).ForCampaign(f.Campaigns[0], CouponView{Code: "WELCOME5", Valid: true}, ReferralView{})
		want := eval(t, src)
		rn := testRunner(env)
		if got, ok := rn.Run(b.direct); !sameResult(want, got) || !ok {
			t.Errorf("%s: direct %v (declined: %v), expr %v", src, got, !ok, want)
		}
	}
}

// TestDirectLeavesToExpr lists expressions that the closures do not
// cover: expr runs them.
func TestDirectLeavesToExpr(t *testing.T) {
	exprs := []string{
		`Session.Total / Session.DiscountTotal`,
		`Session.ItemCount % 2`,
		`Session.CartItems[0].Price`,
		`first(Session.CartItems).Price`,
		`sumOf(Session.CartItems, "Weight")`,
		`Session.ItemCount > 1 ? 1 : 2`,
	}
	for _, src := range exprs {
		f := mustParse(t, rule1("        bindings:\n          x: "+quoteYAML(src)+"\n"))
		if f.Campaigns[0].Rules[0].bindings[0].direct != nil {
			t.Errorf("%s: has a direct program", src)
		}
	}
}

// TestDirectDeclines checks that a direct program that meets an error
// declines: expr runs the expression and reports what it always has.
func TestDirectDeclines(t *testing.T) {
	tests := []struct{ condition, err string }{
		{`toInt(Session.Total * 100000000000000) > 0`, "condition 1: toInt: 15990000000000000 is too large"},
		{`len(cheapest(Session.CartItems, Session.ItemCount - 7)) > 0`, "condition 1: the number of items must not be negative"},
	}
	for _, tt := range tests {
		f := mustParse(t, rule1("        condition:\n          - "+quoteYAML(tt.condition)+"\n        effects:\n          - type: setDiscount\n            name: x\n            value: 1\n"))
		r := f.Campaigns[0].Rules[0]
		if r.conditions[0].direct == nil {
			t.Errorf("%s: no direct program", tt.condition)
		}
		res := r.Evaluate(testEnv(t, f, testSession))
		got := ""
		if res.Err != nil {
			got = res.Err.Error()
		}
		if got != tt.err || res.Triggered || res.FailedCondition != 0 {
			t.Errorf("%s: error %q, triggered %v, failed condition %d; want error %q, condition 0 failed", tt.condition, got, res.Triggered, res.FailedCondition, tt.err)
		}
	}
}
