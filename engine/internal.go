package engine

import (
	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/handlers"
	"github.com/cartfx/cartfx/internal/cartops"
)

// What the engine does to its own carts beyond their public API
// (internal/cartops): a working cart whose memory is reused from one
// update to the next, its ledger read without a copy for the store,
// returns, and effects applied in place rather than to a copy.
var (
	cartOps    = cartops.CartOps[*cart.Cart, *cart.Session, cart.RoundingMode, cart.Adjustment]()
	handlerOps = cartops.HandlersOps[*handlers.Registry, *cart.Cart, effects.Effect]()
)
