package cart

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cartfx/cartfx/internal/jsonpos"
	"github.com/cartfx/cartfx/internal/text"
	"github.com/shopspring/decimal"
)

// The readers of single fields: texts and lists of them, attributes,
// prices, additional costs, quantities and measures. Each reports its own
// problems, spelling out the pointer only then, and returns what it could
// read.

// text reads a string of at most maxLen characters. Shared strings (such
// as categories) are likely to repeat from line to line; others (such as
// SKUs) are not worth looking up.
func (r *reader) text(raw []byte, p path, field string, maxLen int, shared bool) string {
	s, title, details := r.str(raw, maxLen, shared)
	if title != "" {
		r.add(p.at(field), title, details)
	}
	return s
}

// textBytes is text that returns the string's bytes, which may alias the
// input: the caller makes the string.
func (r *reader) textBytes(raw []byte, plain bool, p path, field string, maxLen int) []byte {
	if raw[0] != '"' {
		r.add(p.at(field), "Invalid", "expected a string, got "+shortJSON(raw))
		return nil
	}
	if plain {
		// ASCII: as many characters as bytes.
		if b := raw[1 : len(raw)-1]; len(b) <= maxLen {
			return b
		}
	}
	b := stringBytes(raw)
	if n := utf8.RuneCount(b); n > maxLen {
		r.add(p.at(field), "Too long", fmt.Sprintf("%d characters: at most %d are allowed", n, maxLen))
	}
	return b
}

// str is text that returns its problem, for callers that build the pointer.
func (r *reader) str(raw []byte, maxLen int, shared bool) (s, title, details string) {
	if raw[0] != '"' {
		return "", "Invalid", "expected a string, got " + shortJSON(raw)
	}
	b := stringBytes(raw)
	if shared {
		s = r.vc.str(b)
	} else {
		s = string(b)
	}
	if n := utf8.RuneCount(b); n > maxLen {
		return s, "Too long", fmt.Sprintf("%d characters: at most %d are allowed", n, maxLen)
	}
	return s, "", ""
}

// textList reads a list of at most maxItems strings (any number when 0)
// of at most maxLen characters each.
func (r *reader) textList(raw []byte, p path, field string, maxItems, maxLen int) []string {
	if raw[0] != '[' {
		r.add(p.at(field), "Invalid", "expected a list of strings, got "+shortJSON(raw))
		return nil
	}
	type elemProblem struct {
		i              int
		title, details string
	}
	var buf [8]string
	var probs []elemProblem
	out := buf[:0]
	sc := scanner{data: raw}
	sc.open('[')
	for i := 0; sc.nextElement(i == 0); i++ {
		elem, _ := sc.nextValue()
		s, title, details := r.str(elem, maxLen, false)
		if title != "" {
			probs = append(probs, elemProblem{i, title, details})
		}
		out = append(out, s)
	}
	// The count comes first, as it did when the list was decoded before
	// its elements were read.
	if maxItems > 0 && len(out) > maxItems {
		r.add(p.at(field), "Too many", fmt.Sprintf("%d items: at most %d are allowed", len(out), maxItems))
	}
	for _, pr := range probs {
		r.add(p.at(field)+"/"+strconv.Itoa(pr.i), pr.title, pr.details)
	}
	return append(make([]string, 0, len(out)), out...)
}

// attributes reads an attributes object whose members, sorted, are ms.
func (r *reader) attributes(raw []byte, ms []member, p path, field string, e Entity) map[string]any {
	if raw[0] != '{' {
		r.add(p.at(field), "Invalid", "expected a JSON object, got "+shortJSON(raw))
		return map[string]any{}
	}
	out := make(map[string]any, len(ms))
	for _, m := range ms {
		var t AttributeType
		defined := false
		if r.reg != nil {
			t, defined = r.lookup(e, m.name)
		}
		v, prob := parseAttribute(&r.vc, r.reg != nil, t, defined, e, m.name, m.raw)
		if prob != nil {
			r.add(p.at(field)+"/"+jsonpos.Token(m.name), prob.title, prob.details)
			continue
		}
		out[m.name] = v
	}
	return out
}

// lookup is r.reg.Lookup, remembering the last few answers: every line
// asks about the same few names. The names come from r.vc, so a repeated
// name is the same string and compares at once.
func (r *reader) lookup(e Entity, name string) (AttributeType, bool) {
	for i := range r.types {
		if m := &r.types[i]; m.name == name && m.e == e {
			return m.t, m.ok
		}
	}
	t, ok := r.reg.Lookup(e, name)
	r.types[r.nextType%len(r.types)] = typeMemo{e, name, t, ok}
	r.nextType++
	return t, ok
}

