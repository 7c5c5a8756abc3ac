package engine

import (
	"fmt"
	"time"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
	"github.com/shopspring/decimal"
)

// pointsScale is how many decimals of loyalty points a budget counts:
// counters are integers, so points are counted in hundredths.
const pointsScale = 2

// counter returns a counter's stored value, read once per evaluation.
func (ev *evaluation) counter(k store.CounterKey) int64 {
	if v, ok := ev.counters[k]; ok {
		return v
	}
	v, err := ev.e.store.Counter(ev.ctx, k)
	if err != nil {
		v = 0
	}
	ev.counters[k] = v
	return v
}

func usageKey(campaign int64, action, per, subject string) store.CounterKey {
	return store.CounterKey{CampaignID: campaign, Action: action, Per: per, Subject: subject}
}

// couponUsageKey counts a coupon's redemptions in its campaign.
func couponUsageKey(campaign int64, code string) store.CounterKey {
	return usageKey(campaign, actionCouponUsage, "coupon", code)
}

// profileCouponKey counts a coupon's redemptions by one profile.
func profileCouponKey(campaign int64, profile, code string) store.CounterKey {
	return usageKey(campaign, actionCouponUsage, "profile", profile+"/"+code)
}

// periodKey names the period of a limit that now falls in.
func periodKey(now time.Time, period string) string {
	now = now.UTC()
	switch period {
	case "daily":
		return now.Format("2006-01-02")
	case "weekly":
		y, w := now.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case "monthly":
		return now.Format("2006-01")
	case "yearly":
		return now.Format("2006")
	}
	return ""
}

// limitKeys returns the counters a limit counts this session in: one per
// identifier for identifier limits. ok is false when the session lacks what
// the limit is counted per (a profile, a coupon, a referral, identifiers).
func (ev *evaluation) limitKeys(camp *rules.Campaign, l rules.Limit, coupon, referral string) (keys []store.CounterKey, ok bool) {
	base := store.CounterKey{CampaignID: camp.ID, Action: string(l.Action), Per: string(l.Per), Period: periodKey(ev.now, l.Period)}
	switch l.Per {
	case rules.PerProfile:
		if ev.sess.ProfileID == "" {
			return nil, false
		}
		base.Subject = ev.sess.ProfileID
	case rules.PerCoupon:
		if coupon == "" {
			return nil, false
		}
		base.Subject = coupon
	case rules.PerReferral:
		if referral == "" {
			return nil, false
		}
		base.Subject = referral
	case rules.PerIdentifier:
		if len(ev.sess.Identifiers) == 0 {
			return nil, false
		}
		for _, id := range ev.sess.Identifiers {
			k := base
			k.Subject = id
			keys = append(keys, k)
		}
		return keys, true
	}
	return []store.CounterKey{base}, true
}

// limitValue is a limit in the counter's unit: minor units for money,
// hundredths for points, a count otherwise.
func (ev *evaluation) limitValue(l rules.Limit) int64 {
	switch l.Action {
	case rules.LimitSetDiscount:
		v, err := ev.e.file.Currency.ToMinor(l.Limit, ev.e.file.Rounding)
		if err != nil {
			return 0
		}
		return v
	case rules.LimitAddLoyaltyPoints:
		return l.Limit.Shift(pointsScale).IntPart()
	}
	return l.Limit.IntPart()
}

// limitReached checks the redemption limits of a campaign for this session
// and says which reason rejects the code, or "" when none is reached.
func (ev *evaluation) limitReached(camp *rules.Campaign, action rules.LimitAction, coupon, referral string) effects.RejectionReason {
	for _, l := range camp.Limits {
		if l.Action != action {
			continue
		}
		keys, ok := ev.limitKeys(camp, l, coupon, referral)
		if !ok {
			if l.Per == rules.PerProfile {
				return effects.ReasonProfileRequired
			}
			continue
		}
		for _, k := range keys {
			if ev.counter(k)+ev.used[k]+1 > ev.limitValue(l) {
				switch l.Per {
				case rules.PerProfile:
					return effects.ReasonProfileLimitReached
				case rules.PerCoupon, rules.PerIdentifier:
					return effects.ReasonCouponLimitReached
				case rules.PerReferral:
					return effects.ReasonReferralLimitReached
				}
				return effects.ReasonCampaignLimitReached
			}
		}
	}
	return ""
}

// budget is one campaign limit that an effect draws on.
type budget struct {
	key   store.CounterKey
	limit int64
}

// budgets returns the budgets of a campaign for an action. ok is false when
// the session lacks what one of them is counted per.
func (ev *evaluation) budgets(o *outcome, action rules.LimitAction) (bs []budget, ok bool) {
	coupon, referral := "", ""
	if cc := ev.validCoupon(o.campaign.ID); cc != nil {
		coupon = cc.code
	}
	if r := ev.validReferral(o.campaign); r != nil {
		referral = r.code
	}
	for _, l := range o.campaign.Limits {
		if l.Action != action {
			continue
		}
		keys, ok := ev.limitKeys(o.campaign, l, coupon, referral)
		if !ok {
			return nil, false
		}
		for _, k := range keys {
			bs = append(bs, budget{key: k, limit: ev.limitValue(l)})
		}
	}
	return bs, true
}

// left is what remains of the tightest budget, or -1 when there is none.
func (ev *evaluation) left(o *outcome, bs []budget) int64 {
	least := int64(-1)
	for _, b := range bs {
		r := max(b.limit-ev.counter(b.key)-ev.used[b.key]-o.used[b.key], 0)
		if least < 0 || r < least {
			least = r
		}
	}
	return least
}

// draw records what an effect takes from its budgets.
func (o *outcome) draw(bs []budget, amount int64) {
	if len(bs) > 0 && o.used == nil {
		o.used, o.limits = map[store.CounterKey]int64{}, map[store.CounterKey]int64{}
	}
	for _, b := range bs {
		o.used[b.key] += amount
		o.limits[b.key] = b.limit
	}
}

// fit cuts an amount to what its budgets leave. Without partial discounts
// an amount that does not fit fails; with them it is cut, but nothing left
// at all still fails.
func (ev *evaluation) fit(o *outcome, bs []budget, asked int64) (int64, bool) {
	left := ev.left(o, bs)
	switch {
	case left < 0 || asked <= left:
		return asked, true
	case o.campaign.PartialDiscounts && left > 0:
		return left, true
	}
	return 0, false
}

func pointsToCount(p decimal.Decimal) int64 { return p.Shift(pointsScale).IntPart() }
