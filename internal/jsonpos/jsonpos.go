// Package jsonpos says where in a JSON document a byte offset is, for
// error messages: its line and column, and the JSON pointer of the value
// being read there. It is for the error path only: every function walks
// the document up to the offset, so a caller keeps offsets while it reads
// and asks for a position once something is wrong.
//
// Lines and columns are 1-based. A line ends at '\n' (so "\r\n" is one line
// break); a column counts characters (UTF-8 runes, each invalid byte being
// one), not bytes, so that it matches what an editor shows for text without
// tabs.
package jsonpos

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// BOM is the UTF-8 byte order mark. JSON text must not begin with one
// (RFC 8259, section 8.1).
const BOM = "\xef\xbb\xbf"

// MsgBOM is the message for a document that starts with a byte order
// mark, with its position.
const MsgBOM = "line 1, column 1: the document starts with a byte order mark (U+FEFF); send JSON without it"

// SyntaxOffset returns the offset in data of the byte that
// encoding/json's syntax error se is about, and se's message. se.Offset
// counts the byte at fault, and at the end of the input encoding/json
// feeds itself a space, which it names: that is the end of data.
func SyntaxOffset(data []byte, se *json.SyntaxError) (int, string) {
	at, msg := int(se.Offset), se.Error()
	if strings.HasPrefix(msg, "invalid character") {
		at--
	}
	if strings.HasPrefix(msg, "invalid character ' '") && (at >= len(data) || data[at] != ' ') {
		at = len(data)
	}
	return min(max(at, 0), len(data)), msg
}

// LineColumn returns the 1-based line and column of the byte at offset off
// of data (an offset past the end is the position after the last byte).
func LineColumn(data []byte, off int) (line, column int) {
	off = min(max(off, 0), len(data))
	line, start := 1, 0
	for i, c := range data[:off] {
		if c == '\n' {
			line, start = line+1, i+1
		}
	}
	return line, utf8.RuneCount(data[start:off]) + 1
}

// At is "line L, column C" for the byte at offset off of data.
func At(data []byte, off int) string {
	line, col := LineColumn(data, off)
	return "line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col)
}

// Where is At followed by " (in POINTER)" when the offset is inside a value
// other than the document itself, such as "line 3, column 14 (in
// /cartItems/0)".
func Where(data []byte, off int) string {
	s := At(data, off)
	if p := Pointer(data, off); p != "" {
		s += " (in " + p + ")"
	}
	return s
}

// MaxToken is how many runes of an object key a pointer made by this
// package (or by Token) keeps.
const MaxToken = 32

// maxTokens is how many tokens a pointer made by Pointer shows: of a deeper
// one, the first and last maxTokens/2, with "…" between them.
const maxTokens = 32

// Token returns name as a JSON pointer token (RFC 6901: '~' as "~0", '/'
// as "~1"), cut to its first MaxToken runes followed by "…" when it is
// longer, so that a message never carries a long key whole.
func Token(name string) string {
	if n := cutRunes(name, MaxToken); n < len(name) {
		name = name[:n] + "…"
	}
	if !strings.ContainsAny(name, "~/") {
		return name
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}

// cutRunes returns the byte length of the first n runes of s.
func cutRunes(s string, n int) int {
	i := 0
	for range n {
		if i >= len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// frame is an object or array that is open at the offset.
type frame struct {
	object bool
	// key is the current member's key as written (a string literal),
	// decoded only when the pointer is spelled out; index is the current
	// element's.
	key      []byte
	index    int
	inValue  bool // the current member's or element's value has begun or is due
	afterKey bool
}

// Pointer returns the JSON pointer of the innermost value being read at
// byte offset off of data: the member or element whose value has begun or
// is due there, else the object or array that holds the offset; "" for the
// document itself. The bytes before off are taken to be the start of a
// JSON text, as they are when a scanner reports an error at off; on
// anything else the answer is a best effort, never a panic.
func Pointer(data []byte, off int) string {
	off = min(max(off, 0), len(data))
	d := data[:off]
	var stack []frame
	top := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return &stack[len(stack)-1]
	}
	// ended marks the value of the innermost frame as read.
	ended := func() {
		if f := top(); f != nil {
			f.inValue = false
		}
	}
	for i := 0; i < len(d); i++ {
		switch c := d[i]; c {
		case ' ', '\t', '\r', '\n':
		case '{', '[':
			stack = append(stack, frame{object: c == '{', inValue: c == '['})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			ended()
		case ',':
			if f := top(); f != nil {
				if f.object {
					f.inValue, f.afterKey = false, false
				} else {
					f.index++
					f.inValue = true
				}
			}
		case ':':
			if f := top(); f != nil && f.object && f.afterKey {
				f.inValue, f.afterKey = true, false
			}
		case '"':
			j := i + 1
			for j < len(d) && d[j] != '"' {
				if d[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(d) {
				// The offset is inside the string.
				if f := top(); f != nil && f.object && !f.inValue {
					return pointer(stack[:len(stack)-1])
				}
				return pointer(stack)
			}
			if f := top(); f != nil && f.object && !f.inValue {
				f.key, f.afterKey = d[i:j+1], true
			} else {
				ended()
			}
			i = j
		default:
			// A number or literal: it ends where its run does.
			j := i
			for j < len(d) && !strings.ContainsRune(" \t\r\n,:{}[]\"", rune(d[j])) {
				j++
			}
			if j < len(d) {
				ended()
			}
			i = j - 1
		}
	}
	if f := top(); f != nil && !f.inValue {
		return pointer(stack[:len(stack)-1])
	}
	return pointer(stack)
}

// pointer spells out the path of the open frames.
func pointer(stack []frame) string {
	tokens := make([]string, len(stack))
	for i, f := range stack {
		if f.object {
			tokens[i] = Token(unquote(f.key))
		} else {
			tokens[i] = strconv.Itoa(f.index)
		}
	}
	if len(tokens) > maxTokens {
		tokens = append(tokens[:maxTokens/2:maxTokens/2], append([]string{"…"}, tokens[len(tokens)-maxTokens/2:]...)...)
	}
	if len(tokens) == 0 {
		return ""
	}
	return "/" + strings.Join(tokens, "/")
}

// unquote decodes a string literal as encoding/json does (escapes
// resolved, bytes that are not UTF-8 as U+FFFD); what it cannot decode is
// kept as written.
func unquote(lit []byte) string {
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return string(lit[1 : len(lit)-1])
	}
	return s
}