// price reads a non-negative amount with no more decimals than the
// currency; bad is the problem's details.
func (r *reader) price(raw []byte) (minor int64, bad string) {
	if v, ok := priceFast(raw, r.cur.Scale); ok {
		return v, ""
	}
	d, err := ParseAmount(raw)
	if err != nil {
		return 0, "expected a price such as 4.95: " + trimKind(err)
	}
	if d.Sign() < 0 {
		return 0, fmt.Sprintf("price %s is negative: expected 0 or more", d.String())
	}
	minor, err = r.cur.ExactMinor(d)
	if err != nil || minor > MaxUnitPrice {
		if err == nil || errors.Is(err, ErrOverflow) {
			return 0, fmt.Sprintf("price %s is too large: at most %s %s", d.String(), r.cur.Decimal(MaxUnitPrice).String(), r.cur.Code)
		}
		return 0, fmt.Sprintf("price %s has more decimals than %s allows: expected at most %d", d.String(), r.cur.Code, r.cur.Scale)
	}
	return minor, ""
}

// costs reads an additionalCosts object whose members, sorted, are ms.
func (r *reader) costs(raw []byte, ms []member, p path, field string) []AdditionalCost {
	if raw[0] != '{' {
		r.add(p.at(field), "Invalid", "expected a JSON object, got "+shortJSON(raw))
		return nil
	}
	out := r.vc.costLists.take(len(ms))[:0]
	for _, m := range ms {
		if !validAttributeName(m.name) {
			r.add(p.at(field)+"/"+jsonpos.Token(m.name), "Invalid", "additional cost name "+text.Quote(m.name)+": expected a letter followed by letters, digits or underscores")
			continue
		}
		if m.raw[0] != '{' {
			r.add(p.at(field)+"/"+jsonpos.Token(m.name), "Invalid", `expected an object such as {"price": 4.95}, got `+shortJSON(m.raw))
			continue
		}
		var price []byte
		sc := scanner{data: m.raw}
		sc.open('{')
		for first := true; ; first = false {
			key, more := sc.nextMember(first)
			if !more {
				break
			}
			v, _ := sc.nextValue()
			if equalFold(key, "price") {
				price = v
			}
		}
		if !present(price) {
			r.add(p.at(field)+"/"+jsonpos.Token(m.name)+"/price", "Required", "an additional cost needs a price")
			continue
		}
		minor, bad := r.price(price)
		if bad != "" {
			r.add(p.at(field)+"/"+jsonpos.Token(m.name)+"/price", "Invalid", bad)
		}
		out = append(out, AdditionalCost{Name: m.name, Price: minor})
	}
	return out
}

func (r *reader) quantity(raw []byte, p path) int {
	if q, ok := quantityFast(raw); ok {
		return q
	}
	d, err := ParseAmount(raw)
	if err != nil || raw[0] == '"' || !d.IsInteger() || d.Sign() <= 0 {
		r.add(p.at("/quantity"), "Invalid", "expected a whole number of 1 or more, got "+shortJSON(raw))
		return 0
	}
	if d.GreaterThan(decimal.NewFromInt(MaxQuantity)) {
		r.add(p.at("/quantity"), "Invalid", fmt.Sprintf("quantity %s: at most %d units are allowed", d.String(), MaxQuantity))
		return 0
	}
	return int(d.IntPart())
}

func (r *reader) measure(raw []byte, p path, field string) decimal.Decimal {
	if !present(raw) {
		return decimal.Decimal{}
	}
	d, err := r.vc.amount(raw)
	if err != nil {
		r.add(p.at(field), "Invalid", "expected a number: "+trimKind(err))
		return decimal.Decimal{}
	}
	if d.Sign() < 0 {
		r.add(p.at(field), "Invalid", fmt.Sprintf("%s is negative: expected 0 or more", d.String()))
	}
	return d
}

// member is a member of a JSON object: its decoded key and its raw value.
type member struct {
	name string
	raw  []byte
}

// objectMembers returns the sorted members (see sorted) of a valid JSON
// object, or nil when raw is not an object. The result is scratch space,
// valid until the next call.
func (r *reader) objectMembers(raw []byte) []member {
	if raw[0] != '{' {
		return nil
	}
	r.scratch.members = r.scratch.members[:0]
	return r.sorted(r.walkMembers(&scanner{data: raw}, false))
}

// sorted sorts the members in sp by name, so that problems are reported
// in the order of the names whatever the order of the keys. (The scan that
// read the session refused duplicate names, so every name is there once.)
func (r *reader) sorted(sp span) []member {
	ms := r.scratch.members[sp.lo:sp.hi]
	// An insertion sort is quickest for the few members an object usually
	// has; a big object must not take quadratic time.
	if len(ms) > 12 {
		slices.SortFunc(ms, func(a, b member) int { return strings.Compare(a.name, b.name) })
		return ms
	}
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].name < ms[j-1].name; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	return ms
}
