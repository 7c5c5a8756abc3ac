package handlers

import (
	"errors"
	"fmt"

	"github.com/cartfx/cartfx/effects"
)

// Sentinel errors that an *Error wraps; match them with errors.Is. An
// *Error also matches what its cause matches (cart.ErrNotFound for a
// position the cart does not have, effects' decoding errors, and so on).
var (
	// ErrInvalidEffect is an effect whose props cannot be applied as they
	// are: a negative value, a missing name, a position out of range.
	ErrInvalidEffect = errors.New("effect cannot be applied")
	// ErrNothingToRollBack is a rollback effect whose original is not on
	// the cart.
	ErrNothingToRollBack = errors.New("nothing to roll back")
)

// Error is an effect that could not be applied. It names the effect by its
// index in the list and the offending field with a JSON pointer such as
// /effects/3/props/position, or /3/props/position for an effect decoded
// from a bare array.
type Error struct {
	// Index is the effect's index in the list that was applied.
	Index int
	// At is where the effect was in the document it was decoded from
	// (effects.Effect.Pointer, such as /3 for a bare array), or "" when
	// the list was not decoded from one (an engine's effects, which go in
	// a response's effects array): the pointer then begins /effects/Index.
	At string
	// EffectType is the effect's type.
	EffectType effects.Type
	// Field is the props field at fault ("position"), or "" for the effect
	// as a whole.
	Field string
	// Err says what is wrong.
	Err error
}

// Pointer is the JSON pointer to the field at fault.
func (e *Error) Pointer() string {
	p := e.At
	if p == "" {
		p = fmt.Sprintf("/effects/%d", e.Index)
	}
	if e.Field != "" {
		p += "/props/" + e.Field
	}
	return p
}

// Error names the pointer and the effect type, then the cause.
func (e *Error) Error() string {
	return fmt.Sprintf("%s (%s): %v", e.Pointer(), e.EffectType, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// fieldError is what a handler returns to point at one props field; Apply
// turns it into an *Error with the effect's index.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// FieldError returns an error that blames one props field of the effect
// being applied; custom handlers use it so that Apply's *Error points at the
// field.
func FieldError(field string, err error) error { return &fieldError{field: field, err: err} }

func invalid(field, format string, args ...any) error {
	return FieldError(field, fmt.Errorf("%w: %s", ErrInvalidEffect, fmt.Sprintf(format, args...)))
}
