package server

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/cartfx/cartfx/internal/text"
)

// methods dispatches a route by method; any other method is a 405 in
// Talon.One's error shape, with Allow.
type methods map[string]http.HandlerFunc

func (m methods) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := m[r.Method]; ok {
		h(w, r)
		return
	}
	allowed := make([]string, 0, len(m))
	for k := range m {
		allowed = append(allowed, k)
	}
	slices.Sort(allowed)
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	writeError(w, newError(http.StatusMethodNotAllowed, "Method not allowed", "Method not allowed",
		shownMethod(r.Method)+" is not allowed here; use "+strings.Join(allowed, " or "), parameter("method")))
}

// shownMethod is a method as a message shows it: one of the methods
// methodLabel names as it is, any other quoted and cut to 64 characters.
func shownMethod(m string) string {
	if methodLabel(m) == methodOther {
		return text.Quote(m)
	}
	return m
}

// routes builds the handler: the routes under the base path, the
// Integration API behind the key check, everything behind the allowlist,
// logged and counted.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	base := s.cfg.BasePath
	open := func(path, route string, m methods) {
		mux.Handle(base+path, named(route, m.ServeHTTP))
	}
	api := func(path, route string, m methods) {
		mux.Handle(base+path, named(route, s.authorized(m).ServeHTTP))
	}
	open("/healthz", "/healthz", methods{"GET": s.healthz})
	open("/readyz", "/readyz", methods{"GET": s.readyz})
	open("/metrics", "/metrics", methods{"GET": s.metrics.handler.ServeHTTP})
	api("/v2/customer_sessions/{id}", "/v2/customer_sessions/{id}",
		methods{"PUT": s.updateSession, "GET": s.getSession})
	api("/v2/customer_sessions/{id}/returns", "/v2/customer_sessions/{id}/returns", methods{"POST": s.returnItems})
	api("/v2/customer_sessions/{id}/reopen", "/v2/customer_sessions/{id}/reopen", methods{"PUT": s.reopen})
	api("/v2/customer_profiles/{id}", "/v2/customer_profiles/{id}", methods{"PUT": s.updateProfile})
	api("/v1/loyalty_programs/{programId}/profile/{integrationId}/balances",
		"/v1/loyalty_programs/{programId}/profile/{integrationId}/balances", methods{"GET": s.balances})
	api("/v1/customer_profiles/{id}/inventory", "/v1/customer_profiles/{id}/inventory", methods{"GET": s.inventory})
	mux.Handle("/", named("unknown", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, newError(http.StatusNotFound, "Not found", "Not found",
			"no route "+r.URL.Path, parameter("path")))
	}))
	return s.observe(s.allow(mux))
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "alive"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.ready(r.Context()); err != nil {
		// The store's error is for the log: /readyz needs no key.
		s.log.Warn("not ready", "err", err)
		details := errStore.Error()
		if errors.Is(err, errNoCampaigns) {
			details = errNoCampaigns.Error()
		}
		writeError(w, newError(http.StatusServiceUnavailable, "Not ready", "Unavailable", details, parameter("store")))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
