package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cartfx/cartfx/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Commit applies a change set atomically, in one transaction and two
// round trips: a pipelined batch that begins the transaction and sends
// every statement at once, then the commit. A condition that does not
// hold (the session's version, a counter's limit, a code that is taken)
// is an error raised in the statement that checks it, and the transaction
// is rolled back. Because the commit is sent only once every statement
// has succeeded, a call that gives up before then (a cancelled context, a
// lost connection) writes nothing, even if PostgreSQL was still working
// on it.
//
// Rows are written in one order in every commit (the session, the
// counters by key, the profiles by ID, the codes, the loyalty
// transactions), so that concurrent commits wait for each other's rows
// but never deadlock. READ COMMITTED is enough: every condition is
// checked on the row the statement has locked, at its latest version.
func (s *Store) Commit(ctx context.Context, cs *store.ChangeSet) error {
	buf := sessionBuffers.Get().(*sessionBuffer)
	// The batch's arguments are copied into the connection's buffer as
	// the batch is sent: buf is free again when Commit returns.
	defer buf.release()
	b, steps, err := commitBatch(cs, buf)
	if err != nil {
		return err
	}
	if len(steps) == 0 {
		return nil
	}
	br := s.pool.SendBatch(ctx, b)
	tx := br.Tx()
	failed := func(at step, err error) error {
		_ = br.Close()
		// The rollback is sent even when ctx is done, so that the
		// connection goes back to the pool clean (or is closed).
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return s.commitError(ctx, cs, at, err)
	}
	if _, err := br.Exec(); err != nil {
		return failed(step{kind: stepBegin}, err)
	}
	for _, st := range steps {
		if _, err := br.Exec(); err != nil {
			return failed(st, err)
		}
	}
	if err := br.Close(); err != nil {
		return failed(step{kind: stepBegin}, err)
	}
	if err := tx.Commit(ctx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return wrap("commit", err)
	}
	return nil
}

// sessionBuffer holds the encoded columns of a commit's session, reused
// from commit to commit: a W2 session's record and effects are
// kilobytes, which the garbage collector otherwise sees on every close.
type sessionBuffer struct {
	record, effects, returns []byte
}

var sessionBuffers = sync.Pool{New: func() any { return new(sessionBuffer) }}

// maxKeptBuffer is the largest buffer kept for reuse: a rare huge session
// does not stay in memory.
const maxKeptBuffer = 1 << 20

func (b *sessionBuffer) release() {
	if cap(b.record) > maxKeptBuffer || cap(b.effects) > maxKeptBuffer || cap(b.returns) > maxKeptBuffer {
		return
	}
	sessionBuffers.Put(b)
}

// step is what one statement of a commit's batch writes, to say which
// condition an error is about.
type step struct {
	kind stepKind
	code string      // a coupon's or a referral's
	key  counterStep // a counter's
}

type stepKind int

const (
	stepBegin stepKind = iota
	stepSession
	stepCounter
	stepProfile
	stepCoupon
	stepReferral
	stepLoyalty
)

// counterStep is one counter's increments in a change set: their total,
// and the adds in order, to work out which one passed its limit.
type counterStep struct {
	key  store.CounterKey
	adds []store.CounterAdd
}

// bound is the highest stored value at which every limited increment of
// the counter stays within its limit, applied in order; ok is false when
// none is limited.
func (c *counterStep) bound() (bound, total int64, ok bool) {
	for _, a := range c.adds {
		if a.Limit > 0 && a.Delta > 0 {
			b := a.Limit - total - a.Delta
			if !ok || b < bound {
				bound = b
			}
			ok = true
		}
		total += a.Delta
	}
	return bound, total, ok
}

// limitError is the error of the first increment that passes its limit
// from the stored value, as store.Memory reports it.
func (c *counterStep) limitError(stored int64) error {
	v := stored
	for _, a := range c.adds {
		if a.Limit > 0 && a.Delta > 0 && v+a.Delta > a.Limit {
			return &store.LimitError{Key: a.Key, Value: v, Delta: a.Delta, Limit: a.Limit}
		}
		v += a.Delta
	}
	return nil
}

// lockKey is a counter's advisory lock: a hash of its key. Two keys that
// share a hash only wait for each other.
func lockKey(k store.CounterKey) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "cartfx counter\x00%d\x00%s\x00%s\x00%s\x00%s", k.CampaignID, k.Action, k.Per, k.Subject, k.Period)
	return int64(h.Sum64())
}

