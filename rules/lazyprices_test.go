package rules

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cartfx/cartfx/cart"
)

// discounted returns the test session's Env, updated (not rebuilt) after
// a discount of 1.50 on the first shoe and the first sock: their prices
// after discounts become 58.61 and 4.87.
func discounted(t *testing.T, f *File) *Env {
	t.Helper()
	s, err := cart.ParseSession([]byte(testSession), cart.ParseOptions{Currency: f.Currency, Registry: f.Registry})
	if err != nil {
		t.Fatal(err)
	}
	c, err := cart.New(s, f.Rounding)
	if err != nil {
		t.Fatal(err)
	}
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
	var got []string
	for _, cond := range conditions {
		f := mustParse(t, rule1("        condition:\n          - "+quoteYAML(cond)+"\n        effects:\n          - type: setDiscount\n            name: x\n            value: 1\n"))
		r := f.Campaigns[0].Rules[0]
		if r.conditions[0].readsPrices {
			got = append(got, cond)
		}
		env := discounted(t, f)
		if res := r.Evaluate(env); !res.Triggered {
			t.Errorf("%s: got %+v, want the rule triggered", cond, res)
		}
		if !env.from.stale.Load() {
			t.Errorf("%s: evaluating it made the prices after discounts", cond)
		}
	}
	if diff := cmp.Diff([]string(nil), got); diff != "" {
		t.Errorf("conditions marked as reading PriceAfterDiscounts (-want +got):\n%s", diff)
	}
}

// TestLazyPricesConcurrent evaluates a rule that reads the prices after
// discounts from goroutines sharing one updated Env: the first to run
// makes the decimals, and the race detector sees no race.
func TestLazyPricesConcurrent(t *testing.T) {
	f := mustParse(t, rule1("        condition:\n          - Session.CartItems[2].PriceAfterDiscounts == 4.87\n        effects:\n          - type: setDiscount\n            name: x\n            value: 1\n"))
	env := discounted(t, f).ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{})
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
