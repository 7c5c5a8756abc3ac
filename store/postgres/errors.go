package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/cartfx/cartfx/store"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrUnavailable is a store that could not be reached, that went away
// in the middle of a call, or that did not answer in time: a refused or
// broken connection, a server shutting down or restarting, a connection
// terminated by an administrator, a statement cancelled by its
// statement_timeout or an administrator. Nothing of a commit that failed
// with it is half-written (the transaction was rolled back, or never
// committed), but a commit whose connection broke while committing may
// have committed: the retry then meets store.ErrConflict, the session
// having moved on. An error that matches it matches store.ErrUnavailable
// too, which the server answers with 503.
var ErrUnavailable = errors.New("the PostgreSQL store is unavailable")

// storeError is a failure of a call to PostgreSQL: what was being done, and
// the cause (a *pgconn.PgError, a network error, a context's error), which
// errors.As and errors.Is reach.
type storeError struct {
	op          string
	err         error
	unavailable bool
}

func (e *storeError) Error() string {
	if e.unavailable {
		return fmt.Sprintf("postgres: %s: %v: %v", e.op, ErrUnavailable, e.err)
	}
	return fmt.Sprintf("postgres: %s: %v", e.op, e.err)
}

func (e *storeError) Unwrap() []error {
	if e.unavailable {
		return []error{ErrUnavailable, store.ErrUnavailable, e.err}
	}
	return []error{e.err}
}

// wrap names the operation that failed, marking the failures that mean
// the store is unavailable.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return &storeError{op: op, err: err, unavailable: unavailable(err)}
}

// unavailable reports whether err is the store going away rather than a
// verdict on the statement: connection errors (SQLSTATE class 08), an
// administrator's or a shutdown's termination (57P01, 57P02, 57P03), a
// statement cancelled (57014: its statement_timeout, or an
// administrator), too many connections (53300), a network error, or
// pgx's own report of a connection it could not use. A cancelled or
// timed-out context is the caller's, not the store's.
func unavailable(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "57P01", "57P02", "57P03", "57014", "53300":
			return true
		}
		return len(pe.Code) == 5 && pe.Code[:2] == "08"
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ne) || errors.As(err, &ce) || pgconn.SafeToRetry(err) || pgconn.Timeout(err) ||
		errors.Is(err, net.ErrClosed) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
