package engine

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/handlers"
	"github.com/cartfx/cartfx/internal/campaignindex"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
)

// Engine evaluates customer sessions against a campaign file. It is safe for
// concurrent use.
type Engine struct {
	file *rules.File
	// store is what the engine reads and commits through: the store it
	// was given (given), or that store behind a readAhead when it is a
	// store.BatchReader.
	store    store.Store
	given    store.Store
	handlers *handlers.Registry
	clock    func() time.Time

	// groups are the evaluation groups in order, each with its campaigns in
	// file order.
	groups []group
	// listedCoupons maps a listed coupon code to its campaign.
	listedCoupons map[string]*rules.Campaign
	programs      map[int64]*rules.LoyaltyProgram
	// needs says which campaigns cannot trigger without a valid coupon or
	// referral (every rule needs one), by position (group.base).
	needs []needs
	// index decides which campaigns a session cannot trigger
	// (internal/campaignindex); nil when it can decide none.
	index *campaignindex.Index
	// facts are the index's per-evaluation workspaces, reused.
	facts sync.Pool
	// ledgerHint is how long the last evaluation's ledger grew, and over
	// how many charges (postings<<32 | charges): the next evaluation
	// reserves its working cart's ledger from it, once, rather than
	// growing it by doubling.
	ledgerHint atomic.Uint64
	// hints are how many effects, failure reasons and triggered campaigns
	// the last evaluation gave: the next one makes room for as many at
	// once, rather than growing its lists by doubling.
	hints struct{ effects, failures, triggered atomic.Int64 }
	// falseDetails are the failure details of each rule's conditions
	// ("condition 2 is false: …"), by campaign position and rule, made
	// once at New rather than for every campaign that does not trigger.
	falseDetails [][][]string
}

// conditionFalse is the failure detail of rule ri (from zero, within the
// campaign's Rules) of the campaign at position pos whose condition i
// (from zero, within its Conditions) is false.
func (e *Engine) conditionFalse(pos, ri, i int) string {
	return e.falseDetails[pos][ri][i] // New made them for every rule
}

func conditionFalseDetail(r *rules.Rule, i int) string {
	return "condition " + strconv.Itoa(i+1) + " is false: " + r.Conditions[i]
}

// reserveLedger makes room in a new working cart's ledger for what the
// last evaluation recorded, scaled to this cart's charges, and one session
// discount more.
func (e *Engine) reserveLedger(c *cart.Cart) {
	h := e.ledgerHint.Load()
	postings, charges := int(h>>32), int(h&(1<<32-1))
	n := len(c.Charges())
	if postings == 0 || charges == 0 || n == 0 {
		return
	}
	cartOps.Reserve(c, min(postings*n/charges, 1<<20)+n, 0)
}

// noteLedger records how long an evaluation's ledger grew over how many
// charges, for reserveLedger.
func (e *Engine) noteLedger(charges, postings int) {
	if charges <= 0 || postings <= 0 || charges >= 1<<32 || postings >= 1<<31 {
		return
	}
	e.ledgerHint.Store(uint64(postings)<<32 | uint64(charges))
}

type needs struct{ coupon, referral bool }

// needsCode reports whether a campaign can be skipped without the code:
// no rule can trigger without it (rules.Rule.NeedsCoupon, NeedsReferral,
// decided at load from the rules' expression trees) and no rule has
// failure effects, which a rule that fails for want of the code must
// still produce.
func needsCode(c *rules.Campaign, needs func(*rules.Rule) bool) bool {
	if len(c.Rules) == 0 {
		return false
	}
	for _, r := range c.Rules {
		if !needs(r) || r.HasFailureEffects() {
			return false
		}
	}
	return true
}

type group struct {
	name      string
	mode      rules.GroupMode
	campaigns []*rules.Campaign
	// base is the position of the group's first campaign among all the
	// campaigns in evaluation order: the index of the engine's
	// per-campaign slices (needs, the campaign index's plans).
	base int
}

// Option configures an Engine.
type Option func(*config)

type config struct {
	store       store.Store
	clock       func() time.Time
	handlerOpts []handlers.Option
	// noIndex evaluates every campaign, without the campaign index: for
	// the tests that compare the two (export_test.go).
	noIndex bool
}

// WithStore keeps sessions, coupons, counters and loyalty in s; the default
// is a new store.Memory.
func WithStore(s store.Store) Option { return func(c *config) { c.store = s } }

