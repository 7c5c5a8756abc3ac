package server

import (
	"crypto/sha256"
	"sync"
	"time"
)

// idempotencyTTL is how long a return's response is kept for its
// Idempotency-Key, as Talon.One keeps it: 24 hours.
const idempotencyTTL = 24 * time.Hour

// maxIdempotencyKey is the longest Idempotency-Key Talon.One accepts.
const maxIdempotencyKey = 255

// maxIdempotencyEntries is the most answers the server keeps for
// Idempotency-Keys; past it the oldest answer is dropped first, before its
// 24 hours, and its key can be used again as a new request. At a few
// kilobytes an answer, that is at most a few hundred megabytes.
const maxIdempotencyEntries = 100_000

// idempotency keeps the answers of returns by session and Idempotency-Key:
// the same key with the same body answers the stored response, with
// another body 409. It keeps an answer for idempotencyTTL and at most max
// answers, the oldest dropped first; a key whose first request is still
// running is never dropped (there are as many as requests in flight).
type idempotency struct {
	mu    sync.Mutex
	clock func() time.Time
	m     map[string]*stored
	max   int
	// order is the stored answers' keys in the order they were stored:
	// since the TTL is the same for all, the oldest is the first to
	// expire, and a sweep stops at the first that has not. order[head:]
	// are the live ones.
	order []entry
	head  int
}

// entry is one stored answer in idempotency.order.
type entry struct {
	key string
	s   *stored
}

// stored is one key's request and answer; pending while the first
// request with the key runs.
type stored struct {
	body    [sha256.Size]byte
	pending bool
	status  int
	resp    []byte
	at      time.Time
}

func newIdempotency(clock func() time.Time) *idempotency {
	return &idempotency{clock: clock, m: map[string]*stored{}, max: maxIdempotencyEntries}
}

// claim looks the key up: a stored answer to replay, a conflict (another
// body, or the first request still running), or neither, and then the key
// is the caller's until it calls finish.
func (i *idempotency) claim(key string, body []byte) (replay *stored, conflict bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	now := i.clock()
	for i.head < len(i.order) && now.Sub(i.order[i.head].s.at) > idempotencyTTL {
		i.drop()
	}
	sum := sha256.Sum256(body)
	if s, ok := i.m[key]; ok {
		if s.pending || s.body != sum {
			return nil, true
		}
		return s, false
	}
	i.m[key] = &stored{body: sum, pending: true}
	return nil, false
}

// drop forgets the oldest stored answer.
func (i *idempotency) drop() {
	e := i.order[i.head]
	i.order[i.head] = entry{}
	i.head++
	if i.m[e.key] == e.s {
		delete(i.m, e.key)
	}
	// Compact once half of order is dropped entries: amortized O(1).
	if i.head > len(i.order)/2 {
		n := copy(i.order, i.order[i.head:])
		clear(i.order[n:])
		i.order, i.head = i.order[:n], 0
	}
}

// finish stores the answer of a claimed key; an answer that is not a
// success frees the key instead, so that the request can be made again.
func (i *idempotency) finish(key string, status int, resp []byte) {
	i.mu.Lock()
	defer i.mu.Unlock()
	s := i.m[key]
	if s == nil || !s.pending {
		return
	}
	if status != 200 {
		delete(i.m, key)
		return
	}
	s.pending, s.status, s.resp, s.at = false, status, resp, i.clock()
	i.order = append(i.order, entry{key, s})
	for len(i.order)-i.head > i.max {
		i.drop()
	}
}
