package cart

import "github.com/cartfx/cartfx/internal/cartops"

// The operations that the engine and the built-in handlers need and a user
// of a Cart must not see: memory pooling, the ledger read without a copy,
// returns and the rollbacks of verdicts and points. They are registered
// into internal/cartops, which only this module can import; see its
// package documentation.
func init() {
	cartops.RegisterCart(cartops.Cart[*Cart, *Session, RoundingMode, Adjustment]{
		New:             newPooled,
		Recycle:         (*Cart).recycle,
		Expose:          (*Cart).expose,
		Reserve:         (*Cart).reserve,
		Ledger:          (*Cart).postings,
		MarkReturned:    (*Cart).markReturned,
		RemoveCoupon:    (*Cart).removeCoupon,
		RemoveReferral:  (*Cart).removeReferral,
		TakeBackLoyalty: (*Cart).takeBackLoyalty,
	})
}
