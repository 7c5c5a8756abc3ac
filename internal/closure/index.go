package closure

import "sync"

// Index groups an Env's units by the value of a text field or
// attribute, built the first time a compiled predicate asks for that
// field. A category filter over the cart then tests the units of one
// category, not every unit. The index stays valid while the units'
// fields and attributes do: Env.update changes only prices.
type Index struct {
	all []*Item // the Env's units, in order

	mu     sync.Mutex // the Env may be shared by goroutines
	fields []fieldIndex
}

// fieldIndex groups the units by one field's value.
type fieldIndex struct {
	field  indexKey // value left empty
	values []string
	groups [][]*Item
	// at finds a value's group when there are many values; with a few,
	// comparing strings is quicker than hashing them.
	at map[string]int
}

// manyValues is where a fieldIndex starts to hash its values.
const manyValues = 16

func (f *fieldIndex) find(v string) int {
	if f.at != nil {
		if i, ok := f.at[v]; ok {
			return i
		}
		return -1
	}
	for i, w := range f.values {
		if w == v {
			return i
		}
	}
	return -1
}

func (f *fieldIndex) add(v string) int {
	f.values = append(f.values, v)
	f.groups = append(f.groups, nil)
	i := len(f.values) - 1
	if f.at != nil {
		f.at[v] = i
	} else if len(f.values) > manyValues {
		f.at = make(map[string]int, 2*len(f.values))
		for j, w := range f.values {
			f.at[w] = j
		}
	}
	return i
}

// indexKey names a field (an attribute when attribute) and a value.
type indexKey struct {
	field     string
	attribute bool
	value     string
}

// getter returns the function that reads k's field (its value left
// aside) from a unit, looked up once.
func (k indexKey) getter() func(*Item) string {
	if k.attribute {
		name := k.field
		return func(it *Item) string {
			v, _ := it.Attributes[name].(string)
			return v
		}
	}
	return textFields[k.field]
}

// candidates returns the units among items that can satisfy a predicate
// with key k: the index's bucket when items are all the units of an Env
// (Session.CartItems) and k is set, items otherwise; indexed says which.
// Buckets keep the units' order, so filter's result does not change.
func candidates(items []*Item, k indexKey) (units []*Item, indexed bool) {
	if k.field == "" || len(items) < minIndexed {
		return items, false
	}
	x := items[0].index
	if x == nil || len(x.all) != len(items) || &x.all[0] != &items[0] {
		return items, false
	}
	return x.bucket(k), true
}

// minIndexed is the fewest units worth indexing.
const minIndexed = 16

func (x *Index) bucket(k indexKey) []*Item {
	x.mu.Lock()
	defer x.mu.Unlock()
	field := indexKey{field: k.field, attribute: k.attribute}
	// A cart's filters name a few fields: a list beats a map.
	var f *fieldIndex
	for i := range x.fields {
		if x.fields[i].field == field {
			f = &x.fields[i]
			break
		}
	}
	if f == nil {
		x.fields = append(x.fields, x.build(field))
		f = &x.fields[len(x.fields)-1]
	}
	if i := f.find(k.value); i >= 0 {
		return f.groups[i]
	}
	return nil
}

// build groups the units by a field's value: counted first, so that the
// groups are consecutive parts of one array.
func (x *Index) build(field indexKey) fieldIndex {
	f := fieldIndex{field: field}
	text := field.getter()
	which := make([]int32, len(x.all))
	var counts []int
	i, line := -1, -1
	for u, it := range x.all {
		// The units of a line are consecutive and share its fields and
		// attributes: the value is looked up once per line.
		if it.Position != line || i < 0 {
			line = it.Position
			v := text(it)
			if i = f.find(v); i < 0 {
				i = f.add(v)
				counts = append(counts, 0)
			}
		}
		counts[i]++
		which[u] = int32(i)
	}
	backing := make([]*Item, len(x.all))
	at := 0
	for i, n := range counts {
		f.groups[i] = backing[at : at : at+n]
		at += n
	}
	for u, it := range x.all {
		f.groups[which[u]] = append(f.groups[which[u]], it)
	}
	return f
}

// NewIndex returns the index of an Env's units, in order; nil when they
// are too few to be worth one. The index is built a field at a time, the
// first time a compiled predicate asks for that field.
func NewIndex(units []*Item) *Index {
	if len(units) < minIndexed {
		return nil
	}
	return &Index{all: units}
}

// SetIndex makes x the index that it belongs to (nil for none). A
// function, not a method: expressions and users do not see it.
func SetIndex(it *Item, x *Index) { it.index = x }
