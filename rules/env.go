package rules

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/closure"
)

// Env is the environment a rule is evaluated in. Build it with NewEnv,
// narrow it to a campaign with ForCampaign, and pass it to Rule.Evaluate.
// One Env may be shared by goroutines evaluating different rules: what
// evaluation changes in it (the units' prices, settled on demand, and the
// views boxed for expr's VM) it changes under a lock.
type Env struct {
	Session  SessionView
	Profile  ProfileView
	Coupon   CouponView
	Referral ReferralView
	Campaign CampaignView
	Now      time.Time

	// vars are the variables as expr's VM sees them, in a map of this
	// Env's own: only an Env narrowed by narrowInto or ForCampaign has
	// one (narrowInto reuses it). Other Envs read the map of views
	// (views.vars).
	vars map[string]any
	// varsPending says vars are still to be filled for the campaign
	// narrowInto narrowed the Env to (campaign): most rules run without
	// the VM (internal/closure's direct.go) and never need them.
	varsPending bool
	campaign    *Campaign
	// views are Session, Profile and Now boxed for the VM, made on first
	// use and shared by the Envs narrowed from this one.
	views *boxedViews
	// from is what update needs to know about the cart the Env was
	// built from; the Envs narrowed from this one share it.
	from *cartSource
	// arrays hold the units; release gives them to the next NewEnv.
	arrays *unitArrays
}

// unitArrays are the arrays an Env's units live in: about 200 bytes a
// unit, the largest part of an Env. release returns them to unitArrayPool
// for the next NewEnv, so that an update does not allocate (and the
// collector free) them every time.
type unitArrays struct {
	backing []Item
	items   []*Item
	amounts []int64 // the units' prices, and after discounts twice (cartSource)
}

var unitArrayPool sync.Pool

// newUnitArrays returns zeroed arrays for n units.
func newUnitArrays(n int) *unitArrays {
	if a, ok := unitArrayPool.Get().(*unitArrays); ok && cap(a.backing) >= n {
		a.backing, a.items, a.amounts = a.backing[:n], a.items[:n], a.amounts[:3*n]
		return a // cleared by release
	}
	return &unitArrays{backing: make([]Item, n), items: make([]*Item, n), amounts: make([]int64, 3*n)}
}

// release gives e's units to the next NewEnv. After it, neither e nor
// any Env narrowed from it (ForCampaign, narrowInto) may be used, nor any
// unit or list of units read from them: the engine releases its Env when
// an update's evaluation is over (through internal/envops; nothing
// outside the module can release an Env, so an Env a user built stays
// valid). Only an Env made by NewEnv holds its units: release on a
// narrowed one does nothing. An Env never released is simply collected.
func (e *Env) release() {
	a := e.arrays
	if a == nil {
		return
	}
	*e = Env{}
	// Cleared now, so that the pool keeps nothing reachable.
	clear(a.backing)
	clear(a.items)
	unitArrayPool.Put(a)
}

// cartSource identifies the cart an Env was built from, and holds the
// units' prices in minor units.
//
// Turning prices into decimals allocates, and most campaigns never read a
// unit's Price or PriceAfterDiscounts: the Env the engine builds
// (newEnv, lazy) leaves both to be made, and update records new prices
// after discounts in remaining only (a cart-wide discount changes every
// unit). The decimals are made when a program that may read them is about
// to run (settle), under mu, so that Envs shared by goroutines stay safe.
// An Env that NewEnv builds has its decimals made at once.
type cartSource struct {
	lines  *cart.Line // the first line: a cart shares its lines' array with its clones until a line changes
	nLines int
	attrs  map[string]any
	cur    cart.Currency
	items  []*Item
	// base are the units' prices; remaining their prices after
	// discounts; shown the amounts their PriceAfterDiscounts decimals
	// hold (unshown before any is made).
	base, remaining, shown []int64
	// unpriced says the units' Price decimals are still to be made;
	// stale that some of shown differ from remaining.
	unpriced, stale atomic.Bool
	mu              sync.Mutex
}

