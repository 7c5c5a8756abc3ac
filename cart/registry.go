package cart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/cartfx/cartfx/internal/text"
	"github.com/shopspring/decimal"
)

// Entity is a kind of object that carries custom attributes, named as
// Talon.One names it in error messages.
type Entity string

// The entities with custom attributes.
const (
	EntitySession  Entity = "CustomerSession"
	EntityCartItem Entity = "CartItem"
	EntityProfile  Entity = "CustomerProfile"
	EntityCoupon   Entity = "Coupon"
	EntityReferral Entity = "Referral"
	EntityCampaign Entity = "Campaign"
)

// Entities lists every entity with custom attributes.
var Entities = []Entity{EntitySession, EntityCartItem, EntityProfile, EntityCoupon, EntityReferral, EntityCampaign}

// AttributeType is the type of a custom attribute, spelled as in Talon.One.
type AttributeType string

// The attribute types. Values are held as string, decimal.Decimal, bool,
// time.Time, []string and []decimal.Decimal respectively.
const (
	TypeString     AttributeType = "string"
	TypeNumber     AttributeType = "number"
	TypeBoolean    AttributeType = "boolean"
	TypeTime       AttributeType = "time"
	TypeStringList AttributeType = "(list string)"
	TypeNumberList AttributeType = "(list number)"
)

// Valid reports whether t is one of the attribute types.
func (t AttributeType) Valid() bool {
	switch t {
	case TypeString, TypeNumber, TypeBoolean, TypeTime, TypeStringList, TypeNumberList:
		return true
	}
	return false
}

// FreeItemAttribute is the cart-item attribute that marks a line added by an
// addFreeItem effect. It is always allowed, whatever the registry says; a
// marked line that comes back in a later request is dropped before the
// effects are applied again, so a gift never doubles.
const FreeItemAttribute = "cartfxFreeItem"

// Registry defines the custom attributes of each entity and their types. A
// Registry is built once (Define) and then only read, so it is safe to share
// between goroutines after it is built.
type Registry struct {
	defs map[Entity]map[string]AttributeType
}

// NewRegistry returns an empty registry: every custom attribute is unknown
// until it is defined.
func NewRegistry() *Registry { return &Registry{defs: map[Entity]map[string]AttributeType{}} }

// Define adds an attribute. Names follow Talon.One: a letter, then letters,
// digits or underscores.
func (r *Registry) Define(e Entity, name string, t AttributeType) error {
	if !slices.Contains(Entities, e) {
		return fmt.Errorf("%w: entity %s (expected one of %v)", ErrUnknownAttribute, text.Quote(string(e)), Entities)
	}
	if !validAttributeName(name) {
		return fmt.Errorf("attribute name %s: expected a letter followed by letters, digits or underscores", text.Quote(name))
	}
	if !t.Valid() {
		return fmt.Errorf("attribute %s: unknown type %s (expected string, number, boolean, time, (list string) or (list number))", text.Quote(name), text.Quote(string(t)))
	}
	if name == FreeItemAttribute {
		return fmt.Errorf("attribute %s is reserved by cartfx", text.Quote(name))
	}
	m := r.defs[e]
	if m == nil {
		m = map[string]AttributeType{}
		r.defs[e] = m
	}
	if _, dup := m[name]; dup {
		return fmt.Errorf("attribute %s is defined twice on %s", text.Quote(name), e)
	}
	m[name] = t
	return nil
}

// Lookup returns the type of an attribute.
func (r *Registry) Lookup(e Entity, name string) (AttributeType, bool) {
	t, ok := r.defs[e][name]
	return t, ok
}

