package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/cartfx/cartfx/cart"
)

// The behaviour every store shares is tested by the conformance suite
// (conformance_test.go, store/storetest); these are Memory's own.

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
)

func session(id string, state cart.State) *Session {
	return &Session{ID: id, Input: &cart.Session{Currency: cart.MustCurrency("EUR"), State: state}, State: state, Updated: t0}
}

// Commit keeps the committed session without copying it (the change set
// is the store's), but a write still gets the next version and leaves the
// caller's struct as it was.
func TestCommitKeepsTheSession(t *testing.T) {
	m := NewMemory()
	s := session("s1", cart.StateOpen)
	s.Triggered = []int64{7}
	if err := m.Commit(ctx, &ChangeSet{Session: s}); err != nil {
		t.Fatal(err)
	}
	if s.Version != 0 {
		t.Errorf("the committed struct got version %d", s.Version)
	}
	got, _ := m.Session(ctx, "s1")
	if got.Version != 1 || !slices.Equal(got.Triggered, []int64{7}) {
		t.Errorf("stored %+v", got)
	}
}

// AddCoupon stores a campaign's listed code; a code that exists is
// ErrExists and leaves the stored coupon.
func TestAddCoupon(t *testing.T) {
	m := NewMemory()
	if err := m.AddCoupon(&Coupon{Code: "SAVE5", CampaignID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := m.AddCoupon(&Coupon{Code: "SAVE5", CampaignID: 2}); !errors.Is(err, ErrExists) {
		t.Errorf("AddCoupon of a taken code: %v", err)
	}
	if c, _ := m.Coupon(ctx, "SAVE5"); c == nil || c.CampaignID != 1 {
		t.Errorf("SAVE5 is %+v, want campaign 1's", c)
	}
}

// A rollback removes transactions through the index by ID, from every
// ledger that holds them, and the index forgets them.
func TestRemoveLoyaltyUsesTheIndex(t *testing.T) {
	m := NewMemory()
	txn := func(id, profile string, program int64) LoyaltyTxn {
		return LoyaltyTxn{ID: id, ProfileID: profile, ProgramID: program, Created: t0, ActiveFrom: t0}
	}
	if err := m.Commit(ctx, &ChangeSet{Loyalty: []LoyaltyTxn{txn("a", "ann", 1), txn("a", "bob", 2), txn("b", "ann", 1)}}); err != nil {
		t.Fatal(err)
	}
	if got := m.ledgers["a"]; len(got) != 2 {
		t.Fatalf("the index of a: %v", got)
	}
	if err := m.Commit(ctx, &ChangeSet{RemoveLoyalty: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	if ann, _ := m.Loyalty(ctx, "ann", 1); len(ann) != 1 || ann[0].ID != "b" {
		t.Errorf("ann's ledger %+v, want only b", ann)
	}
	if bob, _ := m.Loyalty(ctx, "bob", 2); len(bob) != 0 {
		t.Errorf("bob's ledger %+v, want none", bob)
	}
	if _, ok := m.ledgers["a"]; ok {
		t.Errorf("the index still holds a")
	}
}
