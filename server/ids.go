package server

import (
	"sync"
	"time"
)

// ids gives the entities Talon.One numbers what the engine does not keep:
// an internal ID, a creation time, the last update and the count of
// updates. It lives as long as the Server, across campaign reloads, and
// holds one small record per session, profile and code seen, as the
// memory store holds the entities themselves.
type ids struct {
	mu   sync.Mutex
	next int64
	m    map[string]*record
}

// record is what ids keeps of one entity.
type record struct {
	ID      int64
	Created time.Time
	Updated time.Time
	Updates int64
}

func newIDs() *ids { return &ids{m: map[string]*record{}} }

// touch returns the record of an entity, made at now if it is new; an
// update (write) counts one more update at now.
func (r *ids) touch(kind, key string, now time.Time, write bool) record {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := kind + "\x00" + key
	rec, ok := r.m[k]
	if !ok {
		r.next++
		rec = &record{ID: r.next, Created: now, Updated: now}
		r.m[k] = rec
	}
	if write {
		rec.Updates++
		rec.Updated = now
	}
	return *rec
}

// peek returns the record of an entity, or one with ID 0 created at now
// for an entity never stored (a dry run's).
func (r *ids) peek(kind, key string, now time.Time) record {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rec, ok := r.m[kind+"\x00"+key]; ok {
		return *rec
	}
	return record{Created: now, Updated: now}
}

// The kinds of entity.
const (
	kindSession  = "session"
	kindProfile  = "profile"
	kindCoupon   = "coupon"
	kindReferral = "referral"
	kindReturn   = "return"
)
