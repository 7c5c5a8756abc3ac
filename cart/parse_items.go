package cart

import (
	"fmt"
	"sync"
)

// Cart items: the cartItems array is decoded in the pass that validates it,
// each line as soon as it has been read, into scratch space that is
// copied to a slice of the right size at the end.

// The fields of a cart item object, as indexes into rawItem.
const (
	iSKU = iota
	iName
	iQuantity
	iPrice
	iCategory
	iWeight
	iHeight
	iWidth
	iLength
	iAttributes
	iAdditionalCosts
	numItemFields
)

var itemFieldNames = []string{"sku", "name", "quantity", "price", "category",
	"weight", "height", "width", "length", "attributes", "additionalCosts"}

// rawItem is the raw JSON of each field of a cart item (nil when absent)
// and, when attributes or additionalCosts is an object, its members, read
// in the same pass (ranges of reader.scratch.members).
type rawItem struct {
	f            [numItemFields][]byte
	plain        uint16 // the fields that are strings of ASCII without escapes
	attrs, costs span
}

// span is a range of reader.scratch.members.
type span struct{ lo, hi int }

// walkedItems is what became of a cartItems array.
type walkedItems struct {
	list     []CartItem
	problems problems  // the items' problems, reported after the session's
	n        int       // elements in the array
	others   []badElem // the elements that are not objects
	bad      bool      // some element is neither an object nor null
}

type badElem struct {
	index int
	raw   []byte
}

