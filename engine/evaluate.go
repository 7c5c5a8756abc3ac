package engine

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/internal/campaignindex"
	"github.com/cartfx/cartfx/internal/envops"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
)

// envOps are the operations on a rules.Env that are the engine's alone
// (internal/envops): building one whose units' price decimals wait for a
// rule that reads them, narrowing into campEnv, updating after discounts,
// releasing the Env's units.
var envOps = envops.Get[*rules.Env, *rules.Campaign, rules.CouponView, rules.ReferralView, rules.ProfileView]()

// evaluation is one evaluation of a session: the working cart, the effects
// so far, and what closing the session would commit.
type evaluation struct {
	e       *Engine
	ctx     context.Context
	id      string
	now     time.Time
	sess    *cart.Session
	profile *store.Profile // nil for an anonymous session
	// given are the profile attributes the update gave (nil: none), which
	// profile has merged over the stored ones.
	given map[string]any
	// noReceipt: the response gets no Cart (UpdateOptions.NoReceipt).
	noReceipt bool

	cart *cart.Cart
	// made is the cart the evaluation made (pooled, internal/cartops),
	// whose arrays releaseAll gives back when the response is made.
	made *cart.Cart
	// env is the rule environment of envCart: brought up to date when
	// the working cart is another (envFor).
	env     *rules.Env
	envCart *cart.Cart
	// campEnv is env narrowed to the campaign being tried, reused from
	// campaign to campaign.
	campEnv rules.Env

	rejections []effects.Effect // coupon and referral verdicts found before evaluation
	effects    []effects.Effect
	failures   []RuleFailureReason
	triggered  []TriggeredCampaign

	coupons  []*couponCheck // one per distinct code, in session order
	referral *referralCheck

	counters map[store.CounterKey]int64 // stored values, read once
	used     map[store.CounterKey]int64 // what this evaluation adds
	limits   map[store.CounterKey]int64 // the limit of each counter used

	loyalty          []store.LoyaltyTxn
	balances         map[int64]*balance
	createdCoupons   []CreatedCoupon
	createdReferrals []CreatedReferral
	redeemedCoupons  []string
	redeemedReferral string

	// facts are what the campaign index reads of the session (nil: no
	// index); failed is its scratch list of failed conditions.
	facts   *campaignindex.Facts
	failed  []int32
	skipped int // campaigns the index skipped, for skipHook

	outcomes []outcome // the chunk newOutcome takes outcomes from
	indexes  []int     // the chunk index takes condition indexes from
	commits  []commits // the chunk newCommits takes commits from
}

// outcome is what one campaign would do to the working cart.
type outcome struct {
	campaign  *rules.Campaign
	group     *group
	pos       int // the campaign's position (group.base)
	triggered bool
	// effects are the campaign's effects as applied, or its failure
	// effects when it did not trigger.
	effects  []effects.Effect
	cart     *cart.Cart
	discount int64
	failures []RuleFailureReason
	// rejection is why the campaign's coupon or referral is rejected when
	// the campaign did not trigger (EffectCouldNotBeApplied when a budget
	// or limit stopped it, CouponRejectedByCondition otherwise).
	rejection effects.RejectionReason
	// acceptsCoupon and acceptsReferral say that a triggered rule read
	// the campaign's valid coupon (couponValid()) or referral
	// (referralValid()) in its conditions (rules.Rule.UsesCoupon,
	// UsesReferral): only then is the code accepted and redeemed.
	acceptsCoupon, acceptsReferral bool
	// commits is what a triggered campaign would commit: set by prepare,
	// nil for the many campaigns that do not trigger, so that their
	// outcomes stay small.
	*commits
	// failure holds the failure reason of a one-rule campaign, the usual
	// kind, so that it needs no slice of its own.
	failure [1]RuleFailureReason
}

// commits is what a triggered campaign would commit when kept. Its maps
// are made when first written.
type commits struct {
	used      map[store.CounterKey]int64
	limits    map[store.CounterKey]int64
	loyalty   []store.LoyaltyTxn
	deducted  map[int64]int64 // program → hundredths of points deducted
	coupons   []CreatedCoupon
	referrals []CreatedReferral
}