// Names returns the attributes of an entity, sorted.
func (r *Registry) Names(e Entity) []string {
	names := make([]string, 0, len(r.defs[e]))
	for n := range r.defs[e] {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// attributeProblem is why a value was refused: a title and details.
type attributeProblem struct{ title, details string }

// parseAttribute reads the value of one attribute of an entity. Without a
// registry (checked false) it takes the type the JSON shows; with one, t is
// the attribute's type when it is defined.
func parseAttribute(c *valueCache, checked bool, t AttributeType, defined bool, e Entity, name string, raw []byte) (any, *attributeProblem) {
	if e == EntityCartItem && name == FreeItemAttribute {
		v, err := decodeValid(c, TypeBoolean, raw)
		if err != nil {
			return nil, &attributeProblem{"Invalid", err.Error()}
		}
		return v, nil
	}
	if !checked {
		return untyped(c, raw)
	}
	if !defined {
		return nil, &attributeProblem{"Unknown", fmt.Sprintf("The attribute %s is not defined on %s entities.", text.Quote(name), e)}
	}
	v, err := decodeValid(c, t, raw)
	if err != nil {
		return nil, &attributeProblem{"Invalid", fmt.Sprintf("The attribute %s is of type %s: %v.", text.Quote(name), t, err)}
	}
	return v, nil
}

// ParseAttributeValue checks a JSON value against an attribute type and
// returns it in its Go form.
func ParseAttributeValue(t AttributeType, raw json.RawMessage) (any, error) {
	return decodeValue(t, raw)
}

// decodeValue is decodeValid for any bytes: they may be surrounded by
// space, and need not be JSON.
func decodeValue(t AttributeType, raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	switch t {
	case TypeString, TypeTime, TypeStringList, TypeNumberList:
		// Their errors say what was given: check that it is one JSON value
		// first, as json.Unmarshal did.
		if !validValue(raw) {
			return nil, typeError(t, raw)
		}
	}
	return decodeValid(nil, t, raw)
}

// typeError is the error for a value that is not of type t at all.
func typeError(t AttributeType, raw []byte) error {
	switch t {
	case TypeString:
		return fmt.Errorf("expected a string, got %s", shortJSON(raw))
	case TypeNumber:
		return fmt.Errorf("expected a number, got %s", shortJSON(raw))
	case TypeBoolean:
		return fmt.Errorf("expected true or false, got %s", shortJSON(raw))
	case TypeTime:
		return fmt.Errorf("expected an RFC 3339 time, got %s", shortJSON(raw))
	case TypeStringList:
		return fmt.Errorf("expected a list of strings, got %s", shortJSON(raw))
	case TypeNumberList:
		return fmt.Errorf("expected a list of numbers, got %s", shortJSON(raw))
	}
	return fmt.Errorf("unknown attribute type %s", text.Quote(string(t)))
}

// decodeValid reads a value of type t from raw, which is one valid JSON
// value (numbers and booleans are also checked when it is not).
func decodeValid(c *valueCache, t AttributeType, raw []byte) (any, error) {
	switch t {
	case TypeString:
		if len(raw) == 0 || raw[0] != '"' {
			return nil, typeError(t, raw)
		}
		return c.strValue(stringBytes(raw)), nil
	case TypeNumber:
		if len(raw) == 0 || raw[0] == '"' {
			return nil, typeError(t, raw)
		}
		v, err := c.amountValue(raw)
		if err != nil {
			return nil, typeError(t, raw)
		}
		return v, nil
	case TypeBoolean:
		switch string(raw) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, typeError(t, raw)
	case TypeTime:
		if len(raw) == 0 || raw[0] != '"' {
			return nil, typeError(t, raw)
		}
		s := string(stringBytes(raw))
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("expected an RFC 3339 time such as 2026-11-26T12:00:00Z, got %s", text.Quote(s))
		}
		return tm, nil
	case TypeStringList:
		return decodeList[string](c, t, raw)
	case TypeNumberList:
		return decodeList[decimal.Decimal](c, t, raw)
	}
	return nil, typeError(t, raw)
}

// decodeList reads a list of type t, []string or []decimal.Decimal, from
// a valid JSON array.
func decodeList[E string | decimal.Decimal](c *valueCache, t AttributeType, raw []byte) (any, error) {
	if len(raw) == 0 || raw[0] != '[' {
		return nil, typeError(t, raw)
	}
	var ls *lists[E]
	k, short := keyOf(raw)
	if c != nil {
		// Through any: E is a type parameter.
		if ls, _ = any(&c.strLists).(*lists[E]); ls == nil {
			ls = any(&c.decLists).(*lists[E])
		}
		if seen, ok := ls.get(k); short && ok {
			list := ls.take(len(seen))
			copy(list, seen)
			return list, nil
		}
	}
	elem := TypeString
	if t == TypeNumberList {
		elem = TypeNumber
	}
	var buf [8]E
	out := buf[:0]
	sc := scanner{data: raw}
	sc.open('[')
	for i := 0; sc.nextElement(i == 0); i++ {
		it, _ := sc.nextValue()
		var v E
		ok := false
		// A type switch on a pointer to v, because E is a type parameter.
		switch p := any(&v).(type) {
		case *string:
			if ok = it[0] == '"'; ok {
				*p = c.str(stringBytes(it))
			}
		case *decimal.Decimal:
			if it[0] != '"' {
				d, err := c.amount(it)
				*p, ok = d, err == nil
			}
		}
		if !ok {
			return nil, fmt.Errorf("item %d: %v", i, typeError(elem, it))
		}
		out = append(out, v)
	}
	if ls == nil {
		return append(make([]E, 0, len(out)), out...), nil
	}
	list := ls.take(len(out))
	copy(list, out)
	if short {
		ls.put(k, list)
	}
	return list, nil
}

// decodeUntyped reads an attribute when no registry says its type: strings,
// numbers (exact), booleans and lists of strings or numbers. raw may be
// surrounded by space, and need not be JSON.
func decodeUntyped(raw json.RawMessage) (any, *attributeProblem) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, &attributeProblem{"Invalid", "expected a value"}
	}
	if (raw[0] == '"' || raw[0] == '[') && !validValue(raw) {
		return nil, untypedProblem(raw)
	}
	return untyped(nil, raw)
}

