package effects

import "encoding/json"

// The scanner below splits already validated JSON into its parts without
// copying. Every caller validates the whole input once (json.Valid) before
// scanning, so the scanner only has to be safe, not to diagnose: on input it
// does not expect it reports failure and the caller falls back to
// encoding/json for the error message.

// pair is one member of a JSON object; val aliases the input.
type pair struct {
	key  string
	val  []byte
	used bool
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
		pairs = append(pairs, pair{key: key, val: raw[i:vend]})
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
		switch raw[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
}

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

// scanFailure explains why raw could not be scanned.
func scanFailure(pointer string, raw []byte) *Error {
	if err := json.Unmarshal(raw, new(json.RawMessage)); err != nil {
		return syntaxError(pointer, err)
	}
	return newError(ErrSyntax, pointer, "malformed JSON")
}
