package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Memory is the in-process Store: maps behind one lock. Commit checks every
// condition of a change set before it writes anything, so a failed commit
// changes nothing.
type Memory struct {
	mu        sync.RWMutex
	sessions  map[string]*Session
	profiles  map[string]*Profile
	coupons   map[string]*Coupon
	referrals map[string]*Referral
	counters  map[CounterKey]int64
	loyalty   map[loyaltyKey][]LoyaltyTxn
	// recipients and advocates index the codes by profile.
	recipients map[string][]string
	advocates  map[string][]string
	// referred indexes the profiles by their ReferredBy.
	referred map[string]map[string]bool
	// ledgers indexes the loyalty transactions by ID: the ledgers that
	// hold one, so that a rollback reads only those.
	ledgers map[string][]loyaltyKey
}

type loyaltyKey struct {
	profile string
	program int64
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{
		sessions:  map[string]*Session{},
		profiles:  map[string]*Profile{},
		coupons:   map[string]*Coupon{},
		referrals: map[string]*Referral{},
		counters:  map[CounterKey]int64{},
		loyalty:   map[loyaltyKey][]LoyaltyTxn{},

		recipients: map[string][]string{},
		advocates:  map[string][]string{},
		referred:   map[string]map[string]bool{},
		ledgers:    map[string][]loyaltyKey{},
	}
}

// Session returns a stored session.
func (m *Memory) Session(_ context.Context, id string) (*Session, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.sessions[id]
	if !ok {
		return nil, fmt.Errorf("session %q: %w", id, ErrNotFound)
	}
	return copySession(s), nil
}

// Profile returns a stored profile.
func (m *Memory) Profile(_ context.Context, id string) (*Profile, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	p, ok := m.profiles[id]
	if !ok {
		return nil, fmt.Errorf("profile %q: %w", id, ErrNotFound)
	}
	c := *p
	c.Attributes = maps.Clone(p.Attributes)
	return &c, nil
}

// Coupon returns a stored coupon.
func (m *Memory) Coupon(_ context.Context, code string) (*Coupon, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c, ok := m.coupons[code]
	if !ok {
		return nil, fmt.Errorf("coupon %q: %w", code, ErrNotFound)
	}
	cc := *c
	return &cc, nil
}

// Referral returns a stored referral.
func (m *Memory) Referral(_ context.Context, code string) (*Referral, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.referrals[code]
	if !ok {
		return nil, fmt.Errorf("referral %q: %w", code, ErrNotFound)
	}
	rr := *r
	return &rr, nil
}

// Counter returns a counter's value.
func (m *Memory) Counter(_ context.Context, key CounterKey) (int64, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.counters[key], nil
}

// Loyalty returns a profile's transactions in a program.
func (m *Memory) Loyalty(_ context.Context, profileID string, programID int64) ([]LoyaltyTxn, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Clone(m.loyalty[loyaltyKey{profileID, programID}]), nil
}

// ProfileCoupons returns the coupons reserved for a profile.
func (m *Memory) ProfileCoupons(_ context.Context, profileID string) ([]*Coupon, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Coupon
	for _, code := range m.recipients[profileID] {
		c := *m.coupons[code]
		out = append(out, &c)
	}
	slices.SortFunc(out, func(a, b *Coupon) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.Code, b.Code))
	})
	return out, nil
}

// ProfileReferrals returns the referral codes a profile advocates.
func (m *Memory) ProfileReferrals(_ context.Context, profileID string) ([]*Referral, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Referral
	for _, code := range m.advocates[profileID] {
		r := *m.referrals[code]
		out = append(out, &r)
	}
	slices.SortFunc(out, func(a, b *Referral) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.Code, b.Code))
	})
	return out, nil
}

// ReferredProfiles returns the profiles whose ReferredBy is code, by ID.
func (m *Memory) ReferredProfiles(_ context.Context, code string) ([]string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Sorted(maps.Keys(m.referred[code])), nil
}

// refer moves a profile in the referred index from one code to another.
func (m *Memory) refer(id, from, to string) {
	if from == to {
		return
	}
	if from != "" {
		delete(m.referred[from], id)
		if len(m.referred[from]) == 0 {
			delete(m.referred, from)
		}
	}
	if to != "" {
		if m.referred[to] == nil {
			m.referred[to] = map[string]bool{}
		}
		m.referred[to][id] = true
	}
}

