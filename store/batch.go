package store

import "context"

// BatchReader is an optional interface of a Store whose reads each cost a
// round trip to a server (store/postgres): it answers several reads in
// one. The engine reads what an update will probably need (the session,
// its profile and loyalty ledgers, its codes and their counters) in one
// ReadBatch when its Store has the method, and the rest one by one as
// always; a Store without it is read one by one, so that a custom Store
// needs nothing more than the Store methods.
type BatchReader interface {
	// ReadBatch answers every read of the list, in place: each one's
	// result, or its error, is what the Store method of its kind would
	// return for it (ErrNotFound included). The returned error is the
	// batch's (a lost connection, a cancelled context): the results are
	// then not to be used.
	ReadBatch(ctx context.Context, reads []Read) error
}

// ReadKind says which Store method a Read stands for.
type ReadKind uint8

// The kinds of Read.
const (
	ReadSession  ReadKind = iota + 1 // Session(ID)
	ReadProfile                      // Profile(ID)
	ReadCoupon                       // Coupon(ID)
	ReadReferral                     // Referral(ID)
	ReadCounter                      // Counter(Counter)
	ReadLoyalty                      // Loyalty(ID, ProgramID)
)

// Read is one read of a batch: what to read (Kind and its arguments), and
// what the read returned (the field of its kind, or Err).
type Read struct {
	Kind ReadKind
	// ID is the session's or profile's ID, or the code, by kind.
	ID        string
	ProgramID int64      // ReadLoyalty
	Counter   CounterKey // ReadCounter

	Session  *Session
	Profile  *Profile
	Coupon   *Coupon
	Referral *Referral
	Value    int64        // the counter's
	Loyalty  []LoyaltyTxn // the ledger, oldest first
	Err      error
}
