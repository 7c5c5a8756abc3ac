package campaignindex

import (
	"math"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/internal/closure"
)

// keyKind says what a key's value is of.
type keyKind uint8

const (
	kindUnit    keyKind = iota // a unit's text field or attribute
	kindSession                // a session attribute
	kindProfile                // a profile attribute
)

// key is a value the index counts in a session: units with a field's
// value, an attribute's text value, or an element of a list attribute.
type key struct {
	kind  keyKind
	list  bool // an element of a list attribute
	field closure.FieldValue
}

// atomKind is what an atom measures.
type atomKind uint8

const (
	atomCoupon   atomKind = iota // the campaign's coupon is valid
	atomSubtotal                 // lo ≤ Session.CartItemTotal ≤ hi, in minor units
	atomCount                    // at least lo units (or 1 attribute value) have the key
	atomSum                      // the units with the key cost at least lo, in minor units
)

const noLimit = math.MaxInt64

// atom is one requirement.
type atom struct {
	kind   atomKind
	key    int32
	lo, hi int64
}

// cond is an analysed condition: the atoms it needs, whether they make
// it true, and its index in its rule. The analysis builds conds with
// their atoms; the Index keeps them flattened (span).
type cond struct {
	atoms []atom
	exact bool
	index int32
}

// span is a range of one of the Index's arrays, [from, to).
type span struct{ from, to int32 }

// flatCond is a cond in the Index: its atoms are atoms[atoms.from:atoms.to].
type flatCond struct {
	atoms span
	index int32
	exact bool
}

// Index holds, for each campaign by its position in evaluation order,
// what its rules need. It is immutable once built and safe for
// concurrent use.
type Index struct {
	scale int32
	// nkeys is how many keys there are; a key is its number, from 0.
	nkeys int
	// unitFields are the unit fields the keys read, each once, and
	// unitKeys the key of each value of each (a lookup by the value's
	// text alone, which is several times cheaper than by a whole key).
	unitFields []closure.FieldValue
	unitKeys   []map[string]int32
	// attrs are the attributes the keys read, each once, and attrKeys
	// the key of each value of each.
	attrs    []attrRef
	attrKeys []map[string]int32
	// plans are the campaigns' rules, by position: a span of rules,
	// empty when the campaign is always a candidate; rules are spans of
	// conds, conds spans of atoms. Flat arrays, so that an index costs
	// a few dozen bytes a campaign.
	plans []span
	rules []span
	conds []flatCond
	atoms []atom
}

type attrRef struct {
	kind keyKind
	name string
	list bool
}

// builder builds an Index: keys numbers the keys as the analysis meets
// them.
type builder struct {
	x    *Index
	keys map[key]int32
}

// Build returns the index of campaigns, given by their rules' parts in
// evaluation order, for amounts of the given currency scale; nil when no
// campaign can ever be skipped, or when an effect (set, addFreeItem)
// changes during an evaluation what the requirements read.
func Build(campaigns [][]Rule, scale int32) *Index {
	x := &Index{scale: scale, plans: make([]span, len(campaigns))}
	b := &builder{x: x, keys: map[key]int32{}}
	any := false
	for _, rules := range campaigns {
		for _, r := range rules {
			for _, t := range r.EffectTypes {
				if t == effects.TypeSet || t == effects.TypeAddFreeItem {
					return nil
				}
			}
		}
	}
	var plans [][]cond
	for p, rules := range campaigns {
		if len(rules) == 0 {
			continue
		}
		plans = plans[:0]
		for _, r := range rules {
			conds, ok := b.ruleConds(r)
			if !ok {
				plans = nil
				break
			}
			plans = append(plans, conds)
		}
		if plans == nil {
			continue
		}
		x.plans[p].from = int32(len(x.rules))
		for _, conds := range plans {
			r := span{from: int32(len(x.conds))}
			for _, c := range conds {
				a := span{from: int32(len(x.atoms))}
				x.atoms = append(x.atoms, c.atoms...)
				a.to = int32(len(x.atoms))
				x.conds = append(x.conds, flatCond{atoms: a, index: c.index, exact: c.exact})
			}
			r.to = int32(len(x.conds))
			x.rules = append(x.rules, r)
		}
		x.plans[p].to = int32(len(x.rules))
		any = true
	}
	x.rules, x.conds, x.atoms = slices.Clip(x.rules), slices.Clip(x.conds), slices.Clip(x.atoms)
	if !any {
		return nil
	}
	b.valueKeys()
	return x
}

// valueKeys files every key under its unit field or attribute, by value.
func (b *builder) valueKeys() {
	x := b.x
	x.nkeys = len(b.keys)
	x.unitKeys = make([]map[string]int32, len(x.unitFields))
	x.attrKeys = make([]map[string]int32, len(x.attrs))
	for k, id := range b.keys {
		var m *map[string]int32
		if k.kind == kindUnit {
			m = &x.unitKeys[slices.Index(x.unitFields, closure.FieldValue{Field: k.field.Field, Attribute: k.field.Attribute})]
		} else {
			m = &x.attrKeys[slices.Index(x.attrs, attrRef{kind: k.kind, name: k.field.Field, list: k.list})]
		}
		if *m == nil {
			*m = map[string]int32{}
		}
		(*m)[k.field.Value] = id
	}
}

// unitKey returns the key of units with a field's value.
func (b *builder) unitKey(f closure.FieldValue) int32 {
	field := closure.FieldValue{Field: f.Field, Attribute: f.Attribute}
	if !slices.Contains(b.x.unitFields, field) {
		b.x.unitFields = append(b.x.unitFields, field)
	}
	return b.id(key{kind: kindUnit, field: f})
}

