package engine

import (
	"errors"
	"fmt"
	"time"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
)

// couponCheck is a coupon code of the session and what validation found.
type couponCheck struct {
	code     string
	campaign *rules.Campaign
	limit    int64 // usage limit, 0 unlimited
	perUser  int64 // per-profile limit, 0 unlimited
	valid    bool
	accepted bool
	rejected bool
}

// referralCheck is the session's referral code and what validation found.
type referralCheck struct {
	code             string
	campaign         *rules.Campaign
	advocate, friend string
	limit            int64
	valid            bool
	accepted         bool
	rejected         bool
}

// Counter actions for the usage of codes, beside the campaign limits'
// actions.
const (
	actionCouponUsage   = "couponUsage"
	actionReferralUsage = "referralUsage"
)

// checkCodes validates the session's coupon codes and referral code before
// any campaign runs. A code that cannot be used is rejected here with its
// reason; a valid one lets its campaign run.
func (ev *evaluation) checkCodes() error {
	seen := map[string]bool{}
	for _, code := range ev.sess.CouponCodes {
		if seen[code] {
			continue
		}
		seen[code] = true
		cc, reason, exclusion, err := ev.checkCoupon(code)
		if err != nil {
			return err
		}
		if reason != "" {
			ev.rejections = append(ev.rejections, rejectCoupon(campaignID(cc.campaign), code, reason, exclusion))
			cc.rejected = true
		} else if ev.validCoupon(cc.campaign.ID) != nil {
			ev.rejections = append(ev.rejections, rejectCoupon(cc.campaign.ID, code, effects.ReasonCouponRejectedByCondition, ""))
			cc.rejected = true
		} else {
			cc.valid = true
		}
		ev.coupons = append(ev.coupons, cc)
	}
	if ev.sess.ReferralCode != "" {
		rc, reason, exclusion, err := ev.checkReferral(ev.sess.ReferralCode)
		if err != nil {
			return err
		}
		if reason != "" {
			ev.rejections = append(ev.rejections, rejectReferral(campaignID(rc.campaign), rc.code, reason, exclusion))
			rc.rejected = true
		} else {
			rc.valid = true
		}
		ev.referral = rc
	}
	return nil
}

func (ev *evaluation) checkCoupon(code string) (*couponCheck, effects.RejectionReason, effects.CampaignExclusionReason, error) {
	cc := &couponCheck{code: code}
	var start, expiry *time.Time
	recipient := ""
	if camp, ok := ev.e.listedCoupons[code]; ok {
		cc.campaign = camp
		s := camp.Coupons
		cc.limit, cc.perUser, start, expiry, recipient = s.UsageLimit, s.PerProfileLimit, s.StartTime, s.ExpiryTime, s.Recipient
	} else {
		c, err := ev.e.store.Coupon(ev.ctx, code)
		if errors.Is(err, store.ErrNotFound) {
			return cc, effects.ReasonCouponNotFound, "", nil
		}
		if err != nil {
			return nil, "", "", fmt.Errorf("engine: reading coupon %q: %w", code, err)
		}
		cc.campaign = ev.e.file.Campaign(c.CampaignID)
		if cc.campaign == nil {
			return cc, effects.ReasonCouponPartOfNotTriggeredCampaign, effects.ExclusionCampaignNotInEvaluationSet, nil
		}
		cc.limit, cc.perUser, start, expiry, recipient = c.UsageLimit, c.PerProfileLimit, c.StartDate, c.ExpiryDate, c.Recipient
	}
	camp := cc.campaign
	switch {
	case camp.State == rules.Archived:
		return cc, effects.ReasonCouponPartOfNotTriggeredCampaign, effects.ExclusionCampaignNotInEvaluationSet, nil
	case !camp.Active(ev.now):
		return cc, effects.ReasonCouponPartOfNotRunningCampaign, "", nil
	case start != nil && ev.now.Before(*start):
		return cc, effects.ReasonCouponStartDateInFuture, "", nil
	case expiry != nil && !ev.now.Before(*expiry):
		return cc, effects.ReasonCouponExpired, "", nil
	case recipient != "" && recipient != ev.sess.ProfileID:
		return cc, effects.ReasonCouponRecipientDoesNotMatch, "", nil
	}
	if cc.limit > 0 && ev.counter(couponUsageKey(camp.ID, code)) >= cc.limit {
		return cc, effects.ReasonCouponLimitReached, "", nil
	}
	if cc.perUser > 0 {
		if ev.sess.ProfileID == "" {
			return cc, effects.ReasonProfileRequired, "", nil
		}
		if ev.counter(profileCouponKey(camp.ID, ev.sess.ProfileID, code)) >= cc.perUser {
			return cc, effects.ReasonProfileLimitReached, "", nil
		}
	}
	if ev.sess.ProfileID == "" {
		// Talon.One: "a campaign profile budget was set, but no profile
		// exists in the session".
		for _, l := range camp.Limits {
			if l.Per == rules.PerProfile {
				return cc, effects.ReasonProfileRequired, "", nil
			}
		}
	}
	reason := ev.limitReached(camp, rules.LimitRedeemCoupon, code, "")
	return cc, reason, "", nil
}