// unshown is shown's amount for a PriceAfterDiscounts not yet made: no
// price is negative.
const unshown = -1

// settle makes the units' Price decimals (base) and brings their
// PriceAfterDiscounts up to date (afterDiscounts), where they are not.
func (s *cartSource) settle(base, afterDiscounts bool) {
	if s == nil {
		return
	}
	base = base && s.unpriced.Load()
	afterDiscounts = afterDiscounts && s.stale.Load()
	if !base && !afterDiscounts {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	base = base && s.unpriced.Load()
	afterDiscounts = afterDiscounts && s.stale.Load()
	// One pass, so that a unit's two decimals are one while its amounts
	// are equal, as NewEnv makes them.
	conv := minorDecimals{}
	for i, it := range s.items {
		if base {
			it.Price = conv.decimal(s.cur, s.base[i])
		}
		if left := s.remaining[i]; afterDiscounts && left != s.shown[i] {
			s.shown[i] = left
			it.PriceAfterDiscounts = conv.decimal(s.cur, left)
		}
	}
	if base {
		s.unpriced.Store(false)
	}
	if afterDiscounts {
		s.stale.Store(false)
	}
}

// settle makes every decimal of the units that e left to be made.
// Rule.Evaluate settles what a program may read before it runs.
func (e *Env) settle() { e.from.settle(true, true) }

// NewEnv builds the environment from the session (coupon and referral
// codes, identifiers, state), the working cart as it is now (after the
// effects of the campaigns evaluated before: its units, totals, discounts
// and attributes), the profile and the clock.
func NewEnv(s *cart.Session, c *cart.Cart, profile ProfileView, now time.Time) *Env {
	return newEnv(s, c, profile, now, false)
}

// newEnv is NewEnv; a lazy Env leaves its units' Price and
// PriceAfterDiscounts decimals to be made when a program may read them
// (cartSource.settle). Only the engine builds lazy Envs (internal/envops):
// it reads the units through programs alone.
func newEnv(s *cart.Session, c *cart.Cart, profile ProfileView, now time.Time, lazy bool) *Env {
	cur := c.Currency
	tot := c.Totals()
	charges := c.Charges()
	lines := c.Lines()
	units := c.Units()
	// One backing array for the units, and the decimals of a line's
	// units shared while their amounts are equal (decimals are
	// immutable): a 50-line cart costs a few allocations per line, not
	// several per unit.
	arrays := newUnitArrays(len(units))
	backing, items := arrays.backing, arrays.items
	n := len(units)
	base, remaining, shown := arrays.amounts[:n], arrays.amounts[n:2*n], arrays.amounts[2*n:]
	conv := minorDecimals{}
	index := closure.NewIndex(items)
	for i, u := range units {
		li := &lines[u.Position].Item
		price := &charges[u.Price]
		// Field by field: the array is zeroed already (newUnitArrays),
		// and copying a whole Item literal in costs a bulk write barrier.
		it := &backing[i]
		it.Sku, it.Name, it.Category = li.SKU, li.Name, li.Category
		it.Weight, it.Height, it.Width, it.Length = li.Weight, li.Height, li.Width, li.Length
		it.Quantity, it.Position, it.SubPosition = li.Quantity, int(u.Position), int(u.SubPosition)
		it.Attributes = li.Attributes
		closure.SetIndex(it, index)
		base[i], remaining[i] = price.Base, price.Remaining()
		if lazy {
			shown[i] = unshown
		} else {
			it.Price = conv.decimal(cur, price.Base)
			it.PriceAfterDiscounts = conv.decimal(cur, price.Remaining())
			shown[i] = price.Remaining()
		}
		if len(u.Costs) > 0 {
			it.AdditionalCosts = make(map[string]decimal.Decimal, len(u.Costs))
			for _, ch := range u.Costs {
				it.AdditionalCosts[charges[ch].Name] = cur.Decimal(charges[ch].Base)
			}
		}
		items[i] = it
	}
	costs := make(map[string]decimal.Decimal, len(c.SessionCosts()))
	for _, ch := range c.SessionCosts() {
		costs[charges[ch].Name] = cur.Decimal(charges[ch].Base)
	}
	e := &Env{
		Session: SessionView{
			Total:               cur.Decimal(tot.Subtotal),
			CartItemTotal:       cur.Decimal(tot.CartItems),
			AdditionalCostTotal: cur.Decimal(tot.AdditionalCosts),
			DiscountTotal:       cur.Decimal(tot.Discount),
			TotalAfterDiscounts: cur.Decimal(tot.Total),
			CartItems:           items,
			ItemCount:           len(items),
			ProfileId:           s.ProfileID,
			Attributes:          c.Attributes(),
			AdditionalCosts:     costs,
		},
		Profile: profile,
		Now:     now,
		arrays:  arrays,
	}
	if s != nil {
		e.Session.CouponCodes = s.CouponCodes
		e.Session.ReferralCode = s.ReferralCode
		e.Session.State = string(s.State)
		e.Session.Identifiers = s.Identifiers
		e.Session.LoyaltyCards = s.LoyaltyCards
	}
	e.from = &cartSource{nLines: len(lines), attrs: c.Attributes(), cur: cur, items: items, base: base, remaining: remaining, shown: shown}
	if lazy && n > 0 {
		e.from.unpriced.Store(true)
		e.from.stale.Store(true)
	}
	if len(lines) > 0 {
		e.from.lines = &lines[0]
	}
	e.views = &boxedViews{}
	return e
}

// boxedViews are an Env's Session, Profile and Now boxed for expr's VM
// (boxing the session view copies it), and the variables of the Env
// itself, made when a program first runs in the VM. Most programs run
// direct (internal/closure's direct.go), and an update changes the session view after every
// campaign that gives a discount: boxing it each time would be waste.
// The Envs narrowed from one share its views, so mu guards them.
type boxedViews struct {
	mu                    sync.Mutex
	ok                    bool
	session, profile, now any
	vars                  map[string]any
}

// boxed returns e's views boxed; e shares e.views with every Env that
// has the same Session, Profile and Now (update gives e new views).
func (e *Env) boxed() (session, profile, now any) {
	v := e.views
	if v == nil { // an Env made as a literal
		return e.Session, e.Profile, e.Now
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.ok {
		v.session, v.profile, v.now, v.ok = e.Session, e.Profile, e.Now, true
	}
	return v.session, v.profile, v.now
}

// update brings e up to date with c, a later state of the cart e was built
// from that differs from it only in discounts: the units'
// PriceAfterDiscounts and the session's DiscountTotal and
// TotalAfterDiscounts. It changes e's units in place, so the Envs that
// ForCampaign made from e see the new prices too. The units' decimals are
// made when an expression that may read them runs (see settle). update
// reports false, and changes nothing, when c differs in more (a line
// added, an attribute set): build a new Env then.
//
// Rebuilding the Env after every campaign that gave a discount would
// convert every unit's amounts to decimals again; most of them did not
// change.
func (e *Env) update(c *cart.Cart) bool {
	lines, units := c.Lines(), c.Units()
	from := e.from
	if from == nil || len(lines) != from.nLines || len(units) != len(from.remaining) ||
		(len(lines) > 0 && &lines[0] != from.lines) || !sameMap(c.Attributes(), from.attrs) {
		return false
	}
	cur := c.Currency
	charges := c.Charges()
	changed := false
	for i := range units {
		if left := charges[units[i].Price].Remaining(); left != from.remaining[i] {
			from.remaining[i] = left
			changed = true
		}
	}
	if changed {
		from.stale.Store(true)
	}
	tot := c.Totals()
	e.Session.DiscountTotal = cur.Decimal(tot.Discount)
	e.Session.TotalAfterDiscounts = cur.Decimal(tot.Total)
	// New views: the Envs narrowed before keep the old ones, which match
	// their copies of the session view. An Env with its own variables
	// fills them again when the VM next needs them.
	e.views = &boxedViews{}
	e.varsPending = e.vars != nil
	return true
}

// sameMap reports whether a and b are the same map (not merely equal).
func sameMap(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// minorDecimals converts amounts in minor units to decimals, reusing the
// last few results: the units of a line usually have the same price, and a
// unit's price after discounts is usually its price.
type minorDecimals struct {
	minor [2]int64
	dec   [2]decimal.Decimal
	n     int // how many of minor and dec are set
	next  int // the slot to replace next
}

func (m *minorDecimals) decimal(cur cart.Currency, minor int64) decimal.Decimal {
	for i := range m.n {
		if m.minor[i] == minor {
			return m.dec[i]
		}
	}
	d := cur.Decimal(minor)
	m.minor[m.next], m.dec[m.next] = minor, d
	m.next = (m.next + 1) % len(m.minor)
	m.n = min(m.n+1, len(m.minor))
	return d
}

// ForCampaign returns a copy of e for evaluating the rules of campaign c
// with the given coupon and referral (zero values when the campaign has
// none).
func (e *Env) ForCampaign(c *Campaign, coupon CouponView, referral ReferralView) *Env {
	n := new(Env)
	e.narrowInto(n, c, coupon, referral)
	n.variables() // filled now: n may be shared, as any Env
	return n
}

// narrowInto is ForCampaign into dst, an Env that is no longer in use
// (the one narrowed for the previous campaign): it reuses dst's
// variables map rather than allocating an Env and a map per campaign.
// Unlike ForCampaign's, dst may be used by only one goroutine at a time.
func (e *Env) narrowInto(dst *Env, c *Campaign, coupon CouponView, referral ReferralView) {
	vars := dst.vars
	*dst = *e
	dst.Campaign = CampaignView{Id: c.ID, Name: c.Name, Attributes: c.Attributes}
	dst.Coupon = coupon
	dst.Referral = referral
	dst.vars, dst.varsPending, dst.campaign = vars, true, c
	dst.arrays = nil // the units stay e's: only e releases them
}

// The views of a campaign without coupon or referral, boxed once.
var (
	zeroCampaign any = CampaignView{}
	zeroCoupon   any = CouponView{}
	zeroReferral any = ReferralView{}
)

// boxedView returns the campaign's view, boxed.
func (c *Campaign) boxedView() any {
	return CampaignView{Id: c.ID, Name: c.Name, Attributes: c.Attributes}
}

// campaignVar returns v boxed: the campaign's view boxed at load when it
// is still v.
func campaignVar(v CampaignView, c *Campaign) any {
	if c != nil && c.view != nil {
		if b := c.view.(CampaignView); b.Id == v.Id && b.Name == v.Name && sameMap(b.Attributes, v.Attributes) {
			return c.view
		}
	}
	if v.Id == 0 && v.Name == "" && v.Attributes == nil {
		return zeroCampaign
	}
	return v
}

func couponVar(v CouponView) any {
	if v.Code == "" && !v.Valid && v.Attributes == nil {
		return zeroCoupon
	}
	return v
}

func referralVar(v ReferralView) any {
	if v.Code == "" && !v.Valid && v.AdvocateProfileId == "" && v.FriendProfileId == "" && v.Attributes == nil {
		return zeroReferral
	}
	return v
}

func (e *Env) fillVars(m map[string]any) {
	m[closure.VarSession], m[closure.VarProfile], m[closure.VarNow] = e.boxed()
	m[closure.VarCampaign], m[closure.VarCoupon], m[closure.VarReferral] = campaignVar(e.Campaign, e.campaign), couponVar(e.Coupon), referralVar(e.Referral)
}

// variables returns the environment's variables; the map is shared: clone
// before adding to it.
func (e *Env) variables() map[string]any {
	if e.varsPending {
		if e.vars == nil {
			e.vars = make(map[string]any, 7)
		}
		e.fillVars(e.vars)
		e.varsPending = false
	}
	if e.vars != nil {
		return e.vars
	}
	v := e.views
	if v == nil { // an Env made as a literal
		m := make(map[string]any, 7)
		e.fillVars(m)
		return m
	}
	// An Env that may be shared: the map is made once, under the lock.
	session, profile, now := e.boxed()
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.vars == nil {
		v.vars = map[string]any{closure.VarSession: session, closure.VarProfile: profile, closure.VarNow: now,
			closure.VarCampaign: campaignVar(e.Campaign, e.campaign), closure.VarCoupon: couponVar(e.Coupon), closure.VarReferral: referralVar(e.Referral)}
	}
	return v.vars
}

// typeEnv is an environment that expressions are checked against.
type typeEnv struct {
	// vars are zero values of each variable's type, plus the bindings
	// defined so far.
	vars map[string]any
	// key names the types of vars: expressions compiled against
	// environments with the same key compile the same.
	key string
}

// typeScope is what the expressions of one place of a rule may read
// beyond the environment's variables: the bindings defined before it (the
// zero value of each one's type), and Item when perItem.
type typeScope struct {
	bound   map[string]any
	perItem bool
}

// typeScope returns the scope of the bindings in bound, and Item when
// perItem. bound is read when an expression is compiled.
func (c *compiler) typeScope(bound map[string]any, perItem bool) typeScope {
	return typeScope{bound: bound, perItem: perItem}
}

// envFor returns the type environment to check src against: the
// environment's variables, Item when the scope has it, and only those of
// the scope's bindings whose names are words of src. A name is read only
// where it is written, so the expression checks as it would against every
// binding; but the environment is as small as the expression, not as
// large as the rule (a rule's bindings would otherwise make each other's
// environments, and their loading, quadratic), and expressions that read
// the same bindings share their compiled programs across rules.
func (c *compiler) envFor(sc typeScope, src string) typeEnv {
	var used map[string]any
	forWords(src, func(w string) {
		if v, ok := sc.bound[w]; ok {
			if used == nil {
				used = map[string]any{}
			}
			used[w] = v
		}
	})
	return c.typeEnv(used, sc.perItem)
}

// forWords calls f with every identifier-like word of src (in string
// literals too, which only makes the environment larger than needed).
func forWords(src string, f func(string)) {
	start := -1
	for i := 0; i <= len(src); i++ {
		word := i < len(src) && (src[i] == '_' || src[i] >= 'a' && src[i] <= 'z' || src[i] >= 'A' && src[i] <= 'Z' || src[i] >= '0' && src[i] <= '9' || src[i] >= 0x80)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			f(src[start:i])
			start = -1
		}
	}
}

// typeEnv returns the type environment with the given bindings, and Item
// when perItem.
func (c *compiler) typeEnv(bindings map[string]any, perItem bool) typeEnv {
	// The other variables are the same in every environment: the key
	// needs only Item and the bindings.
	names := make([]string, 0, len(bindings))
	for k := range bindings {
		names = append(names, k)
	}
	slices.Sort(names)
	b := make([]byte, 0, 32)
	if perItem {
		b = append(b, "Item;"...)
	}
	for _, k := range names {
		b = append(b, k...)
		b = append(b, '=')
		b = strconv.AppendInt(b, int64(c.typeID(bindings[k])), 10)
		b = append(b, ';')
	}
	if env, ok := c.typeEnvs[string(b)]; ok {
		return env
	}
	m := map[string]any{
		closure.VarSession: SessionView{}, closure.VarProfile: ProfileView{}, closure.VarCoupon: CouponView{},
		closure.VarReferral: ReferralView{}, closure.VarCampaign: CampaignView{}, closure.VarNow: time.Time{},
		closure.StepVar: (func() bool)(nil), closure.StepsVar: (*closure.StepCount)(nil), // steps.go
	}
	maps.Copy(m, bindings)
	if perItem {
		m[closure.VarItem] = (*Item)(nil)
	}
	env := typeEnv{vars: m, key: string(b)}
	c.typeEnvs[env.key] = env // never written: shared by its expressions
	return env
}

func (c *compiler) typeID(v any) int { return c.shared.typeID(reflect.TypeOf(v)) }
