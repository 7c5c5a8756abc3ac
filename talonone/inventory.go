package talonone

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/cartfx/cartfx/engine"
)

// InventoryOptions say what an inventory read includes.
type InventoryOptions struct {
	Profile, Referrals, Coupons, Loyalty, Giveaways bool
}

// Inventory is a customer's inventory (Talon.One's CustomerInventory):
// the profile, the coupons and referral codes the profile may use, and
// its loyalty.
type Inventory struct {
	Profile   *engine.ProfileState `json:"profile,omitempty"`
	Loyalty   *engine.LoyaltyState `json:"loyalty,omitempty"`
	Referrals []InventoryReferral  `json:"referrals"`
	Coupons   []InventoryCoupon    `json:"coupons"`
	// Giveaways are passed through as Talon.One wrote them.
	Giveaways []json.RawMessage `json:"giveaways,omitempty"`
}

// InventoryCoupon is Talon.One's InventoryCoupon.
type InventoryCoupon struct {
	ID                     int64      `json:"id"`
	Created                time.Time  `json:"created"`
	CampaignID             int64      `json:"campaignId"`
	Value                  string     `json:"value"`
	UsageLimit             int64      `json:"usageLimit"`
	StartDate              *time.Time `json:"startDate,omitempty"`
	ExpiryDate             *time.Time `json:"expiryDate,omitempty"`
	UsageCounter           int64      `json:"usageCounter"`
	RecipientIntegrationID string     `json:"recipientIntegrationId,omitempty"`
	ProfileRedemptionCount int64      `json:"profileRedemptionCount"`
	// State is active, used, expired, pending or disabled.
	State string `json:"state"`
}

// InventoryReferral is Talon.One's InventoryReferral.
type InventoryReferral struct {
	ID                           int64      `json:"id"`
	Created                      time.Time  `json:"created"`
	StartDate                    *time.Time `json:"startDate,omitempty"`
	ExpiryDate                   *time.Time `json:"expiryDate,omitempty"`
	UsageLimit                   int64      `json:"usageLimit"`
	CampaignID                   int64      `json:"campaignId"`
	AdvocateProfileIntegrationID string     `json:"advocateProfileIntegrationId"`
	FriendProfileIntegrationID   string     `json:"friendProfileIntegrationId,omitempty"`
	Code                         string     `json:"code"`
	UsageCounter                 int64      `json:"usageCounter"`
	ReferredCustomers            []string   `json:"referredCustomers"`
}

// Inventory reads a customer's inventory (getCustomerInventory).
func (c *Client) Inventory(ctx context.Context, profileID string, opts InventoryOptions) (*Inventory, error) {
	path := "/v1/customer_profiles/" + url.PathEscape(profileID) + "/inventory"
	var q []string
	for _, f := range []struct {
		on   bool
		name string
	}{{opts.Profile, "profile"}, {opts.Referrals, "referrals"}, {opts.Coupons, "coupons"}, {opts.Loyalty, "loyalty"}, {opts.Giveaways, "giveaways"}} {
		if f.on {
			q = append(q, f.name+"=true")
		}
	}
	data, err := c.do(ctx, request{method: "GET", path: path, query: strings.Join(q, "&"), safe: true})
	if err != nil {
		return nil, err
	}
	var raw struct {
		Inventory
		Loyalty *loyaltyV2 `json:"loyalty"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("talonone: GET %s: the answer is not a CustomerInventory: %w", path, err)
	}
	out := raw.Inventory
	if raw.Loyalty != nil {
		out.Loyalty = &engine.LoyaltyState{Programs: map[string]engine.ProgramLedger{}}
		for k, p := range raw.Loyalty.Programs {
			name := p.Name
			if name == "" {
				name = p.Title
			}
			out.Loyalty.Programs[k] = engine.ProgramLedger{ID: p.ID, Name: name, Ledger: p.Ledger}
		}
	}
	out.Coupons, out.Referrals = nonNilOf(out.Coupons), nonNilOf(out.Referrals)
	return &out, nil
}
