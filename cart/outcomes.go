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

// RemoveCoupon removes the verdict on a coupon code (a rolled-back coupon).
func (c *Cart) RemoveCoupon(code string) bool {
	for i := range c.coupons {
		if c.coupons[i].Code == code {
			coupons := append([]CouponVerdict(nil), c.coupons[:i]...)
			c.coupons = append(coupons, c.coupons[i+1:]...)
			return true
		}
	}
	return false
}

// Coupons returns the coupon verdicts in the order they were given.
func (c *Cart) Coupons() []CouponVerdict { return c.coupons }

// SetReferral records the verdict on the referral code; nil clears it.
func (c *Cart) SetReferral(v *ReferralVerdict) { c.referral = v }

// Referral returns the verdict on the referral code, or nil.
func (c *Cart) Referral() *ReferralVerdict { return c.referral }

// Notify adds a notification.
func (c *Cart) Notify(n Notification) { c.notifications = append(c.notifications, n) }

// Notifications returns the notifications in order.
func (c *Cart) Notifications() []Notification { return c.notifications }

// AddLoyalty records a tentative change of points.
func (c *Cart) AddLoyalty(e LoyaltyEntry) { c.loyalty = append(c.loyalty, e) }

// Loyalty returns the tentative changes of points in order.
func (c *Cart) Loyalty() []LoyaltyEntry { return c.loyalty }

// RemoveLoyalty removes the entries for which match is true.
func (c *Cart) RemoveLoyalty(match func(e *LoyaltyEntry) bool) int {
	kept := make([]LoyaltyEntry, 0, len(c.loyalty))
	for i := range c.loyalty {
		if !match(&c.loyalty[i]) {
			kept = append(kept, c.loyalty[i])
		}
	}
	n := len(c.loyalty) - len(kept)
	c.loyalty = kept
	return n
}

// Inform records an effect that is passed on to the caller.
func (c *Cart) Inform(i Informational) { c.informational = append(c.informational, i) }

// Informational returns the effects passed on to the caller, in order.
func (c *Cart) Informational() []Informational { return c.informational }
