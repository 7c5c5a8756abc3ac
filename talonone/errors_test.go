package talonone_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/cartfx/cartfx/apierror"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/talonone"
	"github.com/google/go-cmp/cmp"
)

// TestErrorClasses gets each error class from a cartfx serve and checks
// the sentinel it matches, and the whole APIError.
func TestErrorClasses(t *testing.T) {
	c, _, ts := newServe(t)
	ctx := context.Background()
	bad, err := talonone.New(ts.URL+"/talon", "wrong-key", talonone.WithCurrency(eur))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Update(ctx, "s-1", parse(t, openSession), engine.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateSession(ctx, "s-1", []byte(`{"state": "closed"}`), engine.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		call func() error
		is   error
		want *talonone.APIError
	}{
		{"unauthorized", func() error { _, err := bad.Session(ctx, "s-1"); return err }, talonone.ErrUnauthorized,
			&talonone.APIError{Status: 401, Method: "GET", Path: "/v2/customer_sessions/s-1"}},
		{"not found", func() error { _, err := c.Session(ctx, "nope"); return err }, talonone.ErrNotFound,
			&talonone.APIError{Status: 404, Method: "GET", Path: "/v2/customer_sessions/nope"}},
		{"invalid transition", func() error {
			_, err := c.UpdateSession(ctx, "s-1", []byte(`{"state": "open"}`), engine.UpdateOptions{})
			return err
		}, talonone.ErrInvalidInput, &talonone.APIError{Status: 400, Method: "PUT", Path: "/v2/customer_sessions/s-1"}},
		{"return too many", func() error {
			_, err := c.Return(ctx, "s-1", []engine.ReturnedItem{{Position: 0, Quantity: 9}})
			return err
		}, talonone.ErrInvalidInput, &talonone.APIError{Status: 400, Method: "POST", Path: "/v2/customer_sessions/s-1/returns"}},
		{"not sent", func() error { _, err := c.Return(ctx, "s-1", nil); return err }, talonone.ErrInvalidInput, nil},
	} {
		err := tt.call()
		if !errors.Is(err, tt.is) {
			t.Errorf("%s: %v does not match %v", tt.name, err, tt.is)
			continue
		}
		var ae *talonone.APIError
		if !errors.As(err, &ae) {
			t.Errorf("%s: %T is not an *APIError", tt.name, err)
			continue
		}
		if tt.want != nil && (ae.Status != tt.want.Status || ae.Method != tt.want.Method || ae.Path != tt.want.Path || ae.Message == "" || len(ae.Errors) == 0) {
			t.Errorf("%s: got %+v, want status %d %s %s with a message and problems", tt.name, ae, tt.want.Status, tt.want.Method, tt.want.Path)
		}
	}
	// The problems as the server placed them.
	_, err = c.Return(ctx, "s-1", []engine.ReturnedItem{{Position: 0, Quantity: 9}})
	var ae *talonone.APIError
	errors.As(err, &ae)
	want := []apierror.Item{{Title: "Invalid", Details: "returning 9 units of position 0, but only 2 are not returned yet",
		Source: apierror.Source{Pointer: "/return/returnedCartItems/0/quantity"}}}
	if d := cmp.Diff(want, ae.Errors); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

// TestConflictIsNotRetried answers 409 and counts the requests.
func TestConflictIsNotRetried(t *testing.T) {
	n := 0
	c := stub(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(409)
		w.Write([]byte(`{"message": "conflict", "errors": [{"title": "Conflict", "details": "another update won", "source": {"parameter": "customerSessionId"}}], "StatusCode": 409}`))
	})
	_, err := c.Update(context.Background(), "s", parse(t, openSession), engine.UpdateOptions{})
	var ae *talonone.APIError
	if !errors.Is(err, talonone.ErrConflict) || !errors.As(err, &ae) || n != 1 {
		t.Fatalf("err %v after %d requests; want ErrConflict after 1", err, n)
	}
	want := []apierror.Item{{Title: "Conflict", Details: `another update won (parameter "customerSessionId")`}}
	if d := cmp.Diff(want, ae.Errors); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}
