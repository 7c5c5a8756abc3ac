package effects

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/cartfx/cartfx/internal/jsonpos"
)

// isSpace reports whether c is JSON insignificant whitespace.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// firstByte returns the first non-space byte of b, or 0.
func firstByte(b []byte) byte {
	b = trimSpace(b)
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

func isNull(raw []byte) bool {
	return string(trimSpace(raw)) == "null"
}

// syntaxError converts encoding/json's syntax error in raw, the value at
// pointer, into an *Error that says the line, column and pointer of the
// byte at fault: "malformed JSON: line 3, column 14 (in /effects/0):
// invalid character '}' after object key".
func syntaxError(pointer string, raw []byte, err error) *Error {
	se, ok := err.(*json.SyntaxError)
	if !ok {
		return newError(ErrSyntax, pointer, "malformed JSON: "+err.Error())
	}
	at, msg := jsonpos.SyntaxOffset(raw, se)
	where := jsonpos.At(raw, at)
	if p := jsonpos.Pointer(raw, at); p != "" {
		where += " (in " + pointer + p + ")"
	}
	return newError(ErrSyntax, pointer, "malformed JSON: "+where+": "+msg)
}

// parseString decodes a JSON string value.
func parseString(raw []byte) (string, bool) {
	raw = trimSpace(raw)
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	simple := utf8.Valid(inner)
	for _, c := range inner {
		if c == '\\' || c == '"' || c < 0x20 {
			simple = false
			break
		}
	}
	if simple {
		return string(inner), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Unlike encoding/json it does not
// escape <, > and &; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c >= 0x20:
				b = append(b, c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
