package bench

import (
	"cmp"
	"slices"
)

// The native floor: the workload's campaigns written by hand in Go, a
// closure per campaign made from its variant's parameters, over a cart of
// units in int64 cents. It checks what the rule checks and applies what
// the rule's effects apply, and nothing else: the hardware floor.

type nativeUnit struct {
	sku, category, brand string
	price, left          int64
	pos, sub             int
}

type nativeCart struct {
	units    []nativeUnit
	total    int64 // item total before discounts
	channel  string
	coupon   string
	segments []string
	balance  int64 // loyalty points

	discount int64 // applied so far
	earned   int64 // points earned
	scratch  []int // unit indexes, reused
}

// nativeRule is one campaign: it reports whether it triggered, and applied
// its effects to the cart if it did.
type nativeRule func(c *nativeCart) bool

// nativeResult is what a native run decided.
type nativeResult struct {
	triggered []int64
	discount  int64
	points    int64
}

type native struct {
	ids   []int64
	rules []nativeRule
}

// compileNative writes each campaign as a closure of its variant.
func compileNative(w *Workload) *native {
	n := &native{}
	for _, c := range w.Campaigns {
		n.ids = append(n.ids, c.ID)
		n.rules = append(n.rules, nativeFor(c))
	}
	return n
}

func nativeFor(c Campaign) nativeRule {
	p := c.Params
	switch c.Variant {
	case SpendThreshold:
		return func(c *nativeCart) bool {
			if c.total < p.Min {
				return false
			}
			c.discountAll(divRound(c.total*p.Percent, 100))
			return true
		}
	case SegmentOffer:
		return func(c *nativeCart) bool {
			if !slices.Contains(c.segments, p.Segment) || c.total < p.Min {
				return false
			}
			c.discountAll(p.Amount)
			return true
		}
	case ChannelOffer:
		return func(c *nativeCart) bool {
			if c.channel != p.Channel || c.total < p.Min {
				return false
			}
			c.discountAll(p.Amount)
			return true
		}
	case AnyItem:
		return func(c *nativeCart) bool {
			for i := range c.units {
				if u := &c.units[i]; u.category == p.Category && u.brand == p.Brand {
					c.discountAll(p.Amount)
					return true
				}
			}
			return false
		}
	case CategoryCount:
		return func(c *nativeCart) bool {
			n := 0
			for i := range c.units {
				if c.units[i].category == p.Category {
					n++
				}
			}
			if n < p.Count {
				return false
			}
			c.discountAll(p.Amount)
			return true
		}
	case BrandSpend:
		return func(c *nativeCart) bool {
			var sum int64
			for i := range c.units {
				if c.units[i].brand == p.Brand {
					sum += c.units[i].price
				}
			}
			if sum < p.Min {
				return false
			}
			c.discountAll(divRound(sum*p.Percent, 100))
			return true
		}
	case PercentOffItems, FixedOffItems:
		percent := c.Variant == PercentOffItems
		return func(c *nativeCart) bool {
			hit := false
			for i := range c.units {
				u := &c.units[i]
				if u.category != p.Category || u.brand != p.Brand {
					continue
				}
				hit = true
				d := p.Amount
				if percent {
					d = divRound(u.price*p.Percent, 100)
				}
				c.discountUnit(u, d)
			}
			return hit
		}
	case CouponOffer:
		code := c.Coupon
		return func(c *nativeCart) bool {
			if c.coupon != code || c.total < p.Min {
				return false
			}
			c.discountAll(p.Amount)
			return true
		}
	case BuyXGetY:
		each := p.Buy + p.Get
		return func(c *nativeCart) bool {
			pool := c.scratch[:0]
			for i := range c.units {
				if c.units[i].category == p.Category {
					pool = append(pool, i)
				}
			}
			c.scratch = pool
			if len(pool) < each {
				return false
			}
			slices.SortStableFunc(pool, func(a, b int) int {
				x, y := &c.units[a], &c.units[b]
				return cmp.Or(cmp.Compare(x.price, y.price), cmp.Compare(x.pos, y.pos), cmp.Compare(x.sub, y.sub))
			})
			for _, i := range pool[:len(pool)/each*p.Get] {
				c.discountUnit(&c.units[i], c.units[i].price)
			}
			return true
		}
	case LoyaltySpend:
		return func(c *nativeCart) bool {
			if c.total < p.Min {
				return false
			}
			c.earned += c.total / 1000 * p.Points
			return true
		}
	case LoyaltyBalance:
		return func(c *nativeCart) bool {
			if c.balance < p.Balance {
				return false
			}
			c.earned += p.Points
			return true
		}
	}
	panic("native: unknown variant")
}

// run evaluates the closures over a session, one after another.
func (n *native) run(s *Session, p *Profile) nativeResult {
	c := &nativeCart{
		units:   make([]nativeUnit, 0, s.Units()),
		channel: s.Channel, coupon: s.CouponCode,
		segments: p.Segments, balance: p.Points,
	}
	for pos, l := range s.Lines {
		for sub := range l.Quantity {
			c.units = append(c.units, nativeUnit{sku: l.SKU, category: l.Category, brand: l.Brand,
				price: l.Price, left: l.Price, pos: pos, sub: sub})
			c.total += l.Price
		}
	}
	res := nativeResult{}
	for i, r := range n.rules {
		if r(c) {
			res.triggered = append(res.triggered, n.ids[i])
		}
	}
	res.discount, res.points = c.discount, c.earned
	return res
}

// divRound divides a by b (both positive), rounding half to even.
func divRound(a, b int64) int64 {
	q, r := a/b, a%b
	if 2*r > b || (2*r == b && q%2 == 1) {
		q++
	}
	return q
}

func (c *nativeCart) discountUnit(u *nativeUnit, d int64) {
	d = min(d, u.left)
	u.left -= d
	c.discount += d
}

// discountAll spreads amount over the units in proportion to what is left
// of each, rounded down, and the cents that rounding left over one at a
// time in unit order.
func (c *nativeCart) discountAll(amount int64) {
	var left int64
	for i := range c.units {
		left += c.units[i].left
	}
	amount = min(amount, left)
	if amount <= 0 {
		return
	}
	given := int64(0)
	for i := range c.units {
		u := &c.units[i]
		share := amount * u.left / left
		u.left -= share
		given += share
	}
	for i := 0; given < amount; i = (i + 1) % len(c.units) {
		if u := &c.units[i]; u.left > 0 {
			u.left--
			given++
		}
	}
	c.discount += amount
}
