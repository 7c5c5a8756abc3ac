package rules

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/internal/closure"
)

// discounted returns the test session's Env, updated (not rebuilt) after
// a discount of 1.50 on the first shoe and the first sock: their prices
// after discounts become 58.61 and 4.87.
func discounted(t *testing.T, f *File) *Env {
	t.Helper()
	s, c := testCart(t, f, testSession)
	env := NewEnv(s, c, ProfileView{Id: "p1"}, testNow)
	next := c.Clone()
	units := next.Units()
	next.Discount(cart.Adjustment{CampaignID: 1, Name: "a"}, 150, []int32{units[0].Price, units[2].Price})
	if !env.update(next) {
		t.Fatal("Update refused a cart with more discounts")
	}
	return env
}

// TestLazyPricesAfterDiscounts checks that every way an expression can
// read a unit's PriceAfterDiscounts sees the price after Update, although
// Update leaves the decimals to be made on demand.
func TestLazyPricesAfterDiscounts(t *testing.T) {
	conditions := []string{
		`Session.CartItems[0].PriceAfterDiscounts == 58.61`,
		`sumOf(Session.CartItems, "PriceAfterDiscounts") == 153.45`,
		`count(Session.CartItems, .PriceAfterDiscounts == 58.61) == 1`,
		`count(Session.CartItems, {#.PriceAfterDiscounts + 0 == 4.87}) == 1`,
		`sumOf(Session.CartItems, field) == 153.45`,
		`toJSON(Session.CartItems[0]) contains "58.61"`,
		`toJSON(Session) contains "4.87"`,
		`string(Session.CartItems[2]) contains "4.87"`,
		`Session.CartItems[0] != Session.CartItems[1] && Session.CartItems[0] == Session.CartItems[0]`,
	}
	for _, cond := range conditions {
		t.Run(cond, func(t *testing.T) {
			f := mustParse(t, rule1("        bindings:\n          field: '\"PriceAfter\" + \"Discounts\"'\n        condition:\n          - "+quoteYAML(cond)+"\n        effects:\n          - type: setDiscount\n            name: x\n            value: 1\n"))
			r := f.Campaigns[0].Rules[0]
			if !r.conditions[0].readsPrices {
				t.Error("the condition is not marked as reading PriceAfterDiscounts")
			}
			res := r.Evaluate(discounted(t, f))
			if res.Err != nil || !res.Triggered {
				t.Errorf("got %+v, want the rule triggered", res)
			}
		})
	}
}

// TestPricesNotRead lists expressions that never read PriceAfterDiscounts:
// they run without making its decimals.
func TestPricesNotRead(t *testing.T) {
	conditions := []string{
		`Session.CartItemTotal >= 10`,
		`Session.TotalAfterDiscounts >= 10`,
		`any(Session.CartItems, .Category == "shoes" && .Attributes.color == "red")`,
		`countItems(filter(Session.CartItems, .Category == "socks")) >= 2`,
		`sumPrice(filter(Session.CartItems, .Price > 5)) > 0`,
		`sumOf(Session.CartItems, "Weight") == 0`,
		`len(cheapest(Session.CartItems, 2)) == 2`,
		`string(Session.ItemCount) == "6"`,
		`toJSON(Session.CouponCodes) != ""`,
		`Session.CartItems[0].Price == 59.99`,
	}
	checkNotRead(t, conditions, "PriceAfterDiscounts", discounted,
		func(p *compiled) bool { return p.readsPrices }, func(s *cartSource) bool { return s.stale.Load() })
}

// checkNotRead checks that none of the conditions is marked as reading
// the field (marked), and that each triggers in the Env that env builds
// and leaves its decimals of the field unmade (unmade).
func checkNotRead(t *testing.T, conditions []string, field string, env func(*testing.T, *File) *Env, marked func(*compiled) bool, unmade func(*cartSource) bool) {
	t.Helper()
	var got []string
	for _, cond := range conditions {
		f := mustParse(t, conditionRule(cond))
		r := f.Campaigns[0].Rules[0]
		if marked(r.conditions[0].compiled) {
			got = append(got, cond)
		}
		e := env(t, f)
		if res := r.Evaluate(e); !res.Triggered {
			t.Errorf("%s: got %+v, want the rule triggered", cond, res)
		}
		if !unmade(e.from) {
			t.Errorf("%s: evaluating it made the units' %s decimals", cond, field)
		}
	}
	if diff := cmp.Diff([]string(nil), got); diff != "" {
		t.Errorf("conditions marked as reading %s (-want +got):\n%s", field, diff)
	}
}

