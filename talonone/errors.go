package talonone

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/cartfx/cartfx/apierror"
	"github.com/cartfx/cartfx/internal/text"
)

// The outcomes a caller branches on; an *APIError matches the one of its
// status with errors.Is.
var (
	// ErrUnauthorized is a 401 or 403: the API key is missing, wrong or
	// not allowed here.
	ErrUnauthorized = errors.New("talonone: unauthorized")
	// ErrNotFound is a 404: the session, profile or program does not
	// exist, or the URL is not an Integration API.
	ErrNotFound = errors.New("talonone: not found")
	// ErrConflict is a 409: another update of the session won a race (or
	// an Idempotency-Key was used with another request). It is never
	// retried: read the session again and decide.
	ErrConflict = errors.New("talonone: conflict")
	// ErrInvalidInput is a 400, 413, 415 or 422: the request was refused
	// as it is, and sending it again changes nothing; also a session or
	// argument the client refuses before sending.
	ErrInvalidInput = errors.New("talonone: invalid input")
	// ErrUnavailable is a 429, 5xx or connection failure that lasted
	// through every retry.
	ErrUnavailable = errors.New("talonone: unavailable")
)

// APIError is an answer that is not a success, in Talon.One's error
// shape: the status, the message and each problem with its place.
type APIError struct {
	// Status is the HTTP status code.
	Status int
	// Message is Talon.One's message, or the status text when the body
	// had none.
	Message string
	// Errors are the problems, each with a JSON pointer into the request
	// body; a problem with a path or query parameter, or a header, has
	// no pointer and names the parameter in its details.
	Errors []apierror.Item
	// Method and Path are the request's, for the message.
	Method, Path string
	// RequestID is the answer's X-Request-Id, when it had one.
	RequestID string
	// kind is the sentinel of a request refused before it was sent
	// (Status 0).
	kind error
}

// Error returns the request, the status, the message and every problem.
func (e *APIError) Error() string {
	status := strconv.Itoa(e.Status)
	if e.Status == 0 {
		status = "not sent"
	}
	msg := fmt.Sprintf("talonone: %s %s: %s: %s", e.Method, e.Path, status, apierror.Response{Message: e.Message, Errors: e.Errors}.String())
	if e.RequestID != "" {
		msg += " (request " + e.RequestID + ")"
	}
	return msg
}

// Is matches the sentinel of the status.
func (e *APIError) Is(target error) bool {
	if e.kind != nil {
		return target == e.kind
	}
	return target != nil && kindOf(e.Status) == target
}

func kindOf(status int) error {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ErrUnauthorized
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge ||
		status == http.StatusUnsupportedMediaType || status == http.StatusUnprocessableEntity:
		return ErrInvalidInput
	case status == http.StatusTooManyRequests || status >= 500:
		return ErrUnavailable
	}
	return nil
}

// wireError is ErrorResponse as Talon.One and cartfx serve write it.
type wireError struct {
	Message string `json:"message"`
	Errors  []struct {
		Title   string `json:"title"`
		Details string `json:"details"`
		Source  struct {
			Pointer   *string `json:"pointer"`
			Parameter *string `json:"parameter"`
		} `json:"source"`
	} `json:"errors"`
}

// decodeError reads an error answer; a body that is not the error shape
// (a proxy's HTML page) becomes the status text and a quote of the body.
func decodeError(method, path string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Status: resp.StatusCode, Method: method, Path: path, RequestID: resp.Header.Get("X-Request-Id")}
	var w wireError
	if err := json.Unmarshal(body, &w); err != nil || w.Message == "" && len(w.Errors) == 0 {
		e.Message = http.StatusText(resp.StatusCode)
		if len(body) > 0 {
			e.Errors = []apierror.Item{{Title: "Unexpected body", Details: "the answer is not Talon.One's error shape: " + text.Quote(string(body))}}
		}
		return e
	}
	e.Message = w.Message
	for _, it := range w.Errors {
		item := apierror.Item{Title: it.Title, Details: it.Details}
		switch {
		case it.Source.Pointer != nil:
			item.Source.Pointer = *it.Source.Pointer
		case it.Source.Parameter != nil:
			item.Details += " (parameter " + strconv.Quote(*it.Source.Parameter) + ")"
		}
		e.Errors = append(e.Errors, item)
	}
	return e
}

// invalid is a request the client refuses before sending it: Status 0,
// matching ErrInvalidInput.
func invalid(method, path, pointer, format string, args ...any) *APIError {
	return &APIError{kind: ErrInvalidInput, Method: method, Path: path, Message: "The request was not sent",
		Errors: []apierror.Item{{Title: "Invalid", Details: fmt.Sprintf(format, args...), Source: apierror.Source{Pointer: pointer}}}}
}
