package engine

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/store"
	"github.com/shopspring/decimal"
)

// budgetCampaign: a fixed discount of value on every cart, with the given
// limits and partial discounts on or off.
func budgetCampaign(value, limits string, partial bool) string {
	return fmt.Sprintf(`
currency: EUR
campaigns:
  - id: 1
    name: Fixed off
    partialDiscounts: %t
    limits:
%s
    rules:
      - name: fixed off
        condition: Session.CartItemTotal > 0
        effects:
          - type: setDiscount
            name: Fixed off
            value: %s
`, partial, limits, value)
}

var campaignBudget = store.CounterKey{CampaignID: 1, Action: "setDiscount", Per: "campaign"}

func cart50(profile string) string {
	p := ""
	if profile != "" {
		p = `"profileId": "` + profile + `", `
	}
	return `{` + p + `"cartItems": [{"sku": "A", "quantity": 1, "price": 50.00}]}`
}

func closeCart50(t *testing.T, e *Engine, id, profile string) *Response {
	t.Helper()
	update(t, e, id, cart50(profile))
	return update(t, e, id, `{"state": "closed"}`)
}

// A 25 EUR budget with partial discounts: two sessions get 10, the third
// gets the 5 left (desiredValue 10), the fourth nothing. Open sessions do
// not draw on the budget; closing evaluates again and takes what is left
// then. Cancelling gives the discount back.
func TestMoneyBudgetWithPartialDiscounts(t *testing.T) {
	e := newEngine(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 25", true))
	full := `1 setDiscount {"name":"Fixed off","value":10.00}` + "\n"
	wantEffects(t, closeCart50(t, e, "s1", ""), full)
	wantEffects(t, closeCart50(t, e, "s2", ""), full)
	if n := counter(t, e.Store(), campaignBudget); n != 2000 {
		t.Fatalf("budget used %d cents, want 2000", n)
	}
	// 25 − 20 = 5 left: both open sessions are told 5 (of 10 desired).
	partial := `1 setDiscount {"name":"Fixed off","value":5.00,"desiredValue":10.00}` + "\n"
	r3 := update(t, e, "s3", cart50(""))
	r4 := update(t, e, "s4", cart50(""))
	wantEffects(t, r3, partial)
	wantEffects(t, r4, partial)
	wantTotals(t, r3, "50.00", "5.00", "45.00")
	if n := counter(t, e.Store(), campaignBudget); n != 2000 {
		t.Errorf("open sessions drew on the budget: %d cents", n)
	}
	// s3 closes first and takes the 5; s4's close finds nothing left: its
	// discount is gone and the campaign does not trigger.
	wantEffects(t, update(t, e, "s3", `{"state": "closed"}`), partial)
	r4 = update(t, e, "s4", `{"state": "closed"}`)
	wantEffects(t, r4, "")
	wantTotals(t, r4, "50.00", "0.00", "50.00")
	if ids := triggeredIDs(r4); len(ids) != 0 {
		t.Errorf("triggered %v, want none", ids)
	}
	if n := counter(t, e.Store(), campaignBudget); n != 2500 {
		t.Errorf("budget used %d cents, want 2500", n)
	}
	// Cancelling s1 gives its 10 back: 15 used, a new session gets 10.
	c := update(t, e, "s1", `{"state": "cancelled"}`)
	wantEffects(t, c, `1 rollbackDiscount {"name":"Fixed off","value":10.00,"cartItemPosition":0,"cartItemSubPosition":0,"scope":"sessionTotal"}`+"\n")
	if n := counter(t, e.Store(), campaignBudget); n != 1500 {
		t.Errorf("budget used %d cents after the cancel, want 1500", n)
	}
	wantEffects(t, update(t, e, "s5", cart50("")), full)
}

// Without partial discounts a discount that does not fit the budget fails
// whole; one that fits exactly applies.
func TestMoneyBudgetWithoutPartialDiscounts(t *testing.T) {
	e := newEngine(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 20", false))
	closeCart50(t, e, "s1", "")
	// Exactly 10 left: it fits.
	wantEffects(t, closeCart50(t, e, "s2", ""), `1 setDiscount {"name":"Fixed off","value":10.00}`+"\n")
	// Nothing left.
	wantEffects(t, update(t, e, "s3", cart50("")), "")
}

// A budget counts what was applied, not what was asked: a discount capped
// by the cart's value draws only the cart's value.
func TestMoneyBudgetCountsTheAppliedDiscount(t *testing.T) {
	e := newEngine(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 25", true))
	r := update(t, e, "s1", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 4.00}]}`)
	// 10 asked, 4.00 in the cart: 4.00 applied, desiredValue 10.00.
	wantEffects(t, r, `1 setDiscount {"name":"Fixed off","value":4.00,"desiredValue":10.00}`+"\n")
	update(t, e, "s1", `{"state": "closed"}`)
	if n := counter(t, e.Store(), campaignBudget); n != 400 {
		t.Errorf("budget used %d cents, want 400", n)
	}
}

// A budget per profile: each profile has its own 15 EUR.
func TestMoneyBudgetPerProfile(t *testing.T) {
	e := newEngine(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 15\n        per: profile", true))
	wantEffects(t, closeCart50(t, e, "a1", "ann"), `1 setDiscount {"name":"Fixed off","value":10.00}`+"\n")
	// Ann has 5 left.
	wantEffects(t, closeCart50(t, e, "a2", "ann"), `1 setDiscount {"name":"Fixed off","value":5.00,"desiredValue":10.00}`+"\n")
	// Bob has his own 15.
	wantEffects(t, closeCart50(t, e, "b1", "bob"), `1 setDiscount {"name":"Fixed off","value":10.00}`+"\n")
	// Ann has nothing left.
	wantEffects(t, update(t, e, "a3", cart50("ann")), "")
	ann := store.CounterKey{CampaignID: 1, Action: "setDiscount", Per: "profile", Subject: "ann"}
	bob := store.CounterKey{CampaignID: 1, Action: "setDiscount", Per: "profile", Subject: "bob"}
	if a, b := counter(t, e.Store(), ann), counter(t, e.Store(), bob); a != 1500 || b != 1000 {
		t.Errorf("ann used %d, bob %d cents; want 1500 and 1000", a, b)
	}
	// An anonymous session cannot be counted per profile: the campaign
	// does not apply.
	wantEffects(t, update(t, e, "x1", cart50("")), "")
}

// A daily budget starts again the next day (UTC).
func TestMoneyBudgetPerDay(t *testing.T) {
	clock := newClock(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	e := newEngineClock(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 10\n        period: daily", false), clock)
	full := `1 setDiscount {"name":"Fixed off","value":10.00}` + "\n"
	wantEffects(t, closeCart50(t, e, "s1", ""), full)
	// The last second of the day: spent.
	clock.Set(time.Date(2026, 11, 26, 23, 59, 59, 0, time.UTC))
	wantEffects(t, update(t, e, "s2", cart50("")), "")
	// Midnight: a new day's budget.
	clock.Set(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
	wantEffects(t, closeCart50(t, e, "s3", ""), full)
	day1, day2 := campaignBudget, campaignBudget
	day1.Period, day2.Period = "2026-11-26", "2026-11-27"
	if a, b := counter(t, e.Store(), day1), counter(t, e.Store(), day2); a != 1000 || b != 1000 {
		t.Errorf("day 1 used %d, day 2 %d cents; want 1000 each", a, b)
	}
	// Cancelling the first day's session gives back the first day's
	// budget, even on the second day.
	update(t, e, "s1", `{"state": "cancelled"}`)
	if a, b := counter(t, e.Store(), day1), counter(t, e.Store(), day2); a != 0 || b != 1000 {
		t.Errorf("after the cancel: day 1 %d, day 2 %d cents; want 0 and 1000", a, b)
	}
}

// A return gives the money budget back what the returned units received.
func TestMoneyBudgetGetsReturnsBack(t *testing.T) {
	e := newEngine(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 25", true))
	update(t, e, "s1", `{"cartItems": [{"sku": "A", "quantity": 2, "price": 25.00}]}`)
	update(t, e, "s1", `{"state": "closed"}`)
	// 10.00 over two units of 25.00: 5.00 each; returning one gives 5.00
	// back.
	r, err := e.Return(context.Background(), "s1", []ReturnedItem{{Position: 0, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	wantEffects(t, r, `1 rollbackDiscount {"name":"Fixed off","value":5.00,"cartItemPosition":0,"cartItemSubPosition":1,"scope":"sessionTotal"}`+"\n")
	if n := counter(t, e.Store(), campaignBudget); n != 500 {
		t.Errorf("budget used %d cents after the return, want 500", n)
	}
	// Cancelling the rest gives back the other 5.00.
	c := update(t, e, "s1", `{"state": "cancelled"}`)
	wantEffects(t, c, `1 rollbackDiscount {"name":"Fixed off","value":5.00,"cartItemPosition":0,"cartItemSubPosition":0,"scope":"sessionTotal"}`+"\n")
	if n := counter(t, e.Store(), campaignBudget); n != 0 {
		t.Errorf("budget used %d cents after the cancel, want 0", n)
	}
}

// closeConcurrently closes 64 sessions at once, each wanting value off
// 50.00, and returns the discounts they were given.
func closeConcurrently(t *testing.T, e *Engine) []*effects.SetDiscount {
	t.Helper()
	const n = 64
	var wg sync.WaitGroup
	results := make([]*Response, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"profileId": "p%d", "state": "closed", "cartItems": [{"sku": "A", "quantity": 1, "price": 50.00}]}`, i)
			results[i], errs[i] = e.UpdateSession(context.Background(), fmt.Sprintf("s%d", i), []byte(body), UpdateOptions{})
		}()
	}
	wg.Wait()
	var out []*effects.SetDiscount
	for i, r := range results {
		if errs[i] != nil {
			t.Fatalf("session %d: %v", i, errs[i])
		}
		for _, eff := range r.Effects {
			if d, ok := eff.Props.(*effects.SetDiscount); ok {
				out = append(out, d)
			}
		}
		// What the response says is what was stored.
		rec := storedSession(t, e, fmt.Sprintf("s%d", i))
		if stable(rec.Effects) != stable(r.Effects) {
			t.Errorf("session %d: the stored effects differ from the response:\n%s\n%s", i, stable(rec.Effects), stable(r.Effects))
		}
	}
	return out
}

