package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cartfx/cartfx/apierror"
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

// Error is the engine's error, in Talon.One's error shape: it encodes as
// {"message", "errors": [...]}, each item with a JSON pointer, and an empty
// list rather than null when there is none. Status is the HTTP status
// Talon.One would answer with.
type Error struct {
	Status int `json:"-"`
	apierror.Response
	kind  error
	cause error
}

// Error returns the cause's text, or the message and every item.
func (e *Error) Error() string {
	if e.cause != nil {
		return e.cause.Error()
	}
	return e.Response.String()
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
	r := e.Response
	if r.Errors == nil {
		r.Errors = []apierror.Item{}
	}
	return json.Marshal(r)
}

func invalidInput(err error) error {
	var ce *cart.Error
	if errors.As(err, &ce) {
		return &Error{Status: 400, Response: ce.Response, kind: ErrInvalidInput, cause: err}
	}
	return &Error{Status: 400, Response: apierror.Response{Message: err.Error()}, kind: ErrInvalidInput, cause: err}
}

func badField(pointer, title, format string, args ...any) error {
	details := fmt.Sprintf(format, args...)
	return &Error{Status: 400, kind: ErrInvalidInput, Response: apierror.Response{Message: "invalid input",
		Errors: []apierror.Item{{Title: title, Details: details, Source: apierror.Source{Pointer: pointer}}}}}
}

// badTransition is a state transition the session's state does not allow,
// about the state the session asked for (its /state).
func badTransition(from, to cart.State, why string) error {
	return badTransitionAt(apierror.Source{Pointer: "/state"}, from, to, why)
}

// storedState is the source of a transition refused for the stored
// session's state rather than for a state the call sent (a return, a
// reopen, a change of a closed session): the session, named by the call's
// ID, Talon.One's path parameter customerSessionId.
var storedState = apierror.Source{Parameter: "customerSessionId"}

func badTransitionAt(src apierror.Source, from, to cart.State, why string) error {
	return &Error{Status: 400, kind: ErrInvalidTransition, Response: apierror.Response{Message: "invalid state transition",
		Errors: []apierror.Item{{Title: "Invalid state transition",
			Details: fmt.Sprintf("%s %s session cannot become %s: %s", article(string(from)), from, to, why), Source: src}}}}
}

func conflict(id string, err error) error {
	return &Error{Status: 409, Response: apierror.Response{Message: fmt.Sprintf("the session %q was changed by a concurrent update; send the update again", id)},
		kind: ErrConflict, cause: fmt.Errorf("%w: %w", ErrConflict, err)}
}

func notFound(id string) error {
	return &Error{Status: 404, Response: apierror.Response{Message: fmt.Sprintf("no customer session %q", id)}, kind: ErrSessionNotFound,
		cause: fmt.Errorf("%w: %q: %w", ErrSessionNotFound, id, store.ErrNotFound)}
}

// article is "an" before a vowel, "a" otherwise.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
