package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/shopspring/decimal"
)

// Sentinel errors; match them with errors.Is.
var (
	// ErrNotFound is a record that does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict is a session that changed since it was read: another
	// update of the same session committed first (Talon.One answers 409).
	ErrConflict = errors.New("the session was changed by another update")
	// ErrLimitReached is a counter increment that would pass its limit.
	ErrLimitReached = errors.New("limit reached")
	// ErrExists is a coupon or referral code that is already taken.
	ErrExists = errors.New("already exists")
	// ErrUnavailable is a store that could not be reached, went away in
	// the middle of a call or did not answer in time: no verdict on the
	// call, which may succeed when made again (the server answers 503).
	// A store's errors for it match it.
	ErrUnavailable = errors.New("the store is unavailable")
)

// LimitError says which counter a commit could not increment.
type LimitError struct {
	Key   CounterKey
	Value int64
	Delta int64
	Limit int64
}

// Error says which counter would pass which limit.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%v: %s is at %d, adding %d would pass %d", ErrLimitReached, e.Key, e.Value, e.Delta, e.Limit)
}

// Unwrap returns ErrLimitReached.
func (e *LimitError) Unwrap() error { return ErrLimitReached }

// Store is what the engine keeps between calls. Every method is safe for
// concurrent use. Reads return records the caller may keep: their own
// top-level slices and maps, which the caller may change, and shared
// values behind pointers (a session's Input and Committed, effects'
// props, times), which nobody changes. Commit takes the change set over:
// a store may keep its values (the session, its slices and maps) without
// copying them, so the caller must not change any of them after the call.
// A store that serialises the change set (PostgreSQL) copies it anyway.
type Store interface {
	Session(ctx context.Context, id string) (*Session, error)
	Profile(ctx context.Context, id string) (*Profile, error)
	Coupon(ctx context.Context, code string) (*Coupon, error)
	Referral(ctx context.Context, code string) (*Referral, error)
	// Counter returns a counter's value; 0 for one never incremented.
	Counter(ctx context.Context, key CounterKey) (int64, error)
	// Loyalty returns a profile's loyalty transactions in a program, oldest
	// first.
	Loyalty(ctx context.Context, profileID string, programID int64) ([]LoyaltyTxn, error)
	// ProfileCoupons returns the coupons reserved for a profile (their
	// Recipient), oldest first, then by code.
	ProfileCoupons(ctx context.Context, profileID string) ([]*Coupon, error)
	// ProfileReferrals returns the referral codes a profile advocates,
	// oldest first, then by code.
	ProfileReferrals(ctx context.Context, profileID string) ([]*Referral, error)
	// ReferredProfiles returns the IDs of the profiles whose ReferredBy
	// is the referral code (the friends it referred), in order.
	ReferredProfiles(ctx context.Context, code string) ([]string, error)
	// Commit applies a change set atomically: all of it, or nothing. The
	// change set is the store's from then on (see Store).
	Commit(ctx context.Context, cs *ChangeSet) error
}

// Session is a stored customer session.
type Session struct {
	ID string
	// Version counts the commits of the session; a ChangeSet that writes it
	// names the version it read.
	Version int64
	// Input is the session as merged from every update (PUT semantics).
	Input *cart.Session
	State cart.State
	// Effects are the effects of the last evaluation, in order.
	Effects []effects.Effect
	// Triggered are the IDs of the campaigns that triggered in it.
	Triggered []int64
	// Returns are the rollback effects of the session's returns, in order.
	Returns []effects.Effect
	// Ledger is what each unit and session cost of a closed session paid
	// and received, for returns; empty while the session is not closed.
	Ledger Ledger
	// Committed is what closing the session committed, to be undone by a
	// cancel, a reopen or a return; nil while the session is not closed.
	Committed *Commitment
	// Returned counts the returned units per position.
	Returned map[int]int
	// Created is when the session was first stored (the engine carries it
	// from version to version); Updated is the last commit's time.
	Created time.Time
	Updated time.Time
}

// Ledger is what the units of a closed session paid and received. A cart
// of many units gets many small postings from few discounts, so each
// discount is described once and a posting refers to it by index: the
// postings are a flat array free of pointers, cheap to keep and to scan.
type Ledger struct {
	// Units are the cart's units in order, then its session-level
	// additional costs.
	Units []UnitLedger
	// Names are the units' SKUs (one per line) and the session costs'
	// names, which the units refer to by index.
	Names []string
	// Discounts describe the discounts the postings refer to.
	Discounts []Discount
	// Postings are what the units received, grouped by unit in the order
	// of Units; a unit's postings are in the order its discounts were
	// first applied, one per campaign and discount name.
	Postings []Posting
}

// UnitLedger is what one unit (or session cost) of a closed session paid.
// It holds no pointers, as the postings do not.
type UnitLedger struct {
	// Position and SubPosition are the unit's; -1 for a session cost.
	Position, SubPosition int
	Price                 int64
	// Name indexes Ledger.Names: the unit's SKU, or the session cost's
	// name.
	Name int32
	// Returned is set once the unit is returned.
	Returned bool
}

// Discount describes a discount that units received.
type Discount struct {
	CampaignID int64
	Name       string
	Scope      string
}

// Posting is the amount, in minor units, one unit received of one
// discount.
type Posting struct {
	// Unit indexes Ledger.Units, Discount indexes Ledger.Discounts.
	Unit, Discount int32
	Amount         int64
}

// Clone returns a copy of the ledger that shares nothing with it.
func (l Ledger) Clone() Ledger {
	return Ledger{Units: slices.Clone(l.Units), Names: slices.Clone(l.Names), Discounts: slices.Clone(l.Discounts), Postings: slices.Clone(l.Postings)}
}

