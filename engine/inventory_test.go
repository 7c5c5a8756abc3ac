package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// seedInventory stores ann's profile, coupons of every state, a referral
// code of hers (used once, by cat) and points, and bob's coupon and
// referral.
func seedInventory(t *testing.T, s store.Store) {
	t.Helper()
	at := func(d time.Duration) *time.Time { v := testNow.Add(d); return &v }
	created := func(i int) time.Time { return testNow.Add(-time.Duration(10-i) * time.Hour) }
	coupon := func(i int, code string, campaign int64, change func(*store.Coupon)) *store.Coupon {
		c := &store.Coupon{Code: code, CampaignID: campaign, UsageLimit: 5, Recipient: "ann", Created: created(i)}
		if change != nil {
			change(c)
		}
		return c
	}
	key := func(code string) store.CounterKey {
		return store.CounterKey{CampaignID: 2, Action: "couponUsage", Per: "coupon", Subject: code}
	}
	mine := func(code string) store.CounterKey {
		return store.CounterKey{CampaignID: 2, Action: "couponUsage", Per: "profile", Subject: "ann/" + code}
	}
	cs := &store.ChangeSet{
		Profiles: []*store.Profile{{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: created(0)}, {ID: "bob", Created: created(0)},
			{ID: "cat", ReferredBy: "REF-ANN", Created: created(3)}},
		NewCoupons: []*store.Coupon{
			coupon(1, "ACTIVE", 2, nil),
			coupon(2, "PENDING", 2, func(c *store.Coupon) { c.StartDate = at(time.Hour) }),
			coupon(3, "USED", 2, func(c *store.Coupon) { c.UsageLimit = 1 }),
			coupon(4, "MINE-USED", 2, func(c *store.Coupon) { c.PerProfileLimit = 1 }),
			coupon(5, "EXPIRED", 2, func(c *store.Coupon) { c.ExpiryDate = at(-time.Hour) }),
			coupon(6, "EXPIRED-REDEEMED", 2, func(c *store.Coupon) { c.ExpiryDate = at(-time.Hour) }),
			coupon(7, "DISABLED", 4, nil),
			coupon(8, "NO-CAMPAIGN", 99, nil),
			coupon(9, "BOBS", 2, func(c *store.Coupon) { c.Recipient = "bob" }),
		},
		NewReferrals: []*store.Referral{
			{Code: "REF-ANN", CampaignID: 2, Advocate: "ann", UsageLimit: 3, ExpiryDate: at(24 * time.Hour), Created: created(1)},
			{Code: "REF-BOB", CampaignID: 2, Advocate: "bob", Created: created(2)},
		},
		Counters: []store.CounterAdd{
			{Key: key("ACTIVE"), Delta: 2}, {Key: key("USED"), Delta: 1}, {Key: key("MINE-USED"), Delta: 1}, {Key: mine("MINE-USED"), Delta: 1},
			{Key: key("EXPIRED-REDEEMED"), Delta: 1}, {Key: mine("EXPIRED-REDEEMED"), Delta: 1},
			{Key: store.CounterKey{CampaignID: 2, Action: "referralUsage", Per: "referral", Subject: "REF-ANN"}, Delta: 1},
		},
		Loyalty: []store.LoyaltyTxn{{ID: "t1", ProfileID: "ann", ProgramID: 1, Name: "Points", Points: decimal.NewFromInt(30),
			Created: testNow.Add(-30 * 24 * time.Hour), ActiveFrom: testNow.Add(-16 * 24 * time.Hour)}},
	}
	if err := s.Commit(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
}

func TestInventory(t *testing.T) {
	e := newEngine(t, shopCampaigns, WithStore(store.NewMemory()))
	seedInventory(t, e.Store())
	got, err := e.Inventory(context.Background(), "ann", InventoryRequest{Profile: true, Coupons: true, Referrals: true, Loyalty: true})
	if err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration) *time.Time { v := testNow.Add(d); return &v }
	created := func(i int) time.Time { return testNow.Add(-time.Duration(10-i) * time.Hour) }
	c := func(i int, code string, campaign, limit, perProfile, used, mine int64, state CouponState) InventoryCoupon {
		return InventoryCoupon{Value: code, CampaignID: campaign, UsageLimit: limit, PerProfileLimit: perProfile, Recipient: "ann",
			Created: created(i), UsageCounter: used, ProfileRedemptionCount: mine, State: state}
	}
	pending := c(2, "PENDING", 2, 5, 0, 0, 0, CouponPending)
	pending.StartDate = at(time.Hour)
	expired := c(5, "EXPIRED", 2, 5, 0, 0, 0, CouponExpired)
	expired.ExpiryDate = at(-time.Hour)
	expiredRedeemed := c(6, "EXPIRED-REDEEMED", 2, 5, 0, 1, 1, CouponUsed)
	expiredRedeemed.ExpiryDate = at(-time.Hour)
	pts := func(n int64) Points { return Points{Decimal: decimal.NewFromInt(n)} }
	want := &Inventory{
		Profile: &ProfileState{IntegrationID: "ann", Attributes: map[string]any{"tier": "gold"}, TotalSales: e.File().Currency.Money(0), Created: created(0)},
		Coupons: []InventoryCoupon{
			c(1, "ACTIVE", 2, 5, 0, 2, 0, CouponActive),
			pending,
			c(3, "USED", 2, 1, 0, 1, 0, CouponUsed),
			c(4, "MINE-USED", 2, 5, 1, 1, 1, CouponUsed),
			expired,
			expiredRedeemed,
			c(7, "DISABLED", 4, 5, 0, 0, 0, CouponDisabled),
			c(8, "NO-CAMPAIGN", 99, 5, 0, 0, 0, CouponDisabled),
		},
		Referrals: []InventoryReferral{{Code: "REF-ANN", CampaignID: 2, Advocate: "ann", UsageLimit: 3, ExpiryDate: at(24 * time.Hour),
			Created: created(1), UsageCounter: 1, ReferredCustomers: []string{"cat"}}},
		Loyalty: &LoyaltyState{Programs: map[string]ProgramLedger{"1": {ID: 1, Name: "Club", Ledger: LoyaltyLedger{
			CurrentBalance: pts(30), PendingBalance: pts(0), ExpiredBalance: pts(0), SpentBalance: pts(0),
			TentativeCurrentBalance: pts(30), TentativePendingBalance: pts(0)}}}},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("inventory (-want +got):\n%s", diff)
	}

	only, err := e.Inventory(context.Background(), "ann", InventoryRequest{Referrals: true})
	if err != nil {
		t.Fatal(err)
	}
	if only.Profile != nil || only.Coupons != nil || only.Loyalty != nil || len(only.Referrals) != 1 {
		t.Errorf("referrals only: %+v", only)
	}
	empty, err := e.Inventory(context.Background(), "bob", InventoryRequest{Coupons: true, Loyalty: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(empty.Coupons) != 1 || empty.Coupons[0].Value != "BOBS" || empty.Coupons[0].ProfileRedemptionCount != 0 {
		t.Errorf("bob's coupons: %+v", empty.Coupons)
	}

	_, err = e.Inventory(context.Background(), "nobody", InventoryRequest{Coupons: true})
	var ee *Error
	if !errors.Is(err, ErrProfileNotFound) || !errors.As(err, &ee) || ee.Status != 404 {
		t.Fatalf("unknown profile: %v, want ErrProfileNotFound with status 404", err)
	}
}

// TestInventoryReferredCustomers: a referral code's referred customers
// are the friends whose close redeemed it, until the close is cancelled;
// a code nobody redeemed has none ([], not null).
func TestInventoryReferredCustomers(t *testing.T) {
	e := newEngine(t, referralCampaigns)
	ctx := context.Background()
	code := invite(t, e, "ann-1", "ann")
	referred := func(want ...string) {
		if want == nil {
			want = []string{}
		}
		t.Helper()
		inv, err := e.Inventory(ctx, "ann", InventoryRequest{Referrals: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(inv.Referrals) != 1 || inv.Referrals[0].Code != code {
			t.Fatalf("ann's referrals %+v, want %s", inv.Referrals, code)
		}
		if diff := cmp.Diff(want, inv.Referrals[0].ReferredCustomers); diff != "" {
			t.Errorf("referred customers (-want +got):\n%s", diff)
		}
	}
	referred()
	update(t, e, "bob-1", friendSession("bob", code))
	referred() // an open session redeems nothing yet
	update(t, e, "bob-1", `{"state": "closed"}`)
	referred("bob")
	update(t, e, "bob-1", `{"state": "cancelled"}`)
	referred()
}

// TestInventoryListedCodes: the codes a campaign lists for a profile are
// in its inventory after the stored ones, with their usage, and only in
// its inventory.
func TestInventoryListedCodes(t *testing.T) {
	const campaigns = `
currency: EUR
campaigns:
  - id: 7
    name: VIP codes
    features: [coupons]
    coupons:
      codes: [VIP-1, VIP-2]
      usageLimit: 10
      perProfileLimit: 1
      recipient: ann
    rules:
      - name: five off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: VIP
            value: 5
`
	e := newEngine(t, campaigns, WithStore(store.NewMemory()))
	if err := e.Store().Commit(context.Background(), &store.ChangeSet{
		Profiles:   []*store.Profile{{ID: "ann", Created: testNow}, {ID: "bob", Created: testNow}},
		NewCoupons: []*store.Coupon{{Code: "STORED", CampaignID: 7, UsageLimit: 1, Recipient: "ann", Created: testNow}},
		Counters: []store.CounterAdd{
			{Key: store.CounterKey{CampaignID: 7, Action: "couponUsage", Per: "coupon", Subject: "VIP-1"}, Delta: 3},
			{Key: store.CounterKey{CampaignID: 7, Action: "couponUsage", Per: "profile", Subject: "ann/VIP-1"}, Delta: 1},
		},
	}); err != nil {
		t.Fatal(err)
	}
	got, err := e.Inventory(context.Background(), "ann", InventoryRequest{Coupons: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []InventoryCoupon{
		{Value: "STORED", CampaignID: 7, UsageLimit: 1, Recipient: "ann", Created: testNow, State: CouponActive},
		{Value: "VIP-1", CampaignID: 7, UsageLimit: 10, PerProfileLimit: 1, Recipient: "ann", UsageCounter: 3, ProfileRedemptionCount: 1, State: CouponUsed},
		{Value: "VIP-2", CampaignID: 7, UsageLimit: 10, PerProfileLimit: 1, Recipient: "ann", State: CouponActive},
	}
	if diff := cmp.Diff(want, got.Coupons); diff != "" {
		t.Errorf("ann's coupons (-want +got):\n%s", diff)
	}
	bob, err := e.Inventory(context.Background(), "bob", InventoryRequest{Coupons: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]InventoryCoupon{}, bob.Coupons); diff != "" {
		t.Errorf("bob's coupons (-want +got):\n%s", diff)
	}
}