func (ev *evaluation) checkReferral(code string) (*referralCheck, effects.RejectionReason, effects.CampaignExclusionReason, error) {
	rc := &referralCheck{code: code}
	r, err := ev.e.store.Referral(ev.ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return rc, effects.ReasonReferralNotFound, "", nil
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("engine: reading referral %q: %w", code, err)
	}
	rc.campaign, rc.advocate, rc.friend, rc.limit = ev.e.file.Campaign(r.CampaignID), r.Advocate, r.Friend, r.UsageLimit
	camp := rc.campaign
	profile := ev.sess.ProfileID
	switch {
	case camp == nil || camp.State == rules.Archived:
		return rc, effects.ReasonReferralPartOfNotTriggeredCampaign, effects.ExclusionCampaignNotInEvaluationSet, nil
	case !camp.Active(ev.now):
		return rc, effects.ReasonReferralPartOfNotRunningCampaign, "", nil
	case r.StartDate != nil && ev.now.Before(*r.StartDate):
		return rc, effects.ReasonReferralStartDateInFuture, "", nil
	case r.ExpiryDate != nil && !ev.now.Before(*r.ExpiryDate):
		return rc, effects.ReasonReferralExpired, "", nil
	case profile == r.Advocate:
		return rc, effects.ReasonReferralRecipientIDSameAsAdvocate, "", nil
	case profile == "" || (r.Friend != "" && r.Friend != profile):
		return rc, effects.ReasonReferralRecipientDoesNotMatch, "", nil
	case ev.profile != nil && ev.profile.ReferredBy != "":
		return rc, effects.ReasonReferralCustomerAlreadyReferred, "", nil
	case rc.limit > 0 && ev.counter(usageKey(camp.ID, actionReferralUsage, "referral", code)) >= rc.limit:
		return rc, effects.ReasonReferralLimitReached, "", nil
	}
	reason := ev.limitReached(camp, rules.LimitRedeemReferral, "", code)
	return rc, referralReason(reason), "", nil
}

// validCoupon returns the valid, not yet rejected coupon of a campaign.
func (ev *evaluation) validCoupon(campaign int64) *couponCheck {
	for _, cc := range ev.coupons {
		if cc.valid && !cc.rejected && cc.campaign.ID == campaign {
			return cc
		}
	}
	return nil
}

// validReferral returns the session's referral code when it is valid for
// the campaign (rejected or not, as the callers need).
func (ev *evaluation) validReferral(camp *rules.Campaign) *referralCheck {
	if r := ev.referral; r != nil && r.valid && r.campaign == camp {
		return r
	}
	return nil
}

// rejectCodesOf rejects the valid codes of a campaign that did not
// trigger.
func (ev *evaluation) rejectCodesOf(camp *rules.Campaign, reason effects.RejectionReason, exclusion effects.CampaignExclusionReason) {
	var verdicts []effects.Effect
	for _, cc := range ev.coupons {
		if cc.valid && !cc.accepted && !cc.rejected && cc.campaign == camp {
			cc.rejected = true
			verdicts = append(verdicts, rejectCoupon(camp.ID, cc.code, reason, exclusion))
		}
	}
	if r := ev.referral; r != nil && r.valid && !r.accepted && !r.rejected && r.campaign == camp {
		r.rejected = true
		verdicts = append(verdicts, rejectReferral(camp.ID, r.code, referralReason(reason), exclusion))
	}
	if len(verdicts) == 0 {
		return
	}
	next, _, err := ev.e.handlers.Apply(ev.cart, verdicts)
	if err == nil {
		ev.cart = next
	}
	ev.effects = append(ev.effects, verdicts...)
}

// closeCodes rejects valid codes whose campaign never ran to the end.
func (ev *evaluation) closeCodes() {
	for _, cc := range ev.coupons {
		if cc.valid && !cc.accepted && !cc.rejected {
			ev.rejectCodesOf(cc.campaign, effects.ReasonCouponRejectedByCondition, "")
		}
	}
	if r := ev.referral; r != nil && r.valid && !r.accepted && !r.rejected {
		ev.rejectCodesOf(r.campaign, effects.ReasonCouponRejectedByCondition, "")
	}
}

func rejectCoupon(campaign int64, code string, reason effects.RejectionReason, exclusion effects.CampaignExclusionReason) effects.Effect {
	p := &effects.RejectCoupon{Value: code, RejectionReason: reason}
	if exclusion != "" {
		p.CampaignExclusionReason = &exclusion
	}
	return effects.Effect{CampaignID: campaign, RulesetID: campaign, EffectType: effects.TypeRejectCoupon, Props: p}
}

func rejectReferral(campaign int64, code string, reason effects.RejectionReason, exclusion effects.CampaignExclusionReason) effects.Effect {
	p := &effects.RejectReferral{Value: code, RejectionReason: reason}
	if exclusion != "" {
		p.CampaignExclusionReason = &exclusion
	}
	return effects.Effect{CampaignID: campaign, RulesetID: campaign, EffectType: effects.TypeRejectReferral, Props: p}
}

// referralReason maps a coupon rejection reason to the referral one.
func referralReason(r effects.RejectionReason) effects.RejectionReason {
	switch r {
	case effects.ReasonCouponRejectedByCondition:
		return effects.ReasonReferralRejectedByCondition
	case effects.ReasonCouponPartOfNotTriggeredCampaign:
		return effects.ReasonReferralPartOfNotTriggeredCampaign
	case effects.ReasonCouponLimitReached:
		return effects.ReasonReferralLimitReached
	case effects.ReasonProfileRequired:
		return effects.ReasonReferralRecipientDoesNotMatch
	}
	return r
}

func campaignID(c *rules.Campaign) int64 {
	if c == nil {
		return 0
	}
	return c.ID
}