// newOutcome returns a new outcome for a campaign. Outcomes come from
// chunks of the evaluation's own, one allocation for many campaigns.
// A group that keeps each outcome as soon as it is tried releases it
// then, so that most campaigns share one slot; a group that compares its
// campaigns' outcomes reserves a slot for each first.
func (ev *evaluation) newOutcome(camp *rules.Campaign, g *group, pos int) *outcome {
	if len(ev.outcomes) == cap(ev.outcomes) {
		ev.outcomes = make([]outcome, 0, 4)
	}
	// The chunk's slots are zero until handed out: set the fields in
	// place rather than copying a whole outcome in.
	ev.outcomes = ev.outcomes[:len(ev.outcomes)+1]
	o := &ev.outcomes[len(ev.outcomes)-1]
	o.campaign, o.group, o.pos, o.cart = camp, g, pos, ev.cart
	o.failures = o.failure[:0]
	return o
}

// newCommits returns a new, empty commits for a triggered campaign, from
// chunks of the evaluation's own like outcomes: a commits is merged into
// the evaluation when kept and dropped otherwise, but the outcomes of a
// group may refer to theirs until the group is done, so none is reused.
func (ev *evaluation) newCommits() *commits {
	if len(ev.commits) == cap(ev.commits) {
		// As many as the campaigns that triggered last time, at first.
		n := max(8, int(min(ev.e.hints.triggered.Load(), 1<<10)))
		if ev.commits != nil {
			n = 8
		}
		ev.commits = make([]commits, 0, n)
	}
	ev.commits = ev.commits[:len(ev.commits)+1]
	return &ev.commits[len(ev.commits)-1]
}

// reserveOutcomes makes room for n outcomes in the current chunk.
func (ev *evaluation) reserveOutcomes(n int) {
	if cap(ev.outcomes)-len(ev.outcomes) < n {
		ev.outcomes = make([]outcome, 0, n)
	}
}

// release gives back the last outcome newOutcome handed out, once the
// evaluation has kept or dropped it: nothing refers to it any more.
func (ev *evaluation) release(o *outcome) {
	if n := len(ev.outcomes); n > 0 && o == &ev.outcomes[n-1] {
		*o = outcome{}
		ev.outcomes = ev.outcomes[:n-1]
	}
}

// run evaluates every group of campaigns in order.
func (ev *evaluation) run() error {
	c, err := cartOps.New(ev.sess, ev.e.file.Rounding)
	if err != nil {
		return invalidInput(err)
	}
	ev.cart, ev.made = c, c
	ev.e.reserveLedger(c)
	defer ev.releaseEnv()
	defer ev.gatherFacts()()
	// Most campaigns do not trigger, and each gives a failure reason:
	// room for as many as the last evaluation gave, or for every campaign.
	n := int(min(ev.e.hints.failures.Load(), 1<<16))
	if n == 0 {
		n = len(ev.e.file.Campaigns)
	}
	ev.failures = make([]RuleFailureReason, 0, n)
	if err := ev.checkCodes(); err != nil {
		return err
	}
	for gi := range ev.e.groups {
		if err := ev.runGroup(&ev.e.groups[gi]); err != nil {
			return err
		}
	}
	if skipHook != nil {
		skipHook(ev.skipped)
	}
	ev.e.hints.effects.Store(int64(len(ev.effects)))
	ev.e.hints.failures.Store(int64(len(ev.failures)))
	ev.e.hints.triggered.Store(int64(len(ev.triggered)))
	ev.closeCodes()
	// Verdicts found before evaluation come first, then every campaign's
	// effects in evaluation order.
	// The working cart takes them itself: an error ends the evaluation,
	// and no copy is needed when there are none.
	if len(ev.rejections) > 0 {
		if _, err := handlerOps.ApplyOwned(ev.e.handlers, ev.cart, slices.Clone(ev.rejections)); err != nil {
			return fmt.Errorf("engine: applying coupon verdicts: %w", err)
		}
		ev.envCart = nil
		ev.effects = append(ev.rejections, ev.effects...)
	}
	entries, _ := cartOps.Ledger(ev.cart)
	ev.e.noteLedger(len(c.Charges()), len(entries))
	return nil
}

