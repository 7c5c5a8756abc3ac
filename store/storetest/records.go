package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Profiles are created if absent and never overwritten; their statistics
// change by deltas, which create the profile if need be.
func testProfilesAndDeltas(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{Profiles: []*store.Profile{
		{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: t0},
		{ID: "bob", Attributes: map[string]any{}, ClosedSessions: 3, TotalSales: 100, ReferredBy: "REF-0", Created: t0},
		{ID: "bob", Attributes: map[string]any{"tier": "second"}, Created: t0.Add(time.Hour)},
	}})
	mustCommit(t, st, &store.ChangeSet{Profiles: []*store.Profile{{ID: "ann", Attributes: map[string]any{}, ClosedSessions: 9, Created: t0.Add(time.Hour)}}})
	wantProfile(t, st, &store.Profile{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: t0})
	wantProfile(t, st, &store.Profile{ID: "bob", ClosedSessions: 3, TotalSales: 100, ReferredBy: "REF-0", Created: t0})

	code := "REF-1"
	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{
		{ID: "ann", ClosedSessions: 1, TotalSales: 5000, ReferredBy: &code},
		{ID: "ann", ClosedSessions: 1, TotalSales: 2500},
		{ID: "new", ClosedSessions: 1, TotalSales: 100, Attributes: map[string]any{"tier": "silver"}},
	}})
	wantProfile(t, st, &store.Profile{ID: "ann", Attributes: map[string]any{"tier": "gold"}, ClosedSessions: 2, TotalSales: 7500, ReferredBy: "REF-1", Created: t0})
	// A delta of a profile the store does not have creates it, with no
	// creation time.
	wantProfile(t, st, &store.Profile{ID: "new", Attributes: map[string]any{"tier": "silver"}, ClosedSessions: 1, TotalSales: 100})

	// A nil ReferredBy leaves it, "" clears it; statistics go down too.
	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{{ID: "ann", ClosedSessions: -1, TotalSales: -5000}}})
	wantProfile(t, st, &store.Profile{ID: "ann", Attributes: map[string]any{"tier": "gold"}, ClosedSessions: 1, TotalSales: 2500, ReferredBy: "REF-1", Created: t0})
	none := ""
	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{{ID: "ann", ReferredBy: &none}}})
	wantProfile(t, st, &store.Profile{ID: "ann", Attributes: map[string]any{"tier": "gold"}, ClosedSessions: 1, TotalSales: 2500, Created: t0})

	// A profile created and changed in one change set: created as given,
	// then changed.
	mustCommit(t, st, &store.ChangeSet{
		Profiles:      []*store.Profile{{ID: "cat", Attributes: map[string]any{"tier": "bronze"}, Created: t0}},
		ProfileDeltas: []store.ProfileDelta{{ID: "cat", ClosedSessions: 1, TotalSales: 999}},
	})
	wantProfile(t, st, &store.Profile{ID: "cat", Attributes: map[string]any{"tier": "bronze"}, ClosedSessions: 1, TotalSales: 999, Created: t0})
}

// A profile's LastActivity is the latest Activity of its deltas: a delta
// without one, or with an earlier one, leaves it; a profile created with
// one keeps it.
func testProfileActivity(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{Profiles: []*store.Profile{
		{ID: "ann", Attributes: map[string]any{}, Created: t0},
		{ID: "bob", Attributes: map[string]any{}, Created: t0, LastActivity: t0.Add(time.Minute)},
	}})
	wantProfile(t, st, &store.Profile{ID: "ann", Created: t0})
	wantProfile(t, st, &store.Profile{ID: "bob", Created: t0, LastActivity: t0.Add(time.Minute)})

	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{{ID: "ann", Activity: t0.Add(time.Hour)}}})
	wantProfile(t, st, &store.Profile{ID: "ann", Created: t0, LastActivity: t0.Add(time.Hour)})
	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{
		{ID: "ann", Activity: t0.Add(30 * time.Minute)},
		{ID: "ann", ClosedSessions: 1, TotalSales: 10},
	}})
	wantProfile(t, st, &store.Profile{ID: "ann", Created: t0, ClosedSessions: 1, TotalSales: 10, LastActivity: t0.Add(time.Hour)})
	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{
		{ID: "ann", Activity: t0.Add(3 * time.Hour)},
		{ID: "ann", Activity: t0.Add(2 * time.Hour)},
		{ID: "bob", TotalSales: 5},
	}})
	wantProfile(t, st, &store.Profile{ID: "ann", Created: t0, ClosedSessions: 1, TotalSales: 10, LastActivity: t0.Add(3 * time.Hour)})
	wantProfile(t, st, &store.Profile{ID: "bob", Created: t0, TotalSales: 5, LastActivity: t0.Add(time.Minute)})

	// Created and active in one change set; a delta of a profile the
	// store does not have creates it with its activity.
	mustCommit(t, st, &store.ChangeSet{
		Profiles:      []*store.Profile{{ID: "cat", Attributes: map[string]any{}, Created: t0}},
		ProfileDeltas: []store.ProfileDelta{{ID: "cat", Activity: t0.Add(5 * time.Minute)}, {ID: "dan", Activity: t0.Add(6 * time.Minute)}},
	})
	wantProfile(t, st, &store.Profile{ID: "cat", Created: t0, LastActivity: t0.Add(5 * time.Minute)})
	wantProfile(t, st, &store.Profile{ID: "dan", LastActivity: t0.Add(6 * time.Minute)})
}

