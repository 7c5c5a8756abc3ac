package storetest

import (
	"errors"
	"testing"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// A store.BatchReader answers each read of a batch as the method of its
// kind does: the same records, the same ErrNotFound for a record that
// does not exist, 0 and nil for a counter and a ledger never written, in
// any order and with repeated reads. A store without ReadBatch skips it.
func testReadBatch(t *testing.T, st store.Store) {
	br, ok := st.(store.BatchReader)
	if !ok {
		t.Skip("the store is not a store.BatchReader")
	}
	s := sampleSession(t, "s1")
	mustCommit(t, st, &store.ChangeSet{
		Session:      s,
		Profiles:     []*store.Profile{{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: t0}},
		Counters:     []store.CounterAdd{{Key: budget, Delta: 7}},
		Loyalty:      []store.LoyaltyTxn{txn("t1", "ann", 5), txn("t2", "ann", -2)},
		NewCoupons:   []*store.Coupon{{Code: "C", CampaignID: 3, UsageLimit: 2, Recipient: "ann", Created: t0}},
		NewReferrals: []*store.Referral{{Code: "R", CampaignID: 4, Advocate: "ann", Created: t0}},
	})
	reads := []store.Read{
		{Kind: store.ReadCounter, Counter: budget},
		{Kind: store.ReadSession, ID: "s1"},
		{Kind: store.ReadSession, ID: "nope"},
		{Kind: store.ReadProfile, ID: "ann"},
		{Kind: store.ReadProfile, ID: "nope"},
		{Kind: store.ReadLoyalty, ID: "ann", ProgramID: 1},
		{Kind: store.ReadLoyalty, ID: "nope", ProgramID: 1},
		{Kind: store.ReadCoupon, ID: "C"},
		{Kind: store.ReadCoupon, ID: "nope"},
		{Kind: store.ReadReferral, ID: "R"},
		{Kind: store.ReadReferral, ID: "nope"},
		{Kind: store.ReadCounter, Counter: store.CounterKey{CampaignID: 99, Action: "setDiscount", Per: "campaign"}},
		{Kind: store.ReadProfile, ID: "ann"},
	}
	if err := br.ReadBatch(ctx, reads); err != nil {
		t.Fatalf("ReadBatch: %v", err)
	}
	notFound := func(i int) {
		t.Helper()
		if !errors.Is(reads[i].Err, store.ErrNotFound) {
			t.Errorf("read %d (%v %q): err = %v, want ErrNotFound", i, reads[i].Kind, reads[i].ID, reads[i].Err)
		}
	}
	noErr := func(i int) {
		t.Helper()
		if reads[i].Err != nil {
			t.Errorf("read %d (%v %q): %v", i, reads[i].Kind, reads[i].ID, reads[i].Err)
		}
	}
	for _, i := range []int{0, 1, 3, 5, 6, 7, 9, 11, 12} {
		noErr(i)
	}
	for _, i := range []int{2, 4, 8, 10} {
		notFound(i)
	}
	if reads[0].Value != 7 || reads[11].Value != 0 {
		t.Errorf("counters read %d and %d, want 7 and 0", reads[0].Value, reads[11].Value)
	}
	want := sampleSession(t, "s1")
	want.Version = 1
	if diff := cmp.Diff(want, reads[1].Session); diff != "" {
		t.Errorf("session (-want +got):\n%s", diff)
	}
	for _, i := range []int{3, 12} {
		if diff := cmp.Diff(&store.Profile{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: t0}, reads[i].Profile, profileOpts); diff != "" {
			t.Errorf("profile read %d (-want +got):\n%s", i, diff)
		}
	}
	if diff := cmp.Diff([]store.LoyaltyTxn{txn("t1", "ann", 5), txn("t2", "ann", -2)}, reads[5].Loyalty); diff != "" {
		t.Errorf("ledger (-want +got):\n%s", diff)
	}
	if reads[6].Loyalty != nil {
		t.Errorf("the ledger of nobody is %v, want none", reads[6].Loyalty)
	}
	if diff := cmp.Diff(&store.Coupon{Code: "C", CampaignID: 3, UsageLimit: 2, Recipient: "ann", Created: t0}, reads[7].Coupon); diff != "" {
		t.Errorf("coupon (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&store.Referral{Code: "R", CampaignID: 4, Advocate: "ann", Created: t0}, reads[9].Referral); diff != "" {
		t.Errorf("referral (-want +got):\n%s", diff)
	}
	if err := br.ReadBatch(ctx, nil); err != nil {
		t.Errorf("an empty batch: %v", err)
	}
}