// untyped is decodeUntyped for a valid JSON value.
func untyped(c *valueCache, raw []byte) (any, *attributeProblem) {
	try := func(t AttributeType) (any, bool) {
		v, err := decodeValid(c, t, raw)
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
		// A list of strings when its first element is a string (or it has
		// none), else a list of numbers: the other could not succeed.
		t := TypeNumberList
		if c := firstElementByte(raw); c == '"' || c == ']' {
			t = TypeStringList
		}
		if v, ok := try(t); ok {
			return v, nil
		}
	default:
		if v, ok := try(TypeNumber); ok {
			return v, nil
		}
	}
	return nil, untypedProblem(raw)
}

// firstElementByte returns the first byte of the first element of a valid
// JSON array, or ']' when it has none.
func firstElementByte(array []byte) byte {
	for _, c := range array[1:] {
		if !isSpace(c) {
			return c
		}
	}
	return ']'
}

func untypedProblem(raw []byte) *attributeProblem {
	return &attributeProblem{"Invalid", fmt.Sprintf("expected a string, number, boolean, or a list of strings or numbers, got %s", shortJSON(raw))}
}

// shortJSON is raw for a message: its first 40 bytes or so, cut between
// characters.
func shortJSON(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	if len(raw) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		return string(raw[:cut]) + "…"
	}
	return string(raw)
}

// ParseUntypedValue reads an attribute value whose type no registry gives:
// a string, an exact number, a boolean, or a list of strings or numbers.
func ParseUntypedValue(raw json.RawMessage) (any, error) {
	v, prob := decodeUntyped(raw)
	if prob != nil {
		return nil, fmt.Errorf("%s", prob.details)
	}
	return v, nil
}