func compareKeys(a, b store.CounterKey) int {
	return cmp.Or(cmp.Compare(a.CampaignID, b.CampaignID), strings.Compare(a.Action, b.Action),
		strings.Compare(a.Per, b.Per), strings.Compare(a.Subject, b.Subject), strings.Compare(a.Period, b.Period))
}

const (
	insertSession = `WITH w AS (
	INSERT INTO cartfx_sessions (id, version, state, profile_id, created, updated, effects, returns, record)
	VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING 1)
SELECT CASE WHEN EXISTS (SELECT FROM w) THEN 0 ELSE cartfx_fail('CXVER', '') END`
	updateSession = `WITH w AS (
	UPDATE cartfx_sessions SET version = $9 + 1, state = $2, profile_id = $3, created = $4, updated = $5, effects = $6, returns = $7, record = $8
	WHERE id = $1 AND version = $9 RETURNING 1)
SELECT CASE WHEN EXISTS (SELECT FROM w) THEN 0 ELSE cartfx_fail('CXVER', '') END`
	// A limited increment: under the key's exclusive lock, the shards'
	// sum is checked against the bound ($7, NULL for none) and the
	// increment ($6) added to shard 0.
	lockCounter     = `SELECT pg_advisory_xact_lock($1)`
	addLimitedCount = `WITH s AS (
	SELECT coalesce(sum(value), 0)::bigint AS stored FROM cartfx_counters
	WHERE campaign_id = $1 AND action = $2 AND per = $3 AND subject = $4 AND period = $5),
c AS (
	INSERT INTO cartfx_counters AS c (campaign_id, action, per, subject, period, shard, value) VALUES ($1, $2, $3, $4, $5, 0, $6)
	ON CONFLICT (campaign_id, action, per, subject, period, shard) DO UPDATE SET value = c.value + EXCLUDED.value
	RETURNING 1)
SELECT CASE WHEN $7::bigint IS NULL OR stored <= $7::bigint THEN stored ELSE cartfx_fail('CXLIM', stored::text) END FROM s, c`
	// An increment no limit checks: under the key's shared lock ($7), to
	// the shard of the connection's backend, which no concurrent commit
	// on another connection of the pool shares (but for backends 64
	// apart). No value is read, so the lock may come in the same
	// statement.
	addCount = `WITH l AS (SELECT pg_advisory_xact_lock_shared($7::bigint))
INSERT INTO cartfx_counters AS c (campaign_id, action, per, subject, period, shard, value)
SELECT $1::bigint, $2::text, $3::text, $4::text, $5::text, (1 + pg_backend_pid() % 64)::smallint, $6::bigint FROM l
ON CONFLICT (campaign_id, action, per, subject, period, shard) DO UPDATE SET value = c.value + EXCLUDED.value`
	createProfile = `INSERT INTO cartfx_profiles (id, attributes, closed_sessions, total_sales, referred_by, created, last_activity)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`
	// changeProfile creates the profile as the deltas leave a new one, or
	// changes the stored one by them: $7 the attributes merged in, $8 the
	// attributes that replace the stored ones, $9 and $10 the statistics'
	// deltas, $11 the referral that replaces the stored one, $12 the
	// latest activity (greatest ignores a NULL).
	changeProfile = `INSERT INTO cartfx_profiles AS p (id, attributes, closed_sessions, total_sales, referred_by, created, last_activity)
VALUES ($1, $2, $3, $4, $5, $6, $12)
ON CONFLICT (id) DO UPDATE SET
	attributes = CASE WHEN $7::jsonb IS NULL THEN coalesce($8::jsonb, p.attributes) ELSE coalesce($8::jsonb, p.attributes, '{}') || $7::jsonb END,
	closed_sessions = p.closed_sessions + $9,
	total_sales = p.total_sales + $10,
	referred_by = coalesce($11::text, p.referred_by),
	last_activity = greatest(p.last_activity, $12::timestamptz)`
	insertCoupon = `INSERT INTO cartfx_coupons (code, campaign_id, usage_limit, per_profile_limit, start_date, expiry_date, recipient, created)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	insertReferral = `INSERT INTO cartfx_referrals (code, campaign_id, advocate, friend, usage_limit, start_date, expiry_date, created)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	removeLoyalty = `DELETE FROM cartfx_loyalty_txns WHERE id = ANY($1)`
	addLoyalty    = `INSERT INTO cartfx_loyalty_txns (id, profile_id, program_id, sub_ledger_id, session_id, name, points, created, active_from, expires)
VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $10)`
)

