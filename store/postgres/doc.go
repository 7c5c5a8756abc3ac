// Package postgres is the PostgreSQL store.Store, for a fleet of
// cart-service replicas that share their state: a coupon limited to 10 is
// redeemed 10 times across all of them together, a budget is spent once,
// and closed sessions, loyalty ledgers and counters outlive every
// process.
//
//	pool, err := pgxpool.New(ctx, "postgres://cartfx@db.internal/shop")
//	st, err := postgres.New(ctx, pool) // applies the migrations it needs
//	eng, err := engine.New(file, engine.WithStore(st))
//
// # Schema
//
// The tables are prefixed cartfx_ and created in the first schema of the
// connection's search path by the migrations embedded in this package
// (migrations/), which New (and cartfx migrate) applies under an advisory
// lock, recording each in cartfx_schema_migrations:
//
//	cartfx_sessions       a session: id, version, state, profile_id,
//	                      created, updated as columns; effects and returns
//	                      as JSON; the rest (input, ledger, commitment,
//	                      returned units) as a compact binary record
//	cartfx_profiles       attributes (jsonb), closed_sessions, total_sales,
//	                      referred_by, created
//	cartfx_coupons        by code, indexed by recipient
//	cartfx_referrals      by code, indexed by advocate
//	cartfx_counters       limit and budget counters: by their key, a
//	                      counter the sum of its shards' values
//	cartfx_loyalty_txns   loyalty transactions in the order they were
//	                      added, indexed by ledger and by transaction id
//
// # Commits
//
// A Commit is one transaction in two round trips: a pipelined batch that
// begins it and sends every statement, then the commit. A stale session
// version, a counter that would pass its limit and a taken code are errors
// raised inside it (and so nothing is written): store.ErrConflict, a
// *store.LimitError, store.ErrExists. Counters and profile statistics
// change by increments on the locked row, never by a value read earlier,
// so concurrent replicas never lose an update; rows are locked in one
// order, so they never deadlock.
//
// An increment that a limit checks takes the counter's exclusive advisory
// lock and adds to shard 0 after checking the sum of all shards; one that
// no limit checks (a coupon's uses without a usage limit, every rollback)
// takes the shared lock and adds to the shard of its connection's
// backend. Thousands of closes that count one coupon's uses so never queue
// on one row, and a limited increment still sees every increment
// committed before it.
//
// Any other failure (the database unreachable, a connection killed, a
// statement timeout, a cancelled context) is the driver's error, wrapped:
// it matches none of the store's sentinels, and the engine and the server
// report it as the store failing (503), with nothing written: the commit
// is sent only after every statement succeeded. Only a connection lost
// while the commit itself is on its way leaves the outcome unknown to the
// caller; a retry then meets the session's new version, never a second
// redemption. Errors that mean the database is unreachable also match
// ErrUnavailable.
//
// # Reads
//
// Each read method is one statement and one round trip. The Store is also
// a store.BatchReader: ReadBatch sends several reads in one pipelined
// batch on one connection and reads their results in order, so the
// engine reads a close's session, profile, ledgers and coupon counters in
// one round trip. Each statement of a batch sees what was committed when
// it starts, as the reads one by one do: a batch is not a snapshot.
//
// # Precision
//
// Sessions read back exactly as they were committed. The other records
// keep times to the microsecond (PostgreSQL's timestamptz) and return them
// in UTC; loyalty points are kept as numeric, with their digits.
//
// A statement timeout is set on the connection, as any PostgreSQL
// setting: postgres://...?statement_timeout=5s (pgx sends unknown URL
// parameters as run-time settings).
package postgres
