package cart

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
// by one while it has few, through a map once it has many.
type keyCheck struct {
	on   bool
	list []keyRec
	big  map[bigKey]int // the keys of objects with more than fewKeys, by mark
}

// fewKeys is how many keys of an object are compared one by one.
const fewKeys = 16

// keyRec is a key of an object being read.
type keyRec struct {
	name  []byte // decoded
	at    int    // the offset of its opening quote
	field int    // the known field it names, or -1
}

// bigKey is a key of a big object in keyCheck.big.
type bigKey struct {
	mark  int
	field int
	name  string // "" for a known field
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
			delete(k.big, r.bigKey(mark))
		}
	}
	k.list = k.list[:mark]
}

func (r *keyRec) bigKey(mark int) bigKey {
	if r.field >= 0 {
		return bigKey{mark: mark, field: r.field}
	}
	return bigKey{mark: mark, field: -1, name: string(r.name)}
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
			if e := &k.list[i]; e.field == field && (field >= 0 || string(e.name) == string(name)) {
				return s.failDup(rec, e)
			}
		}
		k.list = append(k.list, rec)
		return true
	}
	if k.big == nil {
		k.big = make(map[bigKey]int)
	}
	if n == fewKeys {
		for _, e := range k.list[mark:] {
			k.big[e.bigKey(mark)] = e.at
		}
	}
	bk := rec.bigKey(mark)
	if first, ok := k.big[bk]; ok {
		for i := mark; i < len(k.list); i++ {
			if k.list[i].at == first {
				return s.failDup(rec, &k.list[i])
			}
		}
	}
	k.big[bk] = rec.at
	k.list = append(k.list, rec)
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