// commitBatch turns a change set into the batch of statements that
// applies it, and what each statement writes. Everything is encoded
// before anything is sent: a value that cannot be stored fails the commit
// with nothing written. The session's columns are encoded into buf.
func commitBatch(cs *store.ChangeSet, buf *sessionBuffer) (*pgx.Batch, []step, error) {
	b := &pgx.Batch{}
	b.BeginTx(pgx.TxOptions{})
	var steps []step
	if sess := cs.Session; sess != nil {
		record, err := appendRecord(buf.record[:0], sess)
		if err != nil {
			return nil, nil, fmt.Errorf("postgres: session %q: %w", sess.ID, err)
		}
		buf.record = record
		effs, err := appendEffects(buf.effects[:0], sess.Effects)
		if err != nil {
			return nil, nil, fmt.Errorf("postgres: session %q: effects: %w", sess.ID, err)
		}
		if effs != nil {
			buf.effects = effs
		}
		returns, err := appendEffects(buf.returns[:0], sess.Returns)
		if err != nil {
			return nil, nil, fmt.Errorf("postgres: session %q: returns: %w", sess.ID, err)
		}
		if returns != nil {
			buf.returns = returns
		}
		profileID := ""
		if sess.Input != nil {
			profileID = sess.Input.ProfileID
		}
		args := []any{sess.ID, string(sess.State), profileID, sess.Created, sess.Updated, effs, returns, record}
		if cs.ExpectVersion == 0 {
			b.Queue(insertSession, args...)
		} else {
			b.Queue(updateSession, append(args, cs.ExpectVersion)...)
		}
		steps = append(steps, step{kind: stepSession})
	}

	byKey := map[store.CounterKey]*counterStep{}
	for _, a := range cs.Counters {
		c := byKey[a.Key]
		if c == nil {
			c = &counterStep{key: a.Key}
			byKey[a.Key] = c
		}
		c.adds = append(c.adds, a)
	}
	for _, k := range slices.SortedFunc(maps.Keys(byKey), compareKeys) {
		c := byKey[k]
		bound, total, limited := c.bound()
		if total == 0 && !limited {
			continue
		}
		if limited {
			b.Queue(lockCounter, lockKey(k))
			b.Queue(addLimitedCount, k.CampaignID, k.Action, k.Per, k.Subject, k.Period, total, bound)
			steps = append(steps, step{kind: stepCounter, key: *c})
		} else {
			b.Queue(addCount, k.CampaignID, k.Action, k.Per, k.Subject, k.Period, total, lockKey(k))
		}
		steps = append(steps, step{kind: stepCounter, key: *c})
	}

	if err := queueProfiles(b, &steps, cs); err != nil {
		return nil, nil, err
	}

	coupons := slices.Clone(cs.NewCoupons)
	slices.SortStableFunc(coupons, func(a, b *store.Coupon) int { return strings.Compare(a.Code, b.Code) })
	for _, c := range coupons {
		b.Queue(insertCoupon, c.Code, c.CampaignID, c.UsageLimit, c.PerProfileLimit, c.StartDate, c.ExpiryDate, c.Recipient, c.Created)
		steps = append(steps, step{kind: stepCoupon, code: c.Code})
	}
	referrals := slices.Clone(cs.NewReferrals)
	slices.SortStableFunc(referrals, func(a, b *store.Referral) int { return strings.Compare(a.Code, b.Code) })
	for _, r := range referrals {
		b.Queue(insertReferral, r.Code, r.CampaignID, r.Advocate, r.Friend, r.UsageLimit, r.StartDate, r.ExpiryDate, r.Created)
		steps = append(steps, step{kind: stepReferral, code: r.Code})
	}

	if len(cs.RemoveLoyalty) > 0 {
		b.Queue(removeLoyalty, cs.RemoveLoyalty)
		steps = append(steps, step{kind: stepLoyalty})
	}
	for _, t := range cs.Loyalty {
		b.Queue(addLoyalty, t.ID, t.ProfileID, t.ProgramID, t.SubLedgerID, t.SessionID, t.Name, exactDecimal(t.Points), t.Created, t.ActiveFrom, t.Expires)
		steps = append(steps, step{kind: stepLoyalty})
	}
	return b, steps, nil
}

