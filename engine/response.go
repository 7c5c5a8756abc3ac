package engine

import (
	"encoding/json"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/shopspring/decimal"
)

// Response is the answer to a session update, a return or a reopen: the
// fields of Talon.One's IntegrationStateV2 and the cart's receipt.
type Response struct {
	// Effects is the full snapshot of the effects that hold for the session
	// as it now is, in evaluation order (or the rollback effects of a
	// cancel, a reopen or a return).
	Effects          []effects.Effect    `json:"effects"`
	CreatedCoupons   []CreatedCoupon     `json:"createdCoupons"`
	CreatedReferrals []CreatedReferral   `json:"createdReferrals"`
	CustomerSession  *SessionState       `json:"customerSession"`
	CustomerProfile  *ProfileState       `json:"customerProfile"`
	Loyalty          LoyaltyState        `json:"loyalty"`
	Triggered        []TriggeredCampaign `json:"triggeredCampaigns"`
	RuleFailures     []RuleFailureReason `json:"ruleFailureReasons"`
	// Cart is the receipt of the cart after the effects.
	Cart *cart.Receipt `json:"cart"`
	// Return is what a return refunds, unit by unit; only on returns.
	Return *ReturnSummary `json:"return,omitempty"`
}

// ReturnSummary is what a return gives back: each returned unit's price
// less exactly the discounts its ledger holds.
type ReturnSummary struct {
	Items  []ReturnedUnit `json:"returnedUnits"`
	Refund cart.Money     `json:"refundTotal"`
}

// ReturnedUnit is one returned unit and its refund.
type ReturnedUnit struct {
	Position    int        `json:"position"`
	SubPosition int        `json:"subPosition"`
	SKU         string     `json:"sku"`
	Price       cart.Money `json:"price"`
	Discount    cart.Money `json:"discount"`
	Refund      cart.Money `json:"refund"`
}

// CreatedCoupon is a coupon that a rule created (couponCreated). It becomes
// a real coupon when the session closes.
type CreatedCoupon struct {
	CampaignID int64      `json:"campaignId"`
	Value      string     `json:"value"`
	Recipient  string     `json:"recipientIntegrationId,omitempty"`
	UsageLimit int64      `json:"usageLimit"`
	StartDate  *time.Time `json:"startDate,omitempty"`
	ExpiryDate *time.Time `json:"expiryDate,omitempty"`
}

// CreatedReferral is a referral code that a rule created
// (referralCreated) for the session's profile, the advocate.
type CreatedReferral struct {
	CampaignID int64      `json:"campaignId"`
	Code       string     `json:"code"`
	Advocate   string     `json:"advocateProfileIntegrationId"`
	Friend     string     `json:"friendProfileIntegrationId,omitempty"`
	UsageLimit int64      `json:"usageLimit"`
	StartDate  *time.Time `json:"startDate,omitempty"`
	ExpiryDate *time.Time `json:"expiryDate,omitempty"`
}

// SessionState is the stored session (Talon.One's CustomerSessionV2):
// what the updates merged, its state and its totals before discounts.
type SessionState struct {
	IntegrationID   string            `json:"integrationId"`
	ProfileID       string            `json:"profileId"`
	State           cart.State        `json:"state"`
	CouponCodes     []string          `json:"couponCodes"`
	ReferralCode    string            `json:"referralCode"`
	LoyaltyCards    []string          `json:"loyaltyCards"`
	Identifiers     []string          `json:"identifiers"`
	Attributes      map[string]any    `json:"attributes"`
	AdditionalCosts map[string]Price  `json:"additionalCosts"`
	CartItems       []SessionCartItem `json:"cartItems"`
	Total           cart.Money        `json:"total"`
	CartItemTotal   cart.Money        `json:"cartItemTotal"`
	AdditionalCost  cart.Money        `json:"additionalCostTotal"`
	ItemCostTotal   cart.Money        `json:"cartItemAdditionalCostTotal"`
	// Created is when the session was first stored, Updated the time of
	// the commit that left it so, and Version the count of its commits
	// (Talon.One's updateCount); a session that is not stored (a dry run)
	// has the evaluation's time for both and Version 0. They are not in
	// the engine's JSON: the server answers them in Talon.One's shape.
	Created time.Time `json:"-"`
	Updated time.Time `json:"-"`
	Version int64     `json:"-"`
}

// Price is an additional cost's price.
type Price struct {
	Price cart.Money `json:"price"`
}

// SessionCartItem is a cart item of the stored session.
type SessionCartItem struct {
	Position          int              `json:"position"`
	SKU               string           `json:"sku"`
	Name              string           `json:"name,omitempty"`
	Quantity          int              `json:"quantity"`
	ReturnedQuantity  int              `json:"returnedQuantity"`
	RemainingQuantity int              `json:"remainingQuantity"`
	Price             cart.Money       `json:"price"`
	Category          string           `json:"category,omitempty"`
	Attributes        map[string]any   `json:"attributes,omitempty"`
	AdditionalCosts   map[string]Price `json:"additionalCosts,omitempty"`
}

