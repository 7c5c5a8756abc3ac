package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"
)

// Store is a store.Store on a PostgreSQL database. Every method is safe
// for concurrent use, and any number of Stores (in one process or in
// many) may share one database.
type Store struct {
	pool *pgxpool.Pool
}

var _ store.Store = (*Store)(nil)

// New returns a Store on the pool's database, after applying the
// migrations it does not have yet (see Migrate). The pool stays the
// caller's: closing it is the caller's, after the last use of the Store.
func New(ctx context.Context, pool *pgxpool.Pool) (*Store, error) {
	if pool == nil {
		return nil, errors.New("postgres: New needs a pool")
	}
	if _, err := Migrate(ctx, pool); err != nil {
		return nil, err
	}
	return &Store{pool: pool}, nil
}

// readError wraps a failed read: store.ErrNotFound for no row, the
// driver's error (a connection, a timeout, a cancelled context) otherwise.
func readError(what string, key string, err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s %q: %w", what, key, store.ErrNotFound)
	}
	return wrap(fmt.Sprintf("reading %s %q", what, key), err)
}

const sessionSQL = "SELECT version, state, effects, returns, record FROM cartfx_sessions WHERE id = $1"

// Session returns a stored session.
func (s *Store) Session(ctx context.Context, id string) (*store.Session, error) {
	return scanSession(s.pool.QueryRow(ctx, sessionSQL, id), id)
}

// scanSession reads the row of sessionSQL.
func scanSession(row pgx.Row, id string) (*store.Session, error) {
	var (
		state                 string
		effs, returns, record []byte
		sess                  = &store.Session{ID: id}
	)
	err := row.Scan(&sess.Version, &state, &effs, &returns, &record)
	if err != nil {
		return nil, readError("session", id, err)
	}
	sess.State = cart.State(state)
	if err := decodeRecord(record, sess); err != nil {
		return nil, fmt.Errorf("postgres: session %q: %w", id, err)
	}
	if sess.Effects, err = decodeEffects(effs); err != nil {
		return nil, fmt.Errorf("postgres: session %q: effects: %w", id, err)
	}
	if sess.Returns, err = decodeEffects(returns); err != nil {
		return nil, fmt.Errorf("postgres: session %q: returns: %w", id, err)
	}
	return sess, nil
}

// encodeEffects encodes a list of effects as JSON; nil (SQL NULL) for a
// nil list.
func encodeEffects(list []effects.Effect) ([]byte, error) { return appendEffects(nil, list) }

// appendEffects appends what encodeEffects encodes to dst (a buffer to
// reuse), and returns the extended buffer; nil for a nil list.
func appendEffects(dst []byte, list []effects.Effect) ([]byte, error) {
	if list == nil {
		return nil, nil
	}
	return effects.AppendList(dst, list)
}

// decodeEffects reads what encodeEffects wrote. An effect's Pointer points
// into a document the store never saw: it is not kept.
func decodeEffects(data []byte) ([]effects.Effect, error) {
	if data == nil {
		return nil, nil
	}
	list, err := effects.DecodeList(data)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Pointer = ""
	}
	return list, nil
}

const profileSQL = "SELECT attributes, closed_sessions, total_sales, referred_by, created, last_activity FROM cartfx_profiles WHERE id = $1"

// Profile returns a stored profile.
func (s *Store) Profile(ctx context.Context, id string) (*store.Profile, error) {
	return scanProfile(s.pool.QueryRow(ctx, profileSQL, id), id)
}

// scanProfile reads the row of profileSQL.
func scanProfile(row pgx.Row, id string) (*store.Profile, error) {
	p := &store.Profile{ID: id}
	var attrs []byte
	var last *time.Time
	err := row.Scan(&attrs, &p.ClosedSessions, &p.TotalSales, &p.ReferredBy, &p.Created, &last)
	if err != nil {
		return nil, readError("profile", id, err)
	}
	if p.Attributes, err = decodeAttributes(attrs); err != nil {
		return nil, fmt.Errorf("postgres: profile %q: %w", id, err)
	}
	p.Created = p.Created.UTC()
	if last != nil {
		p.LastActivity = last.UTC()
	}
	return p, nil
}

const couponColumns = "code, campaign_id, usage_limit, per_profile_limit, start_date, expiry_date, recipient, created"

func scanCoupon(row pgx.Row) (*store.Coupon, error) {
	c := &store.Coupon{}
	if err := row.Scan(&c.Code, &c.CampaignID, &c.UsageLimit, &c.PerProfileLimit, &c.StartDate, &c.ExpiryDate, &c.Recipient, &c.Created); err != nil {
		return nil, err
	}
	c.StartDate, c.ExpiryDate, c.Created = utcPtr(c.StartDate), utcPtr(c.ExpiryDate), c.Created.UTC()
	return c, nil
}

const couponSQL = "SELECT " + couponColumns + " FROM cartfx_coupons WHERE code = $1"

// Coupon returns a stored coupon.
func (s *Store) Coupon(ctx context.Context, code string) (*store.Coupon, error) {
	c, err := scanCoupon(s.pool.QueryRow(ctx, couponSQL, code))
	if err != nil {
		return nil, readError("coupon", code, err)
	}
	return c, nil
}

