package postgres

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/shopspring/decimal"
)

// The record's primitives: varints, strings with their length, decimals as
// exponent and coefficient, times as Unix seconds and nanoseconds. A list
// or a map is written with its length plus one, so that 0 is nil and 1 an
// empty one: a record reads back exactly as it was written.

type writer struct{ b []byte }

func (w *writer) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) varint(v int64)   { w.b = binary.AppendVarint(w.b, v) }
func (w *writer) byte(c byte)      { w.b = append(w.b, c) }

func (w *writer) bool(v bool) {
	if v {
		w.byte(1)
	} else {
		w.byte(0)
	}
}

func (w *writer) str(s string) {
	w.uvarint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// length writes the length of a list or map, nil as 0.
func (w *writer) length(n int, isNil bool) {
	if isNil {
		w.uvarint(0)
		return
	}
	w.uvarint(uint64(n) + 1)
}

func (w *writer) strs(ss []string) {
	w.length(len(ss), ss == nil)
	for _, s := range ss {
		w.str(s)
	}
}

// decimal writes the exponent, then the coefficient: as a varint when it
// fits in 63 bits, else as its sign and big-endian bytes.
func (w *writer) decimal(d decimal.Decimal) {
	w.varint(int64(d.Exponent()))
	c := d.Coefficient()
	if c.IsInt64() {
		w.byte(0)
		w.varint(c.Int64())
		return
	}
	w.byte(1)
	w.bool(c.Sign() < 0)
	raw := c.Bytes()
	w.uvarint(uint64(len(raw)))
	w.b = append(w.b, raw...)
}

func (w *writer) time(t time.Time) {
	w.varint(t.Unix())
	w.uvarint(uint64(t.Nanosecond()))
}

// errCorrupt is a record that cannot be read: cut short, or not written by
// this package.
var errCorrupt = errors.New("the stored record is corrupt")

type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", errCorrupt, what)
	}
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("a number is cut short")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("a number is cut short")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// int reads a varint that must fit an int.
func (r *reader) int() int {
	v := r.varint()
	if v < math.MinInt || v > math.MaxInt {
		r.fail("a number is out of range")
		return 0
	}
	return int(v)
}

// int32 reads a varint that must fit an int32.
func (r *reader) int32() int32 {
	v := r.varint()
	if v < math.MinInt32 || v > math.MaxInt32 {
		r.fail("a number is out of range")
		return 0
	}
	return int32(v)
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.fail("the record is cut short")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) bool() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail("a flag is neither 0 nor 1")
	return false
}

// bytes reads n bytes, refusing a length longer than what is left (so
// that a corrupt length never allocates).
func (r *reader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.fail("a length runs past the end")
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) str() string { return string(r.bytes(r.uvarint())) }

// length reads a list's or map's length; nil is reported as isNil. Every
// element takes at least one byte, so a length longer than what is left
// is corrupt.
func (r *reader) length() (n int, isNil bool) {
	v := r.uvarint()
	if v == 0 {
		return 0, true
	}
	if v-1 > uint64(len(r.b)) {
		r.fail("a length runs past the end")
		return 0, true
	}
	return int(v - 1), false
}

func (r *reader) strs() []string {
	n, isNil := r.length()
	if isNil {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *reader) decimal() decimal.Decimal {
	exp := r.int32()
	switch r.byte() {
	case 0:
		return decimal.New(r.varint(), exp)
	case 1:
		neg := r.bool()
		c := new(big.Int).SetBytes(r.bytes(r.uvarint()))
		if neg {
			c.Neg(c)
		}
		return decimal.NewFromBigInt(c, exp)
	}
	r.fail("a decimal has an unknown form")
	return decimal.Decimal{}
}

func (r *reader) time() time.Time {
	sec := r.varint()
	nsec := r.uvarint()
	if nsec >= 1e9 {
		r.fail("a time has more than a second of nanoseconds")
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}