// runGroup evaluates a group's campaigns as its mode says.
func (ev *evaluation) runGroup(g *group) error {
	switch g.mode {
	case rules.First:
		won := false
		for i, camp := range g.campaigns {
			if won {
				ev.exclude(camp, effects.ExclusionCampaignIsNotFirst)
				continue
			}
			if ev.passOver(camp, g.base+i) {
				continue
			}
			o, err := ev.tryPassed(camp, g, g.base+i)
			if err != nil {
				return err
			}
			ev.keep(o)
			won = o.triggered
			ev.release(o)
		}
	case rules.HighestDiscount, rules.LowestDiscount:
		var best *outcome
		var tried []*outcome
		ev.reserveOutcomes(len(g.campaigns))
		for i, camp := range g.campaigns {
			o, err := ev.try(camp, g, g.base+i)
			if err != nil {
				return err
			}
			tried = append(tried, o)
			if !o.triggered {
				continue
			}
			if best == nil || (g.mode == rules.HighestDiscount && o.discount > best.discount) ||
				(g.mode == rules.LowestDiscount && o.discount < best.discount) {
				best = o
			}
		}
		// Each outcome was tried on the cart before the group: the
		// winner's becomes the working cart, and the others' verdicts and
		// failure effects (notifications, custom effects: they change no
		// amount) go onto it, whatever their order.
		if best != nil {
			ev.cart = best.cart
		}
		for _, o := range tried {
			switch {
			case o == best:
				ev.keep(o)
			case o.triggered:
				ev.exclude(o.campaign, effects.ExclusionCampaignGaveLowerDiscount)
			default:
				if err := ev.onWorkingCart(o); err != nil {
					return err
				}
				ev.keep(o)
			}
		}
		for i := len(tried) - 1; i >= 0; i-- {
			ev.release(tried[i])
		}
	default:
		for i, camp := range g.campaigns {
			if ev.passOver(camp, g.base+i) {
				continue
			}
			o, err := ev.tryPassed(camp, g, g.base+i)
			if err != nil {
				return err
			}
			ev.keep(o)
			ev.release(o)
		}
	}
	return nil
}

// runnable reports whether a campaign can trigger at all: enabled, in its
// schedule, and holding a valid coupon or referral when every rule needs
// one and none has failure effects (see needsCode). The others are
// skipped before any expression runs.
func (ev *evaluation) runnable(camp *rules.Campaign, pos int) bool {
	if !camp.Active(ev.now) {
		return false
	}
	need := ev.e.needs[pos]
	if need.coupon && ev.validCoupon(camp.ID) == nil {
		return false
	}
	if need.referral && ev.validReferral(camp) == nil {
		return false
	}
	return true
}

// try evaluates a campaign's rules against the working cart and applies
// their effects (see apply).
func (ev *evaluation) try(camp *rules.Campaign, g *group, pos int) (*outcome, error) {
	o := ev.newOutcome(camp, g, pos)
	if !ev.runnable(camp, pos) {
		return o, nil
	}
	if ev.cannotTrigger(camp, pos, &o.failures) {
		o.rejection = effects.ReasonCouponRejectedByCondition
		return o, nil
	}
	return ev.runRules(o)
}

// tryPassed is try for a campaign that passOver let through: runnable,
// and not one the index skips.
func (ev *evaluation) tryPassed(camp *rules.Campaign, g *group, pos int) (*outcome, error) {
	return ev.runRules(ev.newOutcome(camp, g, pos))
}