const referralColumns = "code, campaign_id, advocate, friend, usage_limit, start_date, expiry_date, created"

func scanReferral(row pgx.Row) (*store.Referral, error) {
	r := &store.Referral{}
	if err := row.Scan(&r.Code, &r.CampaignID, &r.Advocate, &r.Friend, &r.UsageLimit, &r.StartDate, &r.ExpiryDate, &r.Created); err != nil {
		return nil, err
	}
	r.StartDate, r.ExpiryDate, r.Created = utcPtr(r.StartDate), utcPtr(r.ExpiryDate), r.Created.UTC()
	return r, nil
}

const referralSQL = "SELECT " + referralColumns + " FROM cartfx_referrals WHERE code = $1"

// Referral returns a stored referral.
func (s *Store) Referral(ctx context.Context, code string) (*store.Referral, error) {
	r, err := scanReferral(s.pool.QueryRow(ctx, referralSQL, code))
	if err != nil {
		return nil, readError("referral", code, err)
	}
	return r, nil
}

const counterSQL = "SELECT coalesce(sum(value), 0)::bigint FROM cartfx_counters WHERE campaign_id = $1 AND action = $2 AND per = $3 AND subject = $4 AND period = $5"

func counterArgs(k store.CounterKey) []any {
	return []any{k.CampaignID, k.Action, k.Per, k.Subject, k.Period}
}

// Counter returns a counter's value; 0 for one never incremented.
func (s *Store) Counter(ctx context.Context, k store.CounterKey) (int64, error) {
	return scanCounter(s.pool.QueryRow(ctx, counterSQL, counterArgs(k)...), k)
}

// scanCounter reads the row of counterSQL.
func scanCounter(row pgx.Row, k store.CounterKey) (int64, error) {
	var v int64
	err := row.Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, wrap("reading counter "+k.String(), err)
	}
	return v, nil
}

const loyaltySQL = `SELECT id, sub_ledger_id, session_id, name, points::text, created, active_from, expires
FROM cartfx_loyalty_txns WHERE profile_id = $1 AND program_id = $2 ORDER BY seq`

// Loyalty returns a profile's transactions in a program, oldest first.
func (s *Store) Loyalty(ctx context.Context, profileID string, programID int64) ([]store.LoyaltyTxn, error) {
	rows, err := s.pool.Query(ctx, loyaltySQL, profileID, programID)
	return scanLoyalty(rows, err, profileID, programID)
}

// scanLoyalty reads the rows of loyaltySQL (err is the query's).
func scanLoyalty(rows pgx.Rows, err error, profileID string, programID int64) ([]store.LoyaltyTxn, error) {
	if err != nil {
		return nil, wrap(fmt.Sprintf("reading the loyalty of %q", profileID), err)
	}
	defer rows.Close()
	var out []store.LoyaltyTxn
	var points string
	for rows.Next() {
		t := store.LoyaltyTxn{ProfileID: profileID, ProgramID: programID}
		if err := rows.Scan(&t.ID, &t.SubLedgerID, &t.SessionID, &t.Name, &points, &t.Created, &t.ActiveFrom, &t.Expires); err != nil {
			return nil, wrap(fmt.Sprintf("reading the loyalty of %q", profileID), err)
		}
		if t.Points, err = decimal.NewFromString(points); err != nil {
			return nil, fmt.Errorf("postgres: %w: transaction %q has points %q", errCorrupt, t.ID, points)
		}
		t.Created, t.ActiveFrom, t.Expires = t.Created.UTC(), t.ActiveFrom.UTC(), utcPtr(t.Expires)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(fmt.Sprintf("reading the loyalty of %q", profileID), err)
	}
	return out, nil
}

// ProfileCoupons returns the coupons reserved for a profile, oldest first,
// then by code.
func (s *Store) ProfileCoupons(ctx context.Context, profileID string) ([]*store.Coupon, error) {
	return list(ctx, s, "the coupons of "+fmt.Sprintf("%q", profileID), scanCoupon,
		"SELECT "+couponColumns+" FROM cartfx_coupons WHERE recipient = $1 AND recipient <> '' ORDER BY created, code", profileID)
}

// ProfileReferrals returns the referral codes a profile advocates, oldest
// first, then by code.
func (s *Store) ProfileReferrals(ctx context.Context, profileID string) ([]*store.Referral, error) {
	return list(ctx, s, "the referrals of "+fmt.Sprintf("%q", profileID), scanReferral,
		"SELECT "+referralColumns+" FROM cartfx_referrals WHERE advocate = $1 AND advocate <> '' ORDER BY created, code", profileID)
}

// ReferredProfiles returns the IDs of the profiles a referral code
// referred, in order.
func (s *Store) ReferredProfiles(ctx context.Context, code string) ([]string, error) {
	return list(ctx, s, "the profiles referred by "+fmt.Sprintf("%q", code), func(r pgx.Row) (string, error) {
		var id string
		err := r.Scan(&id)
		return id, err
	}, "SELECT id FROM cartfx_profiles WHERE referred_by = $1 AND referred_by <> '' ORDER BY id", code)
}

func list[T any](ctx context.Context, s *Store, what string, scan func(pgx.Row) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, wrap("reading "+what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, wrap("reading "+what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("reading "+what, err)
	}
	return out, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
