package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/rules"
)

// prepare readies a triggered campaign's effects for the handlers: budgets
// cut or fail discounts, loyalty effects get their recipient, transaction
// and dates, created coupons and referrals get codes. Then it applies them
// to a copy of the working cart. ok is false when a limit or a missing
// profile stops the campaign (EffectCouldNotBeApplied).
func (ev *evaluation) prepare(o *outcome, list []effects.Effect) (ok bool, err error) {
	o.commits = ev.newCommits()
	cur := ev.e.file.Currency
	type drawn struct {
		index  int
		bs     []budget
		amount int64
	}
	// The discounts drawn on a budget; a campaign has a few: room for them
	// on the stack.
	var buf [8]drawn
	discounts := buf[:0]
	for i := range list {
		e := &list[i]
		switch p := e.Props.(type) {
		case *effects.SetDiscount, *effects.SetDiscountPerItem, *effects.SetDiscountPerAdditionalCost, *effects.SetDiscountPerAdditionalCostPerItem:
			asked, err := cur.ToMinor(discountValue(e).Decimal, ev.e.file.Rounding)
			if err != nil || asked < 0 {
				return false, nil
			}
			bs, ok := ev.budgets(o, rules.LimitSetDiscount)
			if !ok {
				return false, nil
			}
			got, ok := ev.fit(o, bs, asked)
			if !ok {
				return false, nil
			}
			if got < asked {
				value, desired := cutDiscount(e)
				d := effects.NewNumber(cur.Decimal(asked))
				*desired = &d
				*value = effects.NewNumber(cur.Decimal(got))
			}
			o.draw(bs, got)
			if len(bs) > 0 {
				discounts = append(discounts, drawn{i, bs, got})
			}
		case *effects.AddLoyaltyPoints:
			if ev.sess.ProfileID == "" {
				return false, nil
			}
			bs, ok := ev.budgets(o, rules.LimitAddLoyaltyPoints)
			if !ok {
				return false, nil
			}
			asked := pointsToCount(p.Value.Decimal)
			got, ok := ev.fit(o, bs, asked)
			if !ok {
				return false, nil
			}
			q := *p
			if got < asked {
				d := q.Value
				q.DesiredValue = &d
				q.Value = effects.NewNumber(decimalFromCount(got))
			}
			o.draw(bs, got)
			// Only loyalty effects carry a transaction ID: made here,
			// not for every effect (per-item discounts make many).
			uid := ev.uuid(o.campaign.ID, int(e.RuleIndex), i)
			q.RecipientIntegrationID, q.TransactionUUID = ev.sess.ProfileID, uid
			txn := ev.earn(q.ProgramID, q.SubLedgerID, q.Name, q.Value.Decimal, uid)
			q.StartDate, q.ExpiryDate = &txn.ActiveFrom, txn.Expires
			if !txn.ActiveFrom.After(ev.now) {
				q.StartDate = nil
			}
			o.loyalty = append(o.loyalty, txn)
			e.Props = &q
		case *effects.DeductLoyaltyPoints:
			if ev.sess.ProfileID == "" {
				return false, nil
			}
			need := pointsToCount(p.Value.Decimal)
			if ev.spendable(p.ProgramID)-o.deducted[p.ProgramID] < need {
				return false, nil
			}
			if o.deducted == nil {
				o.deducted = map[int64]int64{}
			}
			o.deducted[p.ProgramID] += need
			q := *p
			uid := ev.uuid(o.campaign.ID, int(e.RuleIndex), i)
			q.TransactionUUID = uid
			o.loyalty = append(o.loyalty, ev.spend(q.ProgramID, q.SubLedgerID, q.Name, q.Value.Decimal, uid))
			e.Props = &q
		case *effects.AddFreeItem:
			bs, ok := ev.budgets(o, rules.LimitAddFreeItem)
			if !ok {
				return false, nil
			}
			if ev.left(o, bs) == 0 {
				return false, nil
			}
			o.draw(bs, 1)
		case *effects.CouponCreated:
			q := *p
			if q.ProfileID == "" {
				q.ProfileID = ev.sess.ProfileID
			}
			code, err := ev.newCode(o, couponPattern(o.campaign), i)
			if err != nil {
				return false, err
			}
			q.Value = code
			e.Props = &q
			cc := CreatedCoupon{CampaignID: o.campaign.ID, Value: code, Recipient: q.ProfileID}
			if s := o.campaign.Coupons; s != nil {
				cc.UsageLimit, cc.StartDate, cc.ExpiryDate = s.UsageLimit, s.StartTime, s.ExpiryTime
			}
			o.coupons = append(o.coupons, cc)
		case *effects.ReferralCreated:
			if ev.sess.ProfileID == "" {
				return false, nil
			}
			code, err := ev.newCode(o, referralPattern(o.campaign), i)
			if err != nil {
				return false, err
			}
			q := *p
			q.Value = code
			e.Props = &q
			cr := CreatedReferral{CampaignID: o.campaign.ID, Code: code, Advocate: ev.sess.ProfileID}
			if s := o.campaign.Referrals; s != nil {
				cr.UsageLimit, cr.StartDate, cr.ExpiryDate = s.UsageLimit, s.StartTime, s.ExpiryTime
			}
			o.referrals = append(o.referrals, cr)
		}
	}
	if err := ev.apply(o, list); err != nil {
		return false, err
	}
	// The handlers cap discounts at what the cart has left: a budget is
	// drawn on only by what was applied.
	for _, d := range discounts {
		applied, err := cur.ToMinor(discountValue(&o.effects[d.index]).Decimal, ev.e.file.Rounding)
		if err == nil && applied < d.amount {
			o.draw(d.bs, applied-d.amount)
		}
	}
	return true, nil
}

