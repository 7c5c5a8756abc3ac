package effects

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// The fast decoder: DecodeList's path for a document that decodes
// cleanly. It reads the document in one pass over its bytes, checking
// JSON's grammar as it goes (fast_valid.go) and decoding each member
// straight into its typed field, allocating only what the result holds:
// the effects, their props (the targets of a props struct's pointer fields
// share the struct's allocation, fast_types.go), strings, numbers and raw
// JSON values.
//
// It only ever answers "decoded" or "not mine": at the first thing it
// does not expect (a problem of any kind, or a case it leaves alone, such
// as an object with more than maxUnknownMembers unknown keys) it gives up,
// and DecodeList runs json.Valid and the reference decoder (codec.go,
// decode.go), whose results and error messages are the package's
// contract. The two agree on every document the fast decoder accepts, and
// it accepts nothing json.Valid refuses: FuzzDecodeList and
// TestFastAgreesWithReference check both. It never panics: every index is
// checked against the input's length.

// fastDecoder decodes one document.
type fastDecoder struct {
	b []byte
}

// maxUnknownMembers is how many members an object may have that are not
// its struct's fields (they go to Extra) for the fast decoder; an object
// with more is left to the reference decoder.
const maxUnknownMembers = 16

// maxTopMembers is how many members a response object may have for the
// fast decoder.
const maxTopMembers = 64

// fastList decodes data as DecodeList does, or reports false.
func fastList(data []byte) ([]Effect, bool) {
	d := fastDecoder{b: data}
	i := skipSpace(data, 0)
	if i >= len(data) {
		return nil, false
	}
	var out []Effect
	var end int
	var ok bool
	switch data[i] {
	case '[':
		out, end, ok = d.list(i, "")
	case '{':
		out, end, ok = d.response(i)
	}
	if !ok || skipSpace(data, end) != len(data) {
		return nil, false
	}
	return out, true
}

