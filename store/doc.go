// Package store owns what outlives one call to the engine: customer
// sessions with the ledger of what they were given, coupons, referrals,
// profiles, limit and budget counters, and loyalty ledgers.
//
// The engine reads from a Store freely and writes through Commit, which
// applies a ChangeSet atomically or not at all: a session write that expects
// a version, and counter increments that must stay within their limits, are
// checked together before anything is written. That is what makes
// optimistic evaluation safe: the engine evaluates a session without
// holding a lock, then commits; a commit that lost a race on a counter gets
// ErrLimitReached and the engine evaluates again with fresh counters, a
// commit that lost a race on the session gets ErrConflict.
//
// Memory is the embedded, in-process implementation and the default;
// store/postgres is the one that a fleet of replicas shares (a commit is
// one transaction of conditional statements). The interface is small, so
// that a store of one's own needs only its methods. A store whose reads
// each cost a round trip may also be a BatchReader: the engine then reads
// what an update will need in one batch, and the rest one by one.
//
// store imports only the leaves, cart and effects.
package store
