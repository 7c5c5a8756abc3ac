// Package cartops is how the module's own packages reach the machinery of
// a cart and of a handler registry that is not part of their public API:
// the cart's memory pooling, its ledger read without a copy, the marks and
// removals that only the built-in handlers and the engine make, and
// applying effects in place.
//
// Go has no friend packages, and this one cannot import cart or handlers
// (they import it), so the operations are values of generic structs whose
// type parameters are the owner's types. The owner registers its table
// once, in an init function; each user fetches it once, into a
// package-level variable, which its imports have initialised already:
//
//	// in cart
//	func init() { cartops.RegisterCart(cartops.Cart[*Cart, *Session, RoundingMode, Adjustment]{...}) }
//	// in engine
//	var cartOps = cartops.CartOps[*cart.Cart, *cart.Session, cart.RoundingMode, cart.Adjustment]()
//
// This is not an extension point: nothing outside the module can import
// an internal package, each table is registered exactly once by its owner,
// and the tables hold the owners' unexported functions, documented here.
package cartops

import "github.com/shopspring/decimal"

// Cart is the table of cart.Cart's internal operations. C is *cart.Cart,
// S *cart.Session, R cart.RoundingMode and A cart.Adjustment.
type Cart[C, S, R, A any] struct {
	// New is cart.New for a cart whose arrays (lines, units, charges,
	// ledger) come from a pool and go back to it with Recycle. Only the
	// engine makes such carts, for its own working cart; cart.New never
	// takes from the pool.
	New func(s S, rounding R) (C, error)
	// Recycle gives the arrays of a cart made by New to the next New,
	// unless Expose marked the cart or a clone of it: after it, neither
	// the cart, nor its clones, nor any slice read from them may be used.
	// On a clone, or on a cart from cart.New, it does nothing.
	Recycle func(c C)
	// Expose marks a cart that code outside the module was given (a
	// handler a user registered): Recycle then leaves its arrays, and
	// those of the cart it was cloned from, to the collector, so that
	// whatever the user kept stays valid.
	Expose func(c C)
	// Reserve makes room for entries more ledger entries and descriptions
	// more adjustment descriptions, so that applying several discounts
	// grows each array once. It never shrinks the room.
	Reserve func(c C, entries, descriptions int)
	// Ledger returns the cart's ledger as it stores it, entries in the
	// order they were made, and the adjustment descriptions that the
	// entries index (shared by the entries of one discount, Amount zero).
	// Both are the cart's own arrays: read them, do not change or keep
	// them. (A callback would cost its closure an allocation: a call
	// through a table escapes it.)
	Ledger func(c C) (entries []Posting, descriptions []A)
	// MarkReturned marks a unit given back after the session closed: it
	// keeps its ledger (what a return refunds) but no longer counts in the
	// totals or on the receipt. The error matches cart.ErrNotFound.
	MarkReturned func(c C, unit int) error
	// RemoveCoupon removes the verdict on a coupon code (a rolled-back
	// coupon), reporting whether the cart had one.
	RemoveCoupon func(c C, code string) bool
	// RemoveReferral removes the verdict on the referral code when it is
	// for code, reporting whether it was.
	RemoveReferral func(c C, code string) bool
	// TakeBackLoyalty takes back points of a tentative change in a
	// program's sub-ledger, of the sign given (1 added, -1 deducted): the
	// change with the same transaction (all of it, or part of it after a
	// partial return), or else, without a transaction, the first change of
	// exactly those points. It reports whether there was one.
	TakeBackLoyalty func(c C, programID int64, subLedger, transaction string, points decimal.Decimal, sign int) bool
}

// Posting is how a cart's ledger stores an entry: small and free of
// pointers, with the adjustment's description kept once by the cart and
// indexed by Adj.
type Posting struct {
	// Charge is the index of the charge the entry is on.
	Charge int32
	// Adj is the index of the entry's description.
	Adj int32
	// Amount is what the entry took from the charge, in minor units.
	Amount int64
}

// Handlers is the table of handlers.Registry's internal operations. G is
// *handlers.Registry, C *cart.Cart and E effects.Effect.
type Handlers[G, C, E any] struct {
	// ApplyOwned applies the effects to c itself, not to a copy, and
	// settles them in list itself, which it returns: for a caller that
	// owns both and throws them away when applying fails, as on an error
	// both may be half-changed.
	ApplyOwned func(r G, c C, list []E) ([]E, error)
}

var (
	cartTable     any
	handlersTable any
)

// RegisterCart is called once, by package cart.
func RegisterCart[C, S, R, A any](ops Cart[C, S, R, A]) { register(&cartTable, ops, "cart") }

// CartOps returns the table package cart registered. It panics when the
// types are not cart's (or cart was not initialised), which the first
// test of any user shows.
func CartOps[C, S, R, A any]() Cart[C, S, R, A] { return lookup[Cart[C, S, R, A]](cartTable, "cart") }

// RegisterHandlers is called once, by package handlers.
func RegisterHandlers[G, C, E any](ops Handlers[G, C, E]) {
	register(&handlersTable, ops, "handlers")
}

// HandlersOps returns the table package handlers registered, and panics
// like CartOps.
func HandlersOps[G, C, E any]() Handlers[G, C, E] {
	return lookup[Handlers[G, C, E]](handlersTable, "handlers")
}

func register(slot *any, ops any, owner string) {
	if *slot != nil {
		panic("cartops: package " + owner + " registered its operations twice")
	}
	*slot = ops
}

func lookup[T any](table any, owner string) T {
	ops, ok := table.(T)
	if !ok {
		panic("cartops: package " + owner + " registered no operations of these types")
	}
	return ops
}
