// Package cart owns the money model of cartfx: currencies and their ISO 4217
// minor units, rounding, exact parsing of amounts from JSON text, the customer
// session in Talon.One's NewCustomerSessionV2 shape, its validation against the
// attribute registry, the flattening of lines into units, the per-unit
// adjustment ledger, allocation of an amount over units, totals and the
// receipt.
//
// Amounts enter and leave as decimals (github.com/shopspring/decimal); what a
// Cart records is whole minor units of its currency in int64, with every
// addition checked for overflow. Nothing in this package ever holds money in a
// float.
//
// A session body that is not JSON is refused with the line, column and
// pointer of the byte at fault, then encoding/json's words for what is
// wrong; an object with a duplicate key is refused with the pointer and
// position of the duplicate (see ParseSession). Input quoted in a message
// is cut short (internal/text), and so is a long key in a pointer.
//
// A Cart's methods are its model: reading its lines, units, charges,
// ledger, totals, receipt and attributes; the changes a handler makes
// (discounts and their removal, free lines, attributes, coupon and referral
// verdicts, notifications, loyalty points, informational effects); and
// Clone. A Cart from New is the caller's, and stays valid for as long as
// they keep it.
//
// The engine and the built-in handlers need more of a cart, for speed or
// for their own bookkeeping: a working cart whose arrays are reused from
// one update to the next, room reserved in its ledger, the ledger read
// without a copy, returned units, the rollbacks of verdicts and points.
// Those operations are unexported; the package registers them, at init,
// into internal/cartops, which only this module can import (internal.go).
// The engine never recycles a cart that a handler other than a built-in
// one was given, nor the cart it was cloned from (pool.go).
//
// cart is a leaf: it imports no other cartfx package but the internal
// helpers internal/text, internal/jsonpos and internal/cartops.
package cart
