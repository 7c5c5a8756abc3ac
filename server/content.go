package server

import (
	"encoding/json"
	"strings"
)

// topMember returns the raw value of the top-level member of a JSON
// object whose key matches name as encoding/json matches a struct field
// (exactly or else case-insensitively; of several, the last, as
// encoding/json keeps the last), without decoding the rest of the body:
// the values it passes over are skipped by their brackets and quotes, not
// parsed. ok is false when the body is not an object as far as the scan
// can tell; then the caller decodes it in full (or the engine says what
// is wrong with it).
func topMember(body []byte, name string) (raw []byte, ok bool) {
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return nil, false
	}
	i = skipSpace(body, i+1)
	if i < len(body) && body[i] == '}' {
		return nil, true
	}
	for i < len(body) {
		if body[i] != '"' {
			return nil, false
		}
		end, escaped := skipString(body, i)
		if end < 0 {
			return nil, false
		}
		key := body[i+1 : end-1]
		i = skipSpace(body, end)
		if i >= len(body) || body[i] != ':' {
			return nil, false
		}
		start := skipSpace(body, i+1)
		stop := skipValue(body, start)
		if stop < 0 {
			return nil, false
		}
		if matchKey(key, escaped, name) {
			raw = body[start:stop]
		}
		i = skipSpace(body, stop)
		switch {
		case i < len(body) && body[i] == ',':
			i = skipSpace(body, i+1)
		case i < len(body) && body[i] == '}':
			return raw, true
		default:
			return nil, false
		}
	}
	return nil, false
}

// matchKey reports whether a key (its bytes between the quotes) names the
// field name as encoding/json matches it.
func matchKey(key []byte, escaped bool, name string) bool {
	k := string(key)
	if escaped {
		if json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &k) != nil {
			return false
		}
	}
	return k == name || strings.EqualFold(k, name)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string that starts at b[i] (a
// quote), and whether it holds an escape; -1 when it does not end.
func skipString(b []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(b); j++ {
		// The plain bytes in a run, a table lookup each: a body is mostly
		// strings, and this scan passes over all of it.
		for j < len(b) && !inString[b[j]] {
			j++
		}
		if j == len(b) {
			break
		}
		if b[j] == '"' {
			return j + 1, escaped
		}
		escaped = true
		j++
	}
	return -1, false
}

// inString and structural are the bytes the scans stop at: in a string,
// its end and an escape; outside one, what opens or closes a value.
var inString, structural = func() (s, v [256]bool) {
	s['"'], s['\\'] = true, true
	for _, c := range []byte(`"{}[]`) {
		v[c] = true
	}
	return s, v
}()

// skipValue returns the index after the value that starts at b[i]; -1
// when the scan finds no end.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		end, _ := skipString(b, i)
		return end
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			for j < len(b) && !structural[b[j]] {
				j++
			}
			if j == len(b) {
				break
			}
			switch b[j] {
			case '"':
				end, _ := skipString(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && !strings.ContainsRune(" \t\r\n,}]", rune(b[j])) {
		j++
	}
	if j == i {
		return -1
	}
	return j
}
