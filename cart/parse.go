package cart

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
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

type rawSession struct {
	CustomerSession json.RawMessage `json:"customerSession"`
	ProfileID       json.RawMessage `json:"profileId"`
	State           json.RawMessage `json:"state"`
	CouponCodes     json.RawMessage `json:"couponCodes"`
	ReferralCode    json.RawMessage `json:"referralCode"`
	LoyaltyCards    json.RawMessage `json:"loyaltyCards"`
	Identifiers     json.RawMessage `json:"identifiers"`
	Attributes      json.RawMessage `json:"attributes"`
	AdditionalCosts json.RawMessage `json:"additionalCosts"`
	CartItems       json.RawMessage `json:"cartItems"`
}

type rawItem struct {
	SKU             json.RawMessage `json:"sku"`
	Name            json.RawMessage `json:"name"`
	Quantity        json.RawMessage `json:"quantity"`
	Price           json.RawMessage `json:"price"`
	Category        json.RawMessage `json:"category"`
	Weight          json.RawMessage `json:"weight"`
	Height          json.RawMessage `json:"height"`
	Width           json.RawMessage `json:"width"`
	Length          json.RawMessage `json:"length"`
	Attributes      json.RawMessage `json:"attributes"`
	AdditionalCosts json.RawMessage `json:"additionalCosts"`
}

// ParseSession reads a customer session in Talon.One's NewCustomerSessionV2
// shape, either bare or wrapped as {"customerSession": {...}} (an
// IntegrationRequest). Numbers are read from their text, never through
// float64. Every problem is reported at once in one *Error, each with a JSON
// pointer to its field; the error matches ErrInvalidSession. Fields that
// NewCustomerSessionV2 does not define (such as the read-only totals of a
// Talon.One response) are ignored.
func ParseSession(data []byte, opts ParseOptions) (*Session, error) {
	var ps problems
	if opts.Currency.Code == "" {
		return nil, fmt.Errorf("%w: ParseOptions.Currency is not set", ErrUnknownCurrency)
	}
	var raw rawSession
	if err := decodeObject(data, &raw); err != nil {
		ps.add("", "Malformed", "the body is not a JSON object: "+err.Error())
		return nil, ps.err("invalid customer session", ErrInvalidSession)
	}
	base := ""
	if len(raw.CustomerSession) > 0 && !isNull(raw.CustomerSession) {
		base = "/customerSession"
		inner := raw.CustomerSession
		raw = rawSession{}
		if err := decodeObject(inner, &raw); err != nil {
			ps.add(base, "Malformed", "expected a JSON object: "+err.Error())
			return nil, ps.err("invalid customer session", ErrInvalidSession)
		}
	}
	r := reader{ps: &ps, cur: opts.Currency, reg: opts.Registry}
	s := &Session{Currency: opts.Currency}

	if present(raw.ProfileID) {
		s.Fields |= FieldProfileID
		s.ProfileID = r.text(raw.ProfileID, base+"/profileId", maxTextLength)
	}
	if present(raw.State) {
		s.Fields |= FieldState
		st := State(r.text(raw.State, base+"/state", maxTextLength))
		if !st.Valid() && !r.hasProblem(base+"/state") {
			ps.add(base+"/state", "Invalid", fmt.Sprintf("unknown state %q: expected open, closed, cancelled or partially_returned", st))
		}
		s.State = st
	}
	if present(raw.CouponCodes) {
		s.Fields |= FieldCouponCodes
		s.CouponCodes = r.textList(raw.CouponCodes, base+"/couponCodes", 0, MaxCodeLength)
	}
	if present(raw.ReferralCode) {
		s.Fields |= FieldReferralCode
		s.ReferralCode = r.text(raw.ReferralCode, base+"/referralCode", MaxCodeLength)
	}
	if present(raw.LoyaltyCards) {
		s.Fields |= FieldLoyaltyCards
		s.LoyaltyCards = r.textList(raw.LoyaltyCards, base+"/loyaltyCards", MaxLoyaltyCards, maxTextLength)
	}
	if present(raw.Identifiers) {
		s.Fields |= FieldIdentifiers
		s.Identifiers = r.textList(raw.Identifiers, base+"/identifiers", MaxIdentifiers, maxTextLength)
	}
	if present(raw.Attributes) {
		s.Fields |= FieldAttributes
		s.Attributes = r.attributes(raw.Attributes, base+"/attributes", EntitySession)
	}
	if present(raw.AdditionalCosts) {
		s.Fields |= FieldAdditionalCosts
		s.AdditionalCosts = r.costs(raw.AdditionalCosts, base+"/additionalCosts")
	}
	if present(raw.CartItems) {
		s.Fields |= FieldCartItems
		s.CartItems = r.items(raw.CartItems, base+"/cartItems")
	}
	if len(ps.list) == 0 {
		if _, err := sessionGross(s); err != nil {
			ps.add(base+"/cartItems", "Too large", fmt.Sprintf("the cart items and additional costs add up to more than %s %s", opts.Currency.Decimal(math.MaxInt64).String(), opts.Currency.Code))
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

// reader decodes the fields of a session, collecting problems.
type reader struct {
	ps  *problems
	cur Currency
	reg *Registry
}

func (r *reader) text(raw json.RawMessage, ptr string, maxLen int) string {
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		r.ps.add(ptr, "Invalid", "expected a string, got "+shortJSON(raw))
		return ""
	}
	if utf8.RuneCountInString(s) > maxLen {
		r.ps.add(ptr, "Too long", fmt.Sprintf("%d characters: at most %d are allowed", utf8.RuneCountInString(s), maxLen))
	}
	return s
}

func (r *reader) textList(raw json.RawMessage, ptr string, maxItems, maxLen int) []string {
	var items []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		r.ps.add(ptr, "Invalid", "expected a list of strings, got "+shortJSON(raw))
		return nil
	}
	if maxItems > 0 && len(items) > maxItems {
		r.ps.add(ptr, "Too many", fmt.Sprintf("%d items: at most %d are allowed", len(items), maxItems))
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = r.text(it, ptr+"/"+strconv.Itoa(i), maxLen)
	}
	return out
}

func (r *reader) object(raw json.RawMessage, ptr string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		r.ps.add(ptr, "Invalid", "expected a JSON object, got "+shortJSON(raw))
		return nil
	}
	return m
}

