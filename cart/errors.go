package cart

import (
	"encoding/json"
	"errors"

	"github.com/cartfx/cartfx/apierror"
)

// Sentinel errors. Every error this package returns matches one of them with
// errors.Is.
var (
	// ErrInvalidSession is matched by every *Error from ParseSession.
	ErrInvalidSession = errors.New("invalid customer session")
	// ErrInvalidAmount is a number that is malformed, negative where it must
	// not be, or has more decimals than its currency.
	ErrInvalidAmount = errors.New("invalid amount")
	// ErrOverflow is an amount that does not fit in 64-bit minor units.
	ErrOverflow = errors.New("amount overflows")
	// ErrUnknownCurrency is a code that is not an ISO 4217 currency with a
	// minor unit.
	ErrUnknownCurrency = errors.New("unknown currency")
	// ErrUnknownAttribute is an attribute that the registry does not define
	// for its entity.
	ErrUnknownAttribute = errors.New("unknown attribute")
	// ErrNotFound is a position, sub-position or additional cost that the cart
	// does not have.
	ErrNotFound = errors.New("not found in cart")
)

// Error is every problem found in one input, reported together, as
// Talon.One's error response: it encodes as {"message", "errors": [...]},
// one [apierror.Item] per problem, each with a JSON pointer.
type Error struct {
	apierror.Response
	kind error
}

// Error returns the message and every problem: "message: pointer: details;
// pointer: details".
func (e *Error) Error() string { return e.Response.String() }

// Unwrap returns the sentinel the error matches (ErrInvalidSession).
func (e *Error) Unwrap() error { return e.kind }

// MarshalJSON writes Talon.One's error shape.
func (e *Error) MarshalJSON() ([]byte, error) { return json.Marshal(&e.Response) }

// problems collects the items of an Error while an input is checked.
type problems struct {
	list apierror.List
}

func (ps *problems) add(pointer, title, details string) {
	ps.list.Add(apierror.Item{Title: title, Details: details, Source: apierror.Source{Pointer: pointer}})
}

func (ps *problems) err(message string, kind error) error {
	if ps.list.Len() == 0 {
		return nil
	}
	return &Error{Response: apierror.Response{Message: message, Errors: ps.list.Items()}, kind: kind}
}
