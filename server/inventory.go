package server

import (
	"net/http"
	"time"

	"github.com/cartfx/cartfx/engine"
)

// inventoryV2 is CustomerInventory: the blocks the query asked for.
type inventoryV2 struct {
	Profile   *profileV2             `json:"profile,omitempty"`
	Loyalty   *loyaltyV2             `json:"loyalty,omitempty"`
	Referrals *[]inventoryReferralV2 `json:"referrals,omitempty"`
	Coupons   *[]inventoryCouponV2   `json:"coupons,omitempty"`
	Giveaways *[]any                 `json:"giveaways,omitempty"`
}

// inventoryCouponV2 is InventoryCoupon: a Coupon with the profile's
// redemptions and the coupon's state.
type inventoryCouponV2 struct {
	couponV2
	ProfileRedemptionCount int64  `json:"profileRedemptionCount"`
	State                  string `json:"state"`
}

// inventoryReferralV2 is InventoryReferral: a Referral with the friends
// it referred.
type inventoryReferralV2 struct {
	referralV2
	ReferredCustomers []string `json:"referredCustomers"`
}

// inventory is GET /v1/customer_profiles/{id}/inventory
// (getCustomerInventory): the blocks that profile=, coupons=, referrals=,
// loyalty= and giveaways= ask for (cartfx has no giveaways: that block is
// always empty).
func (s *Server) inventory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var req engine.InventoryRequest
	var giveaways bool
	query := r.URL.Query()
	for _, q := range []struct {
		name string
		to   *bool
	}{{"profile", &req.Profile}, {"coupons", &req.Coupons}, {"referrals", &req.Referrals}, {"loyalty", &req.Loyalty}, {"giveaways", &giveaways}} {
		v, aerr := boolQuery(query, q.name)
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		*q.to = v
	}
	st := s.cur.Load()
	inv, err := st.eng.Inventory(r.Context(), id, req)
	if err != nil {
		writeError(w, fromEngine(err, "integrationId", false))
		return
	}
	v := &view{s: s, st: st, now: s.cfg.Clock().UTC()}
	out := inventoryV2{Profile: v.profile(inv.Profile)}
	if inv.Loyalty != nil {
		out.Loyalty = v.loyalty(*inv.Loyalty)
	}
	if req.Coupons {
		list := make([]inventoryCouponV2, 0, len(inv.Coupons))
		for _, c := range inv.Coupons {
			list = append(list, inventoryCouponV2{couponV2: couponV2{ID: entityID(kindCoupon, c.Value), Created: v.codeCreated(c.Created, c.CampaignID), CampaignID: c.CampaignID,
				Value: c.Value, UsageLimit: c.UsageLimit, StartDate: c.StartDate, ExpiryDate: c.ExpiryDate, Limits: []any{},
				UsageCounter: c.UsageCounter, RecipientIntegrationID: c.Recipient, Reservation: true},
				ProfileRedemptionCount: c.ProfileRedemptionCount, State: string(c.State)})
		}
		out.Coupons = &list
	}
	if req.Referrals {
		list := make([]inventoryReferralV2, 0, len(inv.Referrals))
		for _, rf := range inv.Referrals {
			list = append(list, inventoryReferralV2{referralV2: referralV2{ID: entityID(kindReferral, rf.Code), Created: rf.Created.UTC(), StartDate: rf.StartDate,
				ExpiryDate: rf.ExpiryDate, UsageLimit: rf.UsageLimit, CampaignID: rf.CampaignID,
				AdvocateProfileIntegrationID: rf.Advocate, FriendProfileIntegrationID: rf.Friend, Code: rf.Code, UsageCounter: rf.UsageCounter},
				ReferredCustomers: rf.ReferredCustomers})
		}
		out.Referrals = &list
	}
	if giveaways {
		out.Giveaways = &[]any{}
	}
	writeJSON(w, http.StatusOK, out)
}

// codeCreated is a coupon's creation: as stored, or for a code that its
// campaign lists (which the store does not hold), the campaign's.
func (v *view) codeCreated(created time.Time, campaign int64) time.Time {
	if created.IsZero() {
		if c, ok := v.st.campaigns[campaign]; ok {
			return c.Created
		}
	}
	return created.UTC()
}
