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
// cart is a leaf: it imports no other cartfx package but the internal
// helpers internal/text and internal/jsonpos.
package cart
