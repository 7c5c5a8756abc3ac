package bench

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/cartfx/cartfx/engine"
)

var sizes = []Size{W1, W2, W3, W4}

func TestGenerateIsDeterministic(t *testing.T) {
	for _, s := range sizes {
		a, b := Generate(s, Seed), Generate(s, Seed)
		if !bytes.Equal(a.CampaignFile(), b.CampaignFile()) || !bytes.Equal(a.SessionJSON("open", "p"), b.SessionJSON("open", "p")) {
			t.Errorf("%s: two generations from the same seed differ", s.Name)
		}
	}
	if bytes.Equal(Generate(W2, Seed).CampaignFile(), Generate(W2, Seed+1).CampaignFile()) {
		t.Error("W2: another seed gives the same campaign file")
	}
}

func TestWorkloadShape(t *testing.T) {
	for _, s := range sizes {
		w := Generate(s, Seed)
		if len(w.Campaigns) != s.Campaigns || len(w.Session.Lines) != s.Lines {
			t.Errorf("%s: %d campaigns and %d lines, want %d and %d", s.Name, len(w.Campaigns), len(w.Session.Lines), s.Campaigns, s.Lines)
		}
		for _, l := range w.Session.Lines {
			if l.Quantity < 1 || l.Quantity > 3 {
				t.Errorf("%s: line %s has quantity %d, want 1 to 3", s.Name, l.SKU, l.Quantity)
			}
		}
		if s.Campaigns < 100 {
			continue
		}
		count := map[Kind]int{}
		for _, c := range w.Campaigns {
			count[c.Kind]++
		}
		for _, m := range Mix {
			if want := s.Campaigns * m.Percent / 100; count[m.Kind] != want {
				t.Errorf("%s: %d %s campaigns, want %d (%d%%)", s.Name, count[m.Kind], m.Kind, want, m.Percent)
			}
		}
	}
}

// TestTriggerRate checks what the benchmarks rest on: the engine triggers
// exactly the campaigns the generator meant to trigger, and they are about
// 10% of W2 and W3 (two of W1's ten), and W3's hundred of W4's ten
// thousand.
func TestTriggerRate(t *testing.T) {
	for _, s := range sizes {
		f := load(t, s)
		resp, err := newEngine(t, f).Update(context.Background(), "trigger-rate", f.open, engine.UpdateOptions{Dry: true})
		if err != nil {
			t.Fatal(err)
		}
		got := triggered(resp)
		if want := f.w.Hits(); !slices.Equal(got, want) {
			t.Errorf("%s: the engine triggered %v, the generator planned %v", s.Name, got, want)
		}
		rate := float64(len(got)) / float64(s.Campaigns) * 100
		t.Logf("%s: %d of %d campaigns trigger (%.1f%%)", s.Name, len(got), s.Campaigns, rate)
		if s.Hits > 0 {
			if len(got) != s.Hits {
				t.Errorf("%s: %d campaigns trigger, want %d", s.Name, len(got), s.Hits)
			}
		} else if s.Campaigns >= 100 && (rate < 7 || rate > 13) {
			t.Errorf("%s: %.1f%% of the campaigns trigger, want about 10%% (7 to 13)", s.Name, rate)
		}
	}
}

// TestFloorsAgree checks that the floors do the engine's work: the same
// campaigns trigger, the same points are earned, and the discounts add up
// to nearly the same amount. Not exactly: the floors spread a cart discount
// their own simpler way, which changes what is left on a unit for a later
// capped discount (a free unit takes what is left of its price); a cent
// per campaign and 0.1% of the total allow for it.
func TestFloorsAgree(t *testing.T) {
	for _, s := range sizes {
		f := load(t, s)
		resp, err := newEngine(t, f).Update(context.Background(), "floors", f.open, engine.UpdateOptions{Dry: true})
		if err != nil {
			t.Fatal(err)
		}
		want := triggered(resp)
		discount := resp.Cart.DiscountTotal.Minor
		points := int64(0)
		for _, l := range resp.Cart.Loyalty {
			points += l.Added.IntPart()
		}

		n, err := compileNaive(f.w)
		if err != nil {
			t.Fatal(err)
		}
		nr, err := n.run(&f.w.Session, &f.w.Profile)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(nr.triggered, want) {
			t.Errorf("%s: naive triggered %v, the engine %v", s.Name, nr.triggered, want)
		}
		tolerance := int64(len(want)) + discount/1000
		if d := nr.discount.Shift(2).IntPart() - discount; d < -tolerance || d > tolerance {
			t.Errorf("%s: naive discount %s, the engine's %d cents", s.Name, nr.discount, discount)
		}
		if nr.points.IntPart() != points {
			t.Errorf("%s: naive points %s, the engine's %d", s.Name, nr.points, points)
		}

		vr := compileNative(f.w).run(&f.w.Session, &f.w.Profile)
		if !slices.Equal(vr.triggered, want) {
			t.Errorf("%s: native triggered %v, the engine %v", s.Name, vr.triggered, want)
		}
		if d := vr.discount - discount; d < -tolerance || d > tolerance {
			t.Errorf("%s: native discount %d cents, the engine's %d", s.Name, vr.discount, discount)
		}
		if vr.points != points {
			t.Errorf("%s: native points %d, the engine's %d", s.Name, vr.points, points)
		}
		t.Logf("%s: discount %d cents (naive %s, native %d), points %d", s.Name, discount, nr.discount, vr.discount, points)
	}
}

