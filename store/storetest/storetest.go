// Package storetest is the conformance suite of store.Store: what every
// store (store.Memory, store/postgres) must do, as tests that any
// implementation runs with
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return newEmptyStore(t) })
//	}
//
// It covers every method: commits that are all-or-nothing whatever fails
// (a session's version, a counter's limit, a taken code), the limit
// errors, version conflicts, unique codes, profiles and their deltas,
// sessions that read back exactly (input, effects, ledger, commitment,
// returns), the loyalty ledgers' order and expiry, the profiles' codes,
// reads that are copies, and concurrent commits that never pass a limit
// nor lose an update; and, for a store.BatchReader, batches of reads.
//
// Records other than sessions are compared with times to the second, the
// precision every store keeps (PostgreSQL keeps microseconds); a profile's
// nil attributes and empty ones are the same. A session reads back
// exactly: times to the nanosecond, nil apart from empty.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Run runs the suite. open returns a new, empty store for each test; it
// may register cleanups on t.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}

var tests = []struct {
	name string
	run  func(*testing.T, store.Store)
}{
	{"SessionRoundTrip", testSessionRoundTrip},
	{"SessionRewrite", testSessionRewrite},
	{"SessionOfNothing", testSessionOfNothing},
	{"VersionConflicts", testVersionConflicts},
	{"AllOrNothing", testAllOrNothing},
	{"LimitError", testLimitError},
	{"CounterIncrements", testCounterIncrements},
	{"ProfilesAndDeltas", testProfilesAndDeltas},
	{"ProfileAttributes", testProfileAttributes},
	{"MergeAttributes", testMergeAttributes},
	{"ProfileActivity", testProfileActivity},
	{"Codes", testCodes},
	{"DuplicateCodes", testDuplicateCodes},
	{"ProfileCodes", testProfileCodes},
	{"ReferredProfiles", testReferredProfiles},
	{"LoyaltyOrder", testLoyaltyOrder},
	{"LoyaltyExpiry", testLoyaltyExpiry},
	{"Return", testReturn},
	{"MissingRecords", testMissingRecords},
	{"ReadsAreCopies", testReadsAreCopies},
	{"ReadBatch", testReadBatch},
	{"EmptyCommit", testEmptyCommit},
	{"ConcurrentCommits", testConcurrentCommits},
	{"ConcurrentProfileDeltas", testConcurrentProfileDeltas},
	{"ConcurrentCodes", testConcurrentCodes},
	{"ConcurrentCounterUpdates", testConcurrentCounterUpdates},
}

var (
	ctx = context.Background()
	// t0 is whole seconds: every store keeps it exactly.
	t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
)

// profileOpts compare profiles with nil and empty attributes alike.
var profileOpts = cmpopts.EquateEmpty()

func mustCommit(t *testing.T, st store.Store, cs *store.ChangeSet) {
	t.Helper()
	if err := st.Commit(ctx, cs); err != nil {
		t.Fatalf("commit: %v", err)
	}
}

func counter(t *testing.T, st store.Store, k store.CounterKey) int64 {
	t.Helper()
	v, err := st.Counter(ctx, k)
	if err != nil {
		t.Fatalf("counter %s: %v", k, err)
	}
	return v
}

func profile(t *testing.T, st store.Store, id string) *store.Profile {
	t.Helper()
	p, err := st.Profile(ctx, id)
	if err != nil {
		t.Fatalf("profile %q: %v", id, err)
	}
	return p
}

func session(t *testing.T, st store.Store, id string) *store.Session {
	t.Helper()
	s, err := st.Session(ctx, id)
	if err != nil {
		t.Fatalf("session %q: %v", id, err)
	}
	return s
}

func ledger(t *testing.T, st store.Store, profileID string, program int64) []store.LoyaltyTxn {
	t.Helper()
	txns, err := st.Loyalty(ctx, profileID, program)
	if err != nil {
		t.Fatalf("loyalty of %q in %d: %v", profileID, program, err)
	}
	return txns
}

func wantProfile(t *testing.T, st store.Store, want *store.Profile) {
	t.Helper()
	if diff := cmp.Diff(want, profile(t, st, want.ID), profileOpts); diff != "" {
		t.Errorf("profile %q (-want +got):\n%s", want.ID, diff)
	}
}

func wantLedger(t *testing.T, st store.Store, profileID string, program int64, want []store.LoyaltyTxn) {
	t.Helper()
	if diff := cmp.Diff(want, ledger(t, st, profileID, program), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("loyalty of %q in program %d (-want +got):\n%s", profileID, program, diff)
	}
}

func wantCounter(t *testing.T, st store.Store, k store.CounterKey, want int64) {
	t.Helper()
	if got := counter(t, st, k); got != want {
		t.Errorf("counter %s is %d, want %d", k, got, want)
	}
}
