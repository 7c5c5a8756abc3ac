package effects

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/cartfx/cartfx/apierror"
)

// Sentinel error kinds. Every [*Error] returned by a decoding function
// matches ErrMalformed and exactly one of ErrSyntax, ErrType, ErrValue,
// ErrMissing or ErrDuplicate; errors from encoding match ErrUnencodable.
var (
	// ErrMalformed matches every decoding error: the input is not an
	// acceptable effect or effect list.
	ErrMalformed = errors.New("effects: malformed effect JSON")
	// ErrSyntax is the kind of an error for input that is not well-formed
	// JSON.
	ErrSyntax = errors.New("effects: malformed JSON")
	// ErrType is the kind of an error for a JSON value of the wrong type,
	// such as a string where a number is expected.
	ErrType = errors.New("effects: wrong JSON type")
	// ErrValue is the kind of an error for a value of the right JSON type
	// that is not acceptable, such as a fractional or negative position, NaN
	// or an exponent out of range.
	ErrValue = errors.New("effects: invalid value")
	// ErrMissing is the kind of an error for a required field that is
	// absent.
	ErrMissing = errors.New("effects: required field missing")
	// ErrDuplicate is the kind of an error for an object with two members
	// of the same name; its pointer is the second of them.
	ErrDuplicate = errors.New("effects: duplicate key")
	// ErrUnencodable is the kind of an error for a Go value that cannot be
	// written as effect JSON, such as props that do not match the effect
	// type or a negative Index.
	ErrUnencodable = errors.New("effects: cannot encode")
)

// Error is the coded error of this package's JSON boundary: a Talon.One
// API error item and its kind. Item.Source.Pointer is a JSON pointer
// (RFC 6901) to the offending value, relative to the decoded document (""
// is the whole document); Item.Title is a short, fixed description of the
// kind of problem, such as "Invalid value"; Item.Details says what is
// wrong and what was expected. An *Error encodes as its item.
type Error struct {
	apierror.Item
	// Kind is one of the sentinel errors ErrSyntax, ErrType, ErrValue,
	// ErrMissing, ErrDuplicate or ErrUnencodable.
	Kind error `json:"-"`
}

// Error returns "pointer: details", or just the details when the error is
// about the whole document.
func (e *Error) Error() string { return e.Item.String() }

// Is reports whether target is e's Kind, or ErrMalformed for a decoding
// error.
func (e *Error) Is(target error) bool {
	if target == e.Kind {
		return true
	}
	return target == ErrMalformed && e.Kind != ErrUnencodable
}

var titles = map[error]string{
	ErrSyntax:      "Malformed JSON",
	ErrType:        "Invalid type",
	ErrValue:       "Invalid value",
	ErrMissing:     "Missing field",
	ErrDuplicate:   "Duplicate key",
	ErrUnencodable: "Cannot encode",
}

func newError(kind error, pointer, detail string) *Error {
	return &Error{Item: apierror.Item{Title: titles[kind], Details: detail, Source: apierror.Source{Pointer: pointer}}, Kind: kind}
}

func missingError(pointer, name string) *Error {
	return newError(ErrMissing, pointer, "missing required field "+strconv.Quote(name))
}

// maxShown is how many bytes of an offending value an error message quotes.
const maxShown = 40

// describe renders a raw JSON value for an error message: scalars as they
// are written (shortened), objects and arrays by their kind.
func describe(raw []byte) string {
	raw = trimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	if len(raw) <= maxShown {
		return string(raw)
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(raw[cut]) {
		cut--
	}
	return string(raw[:cut]) + "…"
}

// gotError is the common "expected X, got Y" error.
func gotError(kind error, pointer, expected string, raw []byte) *Error {
	return newError(kind, pointer, "expected "+expected+", got "+describe(raw))
}
