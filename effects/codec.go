package effects

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
)

// DecodeList decodes a list of effects. data is either a JSON array of
// effects or a whole Talon.One response object (IntegrationStateV2) whose
// "effects" member is that array; the response's other members are ignored.
//
// Error pointers are relative to data: /effects/3/props/position for a
// response object, /3/props/position for a bare array. The first problem
// found is returned, as an [*Error]: a syntax error says the line and
// column (1-based, in characters) of the byte at fault and the pointer of
// the value it is in; a duplicate key (see [ErrDuplicate]) its own position
// and the first's. An empty array gives an empty, non-nil slice.
func DecodeList(data []byte) ([]Effect, error) {
	if len(trimSpace(data)) == 0 {
		return nil, newError(ErrSyntax, "", "malformed JSON: the input is empty")
	}
	if out, ok := fastList(data); ok {
		return out, nil
	}
	if !json.Valid(data) {
		return nil, scanFailure("", data)
	}
	out, err := decodeList(data)
	if err != nil {
		return nil, placed(err, data)
	}
	return out, nil
}

// decodeList is DecodeList for valid JSON.
func decodeList(data []byte) ([]Effect, error) {
	list, base := data, ""
	switch firstByte(data) {
	case '[':
	case '{':
		pairs, err := objectMembers(data, "")
		if err != nil {
			return nil, err
		}
		raw, ok := take(pairs, "effects")
		if !ok {
			return nil, missingError("/effects", "effects")
		}
		if firstByte(raw) != '[' {
			return nil, gotError(ErrType, "/effects", "an array of effects", raw)
		}
		list, base = raw, "/effects"
	default:
		return nil, gotError(ErrType, "", `an array of effects or an object with an "effects" array`, data)
	}
	elems, ok := scanArray(list)
	if !ok {
		return nil, scanFailure(base, list)
	}
	out := make([]Effect, len(elems))
	for i, el := range elems {
		p := base + "/" + strconv.Itoa(i)
		if err := decodeEffect(&out[i], el, p); err != nil {
			return nil, err
		}
		out[i].Pointer = p
	}
	return out, nil
}

// EncodeList encodes effects as a JSON array. An effect of unknown type
// that still has its Raw bytes is written byte for byte. Error pointers are
// relative to the array (/3/props/position). A nil list is written as [].
func EncodeList(list []Effect) ([]byte, error) { return AppendList(nil, list) }

// AppendList appends the effects as a JSON array to b, as EncodeList
// encodes them, and returns the extended buffer (b as it was, with the
// error, when one cannot be encoded): for a caller that writes many
// lists into buffers of its own.
func AppendList(b []byte, list []Effect) ([]byte, error) {
	start := len(b)
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendEffect(b, &list[i], ""); err != nil {
			// Again, to place the error: its pointer is spelled out only
			// now, not for every effect written.
			_, err = appendEffect(nil, &list[i], "/"+strconv.Itoa(i))
			return b[:start], err
		}
	}
	return append(b, ']'), nil
}

// MarshalJSON encodes e in the Talon.One envelope. The effectType member is
// always the wire discriminator (set, callApi). If Props is *Unknown and Raw
// is not empty, Raw is written unchanged. Note that encoding/json compacts
// and HTML-escapes what MarshalJSON returns; use [EncodeList] to keep Raw
// byte for byte inside a list.
func (e Effect) MarshalJSON() ([]byte, error) {
	return appendEffect(nil, &e, "")
}

// UnmarshalJSON decodes one effect in the Talon.One envelope. Error
// pointers are relative to the effect (/props/position).
func (e *Effect) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		return scanFailure("", data)
	}
	var d Effect
	if err := decodeEffect(&d, data, ""); err != nil {
		return placed(err, data)
	}
	*e = d
	return nil
}

// MarshalProps encodes p as a props object, honouring its Passthrough.
func MarshalProps(p Props) ([]byte, error) {
	if p == nil {
		return nil, newError(ErrUnencodable, "", "no props")
	}
	return appendProps(nil, p, "")
}

// UnmarshalProps decodes data as the props of an effect of type t (an alias
// is accepted). A known type gives its props struct: for the discount types
// (setDiscount, setDiscountPerItem, setDiscountPerAdditionalCost,
// setDiscountPerAdditionalCostPerItem) a missing required field is an
// error; for the others it is recorded in Passthrough.Missing. An unknown
// type gives *Unknown. Error pointers are relative to the props
// (/position).
func UnmarshalProps(t Type, data []byte) (Props, error) {
	if !json.Valid(data) {
		return nil, scanFailure("", data)
	}
	t = ParseType(string(t))
	ctor, ok := constructors[t]
	if !ok {
		return &Unknown{Type: t, Raw: slices.Clone(trimSpace(data))}, nil
	}
	p := ctor()
	if err := decodeProps(data, p, "", requiresAll(t)); err != nil {
		return nil, placed(err, data)
	}
	return p, nil
}

