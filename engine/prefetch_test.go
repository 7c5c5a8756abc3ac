package engine

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// batchMemory is a store.Memory that is also a store.BatchReader, and
// counts its batches and its reads one by one.
type batchMemory struct {
	store.Store
	batches, singles atomic.Int64
	fail             bool
}

func (b *batchMemory) ReadBatch(ctx context.Context, reads []store.Read) error {
	b.batches.Add(1)
	if b.fail {
		return errors.New("the batch failed")
	}
	for i := range reads {
		r := &reads[i]
		switch r.Kind {
		case store.ReadSession:
			r.Session, r.Err = b.Store.Session(ctx, r.ID)
		case store.ReadProfile:
			r.Profile, r.Err = b.Store.Profile(ctx, r.ID)
		case store.ReadCoupon:
			r.Coupon, r.Err = b.Store.Coupon(ctx, r.ID)
		case store.ReadReferral:
			r.Referral, r.Err = b.Store.Referral(ctx, r.ID)
		case store.ReadCounter:
			r.Value, r.Err = b.Store.Counter(ctx, r.Counter)
		case store.ReadLoyalty:
			r.Loyalty, r.Err = b.Store.Loyalty(ctx, r.ID, r.ProgramID)
		default:
			return fmt.Errorf("read %d: kind %d", i, r.Kind)
		}
	}
	return nil
}

func (b *batchMemory) Session(ctx context.Context, id string) (*store.Session, error) {
	b.singles.Add(1)
	return b.Store.Session(ctx, id)
}

func (b *batchMemory) Profile(ctx context.Context, id string) (*store.Profile, error) {
	b.singles.Add(1)
	return b.Store.Profile(ctx, id)
}

func (b *batchMemory) Coupon(ctx context.Context, code string) (*store.Coupon, error) {
	b.singles.Add(1)
	return b.Store.Coupon(ctx, code)
}

func (b *batchMemory) Referral(ctx context.Context, code string) (*store.Referral, error) {
	b.singles.Add(1)
	return b.Store.Referral(ctx, code)
}

func (b *batchMemory) Counter(ctx context.Context, k store.CounterKey) (int64, error) {
	b.singles.Add(1)
	return b.Store.Counter(ctx, k)
}

func (b *batchMemory) Loyalty(ctx context.Context, profileID string, programID int64) ([]store.LoyaltyTxn, error) {
	b.singles.Add(1)
	return b.Store.Loyalty(ctx, profileID, programID)
}

// prefetchCampaigns: a listed coupon limited overall and per profile, and
// points earned on every close, so that a close reads a session, a
// profile, two counters and a ledger.
const prefetchCampaigns = `
currency: EUR
loyaltyPrograms:
  - id: 1
    name: Club
campaigns:
  - id: 1
    name: Five off
    features: [coupons]
    coupons:
      codes: [SAVE5]
      usageLimit: 3
      perProfileLimit: 1
    rules:
      - name: five off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Five off
            value: 5
  - id: 2
    name: Earn
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

// prefetchSteps are updates of every kind: closes that accept and reject
// a coupon, an unlisted code, an open session closed later, a cancel of
// a close, a session without a profile.
var prefetchSteps = []struct{ id, body string }{
	{"s1", `{"profileId": "ann", "state": "closed", "couponCodes": ["SAVE5"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`},
	{"s2", `{"profileId": "ann", "state": "closed", "couponCodes": ["SAVE5"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`},
	{"s3", `{"profileId": "bob", "couponCodes": ["SAVE5", "NOPE"], "cartItems": [{"sku": "A", "quantity": 2, "price": 12.50}]}`},
	{"s3", `{"state": "closed"}`},
	{"s1", `{"state": "cancelled"}`},
	{"s4", `{"state": "closed", "couponCodes": ["SAVE5"], "cartItems": [{"sku": "A", "quantity": 1, "price": 9.99}]}`},
	{"s5", `{"profileId": "ann", "state": "closed", "couponCodes": ["SAVE5"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30.00}]}`},
}

// An engine on a store.BatchReader answers every update exactly as one
// on the same store without it, and a close of a profile with a listed
// coupon makes one batch and no other read; a batch that fails only
// sends the reads to the store one by one.
func TestPrefetchAnswersAsReadsOneByOne(t *testing.T) {
	for _, fail := range []bool{false, true} {
		t.Run(fmt.Sprintf("failing=%t", fail), func(t *testing.T) {
			plain := newEngine(t, prefetchCampaigns)
			bm := &batchMemory{Store: store.NewMemory(), fail: fail}
			batched := newEngine(t, prefetchCampaigns, WithStore(bm))
			if batched.Store() != store.Store(bm) {
				t.Errorf("Store() is not the store given")
			}
			for i, step := range prefetchSteps {
				singles, batches := bm.singles.Load(), bm.batches.Load()
				want := mustJSON(t, update(t, plain, step.id, step.body))
				got := mustJSON(t, update(t, batched, step.id, step.body))
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("step %d (%s): response (-one by one +batched):\n%s", i, step.id, diff)
				}
				if i == 0 {
					singles, batches = bm.singles.Load()-singles, bm.batches.Load()-batches
					wantSingles := int64(0)
					if fail {
						// The session, the profile, two counters, the
						// ledger for the evaluation and for the response.
						wantSingles = 6
					}
					if batches != 1 || singles != wantSingles {
						t.Errorf("the first close made %d batches and %d single reads, want 1 and %d", batches, singles, wantSingles)
					}
				}
			}
		})
	}
}
