package cart

import (
	"encoding/json"

	"github.com/shopspring/decimal"
)

// CouponVerdict is whether a coupon code was accepted, and why not.
type CouponVerdict struct {
	Code            string `json:"code"`
	Accepted        bool   `json:"accepted"`
	RejectionReason string `json:"rejectionReason,omitempty"`
	CampaignID      int64  `json:"campaignId,omitempty"`
}

// ReferralVerdict is whether a referral code was accepted, and why not.
type ReferralVerdict = CouponVerdict

// Notification is a message for the customer.
type Notification struct {
	Type       string `json:"type"`
	Title      string `json:"title"`
	Body       string `json:"body"`
	CampaignID int64  `json:"campaignId,omitempty"`
}

// LoyaltyEntry is a tentative change of loyalty points: added (positive) or
// deducted (negative) in a program's sub-ledger. Points are not money and
// keep their decimals.
type LoyaltyEntry struct {
	ProgramID   int64
	SubLedgerID string
	Name        string
	CampaignID  int64
	// TransactionID identifies the change (Talon.One's transactionUUID), so
	// that a rollback finds it.
	TransactionID string
	Points        decimal.Decimal
	// Position is the cart item the points were given for, or -1.
	Position, SubPosition int
}

// Informational is an effect that cartfx does not apply to the cart but
// passes on to the caller (a webhook, a custom effect, an audience change).
type Informational struct {
	EffectType string          `json:"effectType"`
	CampaignID int64           `json:"campaignId"`
	RuleName   string          `json:"ruleName"`
	Props      json.RawMessage `json:"props"`
}

// SetCoupon records the verdict on a coupon code, replacing an earlier
// verdict on the same code.
func (c *Cart) SetCoupon(v CouponVerdict) {
	for i := range c.coupons {
		if c.coupons[i].Code == v.Code {
			coupons := append([]CouponVerdict(nil), c.coupons...)
			coupons[i] = v
			c.coupons = coupons
			return
		}
	}
	c.coupons = append(c.coupons, v)
}

// removeCoupon removes the verdict on a coupon code (a rolled-back coupon).
func (c *Cart) removeCoupon(code string) bool {
	for i := range c.coupons {
		if c.coupons[i].Code == code {
			coupons := append([]CouponVerdict(nil), c.coupons[:i]...)
			c.coupons = append(coupons, c.coupons[i+1:]...)
			return true
		}
	}
	return false
}

// SetReferral records the verdict on the referral code; nil clears it.
func (c *Cart) SetReferral(v *ReferralVerdict) { c.referral = v }

// removeReferral removes the verdict on the referral code when it is for
// code (a rolled-back referral).
func (c *Cart) removeReferral(code string) bool {
	if c.referral == nil || c.referral.Code != code {
		return false
	}
	c.referral = nil
	return true
}

// Notify adds a notification.
func (c *Cart) Notify(n Notification) { c.notifications = append(c.notifications, n) }

// AddLoyalty records a tentative change of points.
func (c *Cart) AddLoyalty(e LoyaltyEntry) { c.loyalty = append(c.loyalty, e) }

// takeBackLoyalty takes back points of a tentative change, as a rollback
// effect does: the change in the program's sub-ledger of the sign given
// (1 added, -1 deducted) with the same transaction (all of it, or part of
// it after a partial return), or else, without a transaction, the first
// change of exactly those points. What is left of a change taken back in
// part stays, as a change of its own at the end. It reports whether there
// was a change to take back.
func (c *Cart) takeBackLoyalty(programID int64, subLedger, transaction string, points decimal.Decimal, sign int) bool {
	want := points
	if sign < 0 {
		want = want.Neg()
	}
	found := -1
	for i := range c.loyalty {
		l := &c.loyalty[i]
		if l.ProgramID != programID || l.SubLedgerID != subLedger || l.Points.Sign()*sign < 0 {
			continue
		}
		sameTxn := transaction != "" && l.TransactionID == transaction
		if sameTxn && l.Points.Abs().GreaterThanOrEqual(points) || transaction == "" && l.Points.Equal(want) {
			found = i
			break
		}
	}
	if found < 0 {
		return false
	}
	// A new array: clones may share this one.
	taken := c.loyalty[found]
	kept := make([]LoyaltyEntry, 0, len(c.loyalty))
	kept = append(kept, c.loyalty[:found]...)
	kept = append(kept, c.loyalty[found+1:]...)
	if left := taken.Points.Sub(want); !left.IsZero() {
		taken.Points = left
		kept = append(kept, taken)
	}
	c.loyalty = kept
	return true
}

// Inform records an effect that is passed on to the caller.
func (c *Cart) Inform(i Informational) { c.informational = append(c.informational, i) }