// decodeEffect decodes the effect raw into e.
func decodeEffect(e *Effect, raw []byte, pointer string) error {
	pairs, err := objectMembers(raw, pointer)
	if err != nil {
		return err
	}
	if _, err := decodeFields(pairs, reflect.ValueOf(e).Elem(), pointer, true, "effectType", "props"); err != nil {
		return err
	}
	typeRaw, ok := take(pairs, "effectType")
	if !ok {
		return missingError(pointer+"/effectType", "effectType")
	}
	s, ok := parseString(typeRaw)
	if !ok {
		return gotError(ErrType, pointer+"/effectType", "a string", typeRaw)
	}
	if s == "" {
		return gotError(ErrValue, pointer+"/effectType", "an effect type", typeRaw)
	}
	propsRaw, ok := take(pairs, "props")
	if !ok {
		return missingError(pointer+"/props", "props")
	}
	t := ParseType(s)
	e.EffectType = t
	if ctor, ok := constructors[t]; ok {
		p := ctor()
		if err := decodeProps(propsRaw, p, pointer+"/props", requiresAll(t)); err != nil {
			return err
		}
		e.Props = p
	} else {
		e.Props = &Unknown{Type: t, Raw: slices.Clone(trimSpace(propsRaw))}
		e.Raw = slices.Clone(trimSpace(raw))
	}
	e.Extra = leftovers(pairs)
	return nil
}

// decodeProps decodes the props raw into p, a pointer from constructors.
func decodeProps(raw []byte, p Props, pointer string, strict bool) error {
	if rp, ok := p.(rawProps); ok {
		*rp.rawJSON() = slices.Clone(trimSpace(raw))
		return nil
	}
	return decodeStruct(raw, reflect.ValueOf(p).Elem(), pointer, strict)
}

// appendEffect appends the effect e as JSON.
func appendEffect(b []byte, e *Effect, pointer string) ([]byte, error) {
	if _, ok := e.Props.(*Unknown); ok && len(e.Raw) > 0 {
		raw := trimSpace(e.Raw)
		if !json.Valid(raw) {
			return b, newError(ErrUnencodable, pointer, "raw effect is not valid JSON")
		}
		return append(b, raw...), nil
	}
	if isNilProps(e.Props) {
		return b, newError(ErrUnencodable, pointer+"/props", "effect has no props")
	}
	t := e.Props.EffectType()
	if t == "" {
		return b, newError(ErrUnencodable, pointer+"/effectType", "effect has no type")
	}
	if e.EffectType != "" && ParseType(string(e.EffectType)) != t {
		return b, newError(ErrUnencodable, pointer+"/effectType",
			"effect type "+strconv.Quote(string(e.EffectType))+" does not match props of type "+strconv.Quote(string(t)))
	}
	if envelopeFast && len(e.Extra) == 0 {
		if out, ok, err := appendEnvelope(b, e, t); ok {
			return out, err
		}
	}
	special := func(b []byte, name string) ([]byte, bool, error) {
		switch name {
		case "effectType":
			return appendString(b, string(t)), true, nil
		case "props":
			out, err := appendProps(b, e.Props, "")
			if err != nil {
				_, err = appendProps(nil, e.Props, pointer+"/props")
			}
			return out, true, err
		}
		return b, false, nil
	}
	return encodeStruct(b, reflect.ValueOf(e).Elem(), pointer, e.Extra, nil, special)
}

// appendProps appends the props p as JSON.
func appendProps(b []byte, p Props, pointer string) ([]byte, error) {
	if isNilProps(p) {
		return b, newError(ErrUnencodable, pointer, "no props")
	}
	if rp, ok := p.(rawProps); ok {
		raw := trimSpace(*rp.rawJSON())
		if len(raw) == 0 {
			return append(b, '{', '}'), nil
		}
		if !json.Valid(raw) {
			return b, newError(ErrUnencodable, pointer, "raw props are not valid JSON")
		}
		return append(b, raw...), nil
	}
	rv := reflect.ValueOf(p)
	if t, ok := propsTypes[p.EffectType()]; ok && t == rv.Type() {
		return encodeObject(b, rv.Elem(), pointer)
	}
	// Props of a type defined outside this package: encoding/json decides.
	out, err := json.Marshal(p)
	if err != nil {
		return b, newError(ErrUnencodable, pointer, "props cannot be encoded: "+err.Error())
	}
	return append(b, out...), nil
}

// propsTypes are the types constructors make, by effect type: looked up
// for each effect written, without making props to learn it.
var propsTypes = func() map[Type]reflect.Type {
	m := make(map[Type]reflect.Type, len(constructors))
	for t, ctor := range constructors {
		m[t] = reflect.TypeOf(ctor())
	}
	return m
}()

// isNilProps reports whether p is nil or a nil pointer.
func isNilProps(p Props) bool {
	if p == nil {
		return true
	}
	v := reflect.ValueOf(p)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
