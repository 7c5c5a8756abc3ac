package handlers

import (
	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/internal/cartops"
)

// cartOps are the cart's operations that the built-in handlers use beyond
// its public API: reserving ledger room, exposing a cart that a user's
// handler is given, and the rollbacks of verdicts and points
// (internal/cartops).
var cartOps = cartops.CartOps[*cart.Cart, *cart.Session, cart.RoundingMode, cart.Adjustment]()

// The engine applies its effects in place, through internal/cartops.
func init() {
	cartops.RegisterHandlers(cartops.Handlers[*Registry, *cart.Cart, effects.Effect]{
		ApplyOwned: (*Registry).applyOwned,
	})
}