// runRules evaluates the rules of a runnable campaign for its outcome o.
func (ev *evaluation) runRules(o *outcome) (*outcome, error) {
	camp, g, pos := o.campaign, o.group, o.pos
	var cv rules.CouponView
	couponCode := ""
	if cc := ev.validCoupon(camp.ID); cc != nil {
		couponCode = cc.code
		cv = rules.CouponView{Code: cc.code, Valid: true}
	}
	var rv rules.ReferralView
	if r := ev.validReferral(camp); r != nil {
		rv = rules.ReferralView{Code: r.code, Valid: true, AdvocateProfileId: r.advocate, FriendProfileId: r.friend}
	}
	envOps.NarrowInto(ev.envFor(), &ev.campEnv, camp, cv, rv)
	env := &ev.campEnv
	// A group that keeps each outcome as soon as it is tried takes the
	// failure reasons straight into the evaluation's list, in the order
	// keep would add them, rather than into the outcome's and then a copy.
	failures := &o.failures
	if m := g.mode; m != rules.HighestDiscount && m != rules.LowestDiscount {
		failures = &ev.failures
	}
	var list []effects.Effect
	for ri, r := range camp.Rules {
		res := r.Evaluate(env)
		if res.Triggered {
			o.triggered = true
			o.acceptsCoupon = o.acceptsCoupon || couponCode != "" && r.UsesCoupon()
			o.acceptsReferral = o.acceptsReferral || rv.Code != "" && r.UsesReferral()
		} else {
			ev.addFailure(failures, camp, pos, ri, res, couponCode, rv.Code)
		}
		if list == nil {
			// The result's effects are this call's own: the first
			// rule's become the list, without a copy.
			for i := range res.Effects {
				res.Effects[i].RulesetID = camp.ID
			}
			list = res.Effects
			continue
		}
		for _, eff := range res.Effects {
			eff.RulesetID = camp.ID
			list = append(list, eff)
		}
	}
	if !o.triggered {
		o.rejection = effects.ReasonCouponRejectedByCondition
		// Failure effects (notifications, custom effects) still apply.
		return o, ev.apply(o, list)
	}
	if o.acceptsCoupon {
		list = append([]effects.Effect{{CampaignID: camp.ID, RulesetID: camp.ID, EffectType: effects.TypeAcceptCoupon,
			Props: &effects.AcceptCoupon{Value: couponCode}}}, list...)
	}
	if o.acceptsReferral {
		list = append([]effects.Effect{{CampaignID: camp.ID, RulesetID: camp.ID, EffectType: effects.TypeAcceptReferral,
			Props: &effects.AcceptReferral{Value: rv.Code}}}, list...)
	}
	ok, err := ev.prepare(o, list)
	if err != nil {
		return nil, err
	}
	if !ok {
		o.triggered = false
		o.rejection = effects.ReasonEffectCouldNotBeApplied
		o.effects = nil
		o.cart = ev.cart
		return o, nil
	}
	return o, nil
}

// apply applies a campaign's effects: to the working cart itself in
// stackable and first groups, to a copy in highest- and lowest-discount
// groups, where the losers' carts are thrown away.
func (ev *evaluation) apply(o *outcome, list []effects.Effect) error {
	if len(list) == 0 {
		return nil
	}
	before := ev.cart.Totals().Discount
	if m := o.group.mode; m != rules.HighestDiscount && m != rules.LowestDiscount {
		// Every outcome of a stackable or first group is kept, and an
		// error ends the evaluation: the working cart itself can take
		// the effects, without a copy of the cart or of the list (try
		// made it from the rules' results, and prepare reads it only
		// as applied).
		applied, err := handlerOps.ApplyOwned(ev.e.handlers, ev.cart, list)
		if err != nil {
			return fmt.Errorf("engine: campaign %d: %w", o.campaign.ID, err)
		}
		ev.envCart = nil // the environment no longer shows the cart
		o.cart, o.effects = ev.cart, applied
		o.discount = ev.cart.Totals().Discount - before
		return nil
	}
	next, applied, err := ev.e.handlers.Apply(ev.cart, list)
	if err != nil {
		return fmt.Errorf("engine: campaign %d: %w", o.campaign.ID, err)
	}
	o.cart, o.effects = next, applied
	o.discount = next.Totals().Discount - before
	return nil
}

// onWorkingCart applies the effects of an outcome that was tried on a copy
// of the cart to the working cart, which becomes the outcome's.
func (ev *evaluation) onWorkingCart(o *outcome) error {
	if len(o.effects) > 0 {
		applied, err := handlerOps.ApplyOwned(ev.e.handlers, ev.cart, o.effects)
		if err != nil {
			return fmt.Errorf("engine: campaign %d: %w", o.campaign.ID, err)
		}
		o.effects = applied
		ev.envCart = nil // the environment no longer shows the cart
	}
	o.cart = ev.cart
	return nil
}