// Commitment is what a session's close committed: counter increments,
// coupon and referral redemptions and loyalty transactions, undone together.
type Commitment struct {
	Counters []CounterAdd
	// Coupons and Referral are the codes redeemed.
	Coupons  []string
	Referral string
	// LoyaltyTxns are the IDs of the loyalty transactions the close added.
	LoyaltyTxns []string
	// TotalSales is what the close added to the profile's total sales.
	TotalSales int64
}

// Profile is a customer profile.
type Profile struct {
	ID         string
	Attributes map[string]any
	// ClosedSessions counts closed sessions that were not cancelled or
	// reopened; TotalSales sums their totals before discounts, less
	// returns, in minor units.
	ClosedSessions int64
	TotalSales     int64
	// ReferredBy is the referral code the profile redeemed as a friend.
	ReferredBy string
	Created    time.Time
	// LastActivity is the latest Activity of the deltas committed to the
	// profile (Talon.One's lastActivity: the last stored call that ran the
	// rule engine for the customer); zero while there was none.
	LastActivity time.Time
}

// Coupon is a coupon code of a campaign.
type Coupon struct {
	Code       string
	CampaignID int64
	// UsageLimit is how often it can be redeemed (0: unlimited);
	// PerProfileLimit how often by one profile.
	UsageLimit      int64
	PerProfileLimit int64
	StartDate       *time.Time
	ExpiryDate      *time.Time
	// Recipient is the profile it is reserved for; "" for anyone.
	Recipient string
	Created   time.Time
}

// Referral is a referral code of an advocate.
type Referral struct {
	Code       string
	CampaignID int64
	Advocate   string
	// Friend is the profile that may redeem it; "" for anyone.
	Friend     string
	UsageLimit int64
	StartDate  *time.Time
	ExpiryDate *time.Time
	Created    time.Time
}

// LoyaltyTxn is one change of a profile's points in a program's
// sub-ledger: added (positive) or deducted (negative).
type LoyaltyTxn struct {
	ID          string
	ProfileID   string
	ProgramID   int64
	SubLedgerID string
	SessionID   string
	Name        string
	Points      decimal.Decimal
	Created     time.Time
	// ActiveFrom is when added points become spendable (pending before);
	// Expires is when they expire (nil: never).
	ActiveFrom time.Time
	Expires    *time.Time
}

// CounterKey names a counter of a limit or a budget: what is counted
// (a limit action, or "coupon" / "couponProfile" / "referral" for code
// usage), for which campaign, per what (profile, coupon, identifier...),
// and in which period ("" for all time, or e.g. "2026-11" for a month).
type CounterKey struct {
	CampaignID int64
	Action     string
	Per        string
	Subject    string
	Period     string
}

// String describes the counter for messages.
func (k CounterKey) String() string {
	s := fmt.Sprintf("campaign %d %s", k.CampaignID, k.Action)
	if k.Per != "" {
		s += " per " + k.Per + " " + k.Subject
	}
	if k.Period != "" {
		s += " in " + k.Period
	}
	return s
}

// ProfileDelta changes a profile's statistics by the given amounts; a
// non-nil ReferredBy replaces the profile's referral, non-nil Attributes
// its attributes. MergeAttributes are set on the attributes the profile
// has when the commit applies (after Attributes), the others kept: so
// that concurrent updates of different attributes all stay. A non-zero
// Activity becomes the profile's LastActivity unless that is later
// already (replicas' clocks, and commits racing, may cross: the latest
// stays).
type ProfileDelta struct {
	ID              string
	ClosedSessions  int64
	TotalSales      int64
	ReferredBy      *string
	Attributes      map[string]any
	MergeAttributes map[string]any
	Activity        time.Time
}

// Apply changes p by d (d names p; Apply does not check). The attributes
// become d's map itself, into which MergeAttributes are then copied: a
// store that keeps p copies Attributes first, and p's attributes must be
// p's own (not shared with a reader) when MergeAttributes is set.
func (d ProfileDelta) Apply(p *Profile) {
	p.ClosedSessions += d.ClosedSessions
	p.TotalSales += d.TotalSales
	if d.ReferredBy != nil {
		p.ReferredBy = *d.ReferredBy
	}
	if d.Activity.After(p.LastActivity) {
		p.LastActivity = d.Activity
	}
	if d.Attributes != nil {
		p.Attributes = d.Attributes
	}
	if len(d.MergeAttributes) > 0 {
		if p.Attributes == nil {
			p.Attributes = make(map[string]any, len(d.MergeAttributes))
		}
		maps.Copy(p.Attributes, d.MergeAttributes)
	}
}

// CounterAdd adds Delta to a counter. With a positive Limit the commit fails
// (ErrLimitReached, as a *LimitError) if the counter would pass it.
type CounterAdd struct {
	Key   CounterKey
	Delta int64
	Limit int64
}

// ChangeSet is one atomic commit.
type ChangeSet struct {
	// Session is written if not nil; ExpectVersion is the version it was
	// read at (0 for a new session). A different stored version fails the
	// commit with ErrConflict. The written session gets ExpectVersion+1.
	Session       *Session
	ExpectVersion int64
	Counters      []CounterAdd
	// Profiles are created if they do not exist yet; an existing profile
	// is left as it is (its statistics change through ProfileDeltas, so
	// that concurrent closes of one profile's sessions all count).
	Profiles      []*Profile
	ProfileDeltas []ProfileDelta
	// NewCoupons and NewReferrals must not exist yet (ErrExists).
	NewCoupons   []*Coupon
	NewReferrals []*Referral
	// Loyalty adds transactions; RemoveLoyalty removes them by ID.
	Loyalty       []LoyaltyTxn
	RemoveLoyalty []string
}
