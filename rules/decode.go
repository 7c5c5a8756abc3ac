package rules

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/text"
)

// This file decodes the document's node tree (go.yaml.in/yaml/v3, which
// reads JSON too) into the format structs, by their JSON tags, recording
// the position of every mapping and value. Every problem is reported, not
// only the first: an unknown key, a value of the wrong kind, a duplicate
// key.

// decoder walks a node tree.
type decoder struct {
	ps    *problems
	lines []string // the source, for the columns of block scalars
	sc    scope
	// tagged are the nodes whose tag was checked (checkTag).
	tagged map[*yaml.Node]bool
}

// plainTags are the YAML tags a campaign file may carry: those of YAML's
// core schema, which plain mappings, lists and scalars resolve to, and
// the merge key.
var plainTags = map[string]bool{
	"": true, "!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true,
	"!!map": true, "!!seq": true, "!!timestamp": true, "!!merge": true,
}

// checkTag reports a node with any other tag (such as !!python/object or
// !!binary), once: a campaign file holds mappings, lists and scalars.
func (d *decoder) checkTag(n *yaml.Node, what string) {
	if n == nil || plainTags[n.ShortTag()] || d.tagged[n] {
		return
	}
	if d.tagged == nil {
		d.tagged = map[*yaml.Node]bool{}
	}
	d.tagged[n] = true
	d.problem(n, "%s: the YAML tag %s is not supported (a campaign file holds plain mappings, lists and scalars)", what, text.Quote(n.ShortTag()))
}

var (
	metaType    = reflect.TypeFor[meta]()
	scalarType  = reflect.TypeFor[scalar]()
	timeType    = reflect.TypeFor[time.Time]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
)

func nodePos(n *yaml.Node) Position { return Position{Line: n.Line, Col: n.Column} }

func (d *decoder) problem(n *yaml.Node, format string, args ...any) {
	d.ps.add(nodePos(n), d.sc, format, args...)
}

// kindName describes a node for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		}
		return strconv.Quote(shorten(n.Value))
	}
	return "something else"
}

func shorten(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// list reports whether n is a list to decode: null is no list and no
// problem, anything else but a sequence a problem.
func (d *decoder) list(n *yaml.Node, what string) bool {
	if isNull(n) {
		return false
	}
	if n.Kind != yaml.SequenceNode {
		d.problem(n, "%s: expected a list, got %s", what, kindName(n))
		return false
	}
	return true
}

// decode decodes n into v (addressable), described as what in messages.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, what string) {
	n = resolve(n)
	if n == nil {
		return
	}
	d.checkTag(n, what)
	switch v.Type() {
	case scalarType:
		if s, ok := d.scalar(n, what); ok {
			v.Set(reflect.ValueOf(s))
		}
		return
	case reflect.TypeFor[orderedMap]():
		v.Set(reflect.ValueOf(d.orderedMap(n, what)))
		return
	case reflect.TypeFor[exprList]():
		v.Set(reflect.ValueOf(d.exprList(n, what)))
		return
	case reflect.TypeFor[effectDoc]():
		v.Set(reflect.ValueOf(d.effect(n)))
		return
	case reflect.TypeFor[campaignList]():
		if d.list(n, what) {
			v.Set(reflect.ValueOf(campaignList{nodes: n.Content, what: what}))
		}
		return
	case timeType:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.problem(n, "%s: expected an RFC 3339 time such as 2026-11-27T00:00:00Z, got %s", what, kindName(n))
			return
		}
		t, err := time.Parse(time.RFC3339Nano, n.Value)
		if err != nil {
			d.problem(n, "%s: expected an RFC 3339 time such as 2026-11-27T00:00:00Z, got %s", what, text.Quote(n.Value))
			return
		}
		v.Set(reflect.ValueOf(t))
		return
	case decimalType:
		if n.Kind == yaml.ScalarNode && !isNull(n) {
			if x, err := cart.ParseAmountString(n.Value); err == nil {
				v.Set(reflect.ValueOf(x))
				return
			}
		}
		d.problem(n, "%s: expected a number, got %s", what, kindName(n))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), what)
		v.Set(p)
	case reflect.Struct:
		d.object(n, v, what)
	case reflect.Slice:
		if !d.list(n, what) {
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", what, i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.problem(n, "%s: expected text, got %s", what, kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int64, reflect.Int:
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
			if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
				v.SetInt(i)
				return
			}
		}
		d.problem(n, "%s: expected a whole number, got %s", what, kindName(n))
	case reflect.Bool:
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
			v.SetBool(n.Value == "true")
			return
		}
		d.problem(n, "%s: expected true or false, got %s", what, kindName(n))
	default:
		d.problem(n, "%s: cannot be decoded", what)
	}
}