// Commit applies the change set if every condition holds. It keeps the
// change set's session as it is, without a copy (see Store).
func (m *Memory) Commit(_ context.Context, cs *ChangeSet) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s := cs.Session; s != nil {
		var stored int64
		if old, ok := m.sessions[s.ID]; ok {
			stored = old.Version
		}
		if stored != cs.ExpectVersion {
			return fmt.Errorf("session %q is at version %d, the update read version %d: %w", s.ID, stored, cs.ExpectVersion, ErrConflict)
		}
	}
	// Increments to one counter within the set add up before the check.
	pending := map[CounterKey]int64{}
	for _, a := range cs.Counters {
		v := m.counters[a.Key] + pending[a.Key]
		if a.Limit > 0 && a.Delta > 0 && v+a.Delta > a.Limit {
			return &LimitError{Key: a.Key, Value: v, Delta: a.Delta, Limit: a.Limit}
		}
		pending[a.Key] += a.Delta
	}
	newCodes := map[string]bool{}
	for _, c := range cs.NewCoupons {
		if _, ok := m.coupons[c.Code]; ok || newCodes[c.Code] {
			return fmt.Errorf("coupon %q: %w", c.Code, ErrExists)
		}
		newCodes[c.Code] = true
	}
	clear(newCodes)
	for _, r := range cs.NewReferrals {
		if _, ok := m.referrals[r.Code]; ok || newCodes[r.Code] {
			return fmt.Errorf("referral %q: %w", r.Code, ErrExists)
		}
		newCodes[r.Code] = true
	}

	if s := cs.Session; s != nil {
		// A copy of the struct alone, for the version: what it refers
		// to is the store's now.
		stored := *s
		stored.Version = cs.ExpectVersion + 1
		m.sessions[s.ID] = &stored
	}
	for k, d := range pending {
		if v := m.counters[k] + d; v == 0 {
			delete(m.counters, k)
		} else {
			m.counters[k] = v
		}
	}
	for _, p := range cs.Profiles {
		if _, ok := m.profiles[p.ID]; ok {
			continue
		}
		c := *p
		c.Attributes = maps.Clone(p.Attributes)
		m.profiles[p.ID] = &c
		m.refer(p.ID, "", c.ReferredBy)
	}
	for _, d := range cs.ProfileDeltas {
		p, ok := m.profiles[d.ID]
		if !ok {
			p = &Profile{ID: d.ID, Attributes: map[string]any{}}
			m.profiles[d.ID] = p
		}
		if d.Attributes != nil {
			d.Attributes = maps.Clone(d.Attributes)
		}
		was := p.ReferredBy
		d.Apply(p)
		m.refer(p.ID, was, p.ReferredBy)
	}
	for _, c := range cs.NewCoupons {
		cc := *c
		m.coupons[c.Code] = &cc
		if c.Recipient != "" {
			m.recipients[c.Recipient] = append(m.recipients[c.Recipient], c.Code)
		}
	}
	for _, r := range cs.NewReferrals {
		rr := *r
		m.referrals[r.Code] = &rr
		if r.Advocate != "" {
			m.advocates[r.Advocate] = append(m.advocates[r.Advocate], r.Code)
		}
	}
	for _, id := range cs.RemoveLoyalty {
		for _, k := range m.ledgers[id] {
			m.loyalty[k] = slices.DeleteFunc(m.loyalty[k], func(t LoyaltyTxn) bool { return t.ID == id })
		}
		delete(m.ledgers, id)
	}
	for _, t := range cs.Loyalty {
		k := loyaltyKey{t.ProfileID, t.ProgramID}
		m.loyalty[k] = append(m.loyalty[k], t)
		if !slices.Contains(m.ledgers[t.ID], k) {
			m.ledgers[t.ID] = append(m.ledgers[t.ID], k)
		}
	}
	return nil
}

// AddCoupon stores a coupon outside any session, as a campaign's listed
// codes are; a code that exists is an error.
func (m *Memory) AddCoupon(c *Coupon) error {
	return m.Commit(context.Background(), &ChangeSet{NewCoupons: []*Coupon{c}})
}

// copySession copies what a reader could change. Sessions are written
// whole, never changed in place, so the values nested deeper can be shared.
func copySession(s *Session) *Session {
	c := *s
	c.Effects = slices.Clone(s.Effects)
	c.Triggered = slices.Clone(s.Triggered)
	c.Returns = slices.Clone(s.Returns)
	c.Ledger = s.Ledger.Clone()
	c.Returned = maps.Clone(s.Returned)
	return &c
}