// response decodes the response object at b[i]: its effects member, the
// others only checked, refusing a repeated key as the reference decoder
// does.
func (d *fastDecoder) response(i int) (out []Effect, end int, ok bool) {
	var keys [maxTopMembers][]byte
	n, found := 0, false
	i = skipSpace(d.b, i+1)
	for i < len(d.b) {
		kend, simple, ok := validString(d.b, i)
		if !ok || n == len(keys) {
			return nil, 0, false
		}
		key := d.b[i+1 : kend-1]
		if !simple {
			s, ok := parseString(d.b[i:kend])
			if !ok {
				return nil, 0, false
			}
			key = []byte(s)
		}
		for _, k := range keys[:n] {
			if bytes.Equal(k, key) {
				return nil, 0, false
			}
		}
		keys[n] = key
		n++
		i = skipSpace(d.b, kend)
		if i >= len(d.b) || d.b[i] != ':' {
			return nil, 0, false
		}
		vs := skipSpace(d.b, i+1)
		var ve int
		if string(key) == "effects" {
			if vs >= len(d.b) || d.b[vs] != '[' {
				return nil, 0, false
			}
			out, ve, ok = d.list(vs, "/effects")
			found = true
		} else {
			ve, ok = validSkip(d.b, vs, 1)
		}
		if !ok {
			return nil, 0, false
		}
		i = skipSpace(d.b, ve)
		if i >= len(d.b) {
			return nil, 0, false
		}
		switch d.b[i] {
		case ',':
			i = skipSpace(d.b, i+1)
		case '}':
			return out, i + 1, found
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// list decodes the effects array at b[start].
func (d *fastDecoder) list(start int, prefix string) ([]Effect, int, bool) {
	out := make([]Effect, 0, 8)
	i := skipSpace(d.b, start+1)
	if i < len(d.b) && d.b[i] == ']' {
		return out, i + 1, true
	}
	for {
		out = append(out, Effect{})
		ee, ok := d.effect(&out[len(out)-1], i)
		if !ok {
			return nil, 0, false
		}
		i = skipSpace(d.b, ee)
		if i >= len(d.b) {
			return nil, 0, false
		}
		switch d.b[i] {
		case ',':
			i = skipSpace(d.b, i+1)
			continue
		case ']':
		default:
			return nil, 0, false
		}
		break
	}
	pointers, off := pointerList(prefix, len(out)), 0
	for k := range out {
		size := len(prefix) + 1 + digits(k)
		out[k].Pointer = pointers[off : off+size]
		off += size
	}
	return out, i + 1, true
}

// separated reports whether b[i] is what follows element k of n of the
// array that ends at end: a comma, or the closing bracket at end-1.
func separated(b []byte, i, k, n, end int) bool {
	if k < n-1 {
		return i < end && b[i] == ','
	}
	return i == end-1 && b[i] == ']'
}

// countElements returns the number of elements of the array at b[start]
// and the index after it, splitting it as skipValue does.
func countElements(b []byte, start int) (n, end int, ok bool) {
	i := skipSpace(b, start+1)
	if i < len(b) && b[i] == ']' {
		return 0, i + 1, true
	}
	for {
		ve, ok := skipValue(b, i)
		if !ok {
			return 0, 0, false
		}
		n++
		i = skipSpace(b, ve)
		if i >= len(b) {
			return 0, 0, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			return n, i + 1, true
		default:
			return 0, 0, false
		}
	}
}

// pointerList returns the pointers of n effects, prefix/0 to prefix/n-1,
// written one after the other in one string.
func pointerList(prefix string, n int) string {
	size := 0
	for k := range n {
		size += len(prefix) + 1 + digits(k)
	}
	var b strings.Builder
	b.Grow(size)
	var buf [20]byte
	for k := range n {
		b.WriteString(prefix)
		b.WriteByte('/')
		b.Write(strconv.AppendInt(buf[:0], int64(k), 10))
	}
	return b.String()
}

// digits is the number of decimal digits of k ≥ 0.
func digits(k int) int {
	n := 1
	for k >= 10 {
		k /= 10
		n++
	}
	return n
}

// specials are the envelope's effectType and props: the props are decoded
// as they are met when the type came first, as Talon.One writes it, and
// otherwise once the envelope is read.
type specials struct {
	typ               Type
	props             Props
	propsAt, propsEnd int
	hasType, hasProps bool
	propsDone         bool
}

var effectTable = sync.OnceValue(func() *fastStruct { return fastStructOf(effectType) })

// propsTable is, for each known type, the table of its props struct, or
// nil for the types whose props stay raw.
var propsTable = sync.OnceValue(func() map[Type]*fastStruct {
	m := make(map[Type]*fastStruct, len(constructors))
	for t, ctor := range constructors {
		p := ctor()
		if _, ok := p.(rawProps); ok {
			m[t] = nil
			continue
		}
		m[t] = fastStructOf(reflect.TypeOf(p).Elem())
	}
	return m
})

// effect decodes the effect at b[i] into e.
func (d *fastDecoder) effect(e *Effect, i int) (int, bool) {
	if i >= len(d.b) || d.b[i] != '{' {
		return 0, false
	}
	var sp specials
	h := holder{typ: effectTable().slots}
	end, ok := d.object(reflect.ValueOf(e).Elem(), effectTable(), i, true, &h, &sp, &e.Extra, nil)
	if !ok || !sp.hasType || !sp.hasProps {
		return 0, false
	}
	if !sp.propsDone {
		pend, ok := d.props(&sp, sp.propsAt)
		if !ok || pend != sp.propsEnd {
			return 0, false
		}
	}
	e.EffectType, e.Props = sp.typ, sp.props
	if _, unknown := sp.props.(*Unknown); unknown {
		e.Raw = d.rawAt(i, end)
	}
	return end, true
}

// props decodes the props at b[i] of an effect of type sp.typ into
// sp.props.
func (d *fastDecoder) props(sp *specials, i int) (int, bool) {
	fs, known := propsTable()[sp.typ]
	sp.propsDone = true
	if !known || fs == nil {
		end, ok := validSkip(d.b, i, 3)
		if !ok {
			return 0, false
		}
		if !known {
			sp.props = &Unknown{Type: sp.typ, Raw: d.rawAt(i, end)}
		} else {
			p := constructors[sp.typ]()
			*p.(rawProps).rawJSON() = d.rawAt(i, end)
			sp.props = p
		}
		return end, true
	}
	if i >= len(d.b) || d.b[i] != '{' {
		return 0, false
	}
	hv := reflect.New(fs.withSelf).Elem()
	self := hv.Field(0)
	var extra *map[string]json.RawMessage
	var missing *[]string
	if fs.passthrough >= 0 {
		pt := self.Field(fs.passthrough).Addr().Interface().(*Passthrough)
		extra, missing = &pt.Extra, &pt.Missing
	}
	ph := holder{v: hv, offset: 1}
	end, ok := d.object(self, fs, i, requiresAll(sp.typ), &ph, nil, extra, missing)
	if !ok {
		return 0, false
	}
	sp.props = self.Addr().Interface().(Props)
	return end, true
}

// holder keeps the targets of a struct's pointer fields; typ is made into
// v when the first is needed.
type holder struct {
	typ    reflect.Type
	v      reflect.Value
	offset int
}

func (h *holder) target(slot int) reflect.Value {
	if !h.v.IsValid() {
		h.v = reflect.New(h.typ).Elem()
	}
	return h.v.Field(h.offset + slot)
}

// unknownMember is a member an object's struct does not take: it goes to
// Extra.
type unknownMember struct {
	key    []byte
	vs, ve int
}

// object decodes the object at b[i] into the struct v, as decodeFields and
// decodeStruct do: members in any order, a null optional field left unset
// and kept in extra with the unknown members, a missing required field an
// error when strict and otherwise listed in missing. Pointer targets come
// from h (nil: allocated one by one); sp gets the envelope's effectType
// and props.
func (d *fastDecoder) object(v reflect.Value, fs *fastStruct, i int, strict bool, h *holder, sp *specials,
	extra *map[string]json.RawMessage, missing *[]string) (end int, ok bool) {
	if !fs.supported {
		return 0, false
	}
	var seen, null uint64
	var unknown [maxUnknownMembers]unknownMember
	nu := 0
	i = skipSpace(d.b, i+1)
	if i < len(d.b) && d.b[i] == '}' {
		end = i + 1
	}
	for end == 0 {
		key, kend, ok := d.keyAt(i)
		if !ok {
			return 0, false
		}
		i = skipSpace(d.b, kend)
		if i >= len(d.b) || d.b[i] != ':' {
			return 0, false
		}
		vs := skipSpace(d.b, i+1)
		var ve int
		k := fs.lookup(key)
		switch {
		case k >= 0 && seen&(1<<k) != 0:
			return 0, false
		case k >= 0 && (fs.fields[k].raw || !hasNull(d.b, vs)):
			seen |= 1 << k
			if ve, ok = d.field(v, &fs.fields[k], vs, h, sp); !ok {
				return 0, false
			}
		default:
			if k >= 0 {
				seen, null, ve = seen|1<<k, null|1<<k, vs+4
			} else {
				for _, u := range unknown[:nu] {
					if bytes.Equal(u.key, key) {
						return 0, false
					}
				}
				if ve, ok = validSkip(d.b, vs, 4); !ok {
					return 0, false
				}
			}
			if nu == len(unknown) {
				return 0, false
			}
			unknown[nu] = unknownMember{key, vs, ve}
			nu++
		}
		i = skipSpace(d.b, ve)
		if i >= len(d.b) {
			return 0, false
		}
		switch d.b[i] {
		case ',':
			i = skipSpace(d.b, i+1)
		case '}':
			end = i + 1
		default:
			return 0, false
		}
	}
	for k := range fs.fields {
		f := &fs.fields[k]
		if !f.required || f.t.kind == fkEffectType || f.t.kind == fkProps || seen&(1<<k) != 0 && null&(1<<k) == 0 {
			continue
		}
		if strict {
			return 0, false
		}
		if missing != nil { // a struct without a Passthrough drops them, as decodeStruct does
			*missing = append(*missing, f.name)
		}
	}
	if nu > 0 && extra != nil {
		m := make(map[string]json.RawMessage, nu)
		for _, u := range unknown[:nu] {
			m[string(u.key)] = d.rawAt(u.vs, u.ve)
		}
		*extra = m
	}
	return end, true
}

// hasNull reports whether b[i:] starts with null.
func hasNull(b []byte, i int) bool { return len(b)-i >= 4 && string(b[i:i+4]) == "null" }

// lookup returns the index of the field named key, or -1.
func (fs *fastStruct) lookup(key []byte) int {
	for k := range fs.fields {
		if fs.fields[k].name == string(key) {
			return k
		}
	}
	return -1
}

// field decodes the value at b[i] into the field f of v.
func (d *fastDecoder) field(v reflect.Value, f *fastField, i int, h *holder, sp *specials) (int, bool) {
	switch f.t.kind {
	case fkEffectType:
		t, end, ok := d.typeAt(i)
		if !ok {
			return 0, false
		}
		sp.typ, sp.hasType = t, true
		return end, true
	case fkProps:
		sp.hasProps, sp.propsAt = true, i
		if sp.hasType {
			return d.props(sp, i)
		}
		end, ok := validSkip(d.b, i, 3)
		sp.propsEnd = end
		return end, ok
	case fkPointer:
		if h == nil || f.slot < 0 {
			break
		}
		target := h.target(f.slot)
		end, ok := d.value(target, f.t.elem, i)
		if ok {
			v.Field(f.index).Set(target.Addr())
		}
		return end, ok
	}
	return d.value(v.Field(f.index), f.t, i)
}

// value decodes the value at b[i] into v, which is addressable, as
// decodeValue does.
func (d *fastDecoder) value(v reflect.Value, t *fastType, i int) (int, bool) {
	if i >= len(d.b) {
		return 0, false
	}
	switch t.kind {
	case fkNumber:
		n, end, ok := d.number(i)
		if ok {
			*v.Addr().Interface().(*Number) = Number{Decimal: n}
		}
		return end, ok
	case fkIndex, fkInt64:
		end, ok := validNumber(d.b, i)
		if !ok {
			return 0, false
		}
		if t.kind == fkIndex {
			x, err := decodeIndex(d.b[i:end], "")
			v.SetInt(int64(x))
			return end, err == nil
		}
		x, err := decodeInt(d.b[i:end], "")
		v.SetInt(x)
		return end, err == nil
	case fkTime:
		s, end, ok := d.str(i)
		if !ok {
			return 0, false
		}
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return 0, false
		}
		*v.Addr().Interface().(*time.Time) = tm
		return end, true
	case fkRaw:
		end, ok := validSkip(d.b, i, 4)
		if ok {
			v.SetBytes(d.rawAt(i, end))
		}
		return end, ok
	case fkString:
		s, end, ok := d.str(i)
		if ok {
			v.SetString(s)
		}
		return end, ok
	case fkBool:
		if end, ok := literal(d.b, i, "true"); ok {
			v.SetBool(true)
			return end, true
		}
		end, ok := literal(d.b, i, "false")
		return end, ok
	case fkPointer:
		target := reflect.New(t.elem.typ).Elem()
		end, ok := d.value(target, t.elem, i)
		if ok {
			v.Set(target.Addr())
		}
		return end, ok
	case fkSlice:
		return d.slice(v, t, i)
	case fkStruct:
		if d.b[i] != '{' {
			return 0, false
		}
		var extra *map[string]json.RawMessage
		var missing *[]string
		if t.obj.passthrough >= 0 {
			pt := v.Field(t.obj.passthrough).Addr().Interface().(*Passthrough)
			extra, missing = &pt.Extra, &pt.Missing
		}
		return d.object(v, t.obj, i, false, nil, nil, extra, missing)
	}
	return 0, false
}

// slice decodes the array at b[i] into the slice v.
func (d *fastDecoder) slice(v reflect.Value, t *fastType, i int) (int, bool) {
	if d.b[i] != '[' {
		return 0, false
	}
	n, end, ok := countElements(d.b, i)
	if !ok {
		return 0, false
	}
	s := reflect.MakeSlice(t.typ, n, n)
	i = skipSpace(d.b, i+1)
	for k := range n {
		ee, ok := d.value(s.Index(k), t.elem, i)
		if !ok {
			return 0, false
		}
		i = skipSpace(d.b, ee)
		if !separated(d.b, i, k, n, end) {
			return 0, false
		}
		i = skipSpace(d.b, i+1)
	}
	v.Set(s)
	return end, true
}

// number reads the number (or numeric string) at b[i] as decodeNumber
// does.
func (d *fastDecoder) number(i int) (decimal.Decimal, int, bool) {
	if d.b[i] == '"' {
		end, _, ok := validString(d.b, i)
		if !ok {
			return decimal.Decimal{}, 0, false
		}
		n, err := decodeNumber(d.b[i:end], "")
		return n, end, err == nil
	}
	end, ok := validNumber(d.b, i)
	if !ok {
		return decimal.Decimal{}, 0, false
	}
	n, err := parseDecimal(string(d.b[i:end]), "")
	return n, end, err == nil
}

// str reads the JSON string at b[i] as parseString does.
func (d *fastDecoder) str(i int) (string, int, bool) {
	end, simple, ok := validString(d.b, i)
	switch {
	case !ok:
		return "", 0, false
	case simple:
		return string(d.b[i+1 : end-1]), end, true
	}
	s, ok := parseString(d.b[i:end])
	return s, end, ok
}

// rawAt returns a copy of b[i:j] as a json.RawMessage.
func (d *fastDecoder) rawAt(i, j int) json.RawMessage { return slices.Clone(d.b[i:j]) }

// keyAt reads the key at b[i]: the bytes as written when it has no
// escapes (which is most keys: no copy), else decoded.
func (d *fastDecoder) keyAt(i int) ([]byte, int, bool) {
	end, simple, ok := validString(d.b, i)
	switch {
	case !ok:
		return nil, 0, false
	case simple:
		return d.b[i+1 : end-1], end, true
	}
	s, ok := parseString(d.b[i:end])
	return []byte(s), end, ok
}

// wireTypes maps every spelling ParseType knows to its type, so that a
// known effect type is read without a copy.
var wireTypes = sync.OnceValue(func() map[string]Type {
	m := map[string]Type{"updateAttribute": TypeSet, "triggerWebhook": TypeCallAPI}
	for t := range constructors {
		m[string(t)] = t
	}
	return m
})

// typeAt reads the effect type at b[i] as parseString and ParseType do.
func (d *fastDecoder) typeAt(i int) (Type, int, bool) {
	end, simple, ok := validString(d.b, i)
	if !ok {
		return "", 0, false
	}
	if simple {
		if t, ok := wireTypes()[string(d.b[i+1:end-1])]; ok {
			return t, end, true
		}
	}
	s, ok := parseString(d.b[i:end])
	return ParseType(s), end, ok && s != ""
}
