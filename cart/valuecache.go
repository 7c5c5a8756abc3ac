package cart

import (
	"encoding/binary"
	"math/bits"

	"github.com/shopspring/decimal"
)

// What a session repeats from line to line is decoded and allocated once.
// valueCache shares what one session repeats on every line (attribute
// names and values, categories, measures, cost names): equal short strings
// share one copy, and equal numbers one decimal, each also boxed once as an
// attribute value. Strings and decimals are immutable, so sharing one is
// like copying it. The tables are small and two-way associative: a miss
// costs a hash, and evicts the older of two entries. A nil *valueCache
// shares nothing.
type valueCache struct {
	strs [64]struct {
		k textKey
		s string
		v any // s as an attribute value, once one was asked for
	}
	decs [32]struct {
		k textKey
		d decimal.Decimal
		v any
	}
	// The lists in attribute values, and the additional costs of the
	// lines, are cut from shared arrays.
	strLists  lists[string]
	decLists  lists[decimal.Decimal]
	costLists slab[AdditionalCost]
}

// lists is a slab for the lists of attribute values that also remembers
// the last few lists it read by their JSON text, so that a list written
// the same way again is copied rather than read. A remembered list is one
// that was handed out: nothing changes it while the session is read.
type lists[E any] struct {
	slab[E]
	seen [16]struct {
		k    textKey
		list []E
	}
}

// get returns the list written as k, if it is remembered.
func (l *lists[E]) get(k textKey) ([]E, bool) {
	i := k.slot(len(l.seen))
	if l.seen[i].k == k {
		return l.seen[i].list, true
	}
	if l.seen[i+1].k == k {
		return l.seen[i+1].list, true
	}
	return nil, false
}

// put remembers the list written as k.
func (l *lists[E]) put(k textKey, list []E) {
	i := k.slot(len(l.seen))
	l.seen[i+1] = l.seen[i]
	l.seen[i].k, l.seen[i].list = k, list
}

// slab hands out slices cut from a shared array, so that the short lists of
// a session cost one allocation between them rather than one each. Each
// slice is capped at its length, so an append to one never reaches the
// next.
type slab[E any] struct{ free []E }

// slabSize is the length of the arrays a slab cuts from; a list longer
// than a quarter of it gets an array of its own.
const slabSize = 32

// take returns a slice of length n (empty, not nil, when n is 0).
func (s *slab[E]) take(n int) []E {
	if n > slabSize/4 {
		return make([]E, n)
	}
	if n == 0 {
		return []E{}
	}
	if n > len(s.free) {
		s.free = make([]E, slabSize)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// textKey is a text of at most 16 bytes packed into two words and its
// length, so that texts compare in three word comparisons. n is 0 for an
// unused entry.
type textKey struct {
	w0, w1 uint64
	n      int
}

// keyOf packs b, or reports false when it is empty or longer than 16 bytes.
// Each word takes bytes from both ends (overlapping when b is short), which
// together with the length determines every byte of b.
func keyOf(b []byte) (textKey, bool) {
	n := len(b)
	var k textKey
	switch {
	case n == 0 || n > 16:
		return k, false
	case n >= 8:
		k.w0, k.w1 = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[n-8:])
	case n >= 4:
		k.w0 = uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<32
	default:
		k.w0 = uint64(b[0]) | uint64(b[n/2])<<8 | uint64(b[n-1])<<16
	}
	k.n = n
	return k, true
}

// slot returns the first of the two entries for k in a table of size
// entries, a power of two. The top bits of a product depend on every bit
// of its factors, so they pick the pair.
func (k textKey) slot(size int) int {
	h := (k.w0*0x9E3779B97F4A7C15 ^ k.w1*0xC2B2AE3D27D4EB4F) + uint64(k.n)*0x94D049BB133111EB
	return int(h>>(65-bits.Len(uint(size/2)))) * 2
}

// strSlot returns the entry of the string b, made on a miss.
func (c *valueCache) strSlot(b []byte, k textKey) int {
	i := k.slot(len(c.strs))
	if c.strs[i].k == k {
		return i
	}
	if c.strs[i+1].k == k {
		return i + 1
	}
	c.strs[i+1] = c.strs[i]
	c.strs[i].k, c.strs[i].s, c.strs[i].v = k, string(b), nil
	return i
}

// str returns b as a string.
func (c *valueCache) str(b []byte) string {
	k, ok := keyOf(b)
	if c == nil || !ok {
		return string(b)
	}
	return c.strs[c.strSlot(b, k)].s
}

// strValue returns b as a string in an attribute value.
func (c *valueCache) strValue(b []byte) any {
	k, ok := keyOf(b)
	if c == nil || !ok {
		return string(b)
	}
	e := &c.strs[c.strSlot(b, k)]
	if e.v == nil {
		e.v = e.s
	}
	return e.v
}

// decSlot returns the entry of the number written as text, made on a
// miss; an error when text is no number.
func (c *valueCache) decSlot(text []byte, k textKey) (int, error) {
	i := k.slot(len(c.decs))
	if c.decs[i].k == k {
		return i, nil
	}
	if c.decs[i+1].k == k {
		return i + 1, nil
	}
	d, err := amountFast(text)
	if err != nil {
		return -1, err
	}
	c.decs[i+1] = c.decs[i]
	c.decs[i].k, c.decs[i].d, c.decs[i].v = k, d, nil
	return i, nil
}

// amount is amountFast for the text of a JSON value.
func (c *valueCache) amount(text []byte) (decimal.Decimal, error) {
	k, ok := keyOf(text)
	if c == nil || !ok {
		return amountFast(text)
	}
	i, err := c.decSlot(text, k)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return c.decs[i].d, nil
}

// amountValue is amount for an attribute value.
func (c *valueCache) amountValue(text []byte) (any, error) {
	k, ok := keyOf(text)
	if c == nil || !ok {
		d, err := amountFast(text)
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	i, err := c.decSlot(text, k)
	if err != nil {
		return nil, err
	}
	e := &c.decs[i]
	if e.v == nil {
		e.v = e.d
	}
	return e.v, nil
}
