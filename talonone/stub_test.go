package talonone_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cartfx/cartfx/talonone"
)

// stub returns a client of a handler on 127.0.0.1, with short backoffs.
func stub(t testing.TB, h http.HandlerFunc, opts ...talonone.Option) *talonone.Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	c, err := talonone.New(ts.URL, testKey, append([]talonone.Option{talonone.WithCurrency(eur),
		talonone.WithBackoff(time.Millisecond, 10*time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}
