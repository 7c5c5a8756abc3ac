package engine

import (
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/internal/campaignindex"
	"github.com/cartfx/cartfx/rules"
)

// The campaign index's part of an evaluation (internal/campaignindex):
// the session's facts, gathered once, and the campaigns skipped with what
// evaluating them would have recorded.

// skipHook, set by tests only (export_test.go), is told after each
// evaluation how many campaigns the index skipped.
var skipHook func(skipped int)

// gatherFacts gathers what the campaign index reads of the session, from
// the working cart as the evaluation starts and the profile, into a
// workspace of the engine's; the function it returns gives the workspace
// back when the evaluation is over.
func (ev *evaluation) gatherFacts() (release func()) {
	x := ev.e.index
	if x == nil {
		return func() {}
	}
	f, _ := ev.e.facts.Get().(*campaignindex.Facts)
	if f == nil {
		f = new(campaignindex.Facts)
	}
	var profile map[string]any
	if ev.profile != nil {
		profile = ev.profile.Attributes
	}
	x.Gather(f, ev.cart, profile)
	ev.facts = f
	return func() {
		ev.facts = nil
		ev.e.facts.Put(f)
	}
}

// passOver reports whether a campaign of a group that keeps each outcome
// as soon as it is tried (stackable, first) is done with before its
// rules run, with what trying and keeping it would have recorded: nothing
// for a campaign that is not runnable; for one that the campaign index
// says cannot trigger, its failure reasons and its codes' rejection.
// Neither needs an outcome.
func (ev *evaluation) passOver(camp *rules.Campaign, pos int) bool {
	if !ev.runnable(camp, pos) {
		return true
	}
	if !ev.cannotTrigger(camp, pos, &ev.failures) {
		return false
	}
	ev.rejectCodesOf(camp, effects.ReasonCouponRejectedByCondition, "")
	return true
}

// cannotTrigger reports whether the campaign index says that a runnable
// campaign cannot trigger for the session; when so, it appends to list
// the failure reasons evaluating its rules would have given: each rule
// stops at a false condition, without an error, and has no failure
// effects (internal/campaignindex).
func (ev *evaluation) cannotTrigger(camp *rules.Campaign, pos int, list *[]RuleFailureReason) bool {
	if ev.facts == nil {
		return false
	}
	cc := ev.validCoupon(camp.ID)
	failed, ok := ev.e.index.Skip(pos, ev.facts, cc != nil, ev.failed[:0])
	if !ok {
		return false
	}
	ev.failed = failed
	ev.skipped++
	coupon, referral := "", ""
	if cc != nil {
		coupon = cc.code
	}
	if r := ev.validReferral(camp); r != nil {
		referral = r.code
	}
	for i, k := range failed {
		ev.addFailure(list, camp, pos, i, rules.Result{FailedCondition: int(k)}, coupon, referral)
	}
	return true
}
