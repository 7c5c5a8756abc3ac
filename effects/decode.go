package effects

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The Go types the field-by-field codec treats specially.
var (
	numberType      = reflect.TypeFor[Number]()
	indexType       = reflect.TypeFor[Index]()
	timeType        = reflect.TypeFor[time.Time]()
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
	passthroughType = reflect.TypeFor[Passthrough]()
)

// member describes the JSON member a struct field stands for.
type member struct {
	name     string
	required bool
	index    int
	typ      reflect.Type
}

// structInfo lists the JSON members of a struct type.
type structInfo struct {
	members     []member
	passthrough int // index of the embedded Passthrough, or -1
}

// structInfos memoizes structInfo by reflect.Type. It is a cache derived
// from the struct tags, not a registry: every entry is computed the same way
// whenever it is first needed.
var structInfos sync.Map

// infoOf returns the JSON members of the struct type t. A field is a member
// when it is exported, not embedded and has a json tag name; it is optional
// when it is a pointer or its tag says omitempty.
func infoOf(t reflect.Type) *structInfo {
	if v, ok := structInfos.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{passthrough: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			if f.Type == passthroughType {
				info.passthrough = i
			}
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		optional := opts == "omitempty" || f.Type.Kind() == reflect.Pointer
		info.members = append(info.members, member{name: name, required: !optional, index: i, typ: f.Type})
	}
	v, _ := structInfos.LoadOrStore(t, info)
	return v.(*structInfo)
}

// passthroughOf returns the Passthrough embedded in the struct v, or nil.
func passthroughOf(v reflect.Value) *Passthrough {
	if i := infoOf(v.Type()).passthrough; i >= 0 {
		return v.Field(i).Addr().Interface().(*Passthrough)
	}
	return nil
}

// objectMembers splits the JSON object raw, which must be valid JSON, into
// its members, refusing a duplicate key.
func objectMembers(raw []byte, pointer string) ([]pair, error) {
	if firstByte(raw) != '{' {
		return nil, gotError(ErrType, pointer, "an object", raw)
	}
	pairs, ok := scanObject(raw)
	if !ok {
		return nil, scanFailure(pointer, raw)
	}
	if err := duplicateError(pointer, raw, pairs); err != nil {
		return nil, err
	}
	return pairs, nil
}

// take returns the value of the last member named name and marks every
// member of that name used.
func take(pairs []pair, name string) ([]byte, bool) {
	var val []byte
	found := false
	for i := range pairs {
		if pairs[i].key == name {
			val, found = pairs[i].val, true
			pairs[i].used = true
		}
	}
	return val, found
}

// leftovers returns the members not used, with copied values (the last one
// wins for a repeated key), or nil.
func leftovers(pairs []pair) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	for _, p := range pairs {
		if !p.used {
			if m == nil {
				m = make(map[string]json.RawMessage)
			}
			m[p.key] = slices.Clone(p.val)
		}
	}
	return m
}

// unuse marks the members named name unused again.
func unuse(pairs []pair, name string) {
	for i := range pairs {
		if pairs[i].key == name {
			pairs[i].used = false
		}
	}
}

// decodeFields decodes the members of an object into the fields of the
// struct v, in field order, marking the members it used; the others are the
// unknown ones. A null member of an optional field leaves the field nil and
// stays unused. A required member that is absent (or null) is an error when
// strict, and is otherwise returned in missing. Members named in skip are
// left alone.
func decodeFields(pairs []pair, v reflect.Value, pointer string, strict bool, skip ...string) (missing []string, err error) {
	for _, f := range infoOf(v.Type()).members {
		if slices.Contains(skip, f.name) {
			continue
		}
		fp := pointer + "/" + f.name
		raw, present := take(pairs, f.name)
		switch {
		case !present:
			if f.required {
				if strict {
					return nil, missingError(fp, f.name)
				}
				missing = append(missing, f.name)
			}
			continue
		case f.typ != rawMessageType && isNull(raw):
			unuse(pairs, f.name)
			if f.required {
				if strict {
					return nil, gotError(ErrType, fp, expectedFor(f.typ), raw)
				}
				missing = append(missing, f.name)
			}
			continue
		}
		if err := decodeValue(raw, v.Field(f.index), fp); err != nil {
			return nil, err
		}
	}
	return missing, nil
}

// decodeStruct decodes the JSON object raw into the struct v, keeping
// unknown and missing members in its Passthrough.
func decodeStruct(raw []byte, v reflect.Value, pointer string, strict bool) error {
	pairs, err := objectMembers(raw, pointer)
	if err != nil {
		return err
	}
	missing, err := decodeFields(pairs, v, pointer, strict)
	if err != nil {
		return err
	}
	if pt := passthroughOf(v); pt != nil {
		pt.Extra, pt.Missing = leftovers(pairs), missing
	}
	return nil
}

// decodeValue decodes the JSON value raw into v.
func decodeValue(raw []byte, v reflect.Value, pointer string) error {
	switch v.Type() {
	case numberType:
		d, err := decodeNumber(raw, pointer)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(Number{Decimal: d}))
		return nil
	case indexType:
		i, err := decodeIndex(raw, pointer)
		if err != nil {
			return err
		}
		v.SetInt(int64(i))
		return nil
	case timeType:
		t, err := decodeTime(raw, pointer)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(t))
		return nil
	case rawMessageType:
		v.SetBytes(slices.Clone(trimSpace(raw)))
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		if err := decodeValue(raw, e.Elem(), pointer); err != nil {
			return err
		}
		v.Set(e)
		return nil
	case reflect.String:
		s, ok := parseString(raw)
		if !ok {
			return gotError(ErrType, pointer, "a string", raw)
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		switch string(trimSpace(raw)) {
		case "true":
			v.SetBool(true)
		case "false":
			v.SetBool(false)
		default:
			return gotError(ErrType, pointer, "true or false", raw)
		}
		return nil
	case reflect.Int64:
		n, err := decodeInt(raw, pointer)
		if err != nil {
			return err
		}
		v.SetInt(n)
		return nil
	case reflect.Slice:
		if firstByte(raw) != '[' {
			return gotError(ErrType, pointer, "an array", raw)
		}
		elems, ok := scanArray(raw)
		if !ok {
			return scanFailure(pointer, raw)
		}
		s := reflect.MakeSlice(v.Type(), len(elems), len(elems))
		for i, el := range elems {
			if err := decodeValue(el, s.Index(i), pointer+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Struct:
		return decodeStruct(raw, v, pointer, false)
	}
	return newError(ErrType, pointer, "cannot decode into Go type "+v.Type().String())
}

const timeExpected = "an RFC 3339 date-time"

func decodeTime(raw []byte, pointer string) (time.Time, error) {
	s, ok := parseString(raw)
	if !ok {
		return time.Time{}, gotError(ErrType, pointer, timeExpected+" string", raw)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, gotError(ErrValue, pointer, timeExpected, raw)
	}
	return t, nil
}

// expectedFor names the JSON a field of Go type t expects, for messages.
func expectedFor(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case numberType:
		return "a number"
	case indexType:
		return indexExpected
	case timeType:
		return timeExpected + " string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int64:
		return intExpected
	case reflect.Slice:
		return "an array"
	}
	return "an object"
}