// A profile's attributes keep their types: text, exact decimals, flags,
// times, lists of text and of decimals. Attributes replace the stored
// ones whole.
func testProfileAttributes(t *testing.T, st store.Store) {
	when := time.Date(2026, 12, 24, 18, 30, 0, 0, time.FixedZone("CET", 3600))
	attrs := map[string]any{
		"tier": "gold", "name": `Ann "the" <Customer> ✓`, "score": dec("12.50"), "big": dec("123456789012345678901234567890.125"),
		"negative": dec("-0.001"), "vip": true, "blocked": false, "birthday": when,
		"segments": []string{"new", "b2b"}, "weights": []decimal.Decimal{dec("1.5"), dec("-2")}, "tags": []string{},
	}
	mustCommit(t, st, &store.ChangeSet{Profiles: []*store.Profile{{ID: "ann", Attributes: attrs, Created: t0}}})
	got := profile(t, st, "ann")
	if diff := cmp.Diff(attrs, got.Attributes, profileOpts); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
	for _, name := range []string{"score", "big", "negative"} {
		if d, ok := got.Attributes[name].(decimal.Decimal); !ok || d.String() != attrs[name].(decimal.Decimal).String() {
			t.Errorf("attribute %s is %#v, want the decimal %s", name, got.Attributes[name], attrs[name])
		}
	}
	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{{ID: "ann", Attributes: map[string]any{"tier": "silver"}}}})
	wantProfile(t, st, &store.Profile{ID: "ann", Attributes: map[string]any{"tier": "silver"}, Created: t0})
}

// MergeAttributes set the given attributes on the ones stored when the
// commit applies, after Attributes, and keep the others.
func testMergeAttributes(t *testing.T, st store.Store) {
	for _, a := range []map[string]any{{"tier": "gold"}, {"segment": "b2b"}, {"tier": "silver"}} {
		mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{{ID: "p", MergeAttributes: a}}})
	}
	wantProfile(t, st, &store.Profile{ID: "p", Attributes: map[string]any{"tier": "silver", "segment": "b2b"}})
	// Attributes, then MergeAttributes, in one delta and across deltas.
	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{
		{ID: "p", MergeAttributes: map[string]any{"lost": true}},
		{ID: "p", Attributes: map[string]any{"tier": "bronze", "old": "x"}, MergeAttributes: map[string]any{"old": "y"}},
		{ID: "p", MergeAttributes: map[string]any{"score": dec("3.0")}},
	}})
	wantProfile(t, st, &store.Profile{ID: "p", Attributes: map[string]any{"tier": "bronze", "old": "y", "score": dec("3")}})
	// A profile that Profiles creates in the same change set.
	mustCommit(t, st, &store.ChangeSet{
		Profiles:      []*store.Profile{{ID: "q", Attributes: map[string]any{"a": "1"}, Created: t0}},
		ProfileDeltas: []store.ProfileDelta{{ID: "q", MergeAttributes: map[string]any{"b": "2"}}},
	})
	wantProfile(t, st, &store.Profile{ID: "q", Attributes: map[string]any{"a": "1", "b": "2"}, Created: t0})
}

