package effects

import (
	"reflect"
	"sync"
)

// The tables of the fast decoder (fast.go): for each struct type it
// decodes, its members, what kind of value each holds, and a holder type
// that keeps the struct and the targets of its pointer fields in one
// allocation. They are derived from the same struct tags as infoOf, once
// per type.

// fastKind is the kind of JSON value a Go type is decoded from.
type fastKind uint8

const (
	fkUnsupported fastKind = iota
	fkNumber
	fkIndex
	fkTime
	fkRaw
	fkString
	fkBool
	fkInt64
	fkSlice
	fkStruct
	fkPointer
	// fkEffectType and fkProps are the envelope's effectType and props,
	// which the caller decodes once the object is read.
	fkEffectType
	fkProps
)

// fastType describes how a Go type is decoded.
type fastType struct {
	typ  reflect.Type
	kind fastKind
	elem *fastType   // the target of a pointer, the element of a slice
	obj  *fastStruct // a struct's members
}

// fastField is one member of a struct.
type fastField struct {
	name     string
	index    int
	required bool
	raw      bool // a json.RawMessage: null is a value, not an absence
	t        *fastType
	// slot is the field of the holder that a pointer field's target is
	// kept in, or -1.
	slot int
}

// fastStruct is a struct type's members in field order.
type fastStruct struct {
	typ         reflect.Type
	fields      []fastField
	passthrough int // index of the embedded Passthrough, or -1
	// withSelf is a struct type holding the struct itself (field 0) and
	// one target for each pointer field; slots is the same without the
	// struct, for a struct that lives elsewhere (an Effect in its list).
	withSelf, slots reflect.Type
	// supported is false when a member's type is one the fast decoder
	// leaves to the reference decoder.
	supported bool
}

// maxFastMembers is how many members a struct may have for the fast
// decoder, which tracks the members seen in a bit mask.
const maxFastMembers = 64

var fastStructs sync.Map // reflect.Type → *fastStruct; a cache, as structInfos

// fastStructOf returns the table of the struct type t.
func fastStructOf(t reflect.Type) *fastStruct {
	if v, ok := fastStructs.Load(t); ok {
		return v.(*fastStruct)
	}
	info := infoOf(t)
	fs := &fastStruct{typ: t, passthrough: info.passthrough, supported: len(info.members) <= maxFastMembers}
	self := []reflect.StructField{{Name: "Self", Type: t}}
	var slots []reflect.StructField
	for _, m := range info.members {
		f := fastField{name: m.name, index: m.index, required: m.required, raw: m.typ == rawMessageType, slot: -1}
		switch {
		case t == effectType && m.name == "effectType":
			f.t = &fastType{typ: m.typ, kind: fkEffectType}
		case t == effectType && m.name == "props":
			// Any JSON value is props to an unknown type: null too.
			f.t, f.raw = &fastType{typ: m.typ, kind: fkProps}, true
		default:
			f.t = fastTypeOf(m.typ, 0)
		}
		if !f.t.supported() {
			fs.supported = false
		}
		if f.t.kind == fkPointer {
			f.slot = len(slots)
			slots = append(slots, reflect.StructField{Name: "S" + itoa(len(slots)), Type: m.typ.Elem()})
		}
		fs.fields = append(fs.fields, f)
	}
	fs.withSelf = reflect.StructOf(append(self, slots...))
	fs.slots = reflect.StructOf(slots)
	v, _ := fastStructs.LoadOrStore(t, fs)
	return v.(*fastStruct)
}

var effectType = reflect.TypeFor[Effect]()

// fastTypeOf describes t; depth stops a type that contains itself.
func fastTypeOf(t reflect.Type, depth int) *fastType {
	ft := &fastType{typ: t}
	switch t {
	case numberType:
		ft.kind = fkNumber
		return ft
	case indexType:
		ft.kind = fkIndex
		return ft
	case timeType:
		ft.kind = fkTime
		return ft
	case rawMessageType:
		ft.kind = fkRaw
		return ft
	}
	if depth > 8 {
		return ft
	}
	switch t.Kind() {
	case reflect.String:
		ft.kind = fkString
	case reflect.Bool:
		ft.kind = fkBool
	case reflect.Int64:
		ft.kind = fkInt64
	case reflect.Pointer:
		ft.kind, ft.elem = fkPointer, fastTypeOf(t.Elem(), depth+1)
	case reflect.Slice:
		ft.kind, ft.elem = fkSlice, fastTypeOf(t.Elem(), depth+1)
	case reflect.Struct:
		ft.kind, ft.obj = fkStruct, fastStructOf(t)
	}
	return ft
}

// supported reports whether the fast decoder decodes values of ft.
func (ft *fastType) supported() bool {
	switch ft.kind {
	case fkUnsupported:
		return false
	case fkPointer:
		// A pointer to a pointer, a slice or a struct is left to the
		// reference decoder; no props type has one.
		return ft.elem.supported() && ft.elem.kind != fkPointer && ft.elem.kind != fkSlice && ft.elem.kind != fkStruct
	case fkSlice:
		return ft.elem.supported()
	case fkStruct:
		return ft.obj.supported
	}
	return true
}

// itoa is strconv.Itoa for the small numbers of field names.
func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
