package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestApplyURL sends the session to a stub answering applyResponse: the
// receipt is the one apply --effects prints for the same effects, and the
// request is the Integration API's.
func TestApplyURL(t *testing.T) {
	var method, path, query, auth string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method, path, query, auth = r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, applyResponse)
	}))
	defer ts.Close()
	t.Setenv("CARTFX_API_KEY", "k-1")
	session := writeFile(t, "s.json", applySession)
	_, want, _ := runCLI("apply", "--session", session, "--effects", writeFile(t, "e.json", applyResponse), "--currency", "EUR")
	code, out, errOut := runCLI("apply", "--url", ts.URL+"/talon", "--session", session, "--session-id", "order-7", "--dry", "--currency", "EUR")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if out != want {
		t.Errorf("receipt:\n%s\nwant (apply --effects):\n%s", out, want)
	}
	if method != "PUT" || path != "/talon/v2/customer_sessions/order-7" || query != "dry=true" || auth != "ApiKey-v1 k-1" {
		t.Errorf("request %s %s?%s %q", method, path, query, auth)
	}
}

func TestApplyURLErrors(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		io.WriteString(w, `{"message": "Unauthorized", "errors": [{"title": "Unauthorized", "details": "the API key is not valid", "source": {"parameter": "Authorization"}}], "StatusCode": 401}`)
	}))
	defer ts.Close()
	session := writeFile(t, "s.json", applySession)
	t.Setenv("CARTFX_API_KEY", "")
	for _, tt := range []struct {
		key  string
		args []string
		want string
	}{
		{"", []string{"apply", "--url", ts.URL, "--session", session}, "cartfx apply: --url needs the API key in CARTFX_API_KEY\n"},
		{"k", []string{"apply", "--url", ts.URL, "--session", session, "--effects", session}, "cartfx apply: --url and --effects cannot be used together: the effects come from the URL (run cartfx help apply)\n"},
		{"k", []string{"apply", "--url", "ftp://x", "--session", session}, "cartfx apply: --url: talonone: the base URL \"ftp://x\" must start with https:// (or http://)\n"},
		{"k", []string{"apply", "--url", ts.URL, "--session", session}, "cartfx apply: talonone: PUT /v2/customer_sessions/cartfx-apply: 401: Unauthorized: the API key is not valid (parameter \"Authorization\")\n"},
	} {
		t.Setenv("CARTFX_API_KEY", tt.key)
		code, out, errOut := runCLI(tt.args...)
		if code != 2 || out != "" || errOut != tt.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q\nwant exit 2 and %q", tt.args, code, out, errOut, tt.want)
		}
	}
}