// Coupons and referrals read back with every field.
func testCodes(t *testing.T, st store.Store) {
	start, expiry := t0.Add(-24*time.Hour), t0.Add(30*24*time.Hour)
	coupons := []*store.Coupon{
		{Code: "FULL-1", CampaignID: 7, UsageLimit: 5, PerProfileLimit: 2, StartDate: &start, ExpiryDate: &expiry, Recipient: "ann", Created: t0},
		{Code: "bare", CampaignID: 8, Created: t0.Add(time.Second)},
		{Code: "Ünïcode ✓", CampaignID: 9, Created: t0},
	}
	referrals := []*store.Referral{
		{Code: "REF-FULL", CampaignID: 3, Advocate: "ann", Friend: "bob", UsageLimit: 1, StartDate: &start, ExpiryDate: &expiry, Created: t0},
		{Code: "REF-BARE", CampaignID: 3, Created: t0},
	}
	mustCommit(t, st, &store.ChangeSet{NewCoupons: coupons, NewReferrals: referrals})
	for _, want := range coupons {
		got, err := st.Coupon(ctx, want.Code)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("coupon %q (-want +got):\n%s", want.Code, diff)
		}
	}
	for _, want := range referrals {
		got, err := st.Referral(ctx, want.Code)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("referral %q (-want +got):\n%s", want.Code, diff)
		}
	}
	// Codes are exact: another case is another code.
	if _, err := st.Coupon(ctx, "BARE"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("coupon BARE: err = %v, want ErrNotFound", err)
	}
}

// A coupon or referral code that exists is refused with ErrExists, and
// the stored one stays as it was.
func testDuplicateCodes(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{
		NewCoupons:   []*store.Coupon{{Code: "SAVE5", CampaignID: 1, Created: t0}},
		NewReferrals: []*store.Referral{{Code: "REF-1", CampaignID: 1, Advocate: "ann", Created: t0}},
	})
	if err := st.Commit(ctx, &store.ChangeSet{NewCoupons: []*store.Coupon{{Code: "SAVE5", CampaignID: 2, Created: t0}}}); !errors.Is(err, store.ErrExists) {
		t.Errorf("a taken coupon code: err = %v, want ErrExists", err)
	}
	if err := st.Commit(ctx, &store.ChangeSet{NewReferrals: []*store.Referral{{Code: "REF-1", CampaignID: 2, Advocate: "bob", Created: t0}}}); !errors.Is(err, store.ErrExists) {
		t.Errorf("a taken referral code: err = %v, want ErrExists", err)
	}
	// A coupon and a referral may share a code: they are apart.
	mustCommit(t, st, &store.ChangeSet{NewCoupons: []*store.Coupon{{Code: "REF-1", CampaignID: 3, Created: t0}}})
	if c, _ := st.Coupon(ctx, "SAVE5"); c == nil || c.CampaignID != 1 {
		t.Errorf("SAVE5 was overwritten: %+v", c)
	}
	if r, _ := st.Referral(ctx, "REF-1"); r == nil || r.Advocate != "ann" {
		t.Errorf("REF-1 was overwritten: %+v", r)
	}
}