// keep makes an outcome part of the evaluation: its effects and failure
// reasons join the response, and what it would commit joins the plan. Its
// effects are on the working cart already (apply, onWorkingCart, or the
// winner's cart made the working cart in a highest- or lowest-discount
// group).
func (ev *evaluation) keep(o *outcome) {
	if ev.effects == nil && len(o.effects) > 0 {
		hint := min(ev.e.hints.effects.Load(), 1<<16)
		ev.effects = make([]effects.Effect, 0, max(len(o.effects), int(hint)))
	}
	ev.effects = append(ev.effects, o.effects...)
	ev.failures = append(ev.failures, o.failures...)
	camp := o.campaign
	if !o.triggered {
		if o.rejection != "" { // try ran the campaign
			ev.rejectCodesOf(camp, o.rejection, "")
		}
		return
	}
	if ev.triggered == nil {
		hint := min(ev.e.hints.triggered.Load(), 1<<16)
		ev.triggered = make([]TriggeredCampaign, 0, max(1, int(hint)))
	}
	ev.triggered = append(ev.triggered, TriggeredCampaign{ID: camp.ID, Name: camp.Name, Group: o.group.name})
	if c := o.commits; c != nil {
		for k, v := range c.used {
			ev.used[k] += v
		}
		for k, v := range c.limits {
			ev.limits[k] = v
		}
		ev.loyalty = append(ev.loyalty, c.loyalty...)
		for p, d := range c.deducted {
			ev.balance(p).deducted += d
		}
		ev.createdCoupons = append(ev.createdCoupons, c.coupons...)
		ev.createdReferrals = append(ev.createdReferrals, c.referrals...)
	}
	if cc := ev.validCoupon(camp.ID); cc != nil && o.acceptsCoupon {
		cc.accepted = true
		ev.redeemedCoupons = append(ev.redeemedCoupons, cc.code)
	}
	if r := ev.validReferral(camp); r != nil && o.acceptsReferral {
		r.accepted = true
		ev.redeemedReferral = r.code
	}
}

// exclude records a campaign that lost to another in its group: its coupon
// or referral is rejected as part of a campaign that did not trigger.
func (ev *evaluation) exclude(camp *rules.Campaign, why effects.CampaignExclusionReason) {
	if !camp.Active(ev.now) {
		return
	}
	ev.rejectCodesOf(camp, effects.ReasonCouponPartOfNotTriggeredCampaign, why)
}

// envFor returns the rule environment for the working cart. After the
// cart changed it updates the environment's discounts, and builds it
// again only when the cart changed in more than its discounts.
func (ev *evaluation) envFor() *rules.Env {
	if ev.env != nil && ev.envCart != ev.cart && !envOps.Update(ev.env, ev.cart) {
		ev.releaseEnv()
	}
	if ev.env == nil {
		ev.env = envOps.NewLazy(ev.sess, ev.cart, ev.profileView(), ev.now)
	}
	ev.envCart = ev.cart
	return ev.env
}

// releaseAll gives the arrays of the carts the evaluation made to the next
// evaluation's (Recycle, internal/cartops; not when a user's handler was
// given one of them). It comes last: the response and the change set copy
// what they need out of the carts.
func (ev *evaluation) releaseAll() {
	ev.releaseEnv()
	if ev.made != nil {
		cartOps.Recycle(ev.made)
		ev.made, ev.cart = nil, nil
	}
}

// releaseEnv gives the Env's units to the next evaluation's
// (envOps.Release): nothing the evaluation keeps points into them.
func (ev *evaluation) releaseEnv() {
	if ev.env != nil {
		ev.campEnv = rules.Env{}
		envOps.Release(ev.env)
		ev.env = nil
	}
}

// addFailure appends why a rule did not trigger to list, made in place:
// a failure reason is large, and most campaigns give one.
func (ev *evaluation) addFailure(list *[]RuleFailureReason, camp *rules.Campaign, pos, ri int, res rules.Result, coupon, referral string) {
	r := camp.Rules[ri]
	*list = append(*list, RuleFailureReason{})
	f := &(*list)[len(*list)-1]
	f.CampaignID, f.CampaignName, f.RulesetID = camp.ID, camp.Name, camp.ID
	f.CouponValue, f.ReferralValue, f.RuleIndex, f.RuleName = coupon, referral, r.Index, r.Name
	if i := res.FailedCondition; i >= 0 {
		f.ConditionIndex = ev.index(i)
		if i < len(r.Conditions) {
			// Made at New: no allocation for each campaign that did
			// not trigger.
			f.Details = ev.e.conditionFalse(pos, ri, i)
		}
	}
	if res.Err != nil {
		f.Details = res.Err.Error()
	}
}

// index returns a pointer to a copy of i, for a failure reason's
// condition index. The copies come from chunks of the evaluation's own,
// one allocation for the failures of many campaigns; appending within a
// chunk's capacity never moves the copies made before.
func (ev *evaluation) index(i int) *int {
	if len(ev.indexes) == cap(ev.indexes) {
		ev.indexes = make([]int, 0, max(16, cap(ev.failures)))
	}
	ev.indexes = append(ev.indexes, i)
	return &ev.indexes[len(ev.indexes)-1]
}