func (r *reader) attributes(raw json.RawMessage, ptr string, e Entity) map[string]any {
	m := r.object(raw, ptr)
	if m == nil {
		return map[string]any{}
	}
	return parseAttributes(r.reg, e, m, ptr, r.ps)
}

// price reads a non-negative amount with no more decimals than the currency.
func (r *reader) price(raw json.RawMessage, ptr string) int64 {
	d, err := ParseAmount(raw)
	if err != nil {
		r.ps.add(ptr, "Invalid", "expected a price such as 4.95: "+trimKind(err))
		return 0
	}
	if d.Sign() < 0 {
		r.ps.add(ptr, "Invalid", fmt.Sprintf("price %s is negative: expected 0 or more", d.String()))
		return 0
	}
	minor, err := r.cur.ExactMinor(d)
	if err != nil || minor > MaxUnitPrice {
		if err == nil || errors.Is(err, ErrOverflow) {
			r.ps.add(ptr, "Invalid", fmt.Sprintf("price %s is too large: at most %s %s", d.String(), r.cur.Decimal(MaxUnitPrice).String(), r.cur.Code))
		} else {
			r.ps.add(ptr, "Invalid", fmt.Sprintf("price %s has more decimals than %s allows: expected at most %d", d.String(), r.cur.Code, r.cur.Scale))
		}
		return 0
	}
	return minor
}

func (r *reader) costs(raw json.RawMessage, ptr string) []AdditionalCost {
	m := r.object(raw, ptr)
	if m == nil {
		return nil
	}
	out := make([]AdditionalCost, 0, len(m))
	for _, name := range sortedKeys(m) {
		p := ptr + "/" + escapePointer(name)
		if !attributeName.MatchString(name) {
			r.ps.add(p, "Invalid", fmt.Sprintf("additional cost name %q: expected a letter followed by letters, digits or underscores", name))
			continue
		}
		var c struct {
			Price json.RawMessage `json:"price"`
		}
		v := m[name]
		if v[0] != '{' || json.Unmarshal(v, &c) != nil {
			r.ps.add(p, "Invalid", `expected an object such as {"price": 4.95}, got `+shortJSON(v))
			continue
		}
		if !present(c.Price) {
			r.ps.add(p+"/price", "Required", "an additional cost needs a price")
			continue
		}
		out = append(out, AdditionalCost{Name: name, Price: r.price(c.Price, p+"/price")})
	}
	return out
}

