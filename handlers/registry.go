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
	return func(r *Registry) { r.byType[t] = h }
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
	byType  map[effects.Type]Handler
	custom  map[string]Handler
	catalog Catalog
}

// New returns a registry with the built-in handler for every effect type,
// changed by the options.
func New(opts ...Option) *Registry {
	r := &Registry{custom: map[string]Handler{}}
	r.byType = builtins(r)
	for _, o := range opts {
		o(r)
	}
	return r
}

// Handler returns the handler for an effect: the custom effect's handler by
// name, the handler of its type, or the one that passes it on to the caller.
func (r *Registry) Handler(e *effects.Effect) Handler {
	t := e.Type()
	if t == effects.TypeCustomEffect {
		if p, ok := e.Props.(*effects.CustomEffect); ok {
			if h, ok := r.custom[p.Name]; ok {
				return h
			}
		}
	}
	if h, ok := r.byType[t]; ok {
		return h
	}
	return HandlerFunc(passOn)
}

// Apply applies the effects in order to a copy of c and returns that copy
// and the effects as they were applied (discount values capped at what was
// left, with desiredValue). Applying is all-or-nothing: on an error c is
// unchanged, nothing is returned but the error, and the error is an *Error
// naming the effect by index and the field at fault.
func (r *Registry) Apply(c *cart.Cart, list []effects.Effect) (*cart.Cart, []effects.Effect, error) {
	work := c.Clone()
	applied, err := r.ApplyInPlace(work, list)
	if err != nil {
		return nil, nil, err
	}
	return work, applied, nil
}

// ApplyInPlace is Apply without the copy: it applies the effects to c
// itself. On an error c may be half-changed, so use it only on a cart that
// is thrown away when applying fails (the engine's working cart, when an
// error ends the evaluation). Copying a cart costs its charges and its
// whole ledger, which grows with every discount applied.
func (r *Registry) ApplyInPlace(c *cart.Cart, list []effects.Effect) ([]effects.Effect, error) {
	applied := make([]effects.Effect, len(list))
	copy(applied, list)
	return r.ApplyOwned(c, applied)
}

// ApplyOwned is ApplyInPlace for a caller that owns list and needs it no
// more as it was (an engine's freshly produced effects): the effects are
// settled in list itself, which is returned, so that no copy of the list
// is made. Handlers still replace props rather than change them. On an
// error both c and list may be half-changed.
func (r *Registry) ApplyOwned(c *cart.Cart, list []effects.Effect) ([]effects.Effect, error) {
	c.Reserve(ledgerEstimate(c, list))
	for i := range list {
		e := &list[i]
		if e.Props == nil {
			return nil, &Error{Index: i, At: e.Pointer, EffectType: e.Type(), Field: "", Err: errors.New("the effect has no props")}
		}
		if err := r.Handler(e).Apply(c, e); err != nil {
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
