package postgres

import (
	"context"
	"fmt"

	"github.com/cartfx/cartfx/store"
	"github.com/jackc/pgx/v5"
)

var _ store.BatchReader = (*Store)(nil)

// ReadBatch answers the reads in one round trip: their statements sent at
// once in a pipelined batch, on one connection, their results read in
// order. Each statement sees the data committed when it starts (READ
// COMMITTED, as the reads one by one do); the batch is not a snapshot.
func (s *Store) ReadBatch(ctx context.Context, reads []store.Read) error {
	if len(reads) == 0 {
		return nil
	}
	b := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(reads))}
	for i := range reads {
		r := &reads[i]
		switch r.Kind {
		case store.ReadSession:
			b.Queue(sessionSQL, r.ID)
		case store.ReadProfile:
			b.Queue(profileSQL, r.ID)
		case store.ReadCoupon:
			b.Queue(couponSQL, r.ID)
		case store.ReadReferral:
			b.Queue(referralSQL, r.ID)
		case store.ReadCounter:
			b.Queue(counterSQL, counterArgs(r.Counter)...)
		case store.ReadLoyalty:
			b.Queue(loyaltySQL, r.ID, r.ProgramID)
		default:
			return fmt.Errorf("postgres: ReadBatch: read %d has an unknown kind %d", i, r.Kind)
		}
	}
	br := s.pool.SendBatch(ctx, b)
	for i := range reads {
		r := &reads[i]
		switch r.Kind {
		case store.ReadSession:
			r.Session, r.Err = scanSession(br.QueryRow(), r.ID)
		case store.ReadProfile:
			r.Profile, r.Err = scanProfile(br.QueryRow(), r.ID)
		case store.ReadCoupon:
			if r.Coupon, r.Err = scanCoupon(br.QueryRow()); r.Err != nil {
				r.Coupon, r.Err = nil, readError("coupon", r.ID, r.Err)
			}
		case store.ReadReferral:
			if r.Referral, r.Err = scanReferral(br.QueryRow()); r.Err != nil {
				r.Referral, r.Err = nil, readError("referral", r.ID, r.Err)
			}
		case store.ReadCounter:
			r.Value, r.Err = scanCounter(br.QueryRow(), r.Counter)
		case store.ReadLoyalty:
			rows, err := br.Query()
			r.Loyalty, r.Err = scanLoyalty(rows, err, r.ID, r.ProgramID)
		}
	}
	// Close reports the batch's own failure (the connection, the
	// context), which the results above may not all show.
	if err := br.Close(); err != nil {
		return wrap("reading a batch", err)
	}
	return nil
}
