package cart

import (
	"encoding/json"
	"errors"
	"github.com/cartfx/cartfx/internal/jsonpos"
	"strings"
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

// Problem is one thing wrong with an input, in Talon.One's error shape: a
// short title, the details, and a JSON pointer to the offending field.
type Problem struct {
	Title   string `json:"title"`
	Details string `json:"details"`
	Source  Source `json:"source"`
}

// Source locates a Problem.
type Source struct {
	Pointer string `json:"pointer,omitempty"`
}

// Error is every problem found in one input, reported together. It encodes
// as Talon.One's error response: {"message", "errors": [...]}.
type Error struct {
	Message  string    `json:"message"`
	Problems []Problem `json:"errors"`
	kind     error
}

// Error lists the problems, one per line after the message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for i, p := range e.Problems {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		if p.Source.Pointer != "" {
			b.WriteString(p.Source.Pointer)
			b.WriteString(": ")
		}
		b.WriteString(p.Details)
	}
	return b.String()
}

// Unwrap returns the sentinel the error matches (ErrInvalidSession).
func (e *Error) Unwrap() error { return e.kind }

// MarshalJSON writes Talon.One's error shape.
func (e *Error) MarshalJSON() ([]byte, error) {
	type shape Error
	return json.Marshal((*shape)(e))
}

// problems collects Problems while an input is checked.
type problems struct {
	list []Problem
}

func (ps *problems) add(pointer, title, details string) {
	ps.list = append(ps.list, Problem{Title: title, Details: details, Source: Source{Pointer: pointer}})
}

func (ps *problems) err(message string, kind error) error {
	if len(ps.list) == 0 {
		return nil
	}
	return &Error{Message: message, Problems: ps.list, kind: kind}
}

// escapePointer escapes one JSON pointer token (RFC 6901), cut to its
// first jsonpos.MaxToken characters and "…" when it is longer, so that a
// long key is never echoed whole.
func escapePointer(s string) string { return jsonpos.Token(s) }
