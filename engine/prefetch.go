package engine

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/store"
)

// An update reads the stored session, then its profile, then, as the
// rules ask, its codes, their counters and the profile's loyalty ledgers:
// one round trip each on a database store. When the store is a
// store.BatchReader, the engine reads first, in one batch, what the
// update names (its profile, its codes) and will most probably need, and
// the update's reads take their answers from it: a read the batch did not
// make, or made with other arguments, goes to the store as before.

// readAhead is an engine's store when the store is a store.BatchReader:
// its reads answer from the batch in their context, if any.
type readAhead struct {
	store.Store
	batch store.BatchReader
}

// readSetKey is the context key of a *readSet.
type readSetKey struct{}

// readSet is what a batch read answered, for the reads of one plan. A
// session is answered once (the plan reads it once; a second read is a
// fresh one); the other records as often as they are read, each time a
// copy of their top-level slices and maps, as a Store's reads are
// (store.Store): the evaluation and its response read a ledger twice.
type readSet struct {
	mu    sync.Mutex
	reads []store.Read
	used  []bool
}

// find returns the read of a kind and arguments, if the batch made it.
func (rs *readSet) find(kind store.ReadKind, id string, program int64, k store.CounterKey) (store.Read, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for i, r := range rs.reads {
		if r.Kind != kind || r.ID != id || r.ProgramID != program || r.Counter != k {
			continue
		}
		if kind == store.ReadSession {
			if rs.used[i] {
				return store.Read{}, false
			}
			rs.used[i] = true
		}
		return r, true
	}
	return store.Read{}, false
}

func readsOf(ctx context.Context) *readSet {
	rs, _ := ctx.Value(readSetKey{}).(*readSet)
	return rs
}

// prefetch reads in one batch what an update of session id with s will
// probably read, and returns the context its reads take the answers from.
// A failed batch is only a missed shortcut: the reads go to the store one
// by one, and fail there if the store is gone.
func (e *Engine) prefetch(ctx context.Context, id string, s *cart.Session) context.Context {
	ra, ok := e.store.(*readAhead)
	if !ok {
		return ctx
	}
	reads := []store.Read{{Kind: store.ReadSession, ID: id}}
	// A cancel evaluates nothing: it reads the session, and the rest
	// only when it rolls a close back.
	if !(s.Has(cart.FieldState) && s.State == cart.StateCancelled) {
		reads = e.planReads(reads, s)
	}
	if err := ra.batch.ReadBatch(ctx, reads); err != nil {
		return ctx
	}
	return context.WithValue(ctx, readSetKey{}, &readSet{reads: reads, used: make([]bool, len(reads))})
}

// planReads adds the reads that an evaluation of s makes whatever its
// rules say: the profile and its ledger in every program (the response
// shows every balance), the codes that are not listed in the campaign
// file and the counters of the listed ones' limits.
func (e *Engine) planReads(reads []store.Read, s *cart.Session) []store.Read {
	profile := s.ProfileID
	if profile != "" {
		reads = append(reads, store.Read{Kind: store.ReadProfile, ID: profile})
		for _, p := range e.file.LoyaltyPrograms {
			reads = append(reads, store.Read{Kind: store.ReadLoyalty, ID: profile, ProgramID: p.ID})
		}
	}
	for _, code := range s.CouponCodes {
		camp, listed := e.listedCoupons[code]
		if !listed {
			reads = append(reads, store.Read{Kind: store.ReadCoupon, ID: code})
			continue
		}
		if camp.Coupons.UsageLimit > 0 {
			reads = append(reads, store.Read{Kind: store.ReadCounter, Counter: couponUsageKey(camp.ID, code)})
		}
		if camp.Coupons.PerProfileLimit > 0 && profile != "" {
			reads = append(reads, store.Read{Kind: store.ReadCounter, Counter: profileCouponKey(camp.ID, profile, code)})
		}
	}
	if s.ReferralCode != "" {
		reads = append(reads, store.Read{Kind: store.ReadReferral, ID: s.ReferralCode})
	}
	return reads
}

func (r *readAhead) Session(ctx context.Context, id string) (*store.Session, error) {
	if rs := readsOf(ctx); rs != nil {
		if got, ok := rs.find(store.ReadSession, id, 0, store.CounterKey{}); ok {
			return got.Session, got.Err
		}
	}
	return r.Store.Session(ctx, id)
}

func (r *readAhead) Profile(ctx context.Context, id string) (*store.Profile, error) {
	if rs := readsOf(ctx); rs != nil {
		if got, ok := rs.find(store.ReadProfile, id, 0, store.CounterKey{}); ok {
			if got.Err != nil {
				return nil, got.Err
			}
			p := *got.Profile
			p.Attributes = maps.Clone(p.Attributes)
			return &p, nil
		}
	}
	return r.Store.Profile(ctx, id)
}

func (r *readAhead) Coupon(ctx context.Context, code string) (*store.Coupon, error) {
	if rs := readsOf(ctx); rs != nil {
		if got, ok := rs.find(store.ReadCoupon, code, 0, store.CounterKey{}); ok {
			if got.Err != nil {
				return nil, got.Err
			}
			c := *got.Coupon
			return &c, nil
		}
	}
	return r.Store.Coupon(ctx, code)
}

func (r *readAhead) Referral(ctx context.Context, code string) (*store.Referral, error) {
	if rs := readsOf(ctx); rs != nil {
		if got, ok := rs.find(store.ReadReferral, code, 0, store.CounterKey{}); ok {
			if got.Err != nil {
				return nil, got.Err
			}
			c := *got.Referral
			return &c, nil
		}
	}
	return r.Store.Referral(ctx, code)
}

func (r *readAhead) Counter(ctx context.Context, k store.CounterKey) (int64, error) {
	if rs := readsOf(ctx); rs != nil {
		if got, ok := rs.find(store.ReadCounter, "", 0, k); ok {
			return got.Value, got.Err
		}
	}
	return r.Store.Counter(ctx, k)
}

func (r *readAhead) Loyalty(ctx context.Context, profileID string, programID int64) ([]store.LoyaltyTxn, error) {
	if rs := readsOf(ctx); rs != nil {
		if got, ok := rs.find(store.ReadLoyalty, profileID, programID, store.CounterKey{}); ok {
			return slices.Clone(got.Loyalty), got.Err
		}
	}
	return r.Store.Loyalty(ctx, profileID, programID)
}