// scratch is the space a reader reuses from session to session. Cart
// items are decoded into items before they are copied to a slice of the
// right size; their SKUs and names are gathered end to end in text, to
// become one string for all of them; members holds the members of the
// objects being read.
type scratch struct {
	items   []CartItem
	text    []byte
	ends    [][2]int // where each item's SKU and name end in text
	members []member
	keys    []keyRec // the scanner's keyCheck.list
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// release hands the scratch space back, holding nothing of the session
// (walkItems has cleared the items it used).
func (r *reader) release() {
	sb := r.scratch
	clear(sb.members[:cap(sb.members)])
	clear(sb.keys[:cap(sb.keys)])
	scratches.Put(sb)
}

// walkItems reads a cartItems array, decoding each cart item as soon as it
// has been read. The problems of the items are kept apart: they come after
// those of the session's other fields, and not at all when the array turns
// out to have too many elements or elements that are not objects.
func (r *reader) walkItems(sc *scanner, w *walkedItems, base string) {
	*w = walkedItems{}
	sb := r.scratch
	sb.items, sb.text, sb.ends = sb.items[:0], sb.text[:0], sb.ends[:0]
	saved := r.ps
	r.ps = problems{}
	defer func() {
		w.problems, r.ps = r.ps, saved
		w.list = make([]CartItem, len(sb.items))
		copy(w.list, sb.items)
		text, start := string(sb.text), 0
		for i, e := range sb.ends {
			w.list[i].SKU, w.list[i].Name = text[start:e[0]], text[e[0]:e[1]]
			start = e[1]
		}
		clear(sb.items)
	}()
	sc.open('[')
	for i := 0; sc.element(i == 0); i++ {
		c, ok := sc.peek()
		if !ok {
			return
		}
		w.n++
		decode := !w.bad && w.n <= MaxLines
		var ri rawItem
		if c == '{' {
			if !r.walkItem(sc, &ri) {
				return
			}
		} else {
			v, ok := sc.value()
			if !ok {
				return
			}
			// As encoding/json decodes into []struct: null is an item with
			// no fields, anything else that is not an object fails it all.
			w.others = append(w.others, badElem{i, v})
			if string(v) != "null" {
				w.bad = true
				decode = false
			}
		}
		if decode {
			// Decoded in place: a CartItem is too big to copy around.
			sb.items = append(sb.items, CartItem{})
			r.item(&ri, path{base: base, index: i}, &sb.items[len(sb.items)-1])
		}
	}
}

// walkItem reads the fields of one cart item object. The members of its
// attributes and additional costs are gathered on the way, so that they are
// not read a second time.
func (r *reader) walkItem(sc *scanner, ri *rawItem) bool {
	r.scratch.members = r.scratch.members[:0]
	sc.open('{')
	mark := sc.keys.mark()
	d := sc.data
	for first := true; ; first = false {
		// The fast path: a field's name written plainly, recognised
		// without a search for its closing quote.
		f, start, known, plain := -1, 0, false, false
		var key []byte
		i := skip(d, sc.pos)
		if !first && i < len(d) && d[i] == ',' {
			i = skip(d, i+1)
		} else if !first {
			i = len(d)
		}
		if i < len(d) && d[i] == '"' {
			if ff, end, ok := itemKey(d, i); ok {
				if k := skip(d, end); k < len(d) && d[k] == ':' {
					f, start, known, key = ff, skip(d, k+1), true, d[i+1:end-1]
					sc.pos, sc.keyAt = start, i
				}
			}
		}
		if !known {
			var more bool
			if key, more = sc.nextMember(first); !more {
				sc.keys.drop(mark)
				return sc.err == ""
			}
			f = itemField(key)
			start = skip(d, sc.pos)
		}
		if !sc.checkKey(mark, key, f) {
			return false
		}
		if start < len(d) && d[start] == '{' && (f == iAttributes || f == iAdditionalCosts) {
			sc.pos = start
			sp := r.walkMembers(sc, f == iAdditionalCosts)
			if f == iAttributes {
				ri.attrs = sp
			} else {
				ri.costs = sp
			}
		} else if e := fastScalar(d, start); e >= 0 {
			sc.pos = e
			// A string read by fastScalar is ASCII without escapes: it
			// needs no decoding.
			plain = d[start] == '"'
		} else if _, ok := sc.nextValue(); !ok {
			return false
		}
		if f >= 0 && sc.err == "" {
			ri.f[f] = d[start:sc.pos]
			if plain {
				ri.plain |= 1 << f
			}
		}
	}
}

// walkMembers reads the object at the scanner's position, appending its
// members to r.scratch.members; the span is where they went. Of
// additional costs (costs true) a value that is an object is read by
// costObject, which knows its price field.
func (r *reader) walkMembers(sc *scanner, costs bool) span {
	sp := span{lo: len(r.scratch.members)}
	sc.open('{')
	mark := sc.keys.mark()
	for first := true; ; first = false {
		key, more := sc.nextMember(first)
		if !more {
			sc.keys.drop(mark)
			break
		}
		if !sc.checkKey(mark, key, -1) {
			break
		}
		var v []byte
		if start := skip(sc.data, sc.pos); costs && sc.keys.on && start < len(sc.data) && sc.data[start] == '{' {
			sc.pos = start
			if !sc.costObject() {
				break
			}
			v = sc.data[start:sc.pos]
		} else if v, more = sc.nextValue(); !more {
			break
		}
		r.scratch.members = append(r.scratch.members, member{r.vc.str(key), v})
	}
	sp.hi = len(r.scratch.members)
	return sp
}

// items checks the cart items that walkItems decoded from raw.
func (r *reader) items(raw []byte, w *walkedItems, p path) []CartItem {
	if raw[0] != '[' {
		r.add(p.at("/cartItems"), "Invalid", "expected a list of cart items, got "+shortJSON(raw))
		return nil
	}
	if w.bad {
		for _, e := range w.others {
			r.add(path{base: p.base, index: e.index}.at(""), "Invalid", "expected a cart item object, got "+shortJSON(e.raw))
		}
		return nil
	}
	if w.n > MaxLines {
		r.add(p.at("/cartItems"), "Too many", fmt.Sprintf("%d cart items: at most %d are allowed", w.n, MaxLines))
		return nil
	}
	r.ps.list.Merge(&w.problems.list)
	units := 0
	for i := range w.list {
		units += w.list[i].Quantity
	}
	if units > MaxUnits {
		r.add(p.at("/cartItems"), "Too many", fmt.Sprintf("%d units in all: the quantities may add up to at most %d", units, MaxUnits))
	}
	return w.list
}

// item decodes the fields of one cart item into it, checking them in a
// fixed order whatever the order of the keys, so that problems are
// reported in a stable order.
func (r *reader) item(ri *rawItem, p path, it *CartItem) {
	f := &ri.f
	var sku, name []byte
	before := r.ps.list.Len()
	if present(f[iSKU]) {
		sku = r.textBytes(f[iSKU], ri.plain&(1<<iSKU) != 0, p, "/sku", maxTextLength)
	}
	if len(sku) == 0 && r.ps.list.Len() == before {
		r.add(p.at("/sku"), "Required", "a cart item needs a non-empty sku")
	}
	if present(f[iName]) {
		name = r.textBytes(f[iName], ri.plain&(1<<iName) != 0, p, "/name", maxTextLength)
	}
	// walkItems makes the strings: one allocation for all the lines.
	sb := r.scratch
	sb.text = append(sb.text, sku...)
	sb.text = append(sb.text, name...)
	sb.ends = append(sb.ends, [2]int{len(sb.text) - len(name), len(sb.text)})
	if present(f[iCategory]) {
		it.Category = r.text(f[iCategory], p, "/category", maxTextLength, true)
	}
	if !present(f[iQuantity]) {
		r.add(p.at("/quantity"), "Required", "a cart item needs a quantity of 1 or more")
	} else {
		it.Quantity = r.quantity(f[iQuantity], p)
	}
	if !present(f[iPrice]) {
		r.add(p.at("/price"), "Required", "a cart item needs a price (cartfx has no catalog to look it up)")
	} else {
		price, bad := r.price(f[iPrice])
		if bad != "" {
			r.add(p.at("/price"), "Invalid", bad)
		}
		it.Price = price
	}
	it.Weight = r.measure(f[iWeight], p, "/weight")
	it.Height = r.measure(f[iHeight], p, "/height")
	it.Width = r.measure(f[iWidth], p, "/width")
	it.Length = r.measure(f[iLength], p, "/length")
	if present(f[iAttributes]) {
		it.Attributes = r.attributes(f[iAttributes], r.sorted(ri.attrs), p, "/attributes", EntityCartItem)
	}
	if present(f[iAdditionalCosts]) {
		it.AdditionalCosts = r.costs(f[iAdditionalCosts], r.sorted(ri.costs), p, "/additionalCosts")
	}
}
