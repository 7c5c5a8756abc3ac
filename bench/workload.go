package bench

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Size is a workload's scale: how many campaigns, how many cart lines.
type Size struct {
	Name      string
	Campaigns int
	Lines     int
	// Hits is how many campaigns the cart triggers; 0 means a tenth of
	// them (and at least two).
	Hits int
}

// The standard workloads. W4 is W3's cart and W3's hundred triggering
// campaigns among ten times as many campaigns: what it costs beyond W3 is
// the cost of campaigns the cart cannot trigger.
var (
	W1 = Size{Name: "W1", Campaigns: 10, Lines: 5}                 // a small shop
	W2 = Size{Name: "W2", Campaigns: 100, Lines: 50}               // a mid-size retailer
	W3 = Size{Name: "W3", Campaigns: 1000, Lines: 200}             // an enterprise
	W4 = Size{Name: "W4", Campaigns: 10000, Lines: 200, Hits: 100} // a marketplace
)

// Seed is the seed every benchmark generates its workload from.
const Seed uint64 = 20260501

// Kind is a kind of campaign in the mix.
type Kind int

// The campaign kinds, with their share of W2 and W3.
const (
	KindThreshold    Kind = iota // 30%: spend thresholds, session or profile attribute checks
	KindItemFilter               // 30%: category or brand filters over items (any, count, sum)
	KindItemDiscount             // 20%: per-item percentage or fixed discounts on a filter
	KindCoupon                   // 10%: coupon campaigns (one matches the session's code)
	KindBuyXGetY                 // 5%: buy X, get the cheapest Y free
	KindLoyalty                  // 5%: loyalty points earned
)

// Mix is each kind's share of the campaigns, in percent.
var Mix = []struct {
	Kind    Kind
	Percent int
}{
	{KindThreshold, 30}, {KindItemFilter, 30}, {KindItemDiscount, 20},
	{KindCoupon, 10}, {KindBuyXGetY, 5}, {KindLoyalty, 5},
}

// String names the kind, as campaign names and the table show it.
func (k Kind) String() string {
	return [...]string{"threshold", "itemFilter", "itemDiscount", "coupon", "buyXGetY", "loyalty"}[k]
}

// Variant is one way of writing a campaign of a kind: each has its own
// small generator function below, and its own hand-written closure in the
// native floor.
type Variant int

// The variants, grouped by kind.
const (
	SpendThreshold  Variant = iota // KindThreshold
	SegmentOffer                   // KindThreshold
	ChannelOffer                   // KindThreshold
	AnyItem                        // KindItemFilter
	CategoryCount                  // KindItemFilter
	BrandSpend                     // KindItemFilter
	PercentOffItems                // KindItemDiscount
	FixedOffItems                  // KindItemDiscount
	CouponOffer                    // KindCoupon
	BuyXGetY                       // KindBuyXGetY
	LoyaltySpend                   // KindLoyalty
	LoyaltyBalance                 // KindLoyalty
)

// variants are each kind's variants with the function that writes one.
var variants = map[Kind][]func(g *gen, hit bool) Campaign{
	KindThreshold:    {spendThreshold, segmentOffer, channelOffer},
	KindItemFilter:   {anyItem, categoryCount, brandSpend},
	KindItemDiscount: {percentOffItems, fixedOffItems},
	KindCoupon:       {couponOffer},
	KindBuyXGetY:     {buyXGetY},
	KindLoyalty:      {loyaltySpend, loyaltyBalance},
}

// Workload is a campaign file and a session to evaluate against it, with
// the profile the session belongs to.
type Workload struct {
	Name      string
	Session   Session
	Profile   Profile
	Campaigns []Campaign
}

// Session is the customer session of a workload, as plain data.
type Session struct {
	ProfileID  string
	CouponCode string
	// Channel is the session attribute "channel".
	Channel string
	Lines   []Line
}

// Line is a cart line. Price is in cents (EUR).
type Line struct {
	SKU, Name, Category string
	// Brand is the item attribute "brand".
	Brand    string
	Quantity int
	Price    int64
}

// Profile is the customer profile the store holds for the session: the
// profile attribute "segments" and a balance in the loyalty program Club.
type Profile struct {
	ID       string
	Segments []string
	Points   int64
}

