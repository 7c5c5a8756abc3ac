// Package grule writes the threshold and attribute campaigns of cartfx's
// benchmark workloads (github.com/cartfx/cartfx/bench) as rules of
// github.com/hyperjumptech/grule-rule-engine, a peer measured beside the
// engine. It is a module of its own so that grule never becomes a
// dependency of cartfx.
//
// What grule does here is narrower than what cartfx's engine does in the
// EngineW2ThresholdDry benchmark it is compared with: it evaluates the
// same conditions over the same cart (float64 money) and records each
// triggered campaign's discount in cents; it builds no per-unit ledger,
// no effects and no receipt. Run it with
//
//	cd bench/grule && go test -run '^$' -bench . -benchmem
//
// or through the table runner (see the bench package).
package grule

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cartfx/cartfx/bench"
)

// Cart is the fact the rules see, as C: the session's item total before
// discounts, its channel, the profile's segments; and what the rules did.
type Cart struct {
	CartItemTotal float64
	Channel       string

	segments  []string
	discount  int64 // cents
	triggered []int64
}

// NewCart builds the fact from a workload's session and profile.
func NewCart(w *bench.Workload) *Cart {
	c := &Cart{Channel: w.Session.Channel, segments: w.Profile.Segments}
	for _, l := range w.Session.Lines {
		c.CartItemTotal += float64(l.Quantity) * float64(l.Price) / 100
	}
	return c
}

// HasSegment reports whether the profile is in a segment.
func (c *Cart) HasSegment(s string) bool { return slices.Contains(c.segments, s) }

// Discount records a campaign's discount, rounded to cents.
func (c *Cart) Discount(campaign int64, amount float64) {
	c.discount += int64(math.Round(amount * 100))
	c.triggered = append(c.triggered, campaign)
}

// Triggered returns the campaigns that triggered, in the order they did.
func (c *Cart) Triggered() []int64 { return c.triggered }

// DiscountTotal returns the sum of the discounts, in cents.
func (c *Cart) DiscountTotal() int64 { return c.discount }

// GRL writes the workload's threshold and attribute campaigns as grule
// rules. Each rule retracts itself once it has fired, and its salience
// keeps the campaign file's order.
func GRL(w *bench.Workload) (string, error) {
	var b strings.Builder
	n := len(w.Campaigns)
	for i, c := range w.Campaigns {
		if c.Kind != bench.KindThreshold {
			continue
		}
		p := c.Params
		var when, discount string
		switch c.Variant {
		case bench.SpendThreshold:
			when = fmt.Sprintf("C.CartItemTotal >= %s", money(p.Min))
			discount = fmt.Sprintf("C.CartItemTotal * %d.0 / 100.0", p.Percent)
		case bench.SegmentOffer:
			when = fmt.Sprintf("C.HasSegment(%q) && C.CartItemTotal >= %s", p.Segment, money(p.Min))
			discount = money(p.Amount)
		case bench.ChannelOffer:
			when = fmt.Sprintf("C.Channel == %q && C.CartItemTotal >= %s", p.Channel, money(p.Min))
			discount = money(p.Amount)
		default:
			return "", fmt.Errorf("grule: campaign %d: no GRL for variant %d", c.ID, c.Variant)
		}
		fmt.Fprintf(&b, "rule C%d %q salience %d {\n  when %s\n  then C.Discount(%d, %s); Retract(\"C%d\");\n}\n",
			c.ID, c.Name, n-i, when, c.ID, discount, c.ID)
	}
	return b.String(), nil
}

// money writes cents as a GRL float literal.
func money(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }
