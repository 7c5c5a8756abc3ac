package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/store"
)

// errorItem is one problem in Talon.One's error shape (APIError).
type errorItem struct {
	Title   string      `json:"title"`
	Details string      `json:"details"`
	Source  errorSource `json:"source"`
}

// errorSource says where a problem is: a JSON pointer into the body, or a
// parameter (a path or query parameter, or a header).
// Exactly one of them is set; a pointer may be "" (the whole body).
type errorSource struct {
	Pointer   *string `json:"pointer,omitempty"`
	Parameter *string `json:"parameter,omitempty"`
}

// apiError is an answer in Talon.One's error shape (ErrorResponse; with
// StatusCode, ErrorResponseWithStatus).
type apiError struct {
	status  int
	Message string      `json:"message"`
	Errors  []errorItem `json:"errors"`
	// StatusCode is written on 401 and 409, as Talon.One does.
	StatusCode int `json:"StatusCode,omitempty"`
	// cause is the error behind an answer that is no verdict on the
	// request (503, 500, a client gone): for the log, never the body.
	cause error
}

func (e *apiError) Error() string { return e.Message }

// newError is an error answer with one problem.
func newError(status int, message, title, details string, src errorSource) *apiError {
	e := &apiError{status: status, Message: message, Errors: []errorItem{{Title: title, Details: details, Source: src}}}
	if status == http.StatusUnauthorized || status == http.StatusConflict {
		e.StatusCode = status
	}
	return e
}

func pointer(p string) errorSource   { return errorSource{Pointer: &p} }
func parameter(p string) errorSource { return errorSource{Parameter: &p} }

// badParameter is a 400 for a path or query parameter or a header.
func badParameter(name, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "The submitted data was invalid", "Invalid", fmt.Sprintf(format, args...), parameter(name))
}

// badBody is a 400 for the body, at a JSON pointer.
func badBody(ptr, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "The submitted data was invalid", "Invalid", fmt.Sprintf(format, args...), pointer(ptr))
}

var errStore = errors.New("the store is unreachable")

// statusClientClosed is the status that the log and the metrics give a
// request whose client went away before the answer (nginx's 499). It is
// written with no body, which nobody reads.
const statusClientClosed = 499

// fromEngine turns an engine error into the answer: the engine's status,
// message and problems, each problem with a source (a problem the engine
// placed nowhere is about the whole body when there is one, else about
// the resource, the path parameter the route names); anything that is
// not the engine's verdict on the request is unexpected.
func fromEngine(err error, param string, hasBody bool) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var ee *engine.Error
	if !errors.As(err, &ee) {
		return unexpected(err, param)
	}
	// Through JSON, so that the engine's problem type may change.
	data, merr := json.Marshal(ee)
	out := &apiError{}
	if merr != nil || json.Unmarshal(data, out) != nil {
		out = &apiError{Message: ee.Message}
	}
	out.status = ee.Status
	if out.status == 0 {
		out.status = http.StatusBadRequest
	}
	title := http.StatusText(out.status)
	if errors.Is(err, engine.ErrSessionNotFound) || errors.Is(err, engine.ErrProgramNotFound) || errors.Is(err, engine.ErrProfileNotFound) {
		title = "Not found"
	}
	if errors.Is(err, engine.ErrConflict) {
		out.StatusCode = http.StatusConflict
		title = "Conflict"
	}
	if len(out.Errors) == 0 {
		out.Errors = []errorItem{{Title: title, Details: out.Message, Source: parameter(param)}}
	}
	for i := range out.Errors {
		if s := &out.Errors[i].Source; s.Pointer == nil && s.Parameter == nil {
			if hasBody {
				*s = pointer("")
			} else {
				*s = parameter(param)
			}
		}
	}
	return out
}

// unexpected answers an error that is no verdict on the request, keeping
// it for the log: 503 for a store that is unavailable or did not answer in
// time (store.ErrUnavailable, a deadline: the call may succeed again);
// no answer for a request whose context was cancelled (its client went
// away: the server derives no context that it cancels itself); 500 for
// anything else, a generic message that shows nothing of the cause.
func unexpected(err error, param string) *apiError {
	var out *apiError
	switch {
	case errors.Is(err, context.Canceled):
		out = &apiError{status: statusClientClosed}
	case errors.Is(err, store.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		out = newError(http.StatusServiceUnavailable, "The service is unavailable; try again", "Unavailable", errStore.Error(), parameter(param))
	default:
		out = newError(http.StatusInternalServerError, "Internal server error", "Internal", "the request could not be handled", parameter(param))
	}
	out.cause = err
	return out
}

// placeTransition places the problem of an invalid state transition of a
// session update: the engine points at the session's /state when the
// update sent one (and names the path's customerSessionId when the stored
// state refused the update), and state is where the body holds it
// (/customerSession/state, or /state for a bare session); "" falls back
// on customerSessionId.
func placeTransition(err error, out *apiError, state string) *apiError {
	if !errors.Is(err, engine.ErrInvalidTransition) {
		return out
	}
	for i := range out.Errors {
		if p := out.Errors[i].Source.Pointer; p != nil && *p == "/state" {
			if state != "" {
				out.Errors[i].Source = pointer(state)
			} else {
				out.Errors[i].Source = parameter("customerSessionId")
			}
		}
	}
	return out
}

// sentState is where a session update's body holds the session's state:
// /customerSession/state, /state for a bare session, or "" when it sends
// none. Keys match as the engine's reader matches them.
func sentState(body []byte) string {
	var in struct {
		CustomerSession *struct {
			State json.RawMessage `json:"state"`
		} `json:"customerSession"`
		State json.RawMessage `json:"state"`
	}
	if json.Unmarshal(body, &in) != nil {
		return ""
	}
	present := func(raw json.RawMessage) bool { return len(raw) > 0 && string(raw) != "null" }
	switch {
	case in.CustomerSession != nil:
		if present(in.CustomerSession.State) {
			return "/customerSession/state"
		}
	case present(in.State):
		return "/state"
	}
	return ""
}

// writeError writes an error answer; its cause, if any, goes to the
// request's log line.
func writeError(w http.ResponseWriter, e *apiError) {
	if e.cause != nil {
		if rec := recorderOf(w); rec != nil {
			rec.err = e.cause
		}
	}
	if e.status == statusClientClosed {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(statusClientClosed)
		return
	}
	if e.Errors == nil {
		e.Errors = []errorItem{}
	}
	writeJSON(w, e.status, e)
}