// Campaign is one generated campaign: what it checks and does, both as the
// rule expressions of the campaign file (Rule) and as plain parameters
// (Params) for the hand-written native floor and the grule peer.
type Campaign struct {
	ID      int64
	Kind    Kind
	Variant Variant
	Name    string
	// Hit says the generator chose parameters that the workload's session
	// meets: the campaign triggers.
	Hit    bool
	Params Params
	// Coupon is the campaign's listed coupon code (KindCoupon only).
	Coupon string
	// Loyalty says the campaign has the loyalty feature.
	Loyalty bool
	Rule    Rule
}

// Params are a campaign's parameters; each variant uses some of them.
// Money is in cents, points are whole points.
type Params struct {
	Min      int64  // a minimum spend, or a minimum of a filtered sum
	Percent  int64  // a percentage discount
	Amount   int64  // a fixed discount
	Count    int    // a minimum number of units
	Buy, Get int    // buy X, get Y
	Points   int64  // points per 10 EUR, or bonus points
	Balance  int64  // a minimum loyalty balance
	Segment  string // a profile segment
	Channel  string // the session's channel
	Category string
	Brand    string
}

// Rule is a campaign's single rule, as the campaign file writes it.
type Rule struct {
	Name       string
	Bindings   []Binding
	Conditions []string
	Effects    []Effect
}

// Binding is a named sub-expression of a rule.
type Binding struct{ Name, Expr string }

// Effect is an effect of a rule. Per-item effects iterate over the units of
// the binding named by Items; Value is an expression.
type Effect struct {
	Type  string // setDiscount, setDiscountPerItem or addLoyaltyPoints
	Name  string
	Items string
	Value string
	Scope string
}

// The vocabulary of the generated carts and campaigns. Campaigns also
// name categories, brands, segments and channels that the session does not
// have, which is how most of them fail to trigger.
var (
	categories       = []string{"shoes", "shirts", "trousers", "socks", "hats", "bags", "belts", "jackets", "dresses", "scarves"}
	absentCategories = []string{"watches", "toys", "garden", "kitchen", "books"}
	brands           = []string{"Acme", "Globex", "Initech"}
	absentBrands     = []string{"Hooli", "Umbrella"}
	segments         = []string{"newsletter", "vip", "frequentBuyer", "appUser"}
	absentSegments   = []string{"student", "employee", "wholesale", "b2b", "lapsed"}
	channel          = "web"
	absentChannels   = []string{"app", "store", "phone"}
)

// The session's coupon code, and the profile's loyalty balance.
const (
	SessionCoupon = "WELCOME10"
	ProfilePoints = 800
)

// Generate builds a workload: the cart first, then the campaigns, whose
// parameters are chosen against the cart so that exactly the planned
// share of them triggers (10% of W2 and W3; two of W1's ten).
func Generate(size Size, seed uint64) *Workload {
	r := rand.New(rand.NewPCG(seed, uint64(size.Campaigns)<<32|uint64(size.Lines)))
	w := &Workload{
		Name:    size.Name,
		Profile: Profile{ID: "customer-0001", Segments: segments, Points: ProfilePoints},
		Session: Session{ProfileID: "customer-0001", CouponCode: SessionCoupon, Channel: channel},
	}
	for i := range size.Lines {
		// Every category appears once in the first ten lines, then at
		// random; prices are whole euros less a cent (4.99 to 149.99).
		cat := categories[i%len(categories)]
		if i >= len(categories) {
			cat = pick(r, categories)
		}
		w.Session.Lines = append(w.Session.Lines, Line{
			SKU: fmt.Sprintf("SKU-%04d", i), Name: fmt.Sprintf("Product %d", i),
			Category: cat, Brand: pick(r, brands),
			Quantity: 1 + r.IntN(3),
			Price:    int64(5+r.IntN(145))*100 - 1,
		})
	}
	g := newGen(r, w)

	kinds := deck(r, size.Campaigns)
	hits := size.Hits
	if hits == 0 {
		hits = max(size.Campaigns/10, 2)
	}
	// The first coupon campaign takes the session's code; the other hits
	// are drawn among the campaigns that are not coupon campaigns.
	hit := make([]bool, len(kinds))
	firstCoupon := slices.Index(kinds, KindCoupon)
	if firstCoupon >= 0 {
		hit[firstCoupon] = true
		hits--
	}
	for _, i := range r.Perm(len(kinds)) {
		if hits > 0 && kinds[i] != KindCoupon {
			hit[i] = true
			hits--
		}
	}
	for i, k := range kinds {
		var c Campaign
		if k == KindCoupon {
			c = couponOffer(g, hit[i])
			if i == firstCoupon {
				c.Coupon = SessionCoupon
			}
		} else {
			c = pick(r, variants[k])(g, hit[i])
		}
		c.ID = int64(i + 1)
		c.Kind, c.Hit = k, hit[i]
		c.Rule.Name = c.Name
		for j := range c.Rule.Effects {
			if c.Rule.Effects[j].Name == "" {
				c.Rule.Effects[j].Name = c.Name
			}
		}
		w.Campaigns = append(w.Campaigns, c)
	}
	return w
}

// deck returns n kinds in the proportions of Mix, in random order.
func deck(r *rand.Rand, n int) []Kind {
	counts := make([]int, len(Mix))
	left := n
	for i, m := range Mix {
		counts[i] = n * m.Percent / 100
		left -= counts[i]
	}
	// The kinds whose share was rounded down get one more each, in Mix
	// order, until there are n.
	for i := 0; left > 0; i++ {
		if n*Mix[i].Percent%100 != 0 {
			counts[i]++
			left--
		}
	}
	var out []Kind
	for i, m := range Mix {
		for range counts[i] {
			out = append(out, m.Kind)
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Only returns the workload with just the campaigns of the given kinds.
func (w *Workload) Only(kinds ...Kind) *Workload {
	o := *w
	o.Name = w.Name + "-" + kinds[0].String()
	o.Campaigns = nil
	for _, c := range w.Campaigns {
		if slices.Contains(kinds, c.Kind) {
			o.Campaigns = append(o.Campaigns, c)
		}
	}
	return &o
}

// Hits returns the IDs of the campaigns that trigger, in file order.
func (w *Workload) Hits() []int64 {
	var ids []int64
	for _, c := range w.Campaigns {
		if c.Hit {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// Units returns the number of units in the cart.
func (s *Session) Units() int {
	n := 0
	for _, l := range s.Lines {
		n += l.Quantity
	}
	return n
}

// ItemTotal returns the sum of the units' prices, in cents.
func (s *Session) ItemTotal() int64 {
	var t int64
	for _, l := range s.Lines {
		t += int64(l.Quantity) * l.Price
	}
	return t
}

// gen chooses campaign parameters against the cart's facts.
type gen struct {
	r        *rand.Rand
	profile  *Profile
	total    int64             // the cart's item total, in cents
	units    map[string]int    // units by category
	combos   map[[2]string]int // units by category and brand
	brandSum map[string]int64  // price sum by brand, in cents
	present  []string          // the categories in the cart, in line order
	pairs    [][2]string       // category and brand pairs in the cart
	absent   [][2]string       // category and brand pairs not in the cart
	codes    int               // coupon codes made so far
}

func newGen(r *rand.Rand, w *Workload) *gen {
	g := &gen{
		r: r, total: w.Session.ItemTotal(), profile: &w.Profile,
		units: map[string]int{}, combos: map[[2]string]int{}, brandSum: map[string]int64{},
	}
	for _, l := range w.Session.Lines {
		if g.units[l.Category] == 0 {
			g.present = append(g.present, l.Category)
		}
		g.units[l.Category] += l.Quantity
		pair := [2]string{l.Category, l.Brand}
		if g.combos[pair] == 0 {
			g.pairs = append(g.pairs, pair)
		}
		g.combos[pair] += l.Quantity
		g.brandSum[l.Brand] += int64(l.Quantity) * l.Price
	}
	for _, c := range categories {
		for _, b := range brands {
			if g.combos[[2]string{c, b}] == 0 {
				g.absent = append(g.absent, [2]string{c, b})
			}
		}
	}
	for _, c := range absentCategories {
		g.absent = append(g.absent, [2]string{c, pick(r, brands)})
	}
	return g
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// below returns a round amount (whole 10 EUR) between 20% and 90% of
// limit; above one between 110% and 200% of it.
func (g *gen) below(limit int64) int64 {
	v := limit * int64(20+g.r.IntN(71)) / 100 / 1000 * 1000
	return max(v, 1000)
}

func (g *gen) above(limit int64) int64 {
	v := limit * int64(110+g.r.IntN(91)) / 100
	return (v/1000 + 1) * 1000
}

// spend returns a minimum spend the cart meets (hit) or does not.
func (g *gen) spend(hit bool) int64 {
	if hit {
		return g.below(g.total)
	}
	return g.above(g.total)
}

// amount returns a fixed discount of 5 to 20 EUR.
func (g *gen) amount() int64 { return int64(5+g.r.IntN(16)) * 100 }

// pair returns a category and brand with units in the cart (hit) or none.
func (g *gen) pair(hit bool) [2]string {
	if hit {
		return pick(g.r, g.pairs)
	}
	if g.r.IntN(2) == 0 {
		return [2]string{pick(g.r, g.present), pick(g.r, absentBrands)}
	}
	return pick(g.r, g.absent)
}

// CampaignFile writes the workload's campaign file (YAML).
func (w *Workload) CampaignFile() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %d campaigns, generated by bench.Generate.\n", w.Name, len(w.Campaigns))
	b.WriteString(`currency: EUR
attributes:
  session:
    channel: string
  item:
    brand: string
  profile:
    segments: (list string)
loyaltyPrograms:
  - id: 1
    name: Club
campaigns:
`)
	for i := range w.Campaigns {
		w.Campaigns[i].writeYAML(&b)
	}
	return []byte(b.String())
}

// YAML returns the campaign as the campaign file writes it.
func (c *Campaign) YAML() string {
	var b strings.Builder
	c.writeYAML(&b)
	return b.String()
}

// q quotes a scalar for YAML (single quotes, which need no escapes but
// themselves).
func q(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (c *Campaign) writeYAML(b *strings.Builder) {
	fmt.Fprintf(b, "  - id: %d\n    name: %s\n", c.ID, q(c.Name))
	switch {
	case c.Coupon != "":
		fmt.Fprintf(b, "    features: [coupons]\n    coupons:\n      codes: [%s]\n      perProfileLimit: 1\n", q(c.Coupon))
	case c.Loyalty:
		b.WriteString("    features: [loyalty]\n")
	}
	fmt.Fprintf(b, "    rules:\n      - name: %s\n", q(c.Rule.Name))
	if len(c.Rule.Bindings) > 0 {
		b.WriteString("        bindings:\n")
		for _, bd := range c.Rule.Bindings {
			fmt.Fprintf(b, "          %s: %s\n", bd.Name, q(bd.Expr))
		}
	}
	b.WriteString("        condition:\n")
	for _, cond := range c.Rule.Conditions {
		fmt.Fprintf(b, "          - %s\n", q(cond))
	}
	b.WriteString("        effects:\n")
	for _, e := range c.Rule.Effects {
		fmt.Fprintf(b, "          - type: %s\n", e.Type)
		if e.Items != "" {
			fmt.Fprintf(b, "            items: %s\n", e.Items)
		}
		if e.Type == "addLoyaltyPoints" {
			b.WriteString("            program: 1\n")
		}
		fmt.Fprintf(b, "            name: %s\n            value: %s\n", q(e.Name), q(e.Value))
		if e.Scope != "" {
			fmt.Fprintf(b, "            scope: %s\n", e.Scope)
		}
	}
}

// SessionJSON writes the session in Talon.One's NewCustomerSessionV2
// shape, in the given state ("open" or "closed") and for the given profile.
func (w *Workload) SessionJSON(state, profileID string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"profileId": %q, "state": %q, "couponCodes": [%q], "attributes": {"channel": %q}, "cartItems": [`,
		profileID, state, w.Session.CouponCode, w.Session.Channel)
	for i, l := range w.Session.Lines {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n  {\"sku\": %q, \"name\": %q, \"quantity\": %d, \"price\": \"%s\", \"category\": %q, \"attributes\": {\"brand\": %q}}",
			l.SKU, l.Name, l.Quantity, eur(l.Price), l.Category, l.Brand)
	}
	b.WriteString("\n]}\n")
	return []byte(b.String())
}