func (r *reader) items(raw json.RawMessage, ptr string) []CartItem {
	var rawItems []rawItem
	if raw[0] != '[' {
		r.ps.add(ptr, "Invalid", "expected a list of cart items, got "+shortJSON(raw))
		return nil
	}
	if err := json.Unmarshal(raw, &rawItems); err != nil {
		// Some element is not an object: find which, for the pointer.
		var elems []json.RawMessage
		_ = json.Unmarshal(raw, &elems)
		for i, e := range elems {
			if bytes.TrimSpace(e)[0] != '{' {
				r.ps.add(ptr+"/"+strconv.Itoa(i), "Invalid", "expected a cart item object, got "+shortJSON(e))
			}
		}
		if len(elems) == 0 {
			r.ps.add(ptr, "Invalid", "expected a list of cart items: "+err.Error())
		}
		return nil
	}
	if len(rawItems) > MaxLines {
		r.ps.add(ptr, "Too many", fmt.Sprintf("%d cart items: at most %d are allowed", len(rawItems), MaxLines))
		return nil
	}
	out := make([]CartItem, len(rawItems))
	units := 0
	for i := range rawItems {
		out[i] = r.item(&rawItems[i], ptr+"/"+strconv.Itoa(i))
		units += out[i].Quantity
	}
	if units > MaxUnits {
		r.ps.add(ptr, "Too many", fmt.Sprintf("%d units in all: the quantities may add up to at most %d", units, MaxUnits))
	}
	return out
}

func (r *reader) item(raw *rawItem, ptr string) CartItem {
	var it CartItem
	if present(raw.SKU) {
		it.SKU = r.text(raw.SKU, ptr+"/sku", maxTextLength)
	}
	if it.SKU == "" && !r.hasProblem(ptr+"/sku") {
		r.ps.add(ptr+"/sku", "Required", "a cart item needs a non-empty sku")
	}
	if present(raw.Name) {
		it.Name = r.text(raw.Name, ptr+"/name", maxTextLength)
	}
	if present(raw.Category) {
		it.Category = r.text(raw.Category, ptr+"/category", maxTextLength)
	}
	if !present(raw.Quantity) {
		r.ps.add(ptr+"/quantity", "Required", "a cart item needs a quantity of 1 or more")
	} else {
		it.Quantity = r.quantity(raw.Quantity, ptr+"/quantity")
	}
	if !present(raw.Price) {
		r.ps.add(ptr+"/price", "Required", "a cart item needs a price (cartfx has no catalog to look it up)")
	} else {
		it.Price = r.price(raw.Price, ptr+"/price")
	}
	it.Weight = r.measure(raw.Weight, ptr+"/weight")
	it.Height = r.measure(raw.Height, ptr+"/height")
	it.Width = r.measure(raw.Width, ptr+"/width")
	it.Length = r.measure(raw.Length, ptr+"/length")
	if present(raw.Attributes) {
		it.Attributes = r.attributes(raw.Attributes, ptr+"/attributes", EntityCartItem)
	}
	if present(raw.AdditionalCosts) {
		it.AdditionalCosts = r.costs(raw.AdditionalCosts, ptr+"/additionalCosts")
	}
	return it
}

func (r *reader) quantity(raw json.RawMessage, ptr string) int {
	d, err := ParseAmount(raw)
	if err != nil || raw[0] == '"' || !d.IsInteger() || d.Sign() <= 0 {
		r.ps.add(ptr, "Invalid", "expected a whole number of 1 or more, got "+shortJSON(raw))
		return 0
	}
	if d.GreaterThan(decimal.NewFromInt(MaxQuantity)) {
		r.ps.add(ptr, "Invalid", fmt.Sprintf("quantity %s: at most %d units are allowed", d.String(), MaxQuantity))
		return 0
	}
	return int(d.IntPart())
}

func (r *reader) measure(raw json.RawMessage, ptr string) decimal.Decimal {
	if !present(raw) {
		return decimal.Decimal{}
	}
	d, err := ParseAmount(raw)
	if err != nil {
		r.ps.add(ptr, "Invalid", "expected a number: "+trimKind(err))
		return decimal.Decimal{}
	}
	if d.Sign() < 0 {
		r.ps.add(ptr, "Invalid", fmt.Sprintf("%s is negative: expected 0 or more", d.String()))
	}
	return d
}

func (r *reader) hasProblem(ptr string) bool {
	for _, p := range r.ps.list {
		if p.Source.Pointer == ptr {
			return true
		}
	}
	return false
}

// decodeObject unmarshals a JSON object, refusing any other JSON value.
func decodeObject(data []byte, v any) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return errors.New("expected '{'")
	}
	return json.Unmarshal(data, v)
}

func present(raw json.RawMessage) bool { return len(raw) > 0 && !isNull(raw) }

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

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