// A profile's coupons (it is their recipient) and referrals (it is their
// advocate), oldest first, then by code.
func testProfileCodes(t *testing.T, st store.Store) {
	t1 := t0.Add(time.Hour)
	mustCommit(t, st, &store.ChangeSet{
		NewCoupons: []*store.Coupon{
			{Code: "B", CampaignID: 1, Recipient: "alice", Created: t0},
			{Code: "LATER", CampaignID: 1, Recipient: "alice", Created: t1},
			{Code: "a", CampaignID: 2, Recipient: "alice", Created: t0},
			{Code: "BOB", CampaignID: 1, Recipient: "bob", Created: t0},
			{Code: "ANYONE", CampaignID: 1, Created: t0},
		},
		NewReferrals: []*store.Referral{
			{Code: "R2", CampaignID: 3, Advocate: "alice", Created: t1},
			{Code: "R1", CampaignID: 3, Advocate: "alice", Friend: "bob", Created: t0},
			{Code: "RB", CampaignID: 3, Advocate: "bob", Created: t0},
		},
	})
	mustCommit(t, st, &store.ChangeSet{NewCoupons: []*store.Coupon{{Code: "A", CampaignID: 2, Recipient: "alice", Created: t0}}})
	coupons, err := st.ProfileCoupons(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	want := []*store.Coupon{
		{Code: "A", CampaignID: 2, Recipient: "alice", Created: t0},
		{Code: "B", CampaignID: 1, Recipient: "alice", Created: t0},
		{Code: "a", CampaignID: 2, Recipient: "alice", Created: t0},
		{Code: "LATER", CampaignID: 1, Recipient: "alice", Created: t1},
	}
	if diff := cmp.Diff(want, coupons); diff != "" {
		t.Errorf("alice's coupons (-want +got):\n%s", diff)
	}
	referrals, err := st.ProfileReferrals(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	wantRefs := []*store.Referral{
		{Code: "R1", CampaignID: 3, Advocate: "alice", Friend: "bob", Created: t0},
		{Code: "R2", CampaignID: 3, Advocate: "alice", Created: t1},
	}
	if diff := cmp.Diff(wantRefs, referrals); diff != "" {
		t.Errorf("alice's referrals (-want +got):\n%s", diff)
	}
	for _, id := range []string{"nobody", ""} {
		if none, err := st.ProfileCoupons(ctx, id); err != nil || len(none) != 0 {
			t.Errorf("the coupons of %q: %v, %v; want none", id, none, err)
		}
		if none, err := st.ProfileReferrals(ctx, id); err != nil || len(none) != 0 {
			t.Errorf("the referrals of %q: %v, %v; want none", id, none, err)
		}
	}
}

// The profiles a referral code referred are those whose ReferredBy it is,
// by ID: set when a profile is created or by a delta, and no longer once
// a delta clears or replaces it.
func testReferredProfiles(t *testing.T, st store.Store) {
	code, other, none := "REF-1", "REF-2", ""
	mustCommit(t, st, &store.ChangeSet{
		Profiles:      []*store.Profile{{ID: "zoe", ReferredBy: code, Created: t0}, {ID: "ann", Created: t0}},
		ProfileDeltas: []store.ProfileDelta{{ID: "bob", ReferredBy: &code}, {ID: "ann", ReferredBy: &code}, {ID: "cat", ReferredBy: &other}},
	})
	want := func(code string, ids ...string) {
		t.Helper()
		got, err := st.ReferredProfiles(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ids, got, profileOpts); diff != "" {
			t.Errorf("the profiles %q referred (-want +got):\n%s", code, diff)
		}
	}
	want(code, "ann", "bob", "zoe")
	want(other, "cat")
	want("NOBODY")
	want("")
	mustCommit(t, st, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{{ID: "bob", ReferredBy: &none}, {ID: "zoe", ReferredBy: &other}, {ID: "ann", ClosedSessions: 1}}})
	want(code, "ann")
	want(other, "cat", "zoe")
}

// A ledger is in the order its transactions were added, across commits
// and within one; a transaction removed and added again in one change set
// (a return's reduced earning) goes last; removing reaches every ledger
// and an unknown ID is harmless; programs are separate ledgers.
func testLoyaltyOrder(t *testing.T, st store.Store) {
	mustCommit(t, st, &store.ChangeSet{Loyalty: []store.LoyaltyTxn{txn("t1", "ann", 60), txn("t2", "ann", 10), txn("b1", "bob", 7)}})
	other := txn("p2", "ann", 3)
	other.ProgramID = 2
	mustCommit(t, st, &store.ChangeSet{Loyalty: []store.LoyaltyTxn{txn("t0", "ann", 1), other}})
	wantLedger(t, st, "ann", 1, []store.LoyaltyTxn{txn("t1", "ann", 60), txn("t2", "ann", 10), txn("t0", "ann", 1)})
	wantLedger(t, st, "ann", 2, []store.LoyaltyTxn{other})

	reduced := txn("t1", "ann", 35)
	mustCommit(t, st, &store.ChangeSet{RemoveLoyalty: []string{"t1"}, Loyalty: []store.LoyaltyTxn{reduced}})
	wantLedger(t, st, "ann", 1, []store.LoyaltyTxn{txn("t2", "ann", 10), txn("t0", "ann", 1), reduced})
	mustCommit(t, st, &store.ChangeSet{RemoveLoyalty: []string{"nope"}})
	wantLedger(t, st, "ann", 1, []store.LoyaltyTxn{txn("t2", "ann", 10), txn("t0", "ann", 1), reduced})
	mustCommit(t, st, &store.ChangeSet{RemoveLoyalty: []string{"t2", "b1", "p2"}})
	wantLedger(t, st, "ann", 1, []store.LoyaltyTxn{txn("t0", "ann", 1), reduced})
	wantLedger(t, st, "ann", 2, nil)
	wantLedger(t, st, "bob", 1, nil)
}

// A transaction keeps every field: its sub-ledger, session and name,
// points with their decimals (a deduction negative), when it becomes
// active (pending until then) and when it expires, or that it never does.
func testLoyaltyExpiry(t *testing.T, st store.Store) {
	active, expires := t0.Add(14*24*time.Hour), t0.AddDate(1, 0, 14)
	txns := []store.LoyaltyTxn{
		{ID: "pending", ProfileID: "ann", ProgramID: 1, SubLedgerID: "", SessionID: "s1", Name: "Points", Points: dec("52.75"),
			Created: t0, ActiveFrom: active, Expires: &expires},
		{ID: "forever", ProfileID: "ann", ProgramID: 1, SubLedgerID: "drinks", SessionID: "s1", Name: "Welcome", Points: dec("100"),
			Created: t0, ActiveFrom: t0},
		{ID: "spent", ProfileID: "ann", ProgramID: 1, SubLedgerID: "drinks", SessionID: "s2", Name: "Redeem", Points: dec("-20.5"),
			Created: t0.Add(time.Minute), ActiveFrom: t0.Add(time.Minute)},
		{ID: "expired", ProfileID: "ann", ProgramID: 1, SessionID: "s0", Name: "Old", Points: dec("0.01"),
			Created: t0.AddDate(-2, 0, 0), ActiveFrom: t0.AddDate(-2, 0, 0), Expires: new(t0.AddDate(-1, 0, 0))},
	}
	mustCommit(t, st, &store.ChangeSet{Loyalty: txns})
	wantLedger(t, st, "ann", 1, txns)
	got := ledger(t, st, "ann", 1)
	for i, want := range txns {
		if i < len(got) && got[i].Points.String() != want.Points.String() {
			t.Errorf("transaction %s has %s points, want %s", want.ID, got[i].Points, want.Points)
		}
	}
}

// A record that does not exist is ErrNotFound; a counter never
// incremented reads 0, a ledger never written is empty.
func testMissingRecords(t *testing.T, st store.Store) {
	second := func(_ any, err error) error { return err }
	for name, err := range map[string]error{
		"session":  second(st.Session(ctx, "x")),
		"profile":  second(st.Profile(ctx, "x")),
		"coupon":   second(st.Coupon(ctx, "x")),
		"referral": second(st.Referral(ctx, "x")),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", name, err)
		}
	}
	wantCounter(t, st, budget, 0)
	wantLedger(t, st, "x", 1, nil)
}

