package effects

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// encodeSpecial writes the member name of a struct itself, or reports that
// it does not handle it.
type encodeSpecial func(b []byte, name string) ([]byte, bool, error)

// encodeObject appends the struct v as a JSON object, honouring its
// Passthrough.
func encodeObject(b []byte, v reflect.Value, pointer string) ([]byte, error) {
	var extra map[string]json.RawMessage
	var missing []string
	if pt := passthroughOf(v); pt != nil {
		extra, missing = pt.Extra, pt.Missing
	}
	return encodeStruct(b, v, pointer, extra, missing, nil)
}

// encodeStruct appends the struct v as a JSON object: its members in field
// order, then the extra members that no field wrote, sorted by key. Nil
// optional fields are left out, and so are required fields named in missing
// that still hold their zero value.
func encodeStruct(b []byte, v reflect.Value, pointer string, extra map[string]json.RawMessage, missing []string, special encodeSpecial) ([]byte, error) {
	b = append(b, '{')
	first := true
	var written []string
	for _, f := range infoOf(v.Type()).members {
		fv := v.Field(f.index)
		if special == nil || !isSpecial(f.name) {
			if !f.required && isAbsent(fv) {
				continue
			}
			if f.required && fv.IsZero() && slices.Contains(missing, f.name) {
				continue
			}
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, f.name)
		b = append(b, ':')
		var err error
		handled := false
		if special != nil {
			b, handled, err = special(b, f.name)
		}
		if !handled && err == nil {
			b, err = encodeValue(b, fv, pointer, f.name)
		}
		if err != nil {
			return b, err
		}
		if len(extra) > 0 {
			written = append(written, f.name)
		}
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if !slices.Contains(written, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		raw := trimSpace(extra[k])
		if !json.Valid(raw) {
			return b, newError(ErrUnencodable, pointer+"/"+escapePointer(k), "extra member is not valid JSON")
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, k)
		b = append(b, ':')
		b = append(b, raw...)
	}
	return append(b, '}'), nil
}

// isSpecial reports whether the envelope member name is written by the
// envelope's encodeSpecial.
func isSpecial(name string) bool {
	return name == "effectType" || name == "props"
}

// isAbsent reports whether the optional field v is unset.
func isAbsent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	}
	return v.IsZero()
}

// encodeValue appends v, the member (or element) name of the value at
// pointer parent, as JSON. The value's own pointer is spelled out only for
// an error and for the values inside a list or an object, so that a
// member of a plain type costs no allocation: answers write thousands.
func encodeValue(b []byte, v reflect.Value, parent, name string) ([]byte, error) {
	at := func() string { return parent + "/" + name }
	switch v.Type() {
	case numberType:
		var d decimal.Decimal
		if v.CanAddr() {
			// Through a pointer, which an interface holds without a copy.
			d = v.Addr().Interface().(*Number).Decimal
		} else {
			d = v.Interface().(Number).Decimal
		}
		if out, err := appendNumber(b, d, ""); err == nil {
			return out, nil
		}
		return appendNumber(b, d, at())
	case indexType:
		if i := Index(v.Int()); i >= 0 && int64(i) <= MaxIndex {
			return strconv.AppendInt(b, int64(i), 10), nil
		}
		return appendIndex(b, Index(v.Int()), at())
	case timeType:
		var t time.Time
		if v.CanAddr() {
			t = *v.Addr().Interface().(*time.Time)
		} else {
			t = v.Interface().(time.Time)
		}
		// As MarshalJSON writes it, into b; MarshalJSON says what is wrong.
		if tb, err := t.AppendText(append(b, '"')); err == nil {
			return append(tb, '"'), nil
		}
		_, err := t.MarshalJSON()
		return b, newError(ErrUnencodable, at(), "date-time cannot be written: "+err.Error())
	case rawMessageType:
		raw := trimSpace(v.Bytes())
		if len(raw) == 0 {
			return append(b, "null"...), nil
		}
		if !json.Valid(raw) {
			return b, newError(ErrUnencodable, at(), "raw value is not valid JSON")
		}
		return append(b, raw...), nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		return encodeValue(b, v.Elem(), parent, name)
	case reflect.String:
		return appendString(b, v.String()), nil
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Slice:
		pointer := at()
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = encodeValue(b, v.Index(i), pointer, strconv.Itoa(i)); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case reflect.Struct:
		return encodeObject(b, v, at())
	}
	return b, newError(ErrUnencodable, at(), "cannot encode Go type "+v.Type().String())
}

// escapePointer escapes a member name as a JSON pointer reference token.
func escapePointer(s string) string {
	out := make([]byte, 0, len(s))
	for i := range len(s) {
		switch s[i] {
		case '~':
			out = append(out, '~', '0')
		case '/':
			out = append(out, '~', '1')
		default:
			out = append(out, s[i])
		}
	}
	return string(out)
}
