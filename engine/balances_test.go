package engine

import (
	"context"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// TestBalancesAt: balances as of a time count only the transactions made
// by then, and say at that time which points are active, pending, spent
// or expired.
func TestBalancesAt(t *testing.T) {
	e := newEngine(t, shopCampaigns, WithStore(store.NewMemory()))
	day := 24 * time.Hour
	at := func(d time.Duration) time.Time { return testNow.Add(d) }
	expires := at(5 * day)
	if err := e.Store().Commit(context.Background(), &store.ChangeSet{Loyalty: []store.LoyaltyTxn{
		// 100 points earned 10 days ago, active at once, expiring in 5 days.
		{ID: "a", ProfileID: "ann", ProgramID: 1, Points: decimal.NewFromInt(100), Created: at(-10 * day), ActiveFrom: at(-10 * day), Expires: &expires},
		// 30 of them spent 2 days ago.
		{ID: "b", ProfileID: "ann", ProgramID: 1, Points: decimal.NewFromInt(-30), Created: at(-2 * day), ActiveFrom: at(-2 * day)},
		// 50 earned a day ago, pending until tomorrow, never expiring.
		{ID: "c", ProfileID: "ann", ProgramID: 1, SubLedgerID: "shoes", Points: decimal.NewFromInt(50), Created: at(-day), ActiveFrom: at(day)},
	}}); err != nil {
		t.Fatal(err)
	}
	pts := func(n int64) Points { return Points{Decimal: decimal.NewFromInt(n)} }
	b := func(active, pending, spent, expired int64) LoyaltyBalance {
		return LoyaltyBalance{ActivePoints: pts(active), PendingPoints: pts(pending), SpentPoints: pts(spent), ExpiredPoints: pts(expired)}
	}
	for _, tc := range []struct {
		name string
		at   time.Time
		want LoyaltyBalances
	}{
		{"before anything", at(-11 * day), LoyaltyBalances{Balance: b(0, 0, 0, 0), SubLedgers: map[string]LoyaltyBalance{}}},
		{"after the first earning", at(-5 * day), LoyaltyBalances{Balance: b(100, 0, 0, 0), SubLedgers: map[string]LoyaltyBalance{}}},
		{"just before the spending", at(-2*day - time.Nanosecond), LoyaltyBalances{Balance: b(100, 0, 0, 0), SubLedgers: map[string]LoyaltyBalance{}}},
		{"at the spending: made by then", at(-2 * day), LoyaltyBalances{Balance: b(70, 0, 30, 0), SubLedgers: map[string]LoyaltyBalance{}}},
		{"now", testNow, LoyaltyBalances{Balance: b(70, 50, 30, 0), SubLedgers: map[string]LoyaltyBalance{"shoes": b(0, 50, 0, 0)}}},
		{"in 3 days: the pending points are active", at(3 * day), LoyaltyBalances{Balance: b(120, 0, 30, 0), SubLedgers: map[string]LoyaltyBalance{"shoes": b(50, 0, 0, 0)}}},
		{"in 6 days: the first points expired", at(6 * day), LoyaltyBalances{Balance: b(50, 0, 30, 70), SubLedgers: map[string]LoyaltyBalance{"shoes": b(50, 0, 0, 0)}}},
	} {
		got, err := e.BalancesAt(context.Background(), "ann", 1, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&tc.want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
