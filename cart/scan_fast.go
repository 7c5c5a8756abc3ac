package cart

// The fast path. Most members of a session are a plain key and a plain
// string or number; these helpers read exactly such a member without the
// scanner's error bookkeeping and report ok false on anything else, from
// where the scanner's careful methods take over at the same position and
// either read what was unusual or word the error.

// fastKey reads `"key":` at i, preceded by a comma unless first, when the
// key is ASCII without escapes. i must be at a byte that is not space. It
// returns the key's bytes, the index of its opening quote and the index of
// the value after whitespace.
func fastKey(d []byte, i int, first bool) (key []byte, at, next int, ok bool) {
	if !first {
		if i >= len(d) || d[i] != ',' {
			return nil, 0, 0, false
		}
		i = skip(d, i+1)
	}
	if i >= len(d) || d[i] != '"' {
		return nil, 0, 0, false
	}
	j := plainRun(d, i+1)
	if j >= len(d) || d[j] != '"' {
		return nil, 0, 0, false
	}
	k := skip(d, j+1)
	if k >= len(d) || d[k] != ':' {
		return nil, 0, 0, false
	}
	return d[i+1 : j], i, skip(d, k+1), true
}

// fastScalar reads a string that is ASCII without escapes, a number
// without exponent, or a literal at i, and returns the index after it, or
// -1. What follows is for the object or array to check.
func fastScalar(d []byte, i int) int {
	if i >= len(d) {
		return -1
	}
	switch c := d[i]; c {
	case '"':
		if j := plainRun(d, i+1); j < len(d) && d[j] == '"' {
			return j + 1
		}
		return -1
	case 't':
		if len(d)-i >= 4 && string(d[i:i+4]) == "true" {
			return i + 4
		}
		return -1
	case 'f':
		if len(d)-i >= 5 && string(d[i:i+5]) == "false" {
			return i + 5
		}
		return -1
	case 'n':
		if len(d)-i >= 4 && string(d[i:i+4]) == "null" {
			return i + 4
		}
		return -1
	case '-':
		i++
	}
	if i >= len(d) || !isDigit(d[i]) {
		return -1
	}
	if d[i] == '0' {
		i++
	} else {
		for i++; i < len(d) && isDigit(d[i]); i++ {
		}
	}
	if i < len(d) && d[i] == '.' {
		i++
		f := i
		for i < len(d) && isDigit(d[i]) {
			i++
		}
		if i == f {
			return -1
		}
	}
	if i < len(d) && (d[i]|0x20) == 'e' {
		return -1
	}
	return i
}

// fastElem moves past the comma before an element of an array (none
// before the first) at i, which must be at a byte that is not space, and
// returns the index of the element after whitespace.
func fastElem(d []byte, i int, first bool) (next int, ok bool) {
	if first {
		return i, i < len(d) && d[i] != ']'
	}
	if i >= len(d) || d[i] != ',' {
		return 0, false
	}
	return skip(d, i+1), true
}

// fastList reads an array of scalars that fastScalar reads at i and
// returns the index after it, or -1.
func fastList(d []byte, i int) int {
	i = skip(d, i+1)
	if i < len(d) && d[i] == ']' {
		return i + 1
	}
	for {
		if i = fastScalar(d, i); i < 0 {
			return -1
		}
		if i = skip(d, i); i >= len(d) {
			return -1
		}
		switch d[i] {
		case ']':
			return i + 1
		case ',':
			i = skip(d, i+1)
		default:
			return -1
		}
	}
}

// nextMember is member for callers that decode: it returns the key's
// bytes (its opening quote at keyAt), trying the fast path first.
func (s *scanner) nextMember(first bool) (key []byte, more bool) {
	d := s.data
	i := skip(d, s.pos)
	if i < len(d) && d[i] == '}' {
		s.pos = i + 1
		s.depth--
		return nil, false
	}
	if k, at, next, ok := fastKey(d, i, first); ok {
		s.pos, s.keyAt = next, at
		return k, true
	}
	raw, plain, more := s.member(first)
	if !more {
		return nil, false
	}
	return name(raw, plain), true
}

// nextValue is value, trying the fast path first.
func (s *scanner) nextValue() ([]byte, bool) {
	d, i := s.data, s.pos
	e := fastScalar(d, i)
	if e < 0 && i < len(d) && d[i] == '[' && s.depth < maxNestingDepth {
		e = fastList(d, i)
	}
	if e >= 0 {
		s.pos = e
		return d[i:e], true
	}
	return s.value()
}

// nextElement is element, trying the fast path first.
func (s *scanner) nextElement(first bool) bool {
	d := s.data
	i := skip(d, s.pos)
	if next, ok := fastElem(d, i, first); ok {
		s.pos = next
		return true
	}
	return s.element(first)
}
