package cart

import (
	"fmt"
	"math"
	"strconv"

	"github.com/cartfx/cartfx/internal/text"
)

// ParseOptions says how to read a session: the currency its prices are in
// and the registry its custom attributes are checked against.
type ParseOptions struct {
	Currency Currency
	// Registry checks custom attributes. Nil accepts any attribute with the
	// type its JSON value shows (used when applying a Talon.One response,
	// where Talon.One has already checked them).
	Registry *Registry
}

// The fields of a session object, as indexes into rawSession.fields.
const (
	sCustomerSession = iota
	sProfileID
	sState
	sCouponCodes
	sReferralCode
	sLoyaltyCards
	sIdentifiers
	sAttributes
	sAdditionalCosts
	sCartItems
	numSessionFields
)

var sessionFieldNames = []string{"customerSession", "profileId", "state", "couponCodes",
	"referralCode", "loyaltyCards", "identifiers", "attributes", "additionalCosts", "cartItems"}

// rawSession is the raw JSON of each top-level field of a session object
// (each given at most once: see scan_dup.go) and its cart items, decoded
// while the scan went through them.
type rawSession struct {
	fields [numSessionFields][]byte
	items  walkedItems
}

// ParseSession reads a customer session in Talon.One's NewCustomerSessionV2
// shape, either bare or wrapped as {"customerSession": {...}} (an
// IntegrationRequest). Numbers are read from their text, never through
// float64. Every problem is reported at once in one *Error, each with a JSON
// pointer to its field; the error matches ErrInvalidSession. Fields that
// NewCustomerSessionV2 does not define (such as the read-only totals of a
// Talon.One response) are ignored. Keys match field names as encoding/json
// matches them: exactly or else case-insensitively; null is the same as an
// absent field. An object with two members of the same name, or two keys
// for the same field ("sku" and "SKU"), is refused (see scan_dup.go). A
// body that is not JSON gets one Malformed problem that says the line, the
// column (in characters) and the pointer of the value where it goes wrong,
// then encoding/json's words for what is wrong.
func ParseSession(data []byte, opts ParseOptions) (*Session, error) {
	if opts.Currency.Code == "" {
		return nil, fmt.Errorf("%w: ParseOptions.Currency is not set", ErrUnknownCurrency)
	}
	r := reader{cur: opts.Currency, reg: opts.Registry}
	ps := &r.ps
	if i := skip(data, 0); i == len(data) || data[i] != '{' {
		malformedBody(ps, data)
		return nil, ps.err("invalid customer session", ErrInvalidSession)
	}
	r.scratch = scratches.Get().(*scratch)
	defer r.release()
	// One pass reads the outer object and, when it has one, the wrapped
	// session, so that the cart items are decoded in the pass that
	// validates them whichever of the two holds them.
	var outer, inner rawSession
	sc := scanner{data: data, pos: skip(data, 0), keys: keyCheck{on: true, list: r.scratch.keys[:0]}}
	r.walkSession(&sc, &outer, &inner)
	sc.end()
	r.scratch.keys = sc.keys.list[:0]
	if sc.err != "" {
		malformedScan(ps, &sc)
		return nil, ps.err("invalid customer session", ErrInvalidSession)
	}
	raw, base := &outer, ""
	if ws := outer.fields[sCustomerSession]; present(ws) {
		base = "/customerSession"
		if ws[0] != '{' {
			ps.add(base, "Malformed", "expected a JSON object: expected '{'")
			return nil, ps.err("invalid customer session", ErrInvalidSession)
		}
		raw = &inner
	}
	p := path{base: base, index: -1}
	s := &Session{Currency: opts.Currency}
	f := &raw.fields

	if present(f[sProfileID]) {
		s.Fields |= FieldProfileID
		s.ProfileID = r.text(f[sProfileID], p, "/profileId", maxTextLength, false)
	}
	if present(f[sState]) {
		s.Fields |= FieldState
		before := ps.list.Len()
		st := State(r.text(f[sState], p, "/state", maxTextLength, true))
		if !st.Valid() && ps.list.Len() == before {
			ps.add(p.at("/state"), "Invalid", "unknown state "+text.Quote(string(st))+": expected open, closed, cancelled or partially_returned")
		}
		s.State = st
	}
	if present(f[sCouponCodes]) {
		s.Fields |= FieldCouponCodes
		s.CouponCodes = r.textList(f[sCouponCodes], p, "/couponCodes", 0, MaxCodeLength)
	}
	if present(f[sReferralCode]) {
		s.Fields |= FieldReferralCode
		s.ReferralCode = r.text(f[sReferralCode], p, "/referralCode", MaxCodeLength, false)
	}
	if present(f[sLoyaltyCards]) {
		s.Fields |= FieldLoyaltyCards
		s.LoyaltyCards = r.textList(f[sLoyaltyCards], p, "/loyaltyCards", MaxLoyaltyCards, maxTextLength)
	}
	if present(f[sIdentifiers]) {
		s.Fields |= FieldIdentifiers
		s.Identifiers = r.textList(f[sIdentifiers], p, "/identifiers", MaxIdentifiers, maxTextLength)
	}
	if present(f[sAttributes]) {
		s.Fields |= FieldAttributes
		s.Attributes = r.attributes(f[sAttributes], r.objectMembers(f[sAttributes]), p, "/attributes", EntitySession)
	}
	if present(f[sAdditionalCosts]) {
		s.Fields |= FieldAdditionalCosts
		s.AdditionalCosts = r.costs(f[sAdditionalCosts], r.objectMembers(f[sAdditionalCosts]), p, "/additionalCosts")
	}
	if present(f[sCartItems]) {
		s.Fields |= FieldCartItems
		s.CartItems = r.items(f[sCartItems], &raw.items, p)
	}
	if ps.list.Len() == 0 {
		if _, err := sessionGross(s); err != nil {
			ps.add(p.at("/cartItems"), "Too large", fmt.Sprintf("the cart items and additional costs add up to more than %s %s", opts.Currency.Decimal(math.MaxInt64).String(), opts.Currency.Code))
		}
	}
	if err := ps.err("invalid customer session", ErrInvalidSession); err != nil {
		return nil, err
	}
	return s, nil
}