// Reads are copies: changing what a read returned does not change the
// store.
func testReadsAreCopies(t *testing.T, st store.Store) {
	s := sampleSession(t, "s1")
	mustCommit(t, st, &store.ChangeSet{Session: s, Profiles: []*store.Profile{{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: t0}},
		Loyalty: []store.LoyaltyTxn{txn("t1", "ann", 5)}, NewCoupons: []*store.Coupon{{Code: "C", Recipient: "ann", Created: t0}}})

	p := profile(t, st, "ann")
	p.Attributes["tier"] = "bronze"
	p.ClosedSessions = 7
	wantProfile(t, st, &store.Profile{ID: "ann", Attributes: map[string]any{"tier": "gold"}, Created: t0})

	rs := session(t, st, "s1")
	rs.Triggered[0] = 99
	rs.Ledger.Units[0].Price = 2
	rs.Ledger.Units[0].Returned = true
	rs.Ledger.Names[0] = "B"
	rs.Ledger.Discounts[0].Name = "changed"
	rs.Ledger.Postings[0].Amount = 3
	rs.Effects[0].RuleName = "changed"
	rs.Effects = rs.Effects[:1]
	rs.State = cart.StateCancelled
	wantSession(t, st, sampleSession(t, "s1"), 1)

	txns := ledger(t, st, "ann", 1)
	txns[0].ID = "changed"
	wantLedger(t, st, "ann", 1, []store.LoyaltyTxn{txn("t1", "ann", 5)})

	cs, _ := st.ProfileCoupons(ctx, "ann")
	cs[0].Code = "CHANGED"
	if again, _ := st.ProfileCoupons(ctx, "ann"); len(again) != 1 || again[0].Code != "C" {
		t.Errorf("a reader's change reached the store: %+v", again)
	}
}