// fieldInfo is a struct field and its key.
type fieldInfo struct {
	key   string
	index int
}

// structInfo is what decoding needs of a format struct: its decoded fields,
// and the index of its embedded meta (-1 for none).
type structInfo struct {
	fields []fieldInfo
	meta   int
}

// structOf returns the structInfo of a format struct. The format has a
// dozen struct types and a file decodes thousands of mappings of them, so
// each type is read once per process.
func structOf(t reflect.Type) *structInfo {
	if cached, ok := structCache.Load(t); ok {
		return cached.(*structInfo)
	}
	info := &structInfo{meta: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type == metaType {
			info.meta = i
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		info.fields = append(info.fields, fieldInfo{key: tag, index: i})
	}
	structCache.Store(t, info)
	return info
}

// structCache holds structOf's answers by type.
var structCache sync.Map // reflect.Type → *structInfo

// setMeta sets the meta of v, a struct of this type, when it has one.
func (info *structInfo) setMeta(v reflect.Value, pos Position, fields []fieldPos, invalid bool) {
	if info.meta >= 0 {
		// meta is unexported, so reflection reaches it through a method
		// that the struct gets from embedding it.
		v.Addr().Interface().(interface {
			setMeta(Position, []fieldPos, bool)
		}).setMeta(pos, fields, invalid)
	}
}

// manyKeys is the number of keys beyond which a mapping's duplicate keys
// are found through a map rather than by scanning the keys before.
const manyKeys = 16

// object decodes a mapping into a struct, reporting unknown and duplicate
// keys. A struct with a meta records the mapping's position, or the
// position of the node that was not a mapping (see meta).
func (d *decoder) object(n *yaml.Node, v reflect.Value, what string) {
	if n.Kind != yaml.MappingNode {
		d.problem(n, "%s: expected a mapping, got %s", what, kindName(n))
		structOf(v.Type()).setMeta(v, nodePos(n), nil, true)
		return
	}
	info := structOf(v.Type())
	fields := info.fields
	saved := d.sc
	defer func() { d.sc = saved }()
	// A campaign or rule names the scope of the problems inside it.
	switch v.Type() {
	case reflect.TypeFor[campaignDoc]():
		d.sc = scope{campaign: lookupKey(n, "name")}
	case reflect.TypeFor[ruleDoc]():
		d.sc.rule = lookupKey(n, "name")
	}
	positions := make([]fieldPos, 0, len(n.Content)/2)
	var seen map[string]bool
	if len(n.Content)/2 > manyKeys {
		seen = make(map[string]bool, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		d.checkTag(k, what)
		dup := false
		if seen != nil {
			dup = seen[k.Value]
			seen[k.Value] = true
		} else {
			dup = keyIndex(positions, k.Value) >= 0
		}
		if dup {
			d.problem(k, "%s: key %s appears twice", what, text.Quote(k.Value))
			continue
		}
		positions = append(positions, fieldPos{key: k.Value, pos: nodePos(resolve(val))})
		j := slices.IndexFunc(fields, func(f fieldInfo) bool { return f.key == k.Value })
		if j < 0 {
			keys := make([]string, len(fields))
			for i, f := range fields {
				keys[i] = f.key
			}
			d.problem(k, "%s: unknown key %s (expected one of %s)", what, text.Quote(k.Value), strings.Join(keys, ", "))
			continue
		}
		d.decode(val, v.Field(fields[j].index), k.Value)
	}
	info.setMeta(v, nodePos(n), positions, false)
}

func lookupKey(n *yaml.Node, key string) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			if v := resolve(n.Content[i+1]); v != nil && v.Kind == yaml.ScalarNode {
				return v.Value
			}
		}
	}
	return ""
}