// WithClock fixes the engine's "now", for tests and fixtures; the default
// is time.Now.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithHandler makes h apply every effect of type t, in place of the
// built-in handler.
func WithHandler(t effects.Type, h handlers.Handler) Option {
	return func(c *config) { c.handlerOpts = append(c.handlerOpts, handlers.WithHandler(t, h)) }
}

// WithCustomEffect makes h apply the custom effects named name.
func WithCustomEffect(name string, h handlers.Handler) Option {
	return func(c *config) { c.handlerOpts = append(c.handlerOpts, handlers.WithCustomEffect(name, h)) }
}

// WithCatalog gives free items their catalog prices.
func WithCatalog(cat handlers.Catalog) Option {
	return func(c *config) { c.handlerOpts = append(c.handlerOpts, handlers.WithCatalog(cat)) }
}

// New returns an engine for a loaded campaign file.
func New(f *rules.File, opts ...Option) (*Engine, error) {
	if f == nil {
		return nil, fmt.Errorf("engine.New: no campaign file")
	}
	cfg := config{clock: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.store == nil {
		cfg.store = store.NewMemory()
	}
	e := &Engine{
		file: f, store: cfg.store, given: cfg.store, clock: cfg.clock,
		handlers:      handlers.New(cfg.handlerOpts...),
		listedCoupons: map[string]*rules.Campaign{},
		programs:      map[int64]*rules.LoyaltyProgram{},
	}
	if br, ok := cfg.store.(store.BatchReader); ok {
		e.store = &readAhead{Store: cfg.store, batch: br}
	}
	byName := map[string]int{}
	for _, g := range f.Groups {
		byName[g.Name] = len(e.groups)
		e.groups = append(e.groups, group{name: g.Name, mode: g.Mode})
	}
	for _, c := range f.Campaigns {
		name := c.Group
		if name == "" {
			name = rules.DefaultGroup
		}
		i, ok := byName[name]
		if !ok {
			i = len(e.groups)
			byName[name] = i
			e.groups = append(e.groups, group{name: name, mode: rules.Stackable})
		}
		e.groups[i].campaigns = append(e.groups[i].campaigns, c)
		if c.Coupons != nil {
			for _, code := range c.Coupons.Codes {
				if other, dup := e.listedCoupons[code]; dup {
					return nil, fmt.Errorf("engine.New: coupon code %q is listed by campaigns %d and %d", code, other.ID, c.ID)
				}
				e.listedCoupons[code] = c
			}
		}
	}
	for i := range f.LoyaltyPrograms {
		p := &f.LoyaltyPrograms[i]
		e.programs[p.ID] = p
	}
	e.positions(!cfg.noIndex && len(cfg.handlerOpts) == 0)
	return e, nil
}

// ruleParts reads a rule's parts for the campaign index.
var ruleParts = campaignindex.Get[*rules.Rule]()

// positions numbers the campaigns in evaluation order, and makes what is
// kept by position: the codes each needs and, when indexed, the campaign
// index. A handler of the user's may change the cart in ways the index
// cannot know: with one, every campaign is evaluated.
func (e *Engine) positions(indexed bool) {
	n := 0
	for gi := range e.groups {
		e.groups[gi].base = n
		n += len(e.groups[gi].campaigns)
	}
	e.needs = make([]needs, n)
	e.falseDetails = make([][][]string, n)
	var parts [][]campaignindex.Rule
	if indexed {
		parts = make([][]campaignindex.Rule, n)
	}
	for _, g := range e.groups {
		for i, c := range g.campaigns {
			e.needs[g.base+i] = needs{coupon: needsCode(c, (*rules.Rule).NeedsCoupon), referral: needsCode(c, (*rules.Rule).NeedsReferral)}
			details := make([][]string, len(c.Rules))
			for j, r := range c.Rules {
				details[j] = make([]string, len(r.Conditions))
				for k := range details[j] {
					details[j][k] = conditionFalseDetail(r, k)
				}
			}
			e.falseDetails[g.base+i] = details
			if parts == nil {
				continue
			}
			rs := make([]campaignindex.Rule, len(c.Rules))
			for j, r := range c.Rules {
				rs[j] = ruleParts(r)
			}
			parts[g.base+i] = rs
		}
	}
	if parts != nil {
		e.index = campaignindex.Build(parts, e.file.Currency.Scale)
	}
}

// File returns the engine's campaign file.
func (e *Engine) File() *rules.File { return e.file }

// Store returns the engine's store.
func (e *Engine) Store() store.Store { return e.given }
