package cart

// The encoding/json decoder that ParseSession replaced, kept verbatim (but
// for the names, and for quoting input with text.Quote and cutting pointer
// tokens with jsonpos.Token as ParseSession now does) as the oracle of
// FuzzParseSessionAgreesWithLegacy: the scanner must not change what any
// input parses to, or any word of an error. (Where ParseSession means to
// differ, on bodies that are not JSON and on duplicate keys, checkRefusal
// checks it instead.) Delete this file together with that test when the
// behaviour is meant to change.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/cartfx/cartfx/internal/jsonpos"
	"github.com/cartfx/cartfx/internal/text"
	"github.com/shopspring/decimal"
)

type legacyRawSession struct {
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

type legacyRawItem struct {
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

// legacyParseSession reads a customer session in Talon.One's NewCustomerSessionV2
// shape, either bare or wrapped as {"customerSession": {...}} (an
// IntegrationRequest). Numbers are read from their text, never through
// float64. Every problem is reported at once in one *Error, each with a JSON
// pointer to its field; the error matches ErrInvalidSession. Fields that
// NewCustomerSessionV2 does not define (such as the read-only totals of a
// Talon.One response) are ignored.
func legacyParseSession(data []byte, opts ParseOptions) (*Session, error) {
	var ps problems
	if opts.Currency.Code == "" {
		return nil, fmt.Errorf("%w: ParseOptions.Currency is not set", ErrUnknownCurrency)
	}
	var raw legacyRawSession
	if err := legacyDecodeObject(data, &raw); err != nil {
		ps.add("", "Malformed", "the body is not a JSON object: "+err.Error())
		return nil, ps.err("invalid customer session", ErrInvalidSession)
	}
	base := ""
	if len(raw.CustomerSession) > 0 && !isNull(raw.CustomerSession) {
		base = "/customerSession"
		inner := raw.CustomerSession
		raw = legacyRawSession{}
		if err := legacyDecodeObject(inner, &raw); err != nil {
			ps.add(base, "Malformed", "expected a JSON object: "+err.Error())
			return nil, ps.err("invalid customer session", ErrInvalidSession)
		}
	}
	r := legacyReader{ps: &ps, cur: opts.Currency, reg: opts.Registry}
	s := &Session{Currency: opts.Currency}

	if present(raw.ProfileID) {
		s.Fields |= FieldProfileID
		s.ProfileID = r.text(raw.ProfileID, base+"/profileId", maxTextLength)
	}
	if present(raw.State) {
		s.Fields |= FieldState
		st := State(r.text(raw.State, base+"/state", maxTextLength))
		if !st.Valid() && !r.hasProblem(base+"/state") {
			ps.add(base+"/state", "Invalid", fmt.Sprintf("unknown state %s: expected open, closed, cancelled or partially_returned", text.Quote(string(st))))
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
	if ps.list.Len() == 0 {
		if _, err := sessionGross(s); err != nil {
			ps.add(base+"/cartItems", "Too large", fmt.Sprintf("the cart items and additional costs add up to more than %s %s", opts.Currency.Decimal(math.MaxInt64).String(), opts.Currency.Code))
		}
	}
	if err := ps.err("invalid customer session", ErrInvalidSession); err != nil {
		return nil, err
	}
	return s, nil
}

// legacyReader decodes the fields of a session, collecting problems.
type legacyReader struct {
	ps  *problems
	cur Currency
	reg *Registry
}

func (r *legacyReader) text(raw json.RawMessage, ptr string, maxLen int) string {
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

func (r *legacyReader) textList(raw json.RawMessage, ptr string, maxItems, maxLen int) []string {
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

func (r *legacyReader) object(raw json.RawMessage, ptr string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		r.ps.add(ptr, "Invalid", "expected a JSON object, got "+shortJSON(raw))
		return nil
	}
	return m
}

func (r *legacyReader) attributes(raw json.RawMessage, ptr string, e Entity) map[string]any {
	m := r.object(raw, ptr)
	if m == nil {
		return map[string]any{}
	}
	return legacyParseAttributes(r.reg, e, m, ptr, r.ps)
}

// price reads a non-negative amount with no more decimals than the currency.
func (r *legacyReader) price(raw json.RawMessage, ptr string) int64 {
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

func (r *legacyReader) costs(raw json.RawMessage, ptr string) []AdditionalCost {
	m := r.object(raw, ptr)
	if m == nil {
		return nil
	}
	out := make([]AdditionalCost, 0, len(m))
	for _, name := range legacySortedKeys(m) {
		p := ptr + "/" + jsonpos.Token(name)
		if !attributeName.MatchString(name) {
			r.ps.add(p, "Invalid", fmt.Sprintf("additional cost name %s: expected a letter followed by letters, digits or underscores", text.Quote(name)))
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

func (r *legacyReader) items(raw json.RawMessage, ptr string) []CartItem {
	var rawItems []legacyRawItem
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

func (r *legacyReader) item(raw *legacyRawItem, ptr string) CartItem {
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

func (r *legacyReader) quantity(raw json.RawMessage, ptr string) int {
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

func (r *legacyReader) measure(raw json.RawMessage, ptr string) decimal.Decimal {
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

func (r *legacyReader) hasProblem(ptr string) bool {
	for _, p := range r.ps.list.Items() {
		if p.Source.Pointer == ptr {
			return true
		}
	}
	return false
}

// legacyDecodeObject unmarshals a JSON object, refusing any other JSON value.
func legacyDecodeObject(data []byte, v any) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return errors.New("expected '{'")
	}
	return json.Unmarshal(data, v)
}

// legacyParseAttributes reads the attributes object of an entity. With a nil
// registry every attribute is accepted with the type its JSON value shows.
func legacyParseAttributes(reg *Registry, e Entity, raw map[string]json.RawMessage, pointer string, ps *problems) map[string]any {
	if raw == nil {
		return nil
	}
	out := make(map[string]any, len(raw))
	for _, name := range legacySortedKeys(raw) {
		p := pointer + "/" + jsonpos.Token(name)
		v, prob := legacyParseAttribute(reg, e, name, raw[name])
		if prob != nil {
			ps.add(p, prob.title, prob.details)
			continue
		}
		out[name] = v
	}
	return out
}

func legacyParseAttribute(reg *Registry, e Entity, name string, raw json.RawMessage) (any, *attributeProblem) {
	if e == EntityCartItem && name == FreeItemAttribute {
		v, err := legacyDecodeValue(TypeBoolean, raw)
		if err != nil {
			return nil, &attributeProblem{"Invalid", err.Error()}
		}
		return v, nil
	}
	if reg == nil {
		return legacyDecodeUntyped(raw)
	}
	t, ok := reg.Lookup(e, name)
	if !ok {
		return nil, &attributeProblem{"Unknown", fmt.Sprintf("The attribute %s is not defined on %s entities.", text.Quote(name), e)}
	}
	v, err := legacyDecodeValue(t, raw)
	if err != nil {
		return nil, &attributeProblem{"Invalid", fmt.Sprintf("The attribute %s is of type %s: %v.", text.Quote(name), t, err)}
	}
	return v, nil
}

func legacyDecodeValue(t AttributeType, raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	switch t {
	case TypeString:
		var s string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return nil, fmt.Errorf("expected a string, got %s", shortJSON(raw))
		}
		return s, nil
	case TypeNumber:
		if len(raw) == 0 || raw[0] == '"' {
			return nil, fmt.Errorf("expected a number, got %s", shortJSON(raw))
		}
		d, err := ParseAmount(raw)
		if err != nil {
			return nil, fmt.Errorf("expected a number, got %s", shortJSON(raw))
		}
		return d, nil
	case TypeBoolean:
		switch string(raw) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("expected true or false, got %s", shortJSON(raw))
	case TypeTime:
		var s string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return nil, fmt.Errorf("expected an RFC 3339 time, got %s", shortJSON(raw))
		}
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("expected an RFC 3339 time such as 2026-11-26T12:00:00Z, got %s", text.Quote(s))
		}
		return tm, nil
	case TypeStringList:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || raw[0] != '[' {
			return nil, fmt.Errorf("expected a list of strings, got %s", shortJSON(raw))
		}
		out := make([]string, len(items))
		for i, it := range items {
			v, err := legacyDecodeValue(TypeString, it)
			if err != nil {
				return nil, fmt.Errorf("item %d: %v", i, err)
			}
			out[i] = v.(string)
		}
		return out, nil
	case TypeNumberList:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || raw[0] != '[' {
			return nil, fmt.Errorf("expected a list of numbers, got %s", shortJSON(raw))
		}
		out := make([]decimal.Decimal, len(items))
		for i, it := range items {
			v, err := legacyDecodeValue(TypeNumber, it)
			if err != nil {
				return nil, fmt.Errorf("item %d: %v", i, err)
			}
			out[i] = v.(decimal.Decimal)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown attribute type %s", text.Quote(string(t)))
}

// legacyDecodeUntyped reads an attribute when no registry says its type: strings,
// numbers (exact), booleans and lists of strings or numbers.
func legacyDecodeUntyped(raw json.RawMessage) (any, *attributeProblem) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, &attributeProblem{"Invalid", "expected a value"}
	}
	try := func(t AttributeType) (any, bool) {
		v, err := legacyDecodeValue(t, raw)
		return v, err == nil
	}
	switch raw[0] {
	case '"':
		if v, ok := try(TypeString); ok {
			return v, nil
		}
	case 't', 'f':
		if v, ok := try(TypeBoolean); ok {
			return v, nil
		}
	case '[':
		if v, ok := try(TypeStringList); ok {
			return v, nil
		}
		if v, ok := try(TypeNumberList); ok {
			return v, nil
		}
	default:
		if v, ok := try(TypeNumber); ok {
			return v, nil
		}
	}
	return nil, &attributeProblem{"Invalid", fmt.Sprintf("expected a string, number, boolean, or a list of strings or numbers, got %s", shortJSON(raw))}
}

func legacySortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func legacyParseUntypedValue(raw json.RawMessage) (any, error) {
	v, prob := legacyDecodeUntyped(raw)
	if prob != nil {
		return nil, fmt.Errorf("%s", prob.details)
	}
	return v, nil
}

// attributeName is the rule validAttributeName applies, as the legacy
// decoder checked it.
var attributeName = regexp.MustCompile(`^[A-Za-z]\w*$`)