// queueProfiles queues one statement per profile the change set creates
// or changes, in the order of their IDs: the profile as the change set
// would create it (its first entry in Profiles, or an empty profile, with
// its deltas applied in order) if it does not exist, else the deltas,
// added up, applied to the stored one.
func queueProfiles(b *pgx.Batch, steps *[]step, cs *store.ChangeSet) error {
	created := map[string]*store.Profile{}
	deltas := map[string][]store.ProfileDelta{}
	for _, p := range cs.Profiles {
		if created[p.ID] == nil {
			created[p.ID] = p
		}
	}
	for _, d := range cs.ProfileDeltas {
		deltas[d.ID] = append(deltas[d.ID], d)
	}
	ids := slices.Sorted(maps.Keys(created))
	for id := range deltas {
		if created[id] == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		fresh := store.Profile{ID: id, Attributes: map[string]any{}}
		if p := created[id]; p != nil {
			fresh = *p
			fresh.Attributes = maps.Clone(p.Attributes)
		}
		var sum store.ProfileDelta
		var replace, merge map[string]any
		for _, d := range deltas[id] {
			if d.Attributes != nil {
				d.Attributes = maps.Clone(d.Attributes)
			}
			d.Apply(&fresh)
			sum.ClosedSessions += d.ClosedSessions
			sum.TotalSales += d.TotalSales
			if d.ReferredBy != nil {
				sum.ReferredBy = d.ReferredBy
			}
			if d.Attributes != nil {
				replace, merge = d.Attributes, nil
			}
			if len(d.MergeAttributes) > 0 {
				if merge == nil {
					merge = map[string]any{}
				}
				maps.Copy(merge, d.MergeAttributes)
			}
		}
		attrs, err := encodeAttributes(fresh.Attributes)
		if err != nil {
			return fmt.Errorf("postgres: profile %q: %w", id, err)
		}
		args := []any{id, attrs, fresh.ClosedSessions, fresh.TotalSales, fresh.ReferredBy, fresh.Created}
		var last *time.Time // NULL for none
		if !fresh.LastActivity.IsZero() {
			last = &fresh.LastActivity
		}
		if len(deltas[id]) == 0 {
			b.Queue(createProfile, append(args, last)...)
		} else {
			replaceJSON, err := encodeAttributes(replace)
			if err != nil {
				return fmt.Errorf("postgres: profile %q: %w", id, err)
			}
			mergeJSON, err := encodeAttributes(merge)
			if err != nil {
				return fmt.Errorf("postgres: profile %q: %w", id, err)
			}
			b.Queue(changeProfile, append(args, mergeJSON, replaceJSON, sum.ClosedSessions, sum.TotalSales, sum.ReferredBy, last)...)
		}
		*steps = append(*steps, step{kind: stepProfile})
	}
	return nil
}

// commitError says why a commit failed: the store's sentinels for the
// conditions, the driver's error (a lost connection, a timeout, a
// cancelled context) otherwise.
func (s *Store) commitError(ctx context.Context, cs *store.ChangeSet, at step, err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return wrap("commit", err)
	}
	switch {
	case pe.Code == "CXVER" && cs.Session != nil:
		id := cs.Session.ID
		var stored int64
		if rerr := s.pool.QueryRow(ctx, "SELECT version FROM cartfx_sessions WHERE id = $1", id).Scan(&stored); rerr != nil && !errors.Is(rerr, pgx.ErrNoRows) {
			return fmt.Errorf("session %q changed since the update read version %d: %w", id, cs.ExpectVersion, store.ErrConflict)
		}
		return fmt.Errorf("session %q is at version %d, the update read version %d: %w", id, stored, cs.ExpectVersion, store.ErrConflict)
	case pe.Code == "CXLIM" && at.kind == stepCounter:
		stored, perr := strconv.ParseInt(pe.Detail, 10, 64)
		if perr == nil {
			if le := at.key.limitError(stored); le != nil {
				return le
			}
		}
		return &store.LimitError{Key: at.key.key}
	case pe.Code == "23505" && at.kind == stepCoupon:
		return fmt.Errorf("coupon %q: %w", at.code, store.ErrExists)
	case pe.Code == "23505" && at.kind == stepReferral:
		return fmt.Errorf("referral %q: %w", at.code, store.ErrExists)
	}
	return wrap("commit", err)
}
