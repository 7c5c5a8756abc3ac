package effects

import "unicode/utf8"

// The fast decoder's validation (fast.go): every byte it accepts is
// checked against JSON's grammar as it is read, so that a document the
// fast decoder accepts is one json.Valid accepts. What it decodes is
// checked by the value's own reader (validNumber and parseDecimal for a
// number, validString for a string, the literal for a boolean, the loops
// of object and slice for the structure); what it only passes through
// (the response's other members, Extra members, raw JSON fields, unknown
// props) by validSkip. FuzzDecodeList checks that nothing json.Valid
// refuses gets through.

// maxFastDepth is how deep validSkip goes; a value nested deeper is left
// to the reference decoder (encoding/json allows 10,000 levels).
const maxFastDepth = 1000

// validSkip returns the index just after the JSON value at b[i], checking
// it against JSON's grammar; false for anything else.
func validSkip(b []byte, i, depth int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch c := b[i]; {
	case c == '"':
		end, _, ok := validString(b, i)
		return end, ok
	case c == '{', c == '[':
		if depth >= maxFastDepth {
			return 0, false
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == closer {
			return i + 1, true
		}
		for {
			if c == '{' {
				end, _, ok := validString(b, i)
				if !ok {
					return 0, false
				}
				i = skipSpace(b, end)
				if i >= len(b) || b[i] != ':' {
					return 0, false
				}
				i = skipSpace(b, i+1)
			}
			end, ok := validSkip(b, i, depth+1)
			if !ok {
				return 0, false
			}
			i = skipSpace(b, end)
			if i >= len(b) {
				return 0, false
			}
			switch b[i] {
			case ',':
				i = skipSpace(b, i+1)
			case closer:
				return i + 1, true
			default:
				return 0, false
			}
		}
	case c == 't':
		return literal(b, i, "true")
	case c == 'f':
		return literal(b, i, "false")
	case c == 'n':
		return literal(b, i, "null")
	case c == '-' || isDigit(c):
		return validNumber(b, i)
	}
	return 0, false
}

// literal returns the index after the literal word at b[i].
func literal(b []byte, i int, word string) (int, bool) {
	if len(b)-i < len(word) || string(b[i:i+len(word)]) != word {
		return 0, false
	}
	return i + len(word), true
}

// validString returns the index just after the JSON string at b[i], and
// whether parseString takes it as it is written (no escapes, valid UTF-8),
// checking its escapes and refusing control characters.
func validString(b []byte, i int) (end int, simple, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return 0, false, false
	}
	ascii := true
	simple = true
	for j := i + 1; j < len(b); j++ {
		for j < len(b) && plainByte[b[j]] {
			j++
		}
		if j >= len(b) {
			break
		}
		c := b[j]
		switch {
		case c == '"':
			if simple && !ascii {
				simple = utf8.Valid(b[i+1 : j])
			}
			return j + 1, simple, true
		case c == '\\':
			simple = false
			j++
			if j >= len(b) {
				return 0, false, false
			}
			switch b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(b)-j < 5 || !isHex(b[j+1]) || !isHex(b[j+2]) || !isHex(b[j+3]) || !isHex(b[j+4]) {
					return 0, false, false
				}
				j += 4
			default:
				return 0, false, false
			}
		case c < 0x20:
			return 0, false, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return 0, false, false
}

// plainByte is true for the bytes a JSON string holds as they are
// written: printable ASCII but the quote and the backslash.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// validNumber returns the index just after the JSON number at b[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(b []byte, i int) (int, bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = skipDigits(b, i)
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		j := skipDigits(b, i+1)
		if j == i+1 {
			return 0, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			return 0, false
		}
		i = j
	}
	return i, true
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}
