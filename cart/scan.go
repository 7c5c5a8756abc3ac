package cart

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// This file is the JSON scanner behind ParseSession. It walks the input once,
// validating as it goes, and hands out the raw bytes of values without
// copying them; strings are decoded only when they hold an escape or a byte
// that is not ASCII. It accepts exactly what encoding/json accepts, and its
// first error is the one encoding/json reports, in the same words, at the
// offset of the byte at fault (FuzzParseSessionAgreesWithEncodingJSON
// checks all three); the Malformed problem of a session adds the line,
// column and pointer of that offset (see scan_dup.go for the one thing the
// scan of a session refuses beyond encoding/json: duplicate keys).

// maxNestingDepth is encoding/json's limit on nested objects and arrays.
const maxNestingDepth = 10000

// msgUnexpectedEnd is encoding/json's wording for input that stops early.
const msgUnexpectedEnd = "unexpected end of JSON input"

// scanner reads JSON from data, starting at pos. After the first syntax
// error err is set and every method returns false, so callers check err
// once at the end.
type scanner struct {
	data  []byte
	pos   int
	depth int
	err   string
	// errAt is where err is: the offset of the byte at fault, or len(data)
	// when the input stopped early.
	errAt int
	// keyAt is the offset of the opening quote of the last key read.
	keyAt int
	keys  keyCheck
	dup   *duplicate // the duplicate key that err is about, if any
}