// TestLazyPricesConcurrent evaluates a rule that reads the prices after
// discounts from goroutines sharing one updated Env: the first to run
// makes the decimals, and the race detector sees no race.
func TestLazyPricesConcurrent(t *testing.T) {
	f := mustParse(t, conditionRule("Session.CartItems[2].PriceAfterDiscounts == 4.87"))
	triggersAtOnce(t, f, discounted(t, f))
}

// triggersAtOnce evaluates the file's first rule from 8 goroutines sharing
// env, each expecting it to trigger.
func triggersAtOnce(t *testing.T, f *File, env *Env) {
	t.Helper()
	env = env.ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{})
	r := f.Campaigns[0].Rules[0]
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if res := r.Evaluate(env); !res.Triggered {
				t.Errorf("got %+v, want the rule triggered", res)
			}
		})
	}
	wg.Wait()
}

// lazyEnv returns the test session's Env as the engine builds it: its
// units' Price and PriceAfterDiscounts decimals not made yet.
func lazyEnv(t *testing.T, f *File) *Env {
	t.Helper()
	s, c := testCart(t, f, testSession)
	env := newEnv(s, c, ProfileView{Id: "p1"}, testNow, true)
	for i, it := range env.Session.CartItems {
		if !it.Price.IsZero() || !it.PriceAfterDiscounts.IsZero() {
			t.Fatalf("unit %d of a lazy Env has its prices made: %s, %s", i, it.Price, it.PriceAfterDiscounts)
		}
	}
	return env
}

// TestLazyPrices checks that every way an expression can read a unit's
// Price sees it in an Env whose decimals are made on demand (the
// engine's), and that reading PriceAfterDiscounts there does too. The
// units are two shoes at 59.99, three socks at 4.99 and a hat at 20.00:
// with the prices unmade, cheapest and mostExpensive would pick by SKU
// (HAT) instead.
func TestLazyPrices(t *testing.T) {
	conditions := []string{
		`Session.CartItems[0].Price == 59.99`,
		`Session.CartItems[5].Price + 0 == 20`,
		`sumPrice(Session.CartItems) == 154.95`,
		`cheapest(Session.CartItems, 1)[0].Sku == "SOCK"`,
		`mostExpensive(Session.CartItems, 1)[0].Sku == "SHOE"`,
		`sumOf(Session.CartItems, "Price") == 154.95`,
		`sumOf(Session.CartItems, field) == 154.95`,
		`count(Session.CartItems, .Price > 50) == 2`,
		`count(Session.CartItems, {#.Price + 0 == 20}) == 1`,
		`map(Session.CartItems, .Price)[5] == 20`,
		`toJSON(Session.CartItems[0]) contains "59.99"`,
		`string(Session.CartItems[5]) contains "20"`,
		`toJSON(Session) contains "4.99"`,
		`Session.CartItems[0] != Session.CartItems[1] && Session.CartItems[0] == Session.CartItems[0]`,
	}
	for _, cond := range conditions {
		t.Run(cond, func(t *testing.T) {
			f := mustParse(t, rule1("        bindings:\n          field: '\"Pri\" + \"ce\"'\n        condition:\n          - "+quoteYAML(cond)+"\n        effects:\n          - type: setDiscount\n            name: x\n            value: 1\n"))
			r := f.Campaigns[0].Rules[0]
			if !r.conditions[0].readsBase {
				t.Error("the condition is not marked as reading Price")
			}
			if res := r.Evaluate(lazyEnv(t, f)); res.Err != nil || !res.Triggered {
				t.Errorf("got %+v, want the rule triggered", res)
			}
		})
	}
	t.Run("PriceAfterDiscounts", func(t *testing.T) {
		f := mustParse(t, conditionRule("Session.CartItems[2].PriceAfterDiscounts == 4.99"))
		env := lazyEnv(t, f)
		if res := f.Campaigns[0].Rules[0].Evaluate(env); res.Err != nil || !res.Triggered {
			t.Errorf("got %+v, want the rule triggered", res)
		}
		if !env.from.unpriced.Load() {
			t.Error("reading PriceAfterDiscounts made the units' Price decimals")
		}
	})
}

// TestLazyPricesEffects checks that a per-item effect's value that reads
// the unit's Price sees it in a lazy Env.
func TestLazyPricesEffects(t *testing.T) {
	f := mustParse(t, rule1("        condition:\n          - \"true\"\n        effects:\n          - type: setDiscountPerItem\n            items: filter(Session.CartItems, .Category == \"hats\")\n            name: x\n            value: Item.Price / 4\n"))
	res := f.Campaigns[0].Rules[0].Evaluate(lazyEnv(t, f))
	if res.Err != nil || !res.Triggered || len(res.Effects) != 1 {
		t.Fatalf("got %+v, want one effect", res)
	}
	p, ok := res.Effects[0].Props.(*effects.SetDiscountPerItem)
	if !ok || !p.Value.Equal(dec("5")) || p.Position != 2 {
		t.Errorf("got props %#v, want a value of 5 (a quarter of 20.00) on position 2", res.Effects[0].Props)
	}
}