// 64 sessions close at once, each wanting 10.00 of a 100.00 budget with
// partial discounts: exactly 100.00 is given, never a cent more.
func TestConcurrentClosesNeverOverspendTheBudget(t *testing.T) {
	e := newEngine(t, budgetCampaign("10", "      - action: setDiscount\n        limit: 100", true))
	got := closeConcurrently(t, e)
	sum := decimal.Zero
	for _, d := range got {
		sum = sum.Add(d.Value.Decimal)
		if !d.Value.Equal(decimal.NewFromInt(10)) {
			t.Errorf("a discount of %s, want 10.00 (10 divides 100)", d.Value)
		}
	}
	// 100 / 10 = exactly ten sessions of 10.00.
	if len(got) != 10 || sum.StringFixed(2) != "100.00" {
		t.Errorf("%d discounts summing to %s, want 10 summing to 100.00", len(got), sum.StringFixed(2))
	}
	if n := counter(t, e.Store(), campaignBudget); n != 10000 {
		t.Errorf("budget counter %d cents, want 10000", n)
	}
}

// The same with 7.00 each: fourteen sessions get 7.00 (98.00) and one the
// 2.00 left, with desiredValue 7.00.
func TestConcurrentClosesCutTheLastDiscount(t *testing.T) {
	e := newEngine(t, budgetCampaign("7", "      - action: setDiscount\n        limit: 100", true))
	got := closeConcurrently(t, e)
	sum := decimal.Zero
	var values []string
	for _, d := range got {
		sum = sum.Add(d.Value.Decimal)
		v := d.Value.StringFixed(2)
		if d.DesiredValue != nil {
			v += "/" + d.DesiredValue.StringFixed(2)
		}
		values = append(values, v)
	}
	want := strings.Repeat("7.00 ", 14) + "2.00/7.00"
	if len(got) != 15 || sum.StringFixed(2) != "100.00" || !sameMultiset(values, strings.Fields(want)) {
		t.Errorf("discounts %v summing to %s, want %s summing to 100.00", values, sum.StringFixed(2), want)
	}
	if n := counter(t, e.Store(), campaignBudget); n != 10000 {
		t.Errorf("budget counter %d cents, want 10000", n)
	}
}

func sameMultiset(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}