// TestClose checks the update-and-close path the benchmarks measure: each
// fresh session of a fresh profile closes with the same campaigns.
func TestClose(t *testing.T) {
	f := load(t, W2)
	ids := profileIDs(3)
	e := newEngine(t, f, ids...)
	for i, id := range ids {
		resp, err := e.Update(context.Background(), fmt.Sprintf("close-%d", i), f.closeAs(id), engine.UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if resp.CustomerSession.State != "closed" {
			t.Errorf("session %d is %s, want closed", i, resp.CustomerSession.State)
		}
		if got := triggered(resp); !slices.Equal(got, f.w.Hits()) {
			t.Errorf("session %d triggered %v, want %v", i, got, f.w.Hits())
		}
	}
}

// Example prints the first campaign of each kind in W2, as the campaign
// file has it.
func Example() {
	w := Generate(W2, Seed)
	seen := map[Kind]bool{}
	for _, c := range w.Campaigns {
		if !seen[c.Kind] {
			seen[c.Kind] = true
			verdict := "does not trigger"
			if c.Hit {
				verdict = "triggers"
			}
			fmt.Printf("# %s: %s\n%s", c.Kind, verdict, c.YAML())
		}
	}
	// Output:
	// # threshold: triggers
	//   - id: 1
	//     name: '19 EUR off on web from 3590 EUR'
	//     rules:
	//       - name: '19 EUR off on web from 3590 EUR'
	//         condition:
	//           - 'Session.Attributes.channel == "web"'
	//           - 'Session.CartItemTotal >= 3590'
	//         effects:
	//           - type: setDiscount
	//             name: '19 EUR off on web from 3590 EUR'
	//             value: '19'
	// # itemFilter: does not trigger
	//   - id: 2
	//     name: '4% of Initech from 2350 EUR'
	//     rules:
	//       - name: '4% of Initech from 2350 EUR'
	//         bindings:
	//           items: 'filter(Session.CartItems, .Attributes.brand == "Initech")'
	//         condition:
	//           - 'sumPrice(items) >= 2350'
	//         effects:
	//           - type: setDiscount
	//             name: '4% of Initech from 2350 EUR'
	//             value: 'sumPrice(items) * 4 / 100'
	//             scope: cartItems
	// # itemDiscount: does not trigger
	//   - id: 3
	//     name: '30% off Umbrella bags'
	//     rules:
	//       - name: '30% off Umbrella bags'
	//         bindings:
	//           items: 'filter(Session.CartItems, .Category == "bags" && .Attributes.brand == "Umbrella")'
	//         condition:
	//           - 'len(items) > 0'
	//         effects:
	//           - type: setDiscountPerItem
	//             items: items
	//             name: '30% off Umbrella bags'
	//             value: 'Item.Price * 30 / 100'
	// # loyalty: does not trigger
	//   - id: 7
	//     name: '2 points per 10 EUR from 9920 EUR'
	//     features: [loyalty]
	//     rules:
	//       - name: '2 points per 10 EUR from 9920 EUR'
	//         condition:
	//           - 'Session.CartItemTotal >= 9920'
	//         effects:
	//           - type: addLoyaltyPoints
	//             program: 1
	//             name: '2 points per 10 EUR from 9920 EUR'
	//             value: 'toInt(Session.CartItemTotal / 10) * 2'
	// # coupon: triggers
	//   - id: 10
	//     name: 'Coupon: 15 EUR off from 3890 EUR'
	//     features: [coupons]
	//     coupons:
	//       codes: ['WELCOME10']
	//       perProfileLimit: 1
	//     rules:
	//       - name: 'Coupon: 15 EUR off from 3890 EUR'
	//         condition:
	//           - 'couponValid()'
	//           - 'Session.CartItemTotal >= 3890'
	//         effects:
	//           - type: setDiscount
	//             name: 'Coupon: 15 EUR off from 3890 EUR'
	//             value: '15'
	// # buyXGetY: does not trigger
	//   - id: 30
	//     name: 'Buy 2 books, get 1 free'
	//     rules:
	//       - name: 'Buy 2 books, get 1 free'
	//         bindings:
	//           pool: 'filter(Session.CartItems, .Category == "books")'
	//           free: 'cheapest(pool, toInt(countItems(pool) / 3) * 1)'
	//         condition:
	//           - 'countItems(pool) >= 3'
	//         effects:
	//           - type: setDiscountPerItem
	//             items: free
	//             name: 'Buy 2 books, get 1 free'
	//             value: 'Item.Price'
}
