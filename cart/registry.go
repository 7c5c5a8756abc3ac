package cart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"time"

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

var attributeName = regexp.MustCompile(`^[A-Za-z]\w*$`)

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
		return fmt.Errorf("%w: entity %q (expected one of %v)", ErrUnknownAttribute, e, Entities)
	}
	if !attributeName.MatchString(name) {
		return fmt.Errorf("attribute name %q: expected a letter followed by letters, digits or underscores", name)
	}
	if !t.Valid() {
		return fmt.Errorf("attribute %q: unknown type %q (expected string, number, boolean, time, (list string) or (list number))", name, t)
	}
	if name == FreeItemAttribute {
		return fmt.Errorf("attribute %q is reserved by cartfx", name)
	}
	m := r.defs[e]
	if m == nil {
		m = map[string]AttributeType{}
		r.defs[e] = m
	}
	if _, dup := m[name]; dup {
		return fmt.Errorf("attribute %q is defined twice on %s", name, e)
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

// parseAttributes reads the attributes object of an entity. With a nil
// registry every attribute is accepted with the type its JSON value shows.
func parseAttributes(reg *Registry, e Entity, raw map[string]json.RawMessage, pointer string, ps *problems) map[string]any {
	if raw == nil {
		return nil
	}
	out := make(map[string]any, len(raw))
	for _, name := range sortedKeys(raw) {
		p := pointer + "/" + escapePointer(name)
		v, prob := parseAttribute(reg, e, name, raw[name])
		if prob != nil {
			ps.add(p, prob.title, prob.details)
			continue
		}
		out[name] = v
	}
	return out
}

func parseAttribute(reg *Registry, e Entity, name string, raw json.RawMessage) (any, *attributeProblem) {
	if e == EntityCartItem && name == FreeItemAttribute {
		v, err := decodeValue(TypeBoolean, raw)
		if err != nil {
			return nil, &attributeProblem{"Invalid", err.Error()}
		}
		return v, nil
	}
	if reg == nil {
		return decodeUntyped(raw)
	}
	t, ok := reg.Lookup(e, name)
	if !ok {
		return nil, &attributeProblem{"Unknown", fmt.Sprintf("The attribute %q is not defined on %s entities.", name, e)}
	}
	v, err := decodeValue(t, raw)
	if err != nil {
		return nil, &attributeProblem{"Invalid", fmt.Sprintf("The attribute %q is of type %s: %v.", name, t, err)}
	}
	return v, nil
}

// ParseAttributeValue checks a JSON value against an attribute type and
// returns it in its Go form.
func ParseAttributeValue(t AttributeType, raw json.RawMessage) (any, error) {
	return decodeValue(t, raw)
}

func decodeValue(t AttributeType, raw json.RawMessage) (any, error) {
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
			return nil, fmt.Errorf("expected an RFC 3339 time such as 2026-11-26T12:00:00Z, got %q", s)
		}
		return tm, nil
	case TypeStringList:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || raw[0] != '[' {
			return nil, fmt.Errorf("expected a list of strings, got %s", shortJSON(raw))
		}
		out := make([]string, len(items))
		for i, it := range items {
			v, err := decodeValue(TypeString, it)
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
			v, err := decodeValue(TypeNumber, it)
			if err != nil {
				return nil, fmt.Errorf("item %d: %v", i, err)
			}
			out[i] = v.(decimal.Decimal)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown attribute type %q", t)
}

// decodeUntyped reads an attribute when no registry says its type: strings,
// numbers (exact), booleans and lists of strings or numbers.
func decodeUntyped(raw json.RawMessage) (any, *attributeProblem) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, &attributeProblem{"Invalid", "expected a value"}
	}
	try := func(t AttributeType) (any, bool) {
		v, err := decodeValue(t, raw)
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

func shortJSON(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
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
