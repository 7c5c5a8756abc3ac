// Package engine owns what Talon.One's Integration API does for a customer
// session, done in-process: campaigns evaluated into effects in their
// evaluation order, effects applied to the cart by the handlers, coupon and
// referral validation with Talon.One's rejection reasons, limits and
// budgets, loyalty points, and the session lifecycle (open, closed,
// cancelled, partially returned, reopened) with its rollbacks, kept in a
// store.
//
// An Engine is built once from a loaded campaign file with New and is safe
// for concurrent use. Each update evaluates the session as it now is and
// returns the full snapshot of effects that hold for it (effects replace,
// they do not accumulate). Evaluation is optimistic: it reads the store
// without locks and commits once; a close that lost a race for a coupon or
// a budget is evaluated again, and a concurrent update of the same session
// gets ErrConflict.
//
// engine imports the leaves (cart, effects) and the middle (handlers,
// rules, store); nothing imports engine but the outer ring and users. What
// it does to its own carts beyond their public API (a pooled working cart,
// its ledger read without a copy, returns, effects applied in place) goes
// through internal/cartops (internal.go).
package engine
