package cart

import "sync"

// The engine's working carts reuse their arrays from one update to the
// next; a cart from New never does. Nothing here is public: the engine
// reaches newPooled, recycle and expose through internal/cartops
// (internal.go), and a cart anyone else is given stays valid for as long
// as they keep it.

// cartArrays are a cart's own arrays (its lines, units, charges and
// ledger, about 35 KB for 50 lines and a hundred campaigns): recycle gives
// them to the next newPooled, so that an engine's updates do not allocate
// them (and the collector free them) every time.
type cartArrays struct {
	lines        []Line
	units        []Unit
	charges      []Charge
	sessionCosts []int32
	slots        []int32
	ledger       []posting
	adjustments  []Adjustment
	lastPosted   []int32
	// exposed: code outside the module was given the cart or a clone of
	// it (expose), so the arrays are never given back.
	exposed bool
}

var cartArrayPool sync.Pool

// newPooled is New for a cart whose arrays come from cartArrayPool and go
// back to it with recycle.
func newPooled(s *Session, rounding RoundingMode) (*Cart, error) {
	a, _ := cartArrayPool.Get().(*cartArrays)
	if a == nil {
		a = &cartArrays{}
	}
	return newCart(s, rounding, a)
}

// reuse returns s emptied when it has room for n, a new slice otherwise.
func reuse[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:0]
	}
	return make([]T, 0, n)
}

// recycle gives the arrays of c, a cart made by newPooled, to the next
// newPooled, unless expose marked c or a clone of it. Neither c nor any
// cart cloned from it may be used after it, nor any slice read from them
// (Lines, Units, Charges, SessionCosts): the engine recycles its working
// cart when an update's response is made. recycle on a clone, or on a
// cart from New, does nothing.
func (c *Cart) recycle() {
	a := c.arrays
	if a == nil || !c.recycles || a.exposed {
		return
	}
	// The cart's arrays as they are now: it may have grown some. Cleared,
	// so that the pool keeps nothing reachable.
	a.lines, a.units, a.charges = clearAll(c.lines), clearAll(c.units), clearAll(c.charges)
	a.sessionCosts, a.ledger, a.lastPosted = c.sessionCosts[:0], c.ledger[:0], c.lastPosted[:0]
	a.adjustments = clearAll(c.adjustments)
	*c = Cart{}
	cartArrayPool.Put(a)
}

// expose marks c as given to code outside the module, which may keep it
// or slices read from it: recycle then leaves the arrays that c shares
// with the cart it was cloned from (and with that cart's other clones) to
// the collector. On a cart from New, which is never recycled, it does
// nothing.
func (c *Cart) expose() {
	if c.arrays != nil {
		c.arrays.exposed = true
	}
}

// clearAll zeroes s and returns it emptied.
func clearAll[T any](s []T) []T {
	clear(s)
	return s[:0]
}