// ProfileState is the customer profile after the update.
type ProfileState struct {
	IntegrationID  string         `json:"integrationId"`
	Attributes     map[string]any `json:"attributes"`
	ClosedSessions int64          `json:"closedSessions"`
	TotalSales     cart.Money     `json:"totalSales"`
	// Created is when the profile was first stored (or, for a profile not
	// stored yet, the time of the answer); LastActivity is its last
	// activity as the answer leaves it (store.Profile.LastActivity: zero
	// for none). Neither is in the engine's JSON.
	Created      time.Time `json:"-"`
	LastActivity time.Time `json:"-"`
}

// LoyaltyState is the profile's loyalty balances by program ID, with the
// tentative balances that this session would leave.
type LoyaltyState struct {
	Programs map[string]ProgramLedger `json:"programs"`
}

// ProgramLedger is one program's balances.
type ProgramLedger struct {
	ID     int64         `json:"id"`
	Name   string        `json:"name"`
	Ledger LoyaltyLedger `json:"ledger"`
}

// LoyaltyLedger holds a program's balances in points: active, pending
// (earned but not yet active), expired and spent, and the current and
// pending balances after this session's tentative effects.
type LoyaltyLedger struct {
	CurrentBalance          Points `json:"currentBalance"`
	PendingBalance          Points `json:"pendingBalance"`
	ExpiredBalance          Points `json:"expiredBalance"`
	SpentBalance            Points `json:"spentBalance"`
	TentativeCurrentBalance Points `json:"tentativeCurrentBalance"`
	TentativePendingBalance Points `json:"tentativePendingBalance"`
}

// Points is a number of loyalty points, written as a JSON number.
type Points = cart.Points

// TriggeredCampaign is a campaign whose rules triggered.
type TriggeredCampaign struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Group string `json:"evaluationGroup"`
}

// RuleFailureReason says why a rule did not trigger.
type RuleFailureReason struct {
	CampaignID     int64  `json:"campaignID"`
	CampaignName   string `json:"campaignName"`
	RulesetID      int64  `json:"rulesetID"`
	CouponValue    string `json:"couponValue,omitempty"`
	ReferralValue  string `json:"referralValue,omitempty"`
	RuleIndex      int    `json:"ruleIndex"`
	RuleName       string `json:"ruleName"`
	ConditionIndex *int   `json:"conditionIndex,omitempty"`
	EffectIndex    *int   `json:"effectIndex,omitempty"`
	Details        string `json:"details,omitempty"`
}

// jsonAttributes converts attribute values to what encoding/json writes
// exactly: decimals as JSON numbers (never through float64), times as RFC
// 3339 text.
// A map holding no such value is returned as it is: attribute maps are
// replaced, never changed in place, once parsed.
func jsonAttributes(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	plain := true
	for _, v := range m {
		switch v.(type) {
		case decimal.Decimal, []decimal.Decimal, time.Time:
			plain = false
		}
		if !plain {
			break
		}
	}
	if plain {
		return m
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch x := v.(type) {
		case decimal.Decimal:
			out[k] = json.Number(x.String())
		case []decimal.Decimal:
			ns := make([]json.Number, len(x))
			for i, d := range x {
				ns[i] = json.Number(d.String())
			}
			out[k] = ns
		case time.Time:
			out[k] = x.UTC().Format(time.RFC3339Nano)
		default:
			out[k] = v
		}
	}
	return out
}

func sessionState(id string, s *cart.Session, returned map[int]int, c *cart.Cart) *SessionState {
	cur := s.Currency
	money := cur.Money
	st := &SessionState{
		IntegrationID: id, ProfileID: s.ProfileID, State: s.State,
		CouponCodes: nonNil(s.CouponCodes), ReferralCode: s.ReferralCode,
		LoyaltyCards: nonNil(s.LoyaltyCards), Identifiers: nonNil(s.Identifiers),
		Attributes: jsonAttributes(s.Attributes), AdditionalCosts: map[string]Price{},
		CartItems: make([]SessionCartItem, 0, len(s.CartItems)),
	}
	for _, ac := range s.AdditionalCosts {
		st.AdditionalCosts[ac.Name] = Price{money(ac.Price)}
	}
	pos := 0
	for i := range s.CartItems {
		it := &s.CartItems[i]
		if it.Free() {
			continue
		}
		// Filled in place: an item is large, and holds pointers.
		st.CartItems = st.CartItems[:pos+1]
		item := &st.CartItems[pos]
		item.Position, item.SKU, item.Name, item.Quantity = pos, it.SKU, it.Name, it.Quantity
		item.ReturnedQuantity, item.RemainingQuantity = returned[pos], it.Quantity-returned[pos]
		item.Price, item.Category = money(it.Price), it.Category
		if len(it.Attributes) > 0 {
			item.Attributes = jsonAttributes(it.Attributes)
		}
		if len(it.AdditionalCosts) > 0 {
			item.AdditionalCosts = map[string]Price{}
			for _, ac := range it.AdditionalCosts {
				item.AdditionalCosts[ac.Name] = Price{money(ac.Price)}
			}
		}
		pos++
	}
	if c != nil {
		t := c.Totals()
		st.Total, st.CartItemTotal = money(t.Subtotal), money(t.CartItems)
		st.AdditionalCost, st.ItemCostTotal = money(t.AdditionalCosts), money(t.ItemAdditionalCosts)
	}
	return st
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
