package engine

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/cartfx/cartfx/apierror"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
)

// ErrProfileNotFound is a customer profile the store does not have
// (Talon.One answers 404).
var ErrProfileNotFound = errors.New("customer profile not found")

// InventoryRequest says what an inventory holds (Talon.One's
// getCustomerInventory query parameters).
type InventoryRequest struct {
	Profile, Coupons, Referrals, Loyalty bool
}

// Inventory is what a customer profile has (Talon.One's
// CustomerInventory): the blocks the request asked for, the others nil.
type Inventory struct {
	Profile *ProfileState
	// Coupons are the coupons reserved for the profile (their recipient):
	// the stored ones oldest first, then by code; then the codes that
	// campaigns list for the profile, in file order, with no Created time
	// (the campaign file says none).
	Coupons []InventoryCoupon
	// Referrals are the referral codes the profile advocates, oldest
	// first, then by code.
	Referrals []InventoryReferral
	Loyalty   *LoyaltyState
}

// CouponState is an inventory coupon's state, as Talon.One names it.
type CouponState string

// The coupon states. A coupon is disabled when its campaign is not in the
// campaign file, not enabled, or over (its end passed); pending when it
// or its campaign starts later; used when its usage limit or its
// per-profile limit is reached, or it expired after the profile redeemed
// it; expired when it expired unredeemed by the profile; active otherwise.
const (
	CouponActive   CouponState = "active"
	CouponUsed     CouponState = "used"
	CouponExpired  CouponState = "expired"
	CouponPending  CouponState = "pending"
	CouponDisabled CouponState = "disabled"
)

// InventoryCoupon is a coupon of a profile's inventory, with its usage.
type InventoryCoupon struct {
	Value           string     `json:"value"`
	CampaignID      int64      `json:"campaignId"`
	UsageLimit      int64      `json:"usageLimit"`
	PerProfileLimit int64      `json:"-"`
	StartDate       *time.Time `json:"startDate,omitempty"`
	ExpiryDate      *time.Time `json:"expiryDate,omitempty"`
	Recipient       string     `json:"recipientIntegrationId,omitempty"`
	Created         time.Time  `json:"created"`
	// UsageCounter counts the coupon's redemptions by anyone;
	// ProfileRedemptionCount the profile's.
	UsageCounter           int64       `json:"usageCounter"`
	ProfileRedemptionCount int64       `json:"profileRedemptionCount"`
	State                  CouponState `json:"state"`
}

// InventoryReferral is a referral code of a profile's inventory, with its
// usage.
type InventoryReferral struct {
	Code         string     `json:"code"`
	CampaignID   int64      `json:"campaignId"`
	Advocate     string     `json:"advocateProfileIntegrationId"`
	Friend       string     `json:"friendProfileIntegrationId,omitempty"`
	UsageLimit   int64      `json:"usageLimit"`
	StartDate    *time.Time `json:"startDate,omitempty"`
	ExpiryDate   *time.Time `json:"expiryDate,omitempty"`
	Created      time.Time  `json:"created"`
	UsageCounter int64      `json:"usageCounter"`
	// ReferredCustomers are the integration IDs of the friends the code
	// referred (Talon.One's referredCustomers), in order, never nil: the
	// profiles whose referral is the code (a friend's close that redeems
	// it sets it; a cancel or a reopen of that close clears it).
	ReferredCustomers []string `json:"referredCustomers"`
}

