package bench

import (
	"fmt"
)

// eur writes cents as a number literal of the campaign file: 250 or 12.50.
func eur(cents int64) string {
	if cents%100 == 0 {
		return fmt.Sprint(cents / 100)
	}
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

func setDiscount(value string) Effect { return Effect{Type: "setDiscount", Value: value} }

// The campaign variants. Each writes one campaign: its name, its parameters
// and its rule, with the expressions exactly as the campaign file has them.

// spendThreshold: a percentage off the order from a minimum spend.
func spendThreshold(g *gen, hit bool) Campaign {
	p := Params{Min: g.spend(hit), Percent: int64(1 + g.r.IntN(3))}
	return Campaign{
		Variant: SpendThreshold, Params: p,
		Name: fmt.Sprintf("%d%% off from %s EUR", p.Percent, eur(p.Min)),
		Rule: Rule{
			Conditions: []string{fmt.Sprintf("Session.CartItemTotal >= %s", eur(p.Min))},
			Effects:    []Effect{setDiscount(fmt.Sprintf("Session.CartItemTotal * %d / 100", p.Percent))},
		},
	}
}

// segmentOffer: a fixed discount for a profile segment from a minimum spend.
func segmentOffer(g *gen, hit bool) Campaign {
	p := Params{Segment: pick(g.r, g.profile.Segments), Min: g.spend(hit), Amount: g.amount()}
	if !hit && g.r.IntN(2) == 0 {
		p.Segment, p.Min = pick(g.r, absentSegments), g.spend(true)
	}
	return Campaign{
		Variant: SegmentOffer, Params: p,
		Name: fmt.Sprintf("%s EUR off for %s from %s EUR", eur(p.Amount), p.Segment, eur(p.Min)),
		Rule: Rule{
			Conditions: []string{
				fmt.Sprintf("%q in Profile.Attributes.segments", p.Segment),
				fmt.Sprintf("Session.CartItemTotal >= %s", eur(p.Min)),
			},
			Effects: []Effect{setDiscount(eur(p.Amount))},
		},
	}
}

// channelOffer: a fixed discount on one sales channel (a session attribute)
// from a minimum spend.
func channelOffer(g *gen, hit bool) Campaign {
	p := Params{Channel: channel, Min: g.spend(hit), Amount: g.amount()}
	if !hit && g.r.IntN(2) == 0 {
		p.Channel, p.Min = pick(g.r, absentChannels), g.spend(true)
	}
	return Campaign{
		Variant: ChannelOffer, Params: p,
		Name: fmt.Sprintf("%s EUR off on %s from %s EUR", eur(p.Amount), p.Channel, eur(p.Min)),
		Rule: Rule{
			Conditions: []string{
				fmt.Sprintf("Session.Attributes.channel == %q", p.Channel),
				fmt.Sprintf("Session.CartItemTotal >= %s", eur(p.Min)),
			},
			Effects: []Effect{setDiscount(eur(p.Amount))},
		},
	}
}

// anyItem: a fixed discount when any unit is of a category and brand.
func anyItem(g *gen, hit bool) Campaign {
	pair := g.pair(hit)
	p := Params{Category: pair[0], Brand: pair[1], Amount: g.amount()}
	return Campaign{
		Variant: AnyItem, Params: p,
		Name: fmt.Sprintf("%s EUR off with %s %s", eur(p.Amount), p.Brand, p.Category),
		Rule: Rule{
			Conditions: []string{fmt.Sprintf("any(Session.CartItems, .Category == %q && .Attributes.brand == %q)", p.Category, p.Brand)},
			Effects:    []Effect{setDiscount(eur(p.Amount))},
		},
	}
}

// categoryCount: a fixed discount from a number of units of a category.
func categoryCount(g *gen, hit bool) Campaign {
	p := Params{Category: pick(g.r, g.present), Amount: g.amount()}
	n := g.units[p.Category]
	if hit {
		p.Count = 1 + g.r.IntN(n)
	} else {
		p.Count = n + 1 + g.r.IntN(3)
	}
	return Campaign{
		Variant: CategoryCount, Params: p,
		Name: fmt.Sprintf("%s EUR off from %d %s", eur(p.Amount), p.Count, p.Category),
		Rule: Rule{
			Bindings:   []Binding{{"items", fmt.Sprintf("filter(Session.CartItems, .Category == %q)", p.Category)}},
			Conditions: []string{fmt.Sprintf("countItems(items) >= %d", p.Count)},
			Effects:    []Effect{setDiscount(eur(p.Amount))},
		},
	}
}

// brandSpend: a percentage of what is spent on a brand, from a minimum
// spent on it, off the cart items.
func brandSpend(g *gen, hit bool) Campaign {
	p := Params{Brand: pick(g.r, brands), Percent: int64(2 + g.r.IntN(4))}
	if hit {
		p.Min = g.below(g.brandSum[p.Brand])
	} else {
		p.Min = g.above(g.brandSum[p.Brand])
	}
	return Campaign{
		Variant: BrandSpend, Params: p,
		Name: fmt.Sprintf("%d%% of %s from %s EUR", p.Percent, p.Brand, eur(p.Min)),
		Rule: Rule{
			Bindings:   []Binding{{"items", fmt.Sprintf("filter(Session.CartItems, .Attributes.brand == %q)", p.Brand)}},
			Conditions: []string{fmt.Sprintf("sumPrice(items) >= %s", eur(p.Min))},
			Effects: []Effect{{Type: "setDiscount", Scope: "cartItems",
				Value: fmt.Sprintf("sumPrice(items) * %d / 100", p.Percent)}},
		},
	}
}

// itemFilter is the binding of the per-item discounts.
func itemFilter(p Params) []Binding {
	return []Binding{{"items", fmt.Sprintf("filter(Session.CartItems, .Category == %q && .Attributes.brand == %q)", p.Category, p.Brand)}}
}

// percentOffItems: a percentage off every unit of a category and brand.
func percentOffItems(g *gen, hit bool) Campaign {
	pair := g.pair(hit)
	p := Params{Category: pair[0], Brand: pair[1], Percent: int64(5 * (1 + g.r.IntN(6)))}
	return Campaign{
		Variant: PercentOffItems, Params: p,
		Name: fmt.Sprintf("%d%% off %s %s", p.Percent, p.Brand, p.Category),
		Rule: Rule{
			Bindings:   itemFilter(p),
			Conditions: []string{"len(items) > 0"},
			Effects: []Effect{{Type: "setDiscountPerItem", Items: "items",
				Value: fmt.Sprintf("Item.Price * %d / 100", p.Percent)}},
		},
	}
}

// fixedOffItems: a fixed amount off every unit of a category and brand.
func fixedOffItems(g *gen, hit bool) Campaign {
	pair := g.pair(hit)
	p := Params{Category: pair[0], Brand: pair[1], Amount: int64(1+g.r.IntN(5)) * 100}
	return Campaign{
		Variant: FixedOffItems, Params: p,
		Name: fmt.Sprintf("%s EUR off each %s %s", eur(p.Amount), p.Brand, p.Category),
		Rule: Rule{
			Bindings:   itemFilter(p),
			Conditions: []string{"len(items) > 0"},
			Effects:    []Effect{{Type: "setDiscountPerItem", Items: "items", Value: eur(p.Amount)}},
		},
	}
}

// couponOffer: a fixed discount with a coupon code, from a minimum spend.
// Generate gives the session's code to one of them.
func couponOffer(g *gen, hit bool) Campaign {
	g.codes++
	p := Params{Min: g.spend(true), Amount: g.amount()}
	if !hit && g.r.IntN(2) == 0 {
		p.Min = g.spend(false)
	}
	return Campaign{
		Variant: CouponOffer, Params: p, Coupon: fmt.Sprintf("PROMO-%04d", g.codes),
		Name: fmt.Sprintf("Coupon: %s EUR off from %s EUR", eur(p.Amount), eur(p.Min)),
		Rule: Rule{
			Conditions: []string{"couponValid()", fmt.Sprintf("Session.CartItemTotal >= %s", eur(p.Min))},
			Effects:    []Effect{setDiscount(eur(p.Amount))},
		},
	}
}

// buyXGetY: buy X units of a category, get the cheapest Y free, for every
// X+Y units.
func buyXGetY(g *gen, hit bool) Campaign {
	p := Params{Category: pick(g.r, g.present), Buy: 1 + g.r.IntN(3), Get: 1}
	n := g.units[p.Category]
	if hit {
		for range 100 {
			if n >= 2 {
				break
			}
			p.Category = pick(g.r, g.present)
			n = g.units[p.Category]
		}
		p.Buy = min(p.Buy, n-p.Get)
	} else if g.r.IntN(2) == 0 {
		p.Category = pick(g.r, absentCategories)
	} else {
		p.Buy = n // X+Y is one more than the units there are
	}
	each := p.Buy + p.Get
	return Campaign{
		Variant: BuyXGetY, Params: p,
		Name: fmt.Sprintf("Buy %d %s, get %d free", p.Buy, p.Category, p.Get),
		Rule: Rule{
			Bindings: []Binding{
				{"pool", fmt.Sprintf("filter(Session.CartItems, .Category == %q)", p.Category)},
				{"free", fmt.Sprintf("cheapest(pool, toInt(countItems(pool) / %d) * %d)", each, p.Get)},
			},
			Conditions: []string{fmt.Sprintf("countItems(pool) >= %d", each)},
			Effects:    []Effect{{Type: "setDiscountPerItem", Items: "free", Value: "Item.Price"}},
		},
	}
}

// loyaltySpend: points for every whole 10 EUR spent, from a minimum spend.
func loyaltySpend(g *gen, hit bool) Campaign {
	p := Params{Min: g.spend(hit), Points: int64(1 + g.r.IntN(5))}
	return Campaign{
		Variant: LoyaltySpend, Params: p, Loyalty: true,
		Name: fmt.Sprintf("%d points per 10 EUR from %s EUR", p.Points, eur(p.Min)),
		Rule: Rule{
			Conditions: []string{fmt.Sprintf("Session.CartItemTotal >= %s", eur(p.Min))},
			Effects: []Effect{{Type: "addLoyaltyPoints",
				Value: fmt.Sprintf("toInt(Session.CartItemTotal / 10) * %d", p.Points)}},
		},
	}
}

// loyaltyBalance: bonus points for members holding a balance.
func loyaltyBalance(g *gen, hit bool) Campaign {
	p := Params{Points: int64(10 * (1 + g.r.IntN(10)))}
	if hit {
		p.Balance = ProfilePoints / 100 * int64(1+g.r.IntN(100))
	} else {
		p.Balance = ProfilePoints + 100*int64(1+g.r.IntN(20))
	}
	return Campaign{
		Variant: LoyaltyBalance, Params: p, Loyalty: true,
		Name: fmt.Sprintf("%d bonus points from a balance of %d", p.Points, p.Balance),
		Rule: Rule{
			Conditions: []string{fmt.Sprintf("Profile.LoyaltyPoints.Club >= %d", p.Balance)},
			Effects:    []Effect{{Type: "addLoyaltyPoints", Value: fmt.Sprint(p.Points)}},
		},
	}
}
