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

// idempotency keeps the answers of returns by session and Idempotency-Key:
// the same key with the same body answers the stored response, with
// another body 409.
type idempotency struct {
	mu    sync.Mutex
	clock func() time.Time
	m     map[string]*stored
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
	return &idempotency{clock: clock, m: map[string]*stored{}}
}

// claim looks the key up: a stored answer to replay, a conflict (another
// body, or the first request still running), or neither, and then the key
// is the caller's until it calls finish.
func (i *idempotency) claim(key string, body []byte) (replay *stored, conflict bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	now := i.clock()
	for k, s := range i.m {
		if !s.pending && now.Sub(s.at) > idempotencyTTL {
			delete(i.m, k)
		}
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

// finish stores the answer of a claimed key; an answer that is not a
// success frees the key instead, so that the request can be made again.
func (i *idempotency) finish(key string, status int, resp []byte) {
	i.mu.Lock()
	defer i.mu.Unlock()
	s := i.m[key]
	if s == nil {
		return
	}
	if status != 200 {
		delete(i.m, key)
		return
	}
	s.pending, s.status, s.resp, s.at = false, status, resp, i.clock()
}