// scalar reads a scalar node with its position; a block scalar records
// where each of its lines starts.
func (d *decoder) scalar(n *yaml.Node, what string) (scalar, bool) {
	d.checkTag(n, what)
	if n.Kind != yaml.ScalarNode {
		d.problem(n, "%s: expected an expression or text, got %s", what, kindName(n))
		return scalar{}, false
	}
	s := scalar{Text: n.Value, Pos: nodePos(n), Null: isNull(n)}
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		s.Quoted = 1
	case yaml.LiteralStyle, yaml.FoldedStyle:
		for k := range strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1 {
			line := n.Line + 1 + k
			col := 1
			if line-1 < len(d.lines) {
				l := d.lines[line-1]
				col = len(l) - len(strings.TrimLeft(l, " ")) + 1
			}
			s.Lines = append(s.Lines, Position{Line: line, Col: col})
		}
	}
	if t := n.ShortTag(); t == "!!int" || t == "!!float" {
		s.Number = true
	}
	return s, true
}

func (d *decoder) orderedMap(n *yaml.Node, what string) orderedMap {
	d.checkTag(n, what)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.problem(n, "%s: expected a mapping, got %s", what, kindName(n))
		return nil
	}
	var out orderedMap
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], resolve(n.Content[i+1])
		if seen[k.Value] {
			d.problem(k, "%s: key %s appears twice", what, text.Quote(k.Value))
			continue
		}
		seen[k.Value] = true
		ks, _ := d.scalar(k, what)
		vs, ok := d.scalar(val, fmt.Sprintf("%s.%s", what, k.Value))
		if ok {
			out = append(out, mapEntry{Key: ks, Value: vs})
		}
	}
	return out
}

func (d *decoder) exprList(n *yaml.Node, what string) exprList {
	d.checkTag(n, what)
	if isNull(n) {
		return nil
	}
	if n.Kind == yaml.SequenceNode {
		out := make(exprList, 0, len(n.Content))
		for i, c := range n.Content {
			if s, ok := d.scalar(resolve(c), fmt.Sprintf("%s[%d]", what, i)); ok {
				out = append(out, s)
			}
		}
		return out
	}
	if s, ok := d.scalar(n, what); ok {
		return exprList{s}
	}
	return nil
}

// effect reads an effect: type, items and parameters.
func (d *decoder) effect(n *yaml.Node) effectDoc {
	e := effectDoc{Pos: nodePos(n)}
	d.checkTag(n, "effect")
	if n.Kind != yaml.MappingNode {
		d.problem(n, "effect: expected a mapping with a type and parameters, got %s", kindName(n))
		return e
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], resolve(n.Content[i+1])
		if seen[k.Value] {
			d.problem(k, "effect: key %s appears twice", text.Quote(k.Value))
			continue
		}
		seen[k.Value] = true
		ks, _ := d.scalar(k, "effect")
		switch k.Value {
		case "type":
			if s, ok := d.scalar(val, "effect type"); ok {
				e.Type = s
			}
		case "items":
			if s, ok := d.scalar(val, "items"); ok {
				e.Items = &s
			}
		default:
			if val.Kind == yaml.MappingNode {
				e.Params = append(e.Params, param{Key: ks, Value: scalar{Pos: nodePos(val)}, Mapping: d.orderedMap(val, k.Value), IsMap: true})
				continue
			}
			if s, ok := d.scalar(val, k.Value); ok {
				e.Params = append(e.Params, param{Key: ks, Value: s})
			}
		}
	}
	if !seen["type"] {
		d.problem(n, "effect: missing key \"type\" (the effect type, such as setDiscount)")
	}
	return e
}
