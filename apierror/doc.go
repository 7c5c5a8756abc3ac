// Package apierror is Talon.One's error response, the shape in which every
// cartfx boundary that speaks the Integration API reports bad input:
//
//	{"message": "invalid customer session", "errors": [
//	  {"title": "Required", "details": "...", "source": {"pointer": "/cartItems/0/sku"}}
//	]}
//
// It is a leaf: it imports nothing of cartfx, so that cart, effects and the
// packages above them can all carry the same [Item] and [Response]. The
// coded errors that carry them (*cart.Error, *engine.Error,
// *effects.Error) live in those packages, each with its sentinels.
package apierror
