package effects

import (
	"bytes"
	"encoding/json"

	"github.com/cartfx/cartfx/internal/jsonpos"
)

// The scanner below splits already validated JSON into its parts without
// copying. Every caller validates the whole input once (json.Valid) before
// scanning, so the scanner only has to be safe, not to diagnose: on input it
// does not expect it reports failure and the caller falls back to
// encoding/json for the error message, placed by jsonpos.
//
// The one thing it checks beyond json.Valid is that no object it splits
// has two members of the same name (compared exactly, after unescaping:
// this package matches keys exactly): RFC 8259 leaves what that means to
// each reader, so it is refused (see duplicateError). The values this
// package passes through unread (Unknown props, Extra members, raw JSON
// fields) are written back as they were read and are not looked into.

// pair is one member of a JSON object; val aliases the input.
type pair struct {
	key  string
	val  []byte
	at   int32 // the offset of the key's opening quote in the object (int32 keeps pair small; see placed)
	used bool
}

// fewPairs is how many members of an object are compared one by one when
// looking for a duplicate; a bigger object uses a map.
const fewPairs = 16

// firstDuplicate returns the index of the first member whose key an
// earlier member has, and that earlier member's index, or -1.
func firstDuplicate(pairs []pair) (dup, first int) {
	if len(pairs) <= fewPairs {
		for i := 1; i < len(pairs); i++ {
			for j := range i {
				if pairs[j].key == pairs[i].key {
					return i, j
				}
			}
		}
		return -1, -1
	}
	seen := make(map[string]int, len(pairs))
	for i, p := range pairs {
		if j, ok := seen[p.key]; ok {
			return i, j
		}
		seen[p.key] = i
	}
	return -1, -1
}

// scanObject splits the JSON object raw into its members, in order.
func scanObject(raw []byte) ([]pair, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	pairs := make([]pair, 0, 8)
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return pairs, skipSpace(raw, i+1) == len(raw)
	}
	for {
		i = skipSpace(raw, i)
		keyAt := i
		end, ok := skipString(raw, i)
		if !ok {
			return nil, false
		}
		key, ok := parseString(raw[i:end])
		if !ok {
			return nil, false
		}
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return nil, false
		}
		i = skipSpace(raw, i+1)
		vend, ok := skipValue(raw, i)
		if !ok {
			return nil, false
		}
		pairs = append(pairs, pair{key: key, val: raw[i:vend], at: int32(keyAt)})
		i = skipSpace(raw, vend)
		if i >= len(raw) {
			return nil, false
		}
		switch raw[i] {
		case ',':
			i++
		case '}':
			return pairs, skipSpace(raw, i+1) == len(raw)
		default:
			return nil, false
		}
	}
}

// scanArray splits the JSON array raw into its elements, in order.
func scanArray(raw []byte) ([][]byte, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	var elems [][]byte
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return [][]byte{}, skipSpace(raw, i+1) == len(raw)
	}
	for {
		i = skipSpace(raw, i)
		end, ok := skipValue(raw, i)
		if !ok {
			return nil, false
		}
		elems = append(elems, raw[i:end])
		i = skipSpace(raw, end)
		if i >= len(raw) {
			return nil, false
		}
		switch raw[i] {
		case ',':
			i++
		case ']':
			return elems, skipSpace(raw, i+1) == len(raw)
		default:
			return nil, false
		}
	}
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && isSpace(raw[i]) {
		i++
	}
	return i
}

// skipString returns the index just after the string starting at raw[i].
func skipString(raw []byte, i int) (int, bool) {
	if i >= len(raw) || raw[i] != '"' {
		return 0, false
	}
	for j := i + 1; j < len(raw); j++ {
		for j < len(raw) && raw[j] != '"' && raw[j] != '\\' {
			j++
		}
		if j >= len(raw) {
			break
		}
		if raw[j] == '\\' {
			j++
			continue
		}
		return j + 1, true
	}
	return 0, false
}

// structural is true for the bytes skipValue stops at inside an object
// or an array.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// skipValue returns the index just after the value starting at raw[i].
func skipValue(raw []byte, i int) (int, bool) {
	if i >= len(raw) {
		return 0, false
	}
	switch raw[i] {
	case '"':
		return skipString(raw, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(raw); j++ {
			if !structural[raw[j]] {
				continue
			}
			switch raw[j] {
			case '"':
				end, ok := skipString(raw, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	}
	j := i
	for j < len(raw) && !isSpace(raw[j]) && raw[j] != ',' && raw[j] != '}' && raw[j] != ']' {
		j++
	}
	return j, j > i
}

// scanFailure explains why raw, a value at pointer, could not be scanned.
// The position and pointer of a syntax error are worked out here, on the
// error path only: encoding/json's offset, placed by jsonpos.
func scanFailure(pointer string, raw []byte) *Error {
	if bytes.HasPrefix(raw, []byte(jsonpos.BOM)) {
		return newError(ErrSyntax, pointer, "malformed JSON: "+jsonpos.MsgBOM)
	}
	if err := json.Unmarshal(raw, new(json.RawMessage)); err != nil {
		return syntaxError(pointer, raw, err)
	}
	return newError(ErrSyntax, pointer, "malformed JSON")
}
