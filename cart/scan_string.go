package cart

import (
	"bytes"
	"encoding/binary"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Strings: a literal is decoded only when it holds an escape or a byte
// that is not ASCII, and then exactly as encoding/json decodes it.

// stringBytes returns the bytes a valid JSON string literal stands for. It
// aliases raw unless the literal holds an escape or bytes that are not
// UTF-8, which are decoded as encoding/json decodes them.
func stringBytes(raw []byte) []byte {
	in := raw[1 : len(raw)-1]
	if plainASCII(in) {
		return in
	}
	if bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
		return in
	}
	return unquoteSlow(in)
}

// plainASCII reports whether b is ASCII without a backslash, eight bytes at
// a time (as in plainRun; a false "no" only costs the slower check).
func plainASCII(b []byte) bool {
	const lsb, msb = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ (lsb * '\\')
		if (x|(q-lsb)&^q)&msb != 0 {
			return false
		}
	}
	for _, c := range b[i:] {
		if c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// unquoteSlow is encoding/json's unquoteBytes for the inside of a valid
// string literal: escapes resolved, a lone or broken surrogate and every
// byte that is not UTF-8 become U+FFFD.
func unquoteSlow(s []byte) []byte {
	b := make([]byte, 0, len(s)+2*utf8.UTFMax)
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\' && r+1 < len(s):
			switch e := s[r+1]; e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, e)
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b
}

// getu4 decodes the \uXXXX escape at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