// Inventory returns what a customer profile has, now: the blocks req
// asks for (Talon.One's List customer data). An unknown profile is
// ErrProfileNotFound.
func (e *Engine) Inventory(ctx context.Context, profileID string, req InventoryRequest) (*Inventory, error) {
	p, err := e.store.Profile(ctx, profileID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &Error{Status: 404, Response: apierror.Response{Message: fmt.Sprintf("no customer profile %q", profileID)},
			kind: ErrProfileNotFound, cause: fmt.Errorf("%w: %q: %w", ErrProfileNotFound, profileID, store.ErrNotFound)}
	}
	if err != nil {
		return nil, fmt.Errorf("engine: reading profile %q: %w", profileID, err)
	}
	now := e.clock()
	out := &Inventory{}
	if req.Profile {
		out.Profile = profileState(p, e.file.Currency)
	}
	if req.Coupons {
		if out.Coupons, err = e.inventoryCoupons(ctx, profileID, now); err != nil {
			return nil, err
		}
	}
	if req.Referrals {
		if out.Referrals, err = e.inventoryReferrals(ctx, profileID); err != nil {
			return nil, err
		}
	}
	if req.Loyalty {
		if out.Loyalty, err = e.profileLoyalty(ctx, profileID, now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (e *Engine) inventoryCoupons(ctx context.Context, profileID string, now time.Time) ([]InventoryCoupon, error) {
	list, err := e.store.ProfileCoupons(ctx, profileID)
	if err != nil {
		return nil, fmt.Errorf("engine: reading the coupons of profile %q: %w", profileID, err)
	}
	out := make([]InventoryCoupon, 0, len(list))
	for _, c := range list {
		ic := InventoryCoupon{Value: c.Code, CampaignID: c.CampaignID, UsageLimit: c.UsageLimit, PerProfileLimit: c.PerProfileLimit,
			StartDate: c.StartDate, ExpiryDate: c.ExpiryDate, Recipient: c.Recipient, Created: c.Created}
		if err := e.couponUsage(ctx, profileID, &ic); err != nil {
			return nil, err
		}
		ic.State = couponState(e.file.Campaign(c.CampaignID), &ic, now)
		out = append(out, ic)
	}
	for _, camp := range e.file.Campaigns {
		s := camp.Coupons
		if s == nil || s.Recipient != profileID {
			continue
		}
		for _, code := range s.Codes {
			ic := InventoryCoupon{Value: code, CampaignID: camp.ID, UsageLimit: s.UsageLimit, PerProfileLimit: s.PerProfileLimit,
				StartDate: s.StartTime, ExpiryDate: s.ExpiryTime, Recipient: s.Recipient}
			if err := e.couponUsage(ctx, profileID, &ic); err != nil {
				return nil, err
			}
			ic.State = couponState(camp, &ic, now)
			out = append(out, ic)
		}
	}
	return out, nil
}

// couponUsage reads an inventory coupon's redemptions: by anyone, and by
// the profile.
func (e *Engine) couponUsage(ctx context.Context, profileID string, ic *InventoryCoupon) error {
	var err error
	if ic.UsageCounter, err = e.store.Counter(ctx, couponUsageKey(ic.CampaignID, ic.Value)); err != nil {
		return fmt.Errorf("engine: reading the usage of coupon %q: %w", ic.Value, err)
	}
	if ic.ProfileRedemptionCount, err = e.store.Counter(ctx, profileCouponKey(ic.CampaignID, profileID, ic.Value)); err != nil {
		return fmt.Errorf("engine: reading the usage of coupon %q: %w", ic.Value, err)
	}
	return nil
}

// couponState is the state of an inventory coupon of campaign camp (nil:
// not in the campaign file) at now; see CouponState.
func couponState(camp *rules.Campaign, c *InventoryCoupon, now time.Time) CouponState {
	switch {
	case camp == nil || camp.State != rules.Enabled || (camp.EndTime != nil && !now.Before(*camp.EndTime)):
		return CouponDisabled
	case (c.StartDate != nil && now.Before(*c.StartDate)) || (camp.StartTime != nil && now.Before(*camp.StartTime)):
		return CouponPending
	case (c.UsageLimit > 0 && c.UsageCounter >= c.UsageLimit) || (c.PerProfileLimit > 0 && c.ProfileRedemptionCount >= c.PerProfileLimit):
		return CouponUsed
	case c.ExpiryDate != nil && !now.Before(*c.ExpiryDate):
		if c.ProfileRedemptionCount > 0 {
			return CouponUsed
		}
		return CouponExpired
	}
	return CouponActive
}

func (e *Engine) inventoryReferrals(ctx context.Context, profileID string) ([]InventoryReferral, error) {
	list, err := e.store.ProfileReferrals(ctx, profileID)
	if err != nil {
		return nil, fmt.Errorf("engine: reading the referrals of profile %q: %w", profileID, err)
	}
	out := make([]InventoryReferral, 0, len(list))
	for _, r := range list {
		used, err := e.store.Counter(ctx, usageKey(r.CampaignID, actionReferralUsage, "referral", r.Code))
		if err != nil {
			return nil, fmt.Errorf("engine: reading the usage of referral %q: %w", r.Code, err)
		}
		referred, err := e.store.ReferredProfiles(ctx, r.Code)
		if err != nil {
			return nil, fmt.Errorf("engine: reading the profiles referral %q referred: %w", r.Code, err)
		}
		if referred == nil {
			referred = []string{}
		}
		out = append(out, InventoryReferral{Code: r.Code, CampaignID: r.CampaignID, Advocate: r.Advocate, Friend: r.Friend,
			UsageLimit: r.UsageLimit, StartDate: r.StartDate, ExpiryDate: r.ExpiryDate, Created: r.Created, UsageCounter: used,
			ReferredCustomers: referred})
	}
	return out, nil
}

// profileLoyalty is a profile's balances in every program of the campaign
// file, at now; nothing is tentative, so the tentative balances are the
// balances.
func (e *Engine) profileLoyalty(ctx context.Context, profileID string, now time.Time) (*LoyaltyState, error) {
	st := &LoyaltyState{Programs: map[string]ProgramLedger{}}
	for _, prog := range e.file.LoyaltyPrograms {
		txns, err := e.store.Loyalty(ctx, profileID, prog.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("engine: reading the loyalty of profile %q: %w", profileID, err)
		}
		b := balanceOf(txns, now)
		st.Programs[strconv.FormatInt(prog.ID, 10)] = ProgramLedger{ID: prog.ID, Name: prog.Name, Ledger: LoyaltyLedger{
			CurrentBalance: points(b.current), PendingBalance: points(b.pending),
			ExpiredBalance: points(b.expired), SpentBalance: points(b.spent),
			TentativeCurrentBalance: points(b.current), TentativePendingBalance: points(b.pending),
		}}
	}
	return st, nil
}
