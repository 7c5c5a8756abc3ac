package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
)

// TestIndexChangesNothingProperty generates campaign files, from
// conditions the index reads and conditions it does not (some of which
// fail at run time), and sessions against them, and compares a dry run
// and a close with and without the index.
func TestIndexChangesNothingProperty(t *testing.T) {
	skipped := 0
	defer engine.CountSkips(&skipped)()
	defer func() {
		// Not a vacuous comparison: the generated sessions make the
		// index skip campaigns.
		if !t.Failed() && skipped == 0 {
			t.Error("the index skipped no campaign")
		}
		t.Logf("the index skipped %d campaigns", skipped)
	}()
	rapid.Check(t, func(t *rapid.T) {
		src := genCampaigns(t)
		file, err := rules.Parse("generated.yaml", []byte(src))
		if err != nil {
			t.Fatalf("generated file does not load: %v\n%s", err, src)
		}
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		clock := engine.WithClock(func() time.Time { return now })
		plain, err1 := engine.New(file, clock, engine.WithoutIndex())
		indexed, err2 := engine.New(file, clock)
		if err1 != nil || err2 != nil {
			t.Fatalf("engine.New: %v, %v", err1, err2)
		}
		ctx := context.Background()
		for i := range rapid.IntRange(1, 3).Draw(t, "sessions") {
			body := genSession(t)
			var opts engine.UpdateOptions
			if profile := genProfile(t); profile != "" {
				p, err := plain.ParseProfile([]byte(profile))
				if err != nil {
					t.Fatalf("profile %s: %v", profile, err)
				}
				opts.Profile = p
			}
			id := fmt.Sprintf("s%d", i)
			for _, dry := range []bool{true, false} {
				opts.Dry = dry
				want, wantErr := plain.UpdateSession(ctx, id, []byte(body), opts)
				got, gotErr := indexed.UpdateSession(ctx, id, []byte(body), opts)
				if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
					t.Fatalf("session %s: error without the index %v, with it %v", body, wantErr, gotErr)
				}
				sameResponses(t, "session "+body+"\ncampaigns:\n"+src, want, got, nil, nil)
			}
		}
	})
}

var (
	genCategories = []string{"c1", "c2", "c3"}
	genBrands     = []string{"b1", "b2"}
	genSegments   = []string{"s1", "s2", "s3"}
	genAmounts    = []string{"0", "5", "10", "25.50", "50", "99.99", "200", "0.005"}
)

func pick(t *rapid.T, label string, xs []string) string { return rapid.SampledFrom(xs).Draw(t, label) }

// genPredicate is an item predicate: a category, a brand, or both.
func genPredicate(t *rapid.T) string {
	c, b := pick(t, "category", genCategories), pick(t, "brand", genBrands)
	switch rapid.IntRange(0, 3).Draw(t, "predicate") {
	case 0:
		return fmt.Sprintf(".Category == %q", c)
	case 1:
		return fmt.Sprintf(".Attributes.brand == %q", b)
	case 2:
		return fmt.Sprintf(".Category == %q && .Attributes.brand == %q", c, b)
	}
	return fmt.Sprintf(".Category == %q || .Sku == \"k1\"", c)
}

func genCondition(t *rapid.T, free bool) string {
	n := rapid.IntRange(0, 4).Draw(t, "n")
	amount := pick(t, "amount", genAmounts)
	switch rapid.IntRange(0, 17).Draw(t, "condition") {
	case 0:
		return "Session.CartItemTotal >= " + amount
	case 1:
		return "Session.CartItemTotal > " + amount
	case 2:
		return "Session.CartItemTotal < " + amount
	case 3:
		return fmt.Sprintf("%s <= Session.CartItemTotal", amount)
	case 4:
		return fmt.Sprintf("%q in Profile.Attributes.segments", pick(t, "segment", genSegments))
	case 5:
		return fmt.Sprintf("Session.Attributes.channel == %q", pick(t, "channel", []string{"web", "app", ""}))
	case 6:
		return fmt.Sprintf("Profile.Attributes.tier == %q", pick(t, "tier", []string{"gold", "silver"}))
	case 7:
		return "any(Session.CartItems, " + genPredicate(t) + ")"
	case 8:
		return fmt.Sprintf("count(Session.CartItems, %s) >= %d", genPredicate(t), n)
	case 9:
		return fmt.Sprintf("countItems(items) >= %d", n)
	case 10:
		return fmt.Sprintf("len(items) > %d", n)
	case 11:
		return "sumPrice(items) >= " + amount
	case 12:
		return "couponValid()"
	case 13:
		return fmt.Sprintf("Session.ItemCount > %d", n)
	case 14:
		return "not any(Session.CartItems, " + genPredicate(t) + ")"
	case 15:
		return "Session.CartItemTotal >= " + amount + " || couponValid()"
	case 16:
		if free {
			return "countItems(free) >= 1"
		}
		return "Session.CartItems[3].Price > 0" // fails with fewer than 4 units
	}
	return fmt.Sprintf("any(Session.CartItems, %s) && Session.CartItemTotal >= %s", genPredicate(t), amount)
}