// discountValue returns a discount effect's value.
func discountValue(e *effects.Effect) effects.Number {
	switch p := e.Props.(type) {
	case *effects.SetDiscount:
		return p.Value
	case *effects.SetDiscountPerItem:
		return p.Value
	case *effects.SetDiscountPerAdditionalCost:
		return p.Value
	case *effects.SetDiscountPerAdditionalCostPerItem:
		return p.Value
	}
	panic(fmt.Sprintf("engine: %T is not a discount", e.Props))
}

// cutDiscount gives a discount effect props of its own, to be cut to what
// a budget leaves, and returns pointers to their value and desiredValue.
// Like the handlers, the engine never changes props in place: the props
// of the few discounts that are cut are copied first.
func cutDiscount(e *effects.Effect) (*effects.Number, **effects.Number) {
	switch p := e.Props.(type) {
	case *effects.SetDiscount:
		q := *p
		e.Props = &q
		return &q.Value, &q.DesiredValue
	case *effects.SetDiscountPerItem:
		q := *p
		e.Props = &q
		return &q.Value, &q.DesiredValue
	case *effects.SetDiscountPerAdditionalCost:
		q := *p
		e.Props = &q
		return &q.Value, &q.DesiredValue
	case *effects.SetDiscountPerAdditionalCostPerItem:
		q := *p
		e.Props = &q
		return &q.Value, &q.DesiredValue
	}
	panic(fmt.Sprintf("engine: %T is not a discount", e.Props))
}

// uuid returns a transaction ID that is the same for the same effect of the
// same session in every evaluation, so a session's effects are a stable
// snapshot.
func (ev *evaluation) uuid(campaign int64, rule, index int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d\x00%d", ev.id, campaign, rule, index))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func couponPattern(c *rules.Campaign) string {
	if c.Coupons != nil && c.Coupons.Pattern != "" {
		return c.Coupons.Pattern
	}
	return "CPN-#####"
}

func referralPattern(c *rules.Campaign) string {
	if c.Referrals != nil && c.Referrals.Pattern != "" {
		return c.Referrals.Pattern
	}
	return "REF-#####"
}

// newCode makes a code from a pattern (# a digit, ? a letter), the same
// for the same session and effect every time, and not taken by another:
// not listed, not stored, not created earlier in this evaluation.
func (ev *evaluation) newCode(o *outcome, pattern string, index int) (string, error) {
	camp := o.campaign
	const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	for attempt := range 100 {
		h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d\x00%d", ev.id, camp.ID, index, attempt))
		seed := binary.BigEndian.Uint64(h[:8])
		var b strings.Builder
		for _, r := range pattern {
			switch r {
			case '#':
				b.WriteByte(byte('0' + seed%10))
				seed /= 10
			case '?':
				b.WriteByte(letters[seed%uint64(len(letters))])
				seed /= uint64(len(letters))
			default:
				b.WriteRune(r)
			}
			if seed == 0 {
				seed = binary.BigEndian.Uint64(h[8:16])
			}
		}
		code := b.String()
		if _, listed := ev.e.listedCoupons[code]; listed || ev.created(o, code) {
			continue
		}
		if _, err := ev.e.store.Coupon(ev.ctx, code); err == nil {
			continue
		}
		if _, err := ev.e.store.Referral(ev.ctx, code); err == nil {
			continue
		}
		return code, nil
	}
	return "", fmt.Errorf("engine: campaign %d: no free code left in pattern %q", camp.ID, pattern)
}

// created reports whether this evaluation already created code, as a
// coupon or a referral, in a kept campaign or in the one being prepared.
func (ev *evaluation) created(o *outcome, code string) bool {
	for _, c := range ev.createdCoupons {
		if c.Value == code {
			return true
		}
	}
	for _, c := range o.coupons {
		if c.Value == code {
			return true
		}
	}
	for _, r := range ev.createdReferrals {
		if r.Code == code {
			return true
		}
	}
	for _, r := range o.referrals {
		if r.Code == code {
			return true
		}
	}
	return false
}