// TestBasePricesNotRead lists expressions that never read Price: in a
// lazy Env they run without making its decimals.
func TestBasePricesNotRead(t *testing.T) {
	conditions := []string{
		`Session.CartItemTotal >= 10`,
		`any(Session.CartItems, .Category == "shoes" && .Attributes.color == "red")`,
		`countItems(filter(Session.CartItems, .Category == "socks")) >= 2`,
		`sumOf(Session.CartItems, "Weight") == 0`,
		`sumOf(Session.CartItems, "PriceAfterDiscounts") == 154.95`,
		`Session.CartItems[0].PriceAfterDiscounts == 59.99`,
		`toJSON(Session.CouponCodes) != ""`,
	}
	checkNotRead(t, conditions, "Price", lazyEnv,
		func(p *compiled) bool { return p.readsBase }, func(s *cartSource) bool { return s.unpriced.Load() })
}

// TestLazyBasePricesConcurrent evaluates a rule that reads Price from
// goroutines sharing one lazy Env: the first to run makes the decimals,
// and the race detector sees no race.
func TestLazyBasePricesConcurrent(t *testing.T) {
	f := mustParse(t, conditionRule(`cheapest(Session.CartItems, 1)[0].Sku == "SOCK"`))
	triggersAtOnce(t, f, lazyEnv(t, f))
}

// TestLazyPricesFoldedMap reads prices through map(filter(xs, p), f) over
// lists not typed as units, which expr's optimizer folds into the
// filter's Map: the analyses walk it (closure.Visitor), so the prices
// are made first, in a lazy Env and after an update alike.
func TestLazyPricesFoldedMap(t *testing.T) {
	conditions := []string{
		`toInt(first(map(filter(concat(Session.CartItems), true), .Price))) == 59`,
		`toInt(first(map(filter(map(Session.CartItems, #), .Quantity > 0), .Price))) == 59`,
		`toInt(last(map(filter(0..5, true), Session.CartItems[#].Price))) == 20`,
		`toInt(first(map(filter(concat(Session.CartItems), true), .PriceAfterDiscounts))) == 59`,
	}
	for _, cond := range conditions {
		t.Run(cond, func(t *testing.T) {
			f := mustParse(t, conditionRule(cond))
			r := f.Campaigns[0].Rules[0]
			if res := r.Evaluate(testEnv(t, f, testSession)); !res.Triggered {
				t.Fatalf("eager Env: got %+v, want the rule triggered", res)
			}
			if res := r.Evaluate(lazyEnv(t, f)); !res.Triggered {
				t.Errorf("lazy Env: got %+v, want the rule triggered", res)
			}
		})
	}
	t.Run("after an update", func(t *testing.T) {
		cond := `toInt(first(map(filter(concat(Session.CartItems), true), .PriceAfterDiscounts))) == 58`
		f := mustParse(t, conditionRule(cond))
		if res := f.Campaigns[0].Rules[0].Evaluate(discounted(t, f)); !res.Triggered {
			t.Errorf("got %+v, want the rule triggered (the shoe's price after discounts is 58.61)", res)
		}
	})
}

// TestLazyPricesSizedPayload checks that a value holding units is sized
// against the memory budget with their prices made: a payload that an
// eager Env refuses as one byte over the budget is refused in a lazy Env
// too.
func TestLazyPricesSizedPayload(t *testing.T) {
	probe := mustParse(t, conditionRule("true"))
	units := testEnv(t, probe, testSession).Session.CartItems
	size := 0
	for !closure.SizeWithin(reflect.ValueOf(units), size, 0) {
		size++
	}
	// [text, units]: the brackets, the text, a comma, the units.
	n := MemoryBudget - 3 - size + 1
	f := mustParse(t, rule1(fmt.Sprintf("        condition:\n          - \"true\"\n        effects:\n          - type: customEffect\n            effectId: 1\n            name: x\n            payload:\n              units: '[repeat(\"x\", %d), Session.CartItems]'\n", n)))
	r := f.Campaigns[0].Rules[0]
	eager, lazy := r.Evaluate(testEnv(t, f, testSession)), r.Evaluate(lazyEnv(t, f))
	if eager.Triggered {
		t.Fatalf("eager Env: got %+v, want the payload over the budget", eager)
	}
	if lazy.Triggered || lazy.Err == nil || lazy.Err.Error() != eager.Err.Error() {
		t.Errorf("lazy Env: got %+v, want %v as in an eager Env", lazy, eager.Err)
	}
}
