// Package effects owns cartfx's effect vocabulary: the Talon.One effect
// envelope ([Effect]), a typed props struct for each of the 42 Talon.One
// effect types (see [Types]), the JSON codec between them ([DecodeList],
// [EncodeList], [Effect.MarshalJSON], [Effect.UnmarshalJSON]) and an opaque
// passthrough ([Unknown]) for effect types this package does not know.
//
// It is a leaf package: it imports only the standard library and
// github.com/shopspring/decimal.
//
// # Wire names
//
// The effect type is written as Talon.One's discriminator. Two types are
// documented under other names; both spellings are read, and the
// discriminator is always written: "updateAttribute" is read as [TypeSet]
// and "triggerWebhook" as [TypeCallAPI].
//
// # Numbers
//
// Money and loyalty points are [Number] values: exact decimals parsed from
// the JSON text (a number or a numeric string), never through float64, and
// written back as unquoted JSON numbers that keep their exponent (10.00
// stays 10.00). Positions and other indexes are [Index] values: non-negative
// integers that may be written as 3 or 3.0 but not 3.5.
//
// # Round trips
//
// A Talon.One response decodes and re-encodes to the same JSON value:
//   - An effect of an unknown type keeps its raw bytes in [Effect.Raw] and
//     [Effect.MarshalJSON] writes them back byte for byte.
//   - Unknown keys of the envelope are kept in [Effect.Extra]; unknown keys of
//     a known type's props are kept in the props' [Passthrough], together
//     with the required keys the input left out, which are not invented on
//     output.
//   - Optional fields are pointers (nil means absent), so an explicit false
//     or 0 survives.
//
// Key order inside an object is not preserved; unknown keys are written
// after the modelled ones, sorted.
//
// # Errors
//
// Decoding errors are [*Error] values carrying a Talon.One error item
// ([apierror.Item]): a JSON pointer into the decoded document (for a
// response object, /effects/3/props/position; for a bare array,
// /3/props/position), a title and the details. Match their kind with
// errors.Is and [ErrMalformed], [ErrSyntax], [ErrType], [ErrValue],
// [ErrMissing] or [ErrDuplicate]. Decoding never panics, whatever the input.
//
// A syntax error says where the input goes wrong: the line and column
// (1-based; the column counts characters) and, when it is inside a value,
// that value's pointer, then encoding/json's words for what is wrong:
// "malformed JSON: line 3, column 14 (in /effects/0): invalid character
// '}' after object key". A byte order mark at the start has its own
// message. An object with two members of the same name (compared exactly,
// as keys are matched) is refused with the pointer and position of the
// second; the values passed through unread (Unknown props, Extra members)
// are not looked into. Input quoted in a message is cut short.
package effects