// sessionGross is the sum New will make: every unit's price and item costs,
// and the session's costs; an error when it does not fit in int64.
func sessionGross(s *Session) (int64, error) {
	var gross int64
	for i := range s.CartItems {
		it := &s.CartItems[i]
		if it.Free() {
			continue
		}
		unit := it.Price
		for _, ac := range it.AdditionalCosts {
			var err error
			if unit, err = addMinor(unit, ac.Price); err != nil {
				return 0, err
			}
		}
		line, err := mulMinor(unit, int64(it.Quantity))
		if err != nil {
			return 0, err
		}
		if gross, err = addMinor(gross, line); err != nil {
			return 0, err
		}
	}
	for _, ac := range s.AdditionalCosts {
		var err error
		if gross, err = addMinor(gross, ac.Price); err != nil {
			return 0, err
		}
	}
	return gross, nil
}

// path is where a field lives, spelled out as a JSON pointer only when a
// problem needs it, so that a valid session builds no pointer at all.
type path struct {
	base  string // "" or "/customerSession"
	index int    // the cart item, or -1 for the session itself
}

// at returns the pointer to a field (such as "/sku") of p.
func (p path) at(field string) string {
	if p.index < 0 {
		return p.base + field
	}
	return p.base + "/cartItems/" + strconv.Itoa(p.index) + field
}

// reader decodes the fields of a session, collecting problems.
type reader struct {
	ps  problems // where problems go: the session's, or a cart items array's
	cur Currency
	reg *Registry
	vc  valueCache
	// The registry's recent answers, for lookup.
	types    [8]typeMemo
	nextType int
	scratch  *scratch
}

// typeMemo is one answer of the registry: the type of an entity's
// attribute, if it is defined.
type typeMemo struct {
	e    Entity
	name string
	t    AttributeType
	ok   bool
}

func (r *reader) add(ptr, title, details string) { r.ps.add(ptr, title, details) }

// walkSession reads the outer session object at the scanner's position
// into rs, and the session it wraps, if any, into inner.
func (r *reader) walkSession(sc *scanner, rs, inner *rawSession) {
	sc.open('{')
	mark := sc.keys.mark()
	defer sc.keys.drop(mark)
	for first := true; ; first = false {
		key, plain, more := sc.member(first)
		if !more {
			return
		}
		nm := name(key, plain)
		f := sessionField(nm)
		if !sc.checkKey(mark, nm, f) {
			return
		}
		if f == sCustomerSession && sc.skipSpace() && sc.data[sc.pos] == '{' {
			start := sc.pos
			*inner = rawSession{}
			r.walkWrapped(sc, inner)
			if sc.err == "" {
				rs.fields[f] = sc.data[start:sc.pos]
			}
			continue
		}
		r.walkField(sc, rs, f, "")
	}
}

// walkWrapped reads the session object inside the wrapper, where
// customerSession is an unknown field like any other. (It is apart from
// walkSession so that neither is recursive, which would make the reader
// escape to the heap.)
func (r *reader) walkWrapped(sc *scanner, rs *rawSession) {
	sc.open('{')
	mark := sc.keys.mark()
	defer sc.keys.drop(mark)
	for first := true; ; first = false {
		key, plain, more := sc.member(first)
		if !more {
			return
		}
		nm := name(key, plain)
		f := sessionField(nm)
		if f == sCustomerSession {
			f = -1
		}
		if !sc.checkKey(mark, nm, f) {
			return
		}
		r.walkField(sc, rs, f, "/customerSession")
	}
}

// walkField reads the value of the session field f (-1 for one that
// NewCustomerSessionV2 does not define) into rs.
func (r *reader) walkField(sc *scanner, rs *rawSession, f int, base string) {
	c, ok := sc.peek()
	if !ok {
		return
	}
	start := sc.pos
	if f == sCartItems && c == '[' {
		r.walkItems(sc, &rs.items, base)
	} else if f == sAdditionalCosts && c == '{' {
		if !sc.costsObject() {
			return
		}
	} else {
		if _, ok := sc.value(); !ok {
			return
		}
		if f == sCartItems {
			rs.items = walkedItems{}
		}
	}
	if f >= 0 && sc.err == "" {
		rs.fields[f] = sc.data[start:sc.pos]
	}
}

func present(raw []byte) bool { return len(raw) > 0 && !isNull(raw) }

func isNull(raw []byte) bool { return string(raw) == "null" }

// trimKind drops the sentinel's text from an error message, for details
// that already say what kind of problem it is.
func trimKind(err error) string {
	msg := err.Error()
	for _, k := range []error{ErrInvalidAmount, ErrOverflow} {
		prefix := k.Error() + ": "
		if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
			return msg[len(prefix):]
		}
	}
	return msg
}
