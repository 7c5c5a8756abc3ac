package server

import (
	"crypto/sha256"
	"encoding/binary"
)

// entityID is the internal ID that Talon.One numbers an entity with
// (a session, a profile, a coupon, a referral, a return), made from what
// the store keeps rather than kept by the server: the first 53 bits of
// the SHA-256 of the entity's kind and integration ID (or code). Every
// replica on one store, and a server after a restart, answers the same
// ID for the same entity; 53 bits is what a JSON client's float64 holds
// exactly. An ID is never 0, which the answers keep for an entity that
// is not stored (a dry run's session and codes). Two entities of one
// kind share an ID with a chance of about n²/2⁵⁴ among n of them (1 in
// 18,000 for a million).
func entityID(kind, key string) int64 {
	h := sha256.New()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(key))
	var sum [sha256.Size]byte
	id := int64(binary.BigEndian.Uint64(h.Sum(sum[:0])) >> 11)
	if id == 0 {
		id = 1
	}
	return id
}

// The kinds of entity.
const (
	kindSession  = "session"
	kindProfile  = "profile"
	kindCoupon   = "coupon"
	kindReferral = "referral"
	kindReturn   = "return"
)
