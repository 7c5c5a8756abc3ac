// Package handlers applies effects to a cart. It owns the Handler interface,
// the Registry of handlers that an engine builds for itself (there is no
// package-level registry to mutate), the built-in handlers for every
// Talon.One effect type, and all-or-nothing application of an effect list.
//
// A handler does what the Talon.One catalogue tells an integration to do
// with its effect: discounts are allocated over the cart's units and costs
// in exact minor units, free items are added as marked lines, coupon and
// referral verdicts, loyalty points and notifications are recorded on the
// cart for its receipt, and effects that only inform the storefront (a
// webhook, a custom effect, an audience change) are passed on unchanged.
//
// A Handler is given a working cart, and may keep it or what it read from
// it: the engine reuses the memory of its working carts from one update to
// the next, but never that of a cart a registered handler was given.
// Registry.Apply is the one way to apply effects, to a copy of the cart;
// the engine applies its own effects in place, without the copies, through
// internal/cartops (internal.go), where the built-in handlers also find the
// cart's operations that are not public (rollbacks of coupons, referrals
// and points, ledger room).
//
// handlers imports only the leaves, cart and effects, and internal/cartops.
package handlers
