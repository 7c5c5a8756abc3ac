// Package text owns how cartfx quotes and prints text that came from its
// input: in messages, a quote is short whatever the input's size, and in
// output meant for a person, control characters are shown escaped so that
// no input can drive the reader's terminal.
package text

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuoted is how many runes of an input string a message quotes.
const MaxQuoted = 64

// Quote returns s as a Go-quoted string, like %q, cut to its first
// MaxQuoted runes with the length of the whole said after the cut. Control
// characters and invalid UTF-8 are escaped by strconv.Quote.
func Quote(s string) string {
	cut, ok := prefix(s, MaxQuoted)
	if ok {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// prefix returns the first n runes of s, and whether that is all of s.
func prefix(s string, n int) (string, bool) {
	i := 0
	for range n {
		if i >= len(s) {
			return s, true
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i], i >= len(s)
}

// Printable returns s with every control character (C0, DEL, C1), every
// invalid UTF-8 byte and the Unicode format characters that reorder text
// (bidirectional overrides and isolates) written as a Go escape, such as
// \x1b or \u202e, and everything else unchanged. It is for text shown to a
// person: an item name with an ANSI escape prints as the escape's letters.
func Printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case escaped(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || escaped(r) {
			return true
		}
		i += size
	}
	return false
}

func escaped(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
