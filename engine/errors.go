package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/store"
)

// Sentinel errors for outcomes callers branch on; match with errors.Is.
var (
	// ErrInvalidInput is a session, a return or a profile that is not
	// valid (Talon.One answers 400). Errors from the cart's validation also
	// match cart.ErrInvalidSession.
	ErrInvalidInput = errors.New("invalid input")
	// ErrInvalidTransition is a state change the session's state does not
	// allow (closed → partially_returned by an update, cancelled → open...).
	ErrInvalidTransition = errors.New("invalid state transition")
	// ErrConflict is an update that lost a race with another update of the
	// same session (Talon.One answers 409). It also matches
	// store.ErrConflict.
	ErrConflict = errors.New("conflict")
	// ErrSessionNotFound is a return or reopen of a session the store does
	// not have (Talon.One answers 404).
	ErrSessionNotFound = errors.New("session not found")
)

// Error is the engine's error, in Talon.One's error shape: a message and
// the problems, each with a JSON pointer. Status is the HTTP status
// Talon.One would answer with.
type Error struct {
	Status   int            `json:"-"`
	Message  string         `json:"message"`
	Problems []cart.Problem `json:"errors"`
	kind     error
	cause    error
}

// Error returns the cause's text, or the message and every problem.
func (e *Error) Error() string {
	if e.cause != nil {
		return e.cause.Error()
	}
	s := e.Message
	for i, p := range e.Problems {
		if i == 0 {
			s += ": "
		} else {
			s += "; "
		}
		if p.Source.Pointer != "" {
			s += p.Source.Pointer + ": "
		}
		s += p.Details
	}
	return s
}

// Unwrap returns the sentinel and the cause.
func (e *Error) Unwrap() []error {
	if e.cause != nil {
		return []error{e.kind, e.cause}
	}
	return []error{e.kind}
}

// MarshalJSON writes Talon.One's error shape.
func (e *Error) MarshalJSON() ([]byte, error) {
	type shape Error
	s := shape(*e)
	if s.Problems == nil {
		s.Problems = []cart.Problem{}
	}
	return json.Marshal(s)
}

func invalidInput(err error) error {
	var ce *cart.Error
	if errors.As(err, &ce) {
		return &Error{Status: 400, Message: ce.Message, Problems: ce.Problems, kind: ErrInvalidInput, cause: err}
	}
	return &Error{Status: 400, Message: err.Error(), kind: ErrInvalidInput, cause: err}
}

func badField(pointer, title, format string, args ...any) error {
	details := fmt.Sprintf(format, args...)
	return &Error{Status: 400, Message: "invalid input", kind: ErrInvalidInput,
		Problems: []cart.Problem{{Title: title, Details: details, Source: cart.Source{Pointer: pointer}}}}
}

func badTransition(from, to cart.State, why string) error {
	return &Error{Status: 400, Message: "invalid state transition", kind: ErrInvalidTransition,
		Problems: []cart.Problem{{Title: "Invalid state transition",
			Details: fmt.Sprintf("%s %s session cannot become %s: %s", article(string(from)), from, to, why), Source: cart.Source{Pointer: "/state"}}}}
}

func conflict(id string, err error) error {
	return &Error{Status: 409, Message: fmt.Sprintf("the session %q was changed by a concurrent update; send the update again", id),
		kind: ErrConflict, cause: fmt.Errorf("%w: %w", ErrConflict, err)}
}

func notFound(id string) error {
	return &Error{Status: 404, Message: fmt.Sprintf("no customer session %q", id), kind: ErrSessionNotFound,
		cause: fmt.Errorf("%w: %q: %w", ErrSessionNotFound, id, store.ErrNotFound)}
}

// article is "an" before a vowel, "a" otherwise.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
