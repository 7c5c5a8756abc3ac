package postgres_test

import (
	"fmt"
	"testing"

	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
	"github.com/google/go-cmp/cmp"
)

// Four replicas (engines, each with its own pool) on one database, 64
// sessions closing at once: the limits hold across all of them.

const (
	replicaCount = 4
	closers      = 64
)

const limitedCoupon = `
currency: EUR
campaigns:
  - id: 1
    name: Ten off
    features: [coupons]
    coupons:
      codes: [SAVE10]
      usageLimit: 10
    rules:
      - name: ten off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Coupon ten off
            value: 10
`

// A coupon limited to 10: exactly 10 closes accept it, the other 54 are
// told CouponLimitReached, and the counter is 10.
func TestReplicasRedeemALimitedCouponTenTimes(t *testing.T) {
	db := postgrestest.New(t)
	engines := replicas(t, db, loadCampaigns(t, limitedCoupon), replicaCount)
	got := tally(closeAll(t, engines, closers, func(i int) string { return cart50(fmt.Sprintf("p%03d", i), "SAVE10") }))
	want := map[string]int{
		"1 acceptCoupon {\"value\":\"SAVE10\"}\n1 setDiscount {\"name\":\"Coupon ten off\",\"value\":10.00}\n": 10,
		"1 rejectCoupon {\"value\":\"SAVE10\",\"rejectionReason\":\"CouponLimitReached\"}\n":                   closers - 10,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("responses by effects (-want +got):\n%s", diff)
	}
	key := store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE10"}
	if v := counter(t, engines[0].Store(), key); v != 10 {
		t.Errorf("the coupon's counter is %d, want 10", v)
	}
}

const budget100 = `
currency: EUR
campaigns:
  - id: 1
    name: Fifteen off
    partialDiscounts: true
    limits:
      - action: setDiscount
        limit: 100
    rules:
      - name: fifteen off
        condition: Session.CartItemTotal > 0
        effects:
          - type: setDiscount
            name: Fifteen off
            value: 15
`

// A 100.00 budget of 15.00 discounts: six closes get 15.00, one the 10.00
// left (partially), the other 57 nothing; the budget is spent to the
// cent, never past it.
func TestReplicasNeverOverspendABudget(t *testing.T) {
	db := postgrestest.New(t)
	engines := replicas(t, db, loadCampaigns(t, budget100), replicaCount)
	got := tally(closeAll(t, engines, closers, func(i int) string { return cart50(fmt.Sprintf("p%03d", i)) }))
	want := map[string]int{
		"1 setDiscount {\"name\":\"Fifteen off\",\"value\":15.00}\n":                        6,
		"1 setDiscount {\"name\":\"Fifteen off\",\"value\":10.00,\"desiredValue\":15.00}\n": 1,
		"": closers - 7,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("responses by effects (-want +got):\n%s", diff)
	}
	key := store.CounterKey{CampaignID: 1, Action: "setDiscount", Per: "campaign"}
	if v := counter(t, engines[0].Store(), key); v != 10000 {
		t.Errorf("the budget used is %d cents, want 10000", v)
	}
}

const perProfileCoupon = `
currency: EUR
campaigns:
  - id: 1
    name: Three times each
    features: [coupons]
    coupons:
      codes: [THRICE]
      perProfileLimit: 3
    rules:
      - name: five off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Five off
            value: 5
`

// One profile's 64 sessions, closed at once across the replicas, redeem a
// coupon limited to 3 per profile 3 times; each of another profile's
// sessions still redeems it.
func TestReplicasHoldAPerProfileLimit(t *testing.T) {
	db := postgrestest.New(t)
	engines := replicas(t, db, loadCampaigns(t, perProfileCoupon), replicaCount)
	got := tally(closeAll(t, engines, closers, func(i int) string {
		if i%8 == 7 {
			return cart50(fmt.Sprintf("other%03d", i), "THRICE")
		}
		return cart50("ann", "THRICE")
	}))
	accepted := "1 acceptCoupon {\"value\":\"THRICE\"}\n1 setDiscount {\"name\":\"Five off\",\"value\":5.00}\n"
	want := map[string]int{
		accepted: 3 + closers/8,
		"1 rejectCoupon {\"value\":\"THRICE\",\"rejectionReason\":\"ProfileLimitReached\"}\n": closers - closers/8 - 3,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("responses by effects (-want +got):\n%s", diff)
	}
	key := store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "profile", Subject: "ann/THRICE"}
	if v := counter(t, engines[0].Store(), key); v != 3 {
		t.Errorf("ann's counter is %d, want 3", v)
	}
}

const pointsPerEuro = `
currency: EUR
loyaltyPrograms:
  - id: 1
    name: Club
campaigns:
  - id: 1
    name: Points
    features: [loyalty]
    rules:
      - name: a point per euro
        condition: Session.ProfileId != ""
        effects:
          - type: addLoyaltyPoints
            name: Points
            program: 1
            value: Session.CartItemTotal - Session.CartItemTotal % 1
`

// One profile's 64 sessions closed at once across the replicas: every
// close counts in the profile's statistics and adds its points.
func TestReplicasCountEveryCloseOfOneProfile(t *testing.T) {
	db := postgrestest.New(t)
	engines := replicas(t, db, loadCampaigns(t, pointsPerEuro), replicaCount)
	closeAll(t, engines, closers, func(int) string { return cart50("bob") })
	p, err := engines[0].Store().Profile(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if p.ClosedSessions != closers || p.TotalSales != closers*5000 {
		t.Errorf("bob has %d closed sessions, %d sales; want %d, %d", p.ClosedSessions, p.TotalSales, closers, closers*5000)
	}
	txns, err := engines[1].Store().Loyalty(ctx, "bob", 1)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, tx := range txns {
		if tx.Points.String() != "50" || seen[tx.SessionID] {
			t.Errorf("transaction %+v: want 50 points, one per session", tx)
		}
		seen[tx.SessionID] = true
	}
	if len(seen) != closers {
		t.Errorf("%d sessions added points, want %d", len(seen), closers)
	}
}
