package campaignindex_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/campaignindex"
	"github.com/cartfx/cartfx/rules"
)

var parts = campaignindex.Get[*rules.Rule]()

// session: 2 units of c1/b1 at 10.00 and one of c2/b2 at 25.50 (45.50 in
// all), on the web channel; the profile is in segment s1, tier gold.
const session = `{"attributes": {"channel": "web"}, "cartItems": [
	{"sku": "k1", "quantity": 2, "price": 10, "category": "c1", "attributes": {"brand": "b1"}},
	{"sku": "k2", "quantity": 1, "price": 25.50, "category": "c2", "attributes": {"brand": "b2"}}]}`

var profile = map[string]any{"segments": []string{"s1"}, "tier": "gold"}

type rule struct {
	bindings       []string // name: expression
	conditions     []string
	failureEffects bool
}

func file(t *testing.T, campaigns [][]rule, extraEffect string) *rules.File {
	t.Helper()
	var b strings.Builder
	b.WriteString("currency: EUR\nattributes:\n  session:\n    channel: string\n  item:\n    brand: string\n  profile:\n    segments: (list string)\n    tier: string\ncampaigns:\n")
	for i, c := range campaigns {
		fmt.Fprintf(&b, "  - id: %d\n    name: c%d\n    rules:\n", i+1, i+1)
		for j, r := range c {
			fmt.Fprintf(&b, "      - name: r%d\n", j)
			if len(r.bindings) > 0 {
				b.WriteString("        bindings:\n")
				for _, bd := range r.bindings {
					name, expr, _ := strings.Cut(bd, ": ")
					fmt.Fprintf(&b, "          %s: '%s'\n", name, expr)
				}
			}
			b.WriteString("        condition:\n")
			for _, c := range r.conditions {
				fmt.Fprintf(&b, "          - '%s'\n", c)
			}
			b.WriteString("        effects:\n          - type: setDiscount\n            name: d\n            value: 1\n" + extraEffect)
			if r.failureEffects {
				b.WriteString("        failureEffects:\n          - type: showNotification\n            title: t\n            body: b\n")
			}
		}
	}
	f, err := rules.Parse("index.yaml", []byte(b.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	return f
}

func build(f *rules.File) *campaignindex.Index {
	var all [][]campaignindex.Rule
	for _, c := range f.Campaigns {
		var rs []campaignindex.Rule
		for _, r := range c.Rules {
			rs = append(rs, parts(r))
		}
		all = append(all, rs)
	}
	return campaignindex.Build(all, f.Currency.Scale)
}

func cond(c ...string) []rule { return []rule{{conditions: c}} }

func withBinding(binding string, c ...string) []rule {
	return []rule{{bindings: []string{binding}, conditions: c}}
}

// TestSkip checks, campaign by campaign, which the index skips for the
// session and at which condition of each rule: the expected values are
// worked out by hand from the session above.
func TestSkip(t *testing.T) {
	tests := []struct {
		name     string
		campaign []rule
		coupon   bool
		want     []int32 // nil: evaluated
	}{
		{"a threshold the cart does not reach", cond("Session.CartItemTotal >= 50"), false, []int32{0}},
		{"a threshold the cart reaches exactly", cond("Session.CartItemTotal >= 45.50"), false, nil},
		{"more than the cart's total", cond("Session.CartItemTotal > 45.50"), false, []int32{0}},
		{"a threshold between two cents", cond("Session.CartItemTotal >= 45.505"), false, []int32{0}},
		{"a threshold just below", cond("Session.CartItemTotal >= 45.495"), false, nil},
		{"at most, written the other way round", cond("45.49 >= Session.CartItemTotal"), false, []int32{0}},
		{"less than", cond("Session.CartItemTotal < 45.51"), false, nil},
		{"a segment held, then a threshold", cond(`"s1" in Profile.Attributes.segments`, "Session.CartItemTotal >= 100"), false, []int32{1}},
		{"a segment not held", cond(`"s2" in Profile.Attributes.segments`, "Session.CartItemTotal >= 1"), false, []int32{0}},
		{"a profile attribute", cond(`Profile.Attributes.tier == "silver"`), false, []int32{0}},
		{"a session attribute held", cond(`Session.Attributes.channel == "web"`, "Session.CartItemTotal >= 100"), false, []int32{1}},
		{"a session attribute not held", cond(`Session.Attributes.channel == "app"`), false, []int32{0}},
		{"a category that is there", cond(`any(Session.CartItems, .Category == "c1")`, "Session.CartItemTotal >= 100"), false, []int32{1}},
		{"a category that is not", cond(`any(Session.CartItems, .Category == "c9")`), false, []int32{0}},
		{"a category and a brand each there, never together", cond(`any(Session.CartItems, .Category == "c1" && .Attributes.brand == "b2")`, "Session.CartItemTotal >= 100"), false, nil},
		{"a brand that is not there", cond(`any(Session.CartItems, .Category == "c1" && .Attributes.brand == "b9")`), false, []int32{0}},
		{"a SKU that is not there", cond(`count(Session.CartItems, .Sku == "k9") >= 1`), false, []int32{0}},
		{"more units than the category has", withBinding(`items: filter(Session.CartItems, .Category == "c1")`, "countItems(items) >= 3"), false, []int32{0}},
		{"as many units as the category has", withBinding(`items: filter(Session.CartItems, .Category == "c1")`, "countItems(items) >= 2", "Session.CartItemTotal >= 100"), false, []int32{1}},
		{"len of an empty filter", withBinding(`items: filter(Session.CartItems, .Category == "c3")`, "len(items) > 0"), false, []int32{0}},
		{"more than the brand costs", withBinding(`items: filter(Session.CartItems, .Attributes.brand == "b2")`, "sumPrice(items) >= 25.51"), false, []int32{0}},
		{"what the brand costs", withBinding(`items: filter(Session.CartItems, .Attributes.brand == "b2")`, "sumPrice(items) >= 25.50"), false, nil},
		{"cheapest of a filter", []rule{{bindings: []string{`pool: filter(Session.CartItems, .Category == "c1")`, "free: cheapest(pool, toInt(countItems(pool) / 3))"},
			conditions: []string{"countItems(pool) >= 3"}}}, false, []int32{0}},
		{"a condition the index does not read comes first", cond("Session.ItemCount > 1", "Session.CartItemTotal >= 100"), false, nil},
		{"a binding that may fail", withBinding("bad: Session.CartItems[5]", "Session.CartItemTotal >= 100"), false, nil},
		{"failure effects", []rule{{conditions: []string{"Session.CartItemTotal >= 100"}, failureEffects: true}}, false, nil},
		{"two rules that cannot trigger", []rule{{conditions: []string{"Session.CartItemTotal >= 100"}}, {conditions: []string{`"s9" in Profile.Attributes.segments`}}}, false, []int32{0, 0}},
		{"one of two rules may trigger", []rule{{conditions: []string{"Session.CartItemTotal >= 100"}}, {conditions: []string{"Session.CartItemTotal >= 1"}}}, false, nil},
		{"a valid coupon, then a threshold", cond("couponValid()", "Session.CartItemTotal >= 100"), true, []int32{1}},
		{"no valid coupon", cond("couponValid()", "Session.CartItemTotal >= 1"), false, []int32{0}},
		{"not a segment", cond(`not ("s1" in Profile.Attributes.segments)`), false, nil},
	}
	var campaigns [][]rule
	for _, tc := range tests {
		campaigns = append(campaigns, tc.campaign)
	}
	f := file(t, campaigns, "")
	x := build(f)
	s, err := cart.ParseSession([]byte(session), cart.ParseOptions{Currency: f.Currency, Registry: f.Registry})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cart.New(s, f.Rounding)
	if err != nil {
		t.Fatal(err)
	}
	var facts campaignindex.Facts
	x.Gather(&facts, c, profile)
	for i, tc := range tests {
		got, skipped := x.Skip(i, &facts, tc.coupon, nil)
		if !skipped {
			got = nil
		}
		if !slices.Equal(got, tc.want) || skipped != (tc.want != nil) {
			t.Errorf("%s: skipped %v at %v, want %v", tc.name, skipped, got, tc.want)
		}
	}
}

// TestNoIndexWhenEffectsChangeTheSession: set and addFreeItem change what
// the requirements read during an evaluation.
func TestNoIndexWhenEffectsChangeTheSession(t *testing.T) {
	set := "          - type: set\n            path: Session.Attributes.channel\n            value: '\"app\"'\n"
	if x := build(file(t, [][]rule{cond("Session.CartItemTotal >= 50")}, set)); x != nil {
		t.Error("an index for a file with a set effect")
	}
	if x := build(file(t, [][]rule{cond("Session.CartItemTotal >= 50")}, "")); x == nil {
		t.Error("no index for a threshold campaign")
	}
}