func genCampaigns(t *rapid.T) string {
	var b strings.Builder
	b.WriteString(`currency: EUR
attributes:
  session:
    channel: string
  item:
    brand: string
  profile:
    segments: (list string)
    tier: string
groups:
  - name: firstOne
    mode: first
  - name: best
    mode: highestDiscount
campaigns:
`)
	withSet := rapid.IntRange(0, 9).Draw(t, "set") == 0
	for id := 1; id <= rapid.IntRange(1, 10).Draw(t, "campaigns"); id++ {
		fmt.Fprintf(&b, "  - id: %d\n    name: campaign %d\n", id, id)
		if g := pick(t, "group", []string{"", "", "firstOne", "best"}); g != "" {
			fmt.Fprintf(&b, "    group: %s\n", g)
		}
		if rapid.Bool().Draw(t, "coupons") {
			fmt.Fprintf(&b, "    features: [coupons]\n    coupons:\n      codes: [C%d]\n", id)
		}
		b.WriteString("    rules:\n")
		for r := range rapid.IntRange(1, 2).Draw(t, "rules") {
			fmt.Fprintf(&b, "      - name: rule %d\n        bindings:\n          items: 'filter(Session.CartItems, %s)'\n", r+1, genPredicate(t))
			free := rapid.Bool().Draw(t, "free")
			if free {
				b.WriteString("          free: 'cheapest(items, toInt(countItems(items) / 2))'\n")
			}
			if rapid.IntRange(0, 9).Draw(t, "bad binding") == 0 {
				b.WriteString("          bad: 'Session.CartItems[5]'\n")
			}
			b.WriteString("        condition:\n")
			for range rapid.IntRange(1, 4).Draw(t, "conditions") {
				fmt.Fprintf(&b, "          - '%s'\n", strings.ReplaceAll(genCondition(t, free), "'", "''"))
			}
			fmt.Fprintf(&b, "        effects:\n          - type: setDiscount\n            name: d%d-%d\n            value: %d\n", id, r, rapid.IntRange(1, 9).Draw(t, "value"))
			if withSet && id == 1 {
				b.WriteString("          - type: set\n            path: Session.Attributes.channel\n            value: '\"app\"'\n")
			}
			if rapid.IntRange(0, 5).Draw(t, "failure effects") == 0 {
				b.WriteString("        failureEffects:\n          - type: showNotification\n            title: no\n            body: not this time\n")
			}
		}
	}
	return b.String()
}

func genSession(t *rapid.T) string {
	var items []string
	for range rapid.IntRange(0, 20).Draw(t, "lines") {
		brand := ""
		if b := pick(t, "line brand", append([]string{""}, genBrands...)); b != "" {
			brand = fmt.Sprintf(`, "attributes": {"brand": %q}`, b)
		}
		items = append(items, fmt.Sprintf(`{"sku": %q, "quantity": %d, "price": %s, "category": %q%s}`,
			pick(t, "sku", []string{"k1", "k2", "k3"}), rapid.IntRange(1, 3).Draw(t, "quantity"),
			pick(t, "price", []string{"0", "1.99", "10", "25.50", "99.99"}), pick(t, "line category", genCategories), brand))
	}
	var codes []string
	for range rapid.IntRange(0, 2).Draw(t, "codes") {
		codes = append(codes, fmt.Sprintf("%q", fmt.Sprintf("C%d", rapid.IntRange(1, 11).Draw(t, "code"))))
	}
	attrs := ""
	if ch := pick(t, "session channel", []string{"", "web", "app"}); ch != "" {
		attrs = fmt.Sprintf(`, "attributes": {"channel": %q}`, ch)
	}
	return fmt.Sprintf(`{"profileId": "p1", "couponCodes": [%s], "cartItems": [%s]%s}`, strings.Join(codes, ", "), strings.Join(items, ", "), attrs)
}

func genProfile(t *rapid.T) string {
	if !rapid.Bool().Draw(t, "profile") {
		return ""
	}
	var segs []string
	for _, s := range genSegments {
		if rapid.Bool().Draw(t, "has "+s) {
			segs = append(segs, fmt.Sprintf("%q", s))
		}
	}
	return fmt.Sprintf(`{"attributes": {"segments": [%s], "tier": %q}}`, strings.Join(segs, ", "), pick(t, "profile tier", []string{"gold", "silver", "none"}))
}