// strStop marks the bytes that end the plain run of a string literal: '"',
// '\\', control bytes and bytes that are not ASCII.
var strStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// plainRun returns the index of the first byte at or after i that is '"',
// '\\', a control byte or not ASCII, or len(d). It tests eight bytes at a
// time: a byte of (x^c - 0x01..) &^ (x^c) has its top bit set where x is c,
// one of (x - 0x20..) &^ x where x is below 0x20, and x itself where x is
// not ASCII. A borrow can only flag bytes above the first that is flagged
// rightly, so the lowest flagged byte is the first that ends the run.
func plainRun(d []byte, i int) int {
	const lsb, msb = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(d); i += 8 {
		x := binary.LittleEndian.Uint64(d[i:])
		q, b := x^(lsb*'"'), x^(lsb*'\\')
		if m := ((q-lsb)&^q | (b-lsb)&^b | (x-lsb*0x20)&^x | x) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(d) && !strStop[d[i]] {
		i++
	}
	return i
}

// fail records a syntax error at byte i, worded as encoding/json words it,
// or, at the end of the input, what encoding/json reports there: it feeds
// its state machine a space at the end, so a state that refuses a space
// names the space.
func (s *scanner) fail(i int, context string) bool {
	if s.err == "" {
		c := byte(' ')
		if i < len(s.data) {
			c = s.data[i]
		}
		s.err, s.errAt = "invalid character "+quoteChar(c)+" "+context, min(i, len(s.data))
	}
	s.pos = len(s.data)
	return false
}

// failEnd records that the input stopped where more was needed.
func (s *scanner) failEnd() bool {
	if s.err == "" {
		s.err, s.errAt = msgUnexpectedEnd, len(s.data)
	}
	s.pos = len(s.data)
	return false
}

// quoteChar is encoding/json's quoting of a byte in an error message.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

func isSpace(c byte) bool { return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n') }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// skip returns the index of the first byte at or after i that is not JSON
// whitespace. The first test lets the usual byte, which is no space, through
// at the cost of one comparison.
func skip(d []byte, i int) int {
	for i < len(d) && d[i] <= ' ' && isSpace(d[i]) {
		i++
	}
	return i
}

// skipSpace moves past JSON whitespace and reports whether a byte follows.
func (s *scanner) skipSpace() bool {
	s.pos = skip(s.data, s.pos)
	return s.pos < len(s.data)
}

// peek returns the next byte after whitespace; at the end of the input it
// records the error and returns false.
func (s *scanner) peek() (byte, bool) {
	if !s.skipSpace() {
		return 0, s.failEnd()
	}
	return s.data[s.pos], true
}

// value reads any JSON value and returns its bytes.
func (s *scanner) value() ([]byte, bool) {
	d := s.data
	i := skip(d, s.pos)
	if i >= len(d) {
		return nil, s.failEnd()
	}
	s.pos = i
	ok := true
	switch c := d[i]; c {
	case '"':
		// Most strings hold nothing to check but their closing quote.
		j := plainRun(d, i+1)
		if j < len(d) && d[j] == '"' {
			s.pos = j + 1
			return d[i : j+1], true
		}
		ok = s.str()
	case '{':
		if !s.open(c) {
			return nil, false
		}
		mark := s.keys.mark()
		for first := true; ; first = false {
			key, plain, more := s.member(first)
			if !more {
				break
			}
			if s.keys.on && !s.checkKey(mark, name(key, plain), -1) {
				return nil, false
			}
			if _, ok := s.value(); !ok {
				return nil, false
			}
		}
		s.keys.drop(mark)
		ok = s.err == ""
	case '[':
		if !s.open(c) {
			return nil, false
		}
		for first := true; s.element(first); first = false {
			if _, ok := s.value(); !ok {
				return nil, false
			}
		}
		ok = s.err == ""
	case 't':
		ok = s.literal("true")
	case 'f':
		ok = s.literal("false")
	case 'n':
		ok = s.literal("null")
	default:
		if c != '-' && !isDigit(c) {
			return nil, s.fail(i, "looking for beginning of value")
		}
		ok = s.number()
	}
	if !ok {
		return nil, false
	}
	return d[i:s.pos], true
}

// open consumes the '{' or '[' at pos.
func (s *scanner) open(c byte) bool {
	s.pos++
	s.depth++
	return s.depth <= maxNestingDepth || s.tooDeep()
}

// tooDeep records that the byte before pos opens one object or array too
// many. (Apart so that open is small enough to be inlined.)
func (s *scanner) tooDeep() bool { return s.fail(s.pos-1, "exceeded max depth") }

// member moves to the next member of the object being read and returns its
// key (the string literal, quotes included, at keyAt) with the ':' consumed; plain
// says that the key is ASCII without escapes, so that its name is the
// bytes between the quotes (see name). It returns more false at the
// closing '}' and on an error (s.err tells which).
func (s *scanner) member(first bool) (key []byte, plain, more bool) {
	d := s.data
	i := skip(d, s.pos)
	if i >= len(d) {
		return nil, false, s.failEnd()
	}
	c := d[i]
	if c == '}' {
		s.pos = i + 1
		s.depth--
		return nil, false, false
	}
	if !first {
		if c != ',' {
			return nil, false, s.fail(i, "after object key:value pair")
		}
		if i = skip(d, i+1); i >= len(d) {
			return nil, false, s.failEnd()
		}
		c = d[i]
	}
	if c != '"' {
		return nil, false, s.fail(i, "looking for beginning of object key string")
	}
	s.keyAt = i
	j := plainRun(d, i+1)
	plain = j < len(d) && d[j] == '"'
	if !plain {
		s.pos = i
		if !s.str() {
			return nil, false, false
		}
		j = s.pos - 1
	}
	key = d[i : j+1]
	if j = skip(d, j+1); j >= len(d) {
		return nil, false, s.failEnd()
	}
	if d[j] != ':' {
		return nil, false, s.fail(j, "after object key")
	}
	s.pos = j + 1
	return key, plain, true
}

// name returns the bytes that a key from member stands for.
func name(key []byte, plain bool) []byte {
	if plain {
		return key[1 : len(key)-1]
	}
	return stringBytes(key)
}

// element moves to the next element of the array being read. It returns
// false at the closing ']' and on an error (s.err tells which).
func (s *scanner) element(first bool) bool {
	d := s.data
	i := skip(d, s.pos)
	if i >= len(d) {
		return s.failEnd()
	}
	switch d[i] {
	case ']':
		s.pos = i + 1
		s.depth--
		return false
	case ',':
		if first {
			break // the value's own check words it
		}
		s.pos = i + 1
		return true
	}
	if first {
		s.pos = i
		return true
	}
	return s.fail(i, "after array element")
}

// str reads the string literal at pos.
func (s *scanner) str() bool {
	d := s.data
	i := s.pos + 1
	for {
		if i = plainRun(d, i); i >= len(d) {
			return s.failEnd()
		}
		switch c := d[i]; {
		case c >= utf8.RuneSelf:
			i++ // encoding/json takes any byte that is not ASCII
		case c == '"':
			s.pos = i + 1
			return true
		case c == '\\':
			i++
			if i >= len(d) {
				return s.fail(i, "in string escape code")
			}
			switch d[i] {
			case 'b', 'f', 'n', 'r', 't', '\\', '/', '"':
				i++
			case 'u':
				i++
				for range 4 {
					if i >= len(d) || !isHex(d[i]) {
						return s.fail(i, `in \u hexadecimal character escape`)
					}
					i++
				}
			default:
				return s.fail(i, "in string escape code")
			}
		default:
			return s.fail(i, "in string literal")
		}
	}
}

// number reads the number at pos: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
// What follows it is checked by the object or array that holds it.
func (s *scanner) number() bool {
	d := s.data
	i := s.pos
	if d[i] == '-' {
		i++
		if i >= len(d) || !isDigit(d[i]) {
			return s.fail(i, "in numeric literal")
		}
	}
	if d[i] == '0' {
		i++
	} else {
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || !isDigit(d[i]) {
			return s.fail(i, "after decimal point in numeric literal")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isDigit(d[i]) {
			return s.fail(i, "in exponent of numeric literal")
		}
		for i < len(d) && isDigit(d[i]) {
			i++
		}
	}
	s.pos = i
	return true
}

// literal reads true, false or null at pos.
func (s *scanner) literal(word string) bool {
	d := s.data
	for k := 1; k < len(word); k++ {
		i := s.pos + k
		if i >= len(d) || d[i] != word[k] {
			return s.fail(i, "in literal "+word+" (expecting '"+word[k:k+1]+"')")
		}
	}
	s.pos += len(word)
	return true
}

// end checks that only whitespace follows the top-level value.
func (s *scanner) end() bool {
	if s.skipSpace() {
		return s.fail(s.pos, "after top-level value")
	}
	return s.err == ""
}

// validValue reports whether data is exactly one JSON value, surrounding
// whitespace allowed, as json.Valid does.
func validValue(data []byte) bool {
	s := scanner{data: data}
	_, ok := s.value()
	return ok && s.end()
}