// attrKey returns the key of an attribute's text value, or of an element
// of a list attribute.
func (b *builder) attrKey(kind keyKind, name string, list bool, value string) int32 {
	ref := attrRef{kind: kind, name: name, list: list}
	if !slices.Contains(b.x.attrs, ref) {
		b.x.attrs = append(b.x.attrs, ref)
	}
	return b.id(key{kind: kind, list: list, field: closure.FieldValue{Field: name, Attribute: true, Value: value}})
}

func (b *builder) id(k key) int32 {
	if id, ok := b.keys[k]; ok {
		return id
	}
	id := int32(len(b.keys))
	b.keys[k] = id
	return id
}

// minorRange turns "amount op c" into a range of amounts in minor units;
// false when c is beyond what minor units hold.
func (b *builder) minorRange(op string, c decimal.Decimal) (lo, hi int64, ok bool) {
	d := c.Shift(b.x.scale)
	whole := func(v decimal.Decimal) (int64, bool) {
		if v.LessThan(decimal.NewFromInt(math.MinInt64/2)) || v.GreaterThan(decimal.NewFromInt(math.MaxInt64/2)) {
			return 0, false
		}
		return v.IntPart(), true
	}
	lo, hi = math.MinInt64, noLimit
	switch op {
	case ">=":
		lo, ok = whole(d.Ceil())
	case ">":
		lo, ok = whole(d.Floor())
		lo++
	case "<=":
		hi, ok = whole(d.Floor())
	case "<":
		hi, ok = whole(d.Ceil())
		hi--
	}
	return lo, hi, ok
}

// Facts are what the index reads of one session, as its evaluation
// starts: Facts gathers them, Skip reads them.
type Facts struct {
	ok       bool
	subtotal int64
	count    []int64 // by key
	sum      []int64 // by key, in minor units
	lineKeys []int32
}

// Gather records a session's facts: its cart as the evaluation starts
// (units, prices, Session.CartItemTotal, session attributes) and its
// profile's attributes. Nothing the index reads changes during the
// evaluation (Build refuses the effects that would change it). A cart
// or an attribute list beyond what the analysis bounds the steps for
// leaves the facts unusable: every campaign is then a candidate.
func (x *Index) Gather(f *Facts, c *cart.Cart, profile map[string]any) {
	n := x.nkeys
	if cap(f.count) < n {
		f.count, f.sum = make([]int64, n), make([]int64, n)
	}
	f.count, f.sum = f.count[:n], f.sum[:n]
	clear(f.count)
	clear(f.sum)
	units := c.Units()
	f.ok = len(units) <= maxWalk
	if !f.ok {
		return
	}
	f.subtotal = c.Totals().CartItems
	lines, charges := c.Lines(), c.Charges()
	f.lineKeys = slices.Grow(f.lineKeys[:0], len(x.unitFields))[:len(x.unitFields)]
	line := int32(-1)
	for _, u := range units {
		if u.Position != line {
			line = u.Position
			it := &lines[line].Item
			for i, fv := range x.unitFields {
				id, ok := x.unitKeys[i][fv.Text(it.SKU, it.Name, it.Category, it.Attributes)]
				if !ok {
					id = -1
				}
				f.lineKeys[i] = id
			}
		}
		price := charges[u.Price].Base
		for _, id := range f.lineKeys {
			if id >= 0 {
				f.count[id]++
				f.sum[id] += price
			}
		}
	}
	for j, a := range x.attrs {
		attrs := c.Attributes()
		if a.kind == kindProfile {
			attrs = profile
		}
		values := x.attrKeys[j]
		if !a.list {
			v, _ := attrs[a.name].(string)
			if id, ok := values[v]; ok {
				f.count[id] = 1
			}
			continue
		}
		list, _ := attrs[a.name].([]string)
		if len(list) > maxWalk {
			f.ok = false
			return
		}
		for _, v := range list {
			if id, ok := values[v]; ok {
				f.count[id] = 1
			}
		}
	}
}

// Skip reports whether the campaign at position p cannot trigger for
// the session of f, with coupon saying whether the campaign's coupon is
// valid; when it cannot, it appends to failed, for each rule, the index
// of the condition its evaluation would stop at (false, no error).
func (x *Index) Skip(p int, f *Facts, coupon bool, failed []int32) ([]int32, bool) {
	plan := x.plans[p]
	if plan.from == plan.to || !f.ok {
		return failed, false
	}
	start := len(failed)
	for _, r := range x.rules[plan.from:plan.to] {
		k := int32(-1)
		for i := r.from; i < r.to; i++ {
			c := &x.conds[i]
			if !f.holds(x.atoms[c.atoms.from:c.atoms.to], coupon) {
				k = c.index
				break
			}
			if !c.exact {
				return failed[:start], false
			}
		}
		if k < 0 {
			return failed[:start], false
		}
		failed = append(failed, k)
	}
	return failed, true
}

// holds reports whether every atom holds.
func (f *Facts) holds(atoms []atom, coupon bool) bool {
	for i := range atoms {
		a := &atoms[i]
		switch a.kind {
		case atomCoupon:
			if !coupon {
				return false
			}
		case atomSubtotal:
			if f.subtotal < a.lo || f.subtotal > a.hi {
				return false
			}
		case atomCount:
			if f.count[a.key] < a.lo {
				return false
			}
		case atomSum:
			if f.sum[a.key] < a.lo {
				return false
			}
		}
	}
	return true
}

// Candidates returns how many campaigns the index may skip for some
// session, and how many keys it counts: for tests and the load figures.
func (x *Index) Candidates() (indexed, keys int) {
	for _, p := range x.plans {
		if p.from != p.to {
			indexed++
		}
	}
	return indexed, x.nkeys
}
