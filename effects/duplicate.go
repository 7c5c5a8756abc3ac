package effects

import (
	"math"

	"github.com/cartfx/cartfx/internal/jsonpos"
	"github.com/cartfx/cartfx/internal/text"
)

// dupError is a duplicate key found deep in a document, before its
// position in the document is known: the object it is in (aliasing the
// document) and the offsets of the two keys in that object. The decoding
// entry points turn it into an *Error with placed.
type dupError struct {
	pointer   string // of the duplicate member
	key       string
	object    []byte
	at, first int32
}

func (e *dupError) Error() string { return e.pointer + ": duplicate key " + text.Quote(e.key) }

// duplicateError returns the error for the first duplicate key of the
// object raw at pointer, split into pairs, or nil.
func duplicateError(pointer string, raw []byte, pairs []pair) error {
	i, j := firstDuplicate(pairs)
	if i < 0 {
		return nil
	}
	return &dupError{pointer: pointer + "/" + jsonpos.Token(pairs[i].key), key: pairs[i].key,
		object: raw, at: pairs[i].at, first: pairs[j].at}
}

// placed returns err as the *Error that callers get: a duplicate key is
// placed in doc, the document being decoded, by its line and column.
func placed(err error, doc []byte) error {
	d, ok := err.(*dupError)
	if !ok {
		return err
	}
	detail := "duplicate key " + text.Quote(d.key)
	// An offset in an object of 2 GiB or more does not fit in pair.at:
	// such a duplicate is reported without a position.
	if base := offsetIn(doc, d.object); base >= 0 && len(d.object) <= math.MaxInt32 {
		detail = jsonpos.At(doc, base+int(d.at)) + ": " + detail + " (first at " + jsonpos.At(doc, base+int(d.first)) + ")"
	}
	return newError(ErrDuplicate, d.pointer, detail)
}

// offsetIn returns the offset of sub in doc, or -1 when sub is not a part
// of doc. Every value this package scans is a slice of the document, which
// shares the document's array up to its end.
func offsetIn(doc, sub []byte) int {
	off := cap(doc) - cap(sub)
	if len(sub) == 0 || off < 0 || off+len(sub) > len(doc) || &doc[off] != &sub[0] {
		return -1
	}
	return off
}
