package server

import (
	"context"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
)

// TestInventory: a profile's reserved coupons (one redeemed by a close,
// one expired), its referral code (which referred cat) and its points, block by block as the
// query asks; an unknown profile is 404, a query that is not a boolean
// 400.
func TestInventory(t *testing.T) {
	mem := store.NewMemory()
	past := testNow.Add(-time.Hour)
	if err := mem.Commit(context.Background(), &store.ChangeSet{
		Profiles: []*store.Profile{{ID: "ann", Created: testNow.Add(-48 * time.Hour)}, {ID: "cat", ReferredBy: "REF-ANN", Created: testNow.Add(-5 * time.Hour)}},
		NewCoupons: []*store.Coupon{
			{Code: "WELCOME-ANN", CampaignID: 3, UsageLimit: 1, Recipient: "ann", Created: testNow.Add(-24 * time.Hour)},
			{Code: "GOLD-000001", CampaignID: 5, UsageLimit: 1, Recipient: "ann", ExpiryDate: &past, Created: testNow.Add(-20 * time.Hour)},
			{Code: "GOLD-000002", CampaignID: 5, UsageLimit: 1, Recipient: "bob", Created: testNow.Add(-20 * time.Hour)},
		},
		NewReferrals: []*store.Referral{{Code: "REF-ANN", CampaignID: 3, Advocate: "ann", UsageLimit: 2, Created: testNow.Add(-10 * time.Hour)}},
	}); err != nil {
		t.Fatal(err)
	}
	_, ts := newTest(t, func(c *Config) { c.Store = mem })
	inv := "/v1/customer_profiles/ann/inventory"
	got := replay(t, ts, []exchange{
		{name: "ann closes a session with her coupon", method: "PUT", path: "/v2/customer_sessions/ann-1",
			body: `{"customerSession": {"profileId": "ann", "state": "closed", "couponCodes": ["WELCOME-ANN"], "cartItems": [` + shoes + `]}}`},
		{name: "everything", method: "GET", path: inv + "?profile=true&coupons=true&referrals=true&loyalty=true&giveaways=true"},
		{name: "nothing asked, nothing answered", method: "GET", path: inv},
		{name: "coupons only", method: "GET", path: inv + "?coupons=true&referrals=false"},
		{name: "an unknown profile", method: "GET", path: "/v1/customer_profiles/nobody/inventory?coupons=true"},
		{name: "a query that is not a boolean", method: "GET", path: inv + "?loyalty=yes"},
		{name: "only GET", method: "POST", path: inv, body: `{}`},
	})
	golden(t, "inventory.golden", got)
}
