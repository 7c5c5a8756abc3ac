package handlers

import (
	"errors"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/shopspring/decimal"
)

// Handler applies one effect to a cart. It may change the effect to say what
// was actually applied (a discount capped at what was left carries the
// applied value and the asked-for desiredValue); it must replace Props with
// a copy rather than change the props it was given. A handler that returns
// an error may leave the cart half-changed: Apply throws that cart away.
//
// The cart is a working copy that the next effects go on changing once
// Apply returns: to keep what it showed, keep what was read from it or a
// Clone. Whatever a handler keeps stays valid: cartfx reuses the memory of
// its working carts from one update to the next, but never that of a cart
// a handler registered with WithHandler or WithCustomEffect was given.
type Handler interface {
	Apply(c *cart.Cart, e *effects.Effect) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(c *cart.Cart, e *effects.Effect) error

// Apply calls f.
func (f HandlerFunc) Apply(c *cart.Cart, e *effects.Effect) error { return f(c, e) }

// Catalog looks up the price and name of a SKU for a free item. A free item
// whose SKU the catalog knows is added at its price with a discount of the
// whole price, so the receipt shows what was given away.
type Catalog func(sku string) (price decimal.Decimal, name string, ok bool)

// Option configures a Registry.
type Option func(*Registry)

// WithHandler makes h handle every effect of type t, in place of the
// built-in handler. Use WithCustomEffect for one custom effect by name.
func WithHandler(t effects.Type, h Handler) Option {
	return func(r *Registry) { r.byType[t] = entry{h: h} }
}

// WithCustomEffect makes h handle the customEffect effects whose props name
// is name. Custom effects without a handler are passed on to the caller.
func WithCustomEffect(name string, h Handler) Option {
	return func(r *Registry) { r.custom[name] = h }
}

// WithCatalog gives addFreeItem the prices of free items.
func WithCatalog(c Catalog) Option {
	return func(r *Registry) { r.catalog = c }
}

// Registry maps effect types to handlers. Each engine builds its own with
// New; a Registry is read-only after New and safe for concurrent use.
type Registry struct {
	byType  map[effects.Type]entry
	custom  map[string]Handler
	catalog Catalog
}

// entry is a handler and whether it is one of the built-in handlers, which
// never keep a cart; the others are given carts that are never recycled.
type entry struct {
	h       Handler
	builtin bool
}

// New returns a registry with the built-in handler for every effect type,
// changed by the options.
func New(opts ...Option) *Registry {
	r := &Registry{custom: map[string]Handler{}}
	b := builtins(r)
	r.byType = make(map[effects.Type]entry, len(b))
	for t, h := range b {
		r.byType[t] = entry{h: h, builtin: true}
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// handler returns the handler for an effect (the custom effect's handler
// by name, the handler of its type, or the one that passes it on to the
// caller) and whether it is built in.
func (r *Registry) handler(e *effects.Effect) (h Handler, builtin bool) {
	t := e.Type()
	if t == effects.TypeCustomEffect {
		if p, ok := e.Props.(*effects.CustomEffect); ok {
			if h, ok := r.custom[p.Name]; ok {
				return h, false
			}
		}
	}
	if en, ok := r.byType[t]; ok {
		return en.h, en.builtin
	}
	return passOnHandler, true
}

// passOnHandler is passOn as a Handler, made once.
var passOnHandler Handler = HandlerFunc(passOn)

// Apply applies the effects in order to a copy of c and returns that copy
// and the effects as they were applied (discount values capped at what was
// left, with desiredValue). Applying is all-or-nothing: on an error c is
// unchanged, nothing is returned but the error, and the error is an *Error
// naming the effect by index and the field at fault. Neither c nor list is
// changed in any case.
func (r *Registry) Apply(c *cart.Cart, list []effects.Effect) (*cart.Cart, []effects.Effect, error) {
	work := c.Clone()
	applied := make([]effects.Effect, len(list))
	copy(applied, list)
	applied, err := r.applyOwned(work, applied)
	if err != nil {
		return nil, nil, err
	}
	return work, applied, nil
}

// applyOwned is Apply without the copies, for a caller that owns c and list
// and throws both away when applying fails (the engine's working cart and
// its freshly produced effects, through internal/cartops): the effects are
// applied to c itself and settled in list itself, which is returned.
// Handlers still replace props rather than change them. On an error both c
// and list may be half-changed. Copying a cart costs its charges and its
// whole ledger, which grows with every discount applied.
//
// A cart that a handler other than a built-in one is given is exposed
// (internal/cartops): the engine never recycles its memory.
func (r *Registry) applyOwned(c *cart.Cart, list []effects.Effect) ([]effects.Effect, error) {
	entries, descriptions := ledgerEstimate(c, list)
	cartOps.Reserve(c, entries, descriptions)
	for i := range list {
		e := &list[i]
		if e.Props == nil {
			return nil, &Error{Index: i, At: e.Pointer, EffectType: e.Type(), Field: "", Err: errors.New("the effect has no props")}
		}
		h, builtin := r.handler(e)
		if !builtin {
			cartOps.Expose(c)
		}
		if err := h.Apply(c, e); err != nil {
			herr := &Error{Index: i, At: e.Pointer, EffectType: e.Type(), Err: err}
			var fe *fieldError
			if errors.As(err, &fe) {
				herr.Field, herr.Err = fe.field, fe.err
			}
			return nil, herr
		}
	}
	return list, nil
}

// ledgerEstimate guesses how many ledger entries and adjustment
// descriptions the discounts of a list add, so that the cart grows each
// once: a session discount may touch every charge, a per-item discount a
// unit or two; each discount describes one adjustment.
func ledgerEstimate(c *cart.Cart, list []effects.Effect) (entries, adjustments int) {
	for i := range list {
		switch list[i].Props.(type) {
		case *effects.SetDiscount:
			entries += len(c.Charges())
		case *effects.SetDiscountPerItem, *effects.SetDiscountPerAdditionalCostPerItem:
			entries += 2
		case *effects.SetDiscountPerAdditionalCost:
			entries++
		default:
			continue
		}
		adjustments++
	}
	return entries, adjustments
}
