package cart

import (
	"encoding/binary"
	"hash/maphash"
)

// Duplicate keys. RFC 8259 leaves what a duplicate name means to each
// reader, and encoding/json lets the last one win; ParseSession refuses an
// object with two members of the same name instead, wherever the object is
// (the session, a cart item, attributes, additional costs, the value of a
// field it does not know), since the sender cannot have meant both. Keys
// are compared as decoded ("\u0073ku" is "sku"). Where keys are matched
// to known fields under case folding, as encoding/json matches them (the
// fields of a session, of a cart item, the price of an additional cost),
// two keys that name the same field ("sku" and "SKU") are duplicates too;
// elsewhere (attribute names, unknown fields) only the same name is.
//
// Only the scan that reads a session looks for duplicates; the scans of
// the values it hands out read what it has already checked.

// keyCheck is the keys of the objects being read, innermost last: each
// object's keys are compared with the earlier keys of the same object, one
// by one while it has few, through a hash table once it has many.
type keyCheck struct {
	on   bool
	list []keyRec
	// big finds the keys of objects with more than fewKeys: by the hash of
	// the key and the object's mark, the index in list of the latest key
	// with that hash, whose prev leads to the earlier ones. Keys are
	// hashed, not copied, so a big object costs no allocation per key.
	big map[uint64]int32
}

// fewKeys is how many keys of an object are compared one by one.
const fewKeys = 16

// keySeed seeds the hashes of keys; any seed serves, one per process.
var keySeed = maphash.MakeSeed()

// keyRec is a key of an object being read.
type keyRec struct {
	name  []byte // decoded
	at    int    // the offset of its opening quote
	field int    // the known field it names, or -1
	// hash and prev are set for the keys of a big object: prev is the
	// index in keyCheck.list of the key before it with the same hash, or
	// -1.
	hash uint64
	prev int32
}

// duplicate is a duplicate key: its name and where the first of that name
// was.
type duplicate struct {
	name, firstName string
	first           int
}

// mark returns where the keys of an object that opens now begin.
func (k *keyCheck) mark() int { return len(k.list) }

// drop forgets the keys of the object that began at mark, now closed.
func (k *keyCheck) drop(mark int) {
	if !k.on {
		return
	}
	if len(k.list)-mark > fewKeys {
		for _, r := range k.list[mark:] {
			delete(k.big, r.hash)
		}
	}
	k.list = k.list[:mark]
}

// sameKey reports whether two keys of one object are duplicates: they name
// the same known field, or are the same name where neither is one.
func sameKey(a, b *keyRec) bool {
	return a.field == b.field && (a.field >= 0 || string(a.name) == string(b.name))
}

// hashKey hashes what sameKey compares, with the object's mark, so that
// the keys of two big objects open at once stay apart.
func hashKey(r *keyRec, mark int) uint64 {
	var h maphash.Hash
	h.SetSeed(keySeed)
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(mark))
	binary.LittleEndian.PutUint64(b[8:], uint64(int64(r.field)))
	h.Write(b[:])
	if r.field < 0 {
		h.Write(r.name)
	}
	return h.Sum64()
}

// index puts the key at list[i] of the big object at mark in the table.
func (k *keyCheck) index(i, mark int) {
	r := &k.list[i]
	r.hash = hashKey(r, mark)
	r.prev = -1
	if j, ok := k.big[r.hash]; ok {
		r.prev = j
	}
	k.big[r.hash] = int32(i)
}

// checkKey records the key name at keyAt of the object whose keys began at
// mark; field is the known field it names, or -1. It fails when an earlier
// key of the object has the same name or names the same field.
func (s *scanner) checkKey(mark int, name []byte, field int) bool {
	k := &s.keys
	if !k.on {
		return true
	}
	n := len(k.list) - mark
	rec := keyRec{name: name, at: s.keyAt, field: field}
	if n < fewKeys {
		for i := mark; i < len(k.list); i++ {
			if e := &k.list[i]; sameKey(e, &rec) {
				return s.failDup(rec, e)
			}
		}
		k.list = append(k.list, rec)
		return true
	}
	if k.big == nil {
		k.big = make(map[uint64]int32)
	}
	if n == fewKeys {
		for i := mark; i < len(k.list); i++ {
			k.index(i, mark)
		}
	}
	if j, ok := k.big[hashKey(&rec, mark)]; ok {
		for ; j >= int32(mark); j = k.list[j].prev {
			if e := &k.list[j]; sameKey(e, &rec) {
				return s.failDup(rec, e)
			}
		}
	}
	k.list = append(k.list, rec)
	k.index(len(k.list)-1, mark)
	return true
}

// failDup records the duplicate key rec of the key first.
func (s *scanner) failDup(rec keyRec, first *keyRec) bool {
	if s.err == "" {
		s.err, s.errAt = "duplicate key", rec.at
		s.dup = &duplicate{name: string(rec.name), firstName: string(first.name), first: first.at}
	}
	s.pos = len(s.data)
	return false
}

// costsObject reads an additionalCosts object at pos, looking for
// duplicates: names are compared exactly, and in a cost that is an object
// every key that folds to "price" names the price.
func (s *scanner) costsObject() bool {
	if !s.open('{') {
		return false
	}
	mark := s.keys.mark()
	for first := true; ; first = false {
		key, more := s.nextMember(first)
		if !more {
			break
		}
		if !s.checkKey(mark, key, -1) || !s.costValue() {
			return false
		}
	}
	s.keys.drop(mark)
	return s.err == ""
}

// costValue reads the value of an additional cost at pos: an object by
// costObject, anything else by nextValue.
func (s *scanner) costValue() bool {
	if i := skip(s.data, s.pos); i < len(s.data) && s.data[i] == '{' {
		s.pos = i
		return s.costObject()
	}
	_, ok := s.nextValue()
	return ok
}

// costObject reads the object of one additional cost at pos.
func (s *scanner) costObject() bool {
	if !s.open('{') {
		return false
	}
	mark := s.keys.mark()
	for first := true; ; first = false {
		key, more := s.nextMember(first)
		if !more {
			break
		}
		f := -1
		if equalFold(key, "price") {
			f = 0
		}
		if !s.checkKey(mark, key, f) {
			return false
		}
		if _, ok := s.nextValue(); !ok {
			return false
		}
	}
	s.keys.drop(mark)
	return s.err == ""
}
