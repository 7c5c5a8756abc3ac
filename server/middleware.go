package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/cartfx/cartfx/internal/text"
)

// named wraps a route's handler so that the log line and the metrics name
// the route and the session or profile it is about. observe's recorder is
// the handler's ResponseWriter (the middleware between them passes it on),
// and holds them: no request context is made for them.
func named(route string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rec, ok := w.(*recorder); ok {
			rec.route = route
			rec.id = r.PathValue("id")
			if rec.id == "" {
				rec.id = r.PathValue("integrationId")
			}
		}
		h(w, r)
	})
}

// recorder remembers the status a handler wrote, the route and ID that
// named gives it, and the error behind an unexpected answer (writeError).
type recorder struct {
	http.ResponseWriter
	status    int
	route, id string
	err       error
}

// recorderOf finds observe's recorder under the writers that wrap it.
func recorderOf(w http.ResponseWriter) *recorder {
	for {
		switch v := w.(type) {
		case *recorder:
			return v
		case interface{ Unwrap() http.ResponseWriter }:
			w = v.Unwrap()
		default:
			return nil
		}
	}
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe logs one line per request and counts it; a handler that panics
// answers 500 and logs its stack, and the server goes on.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, route: "unknown"}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("handler panic", "method", methodLabel(r.Method), "route", rec.route, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if rec.status == 0 {
					writeError(rec, newError(http.StatusInternalServerError, "Internal server error", "Internal",
						"the request could not be handled", pointer("")))
				}
			}
			d := time.Since(start)
			method := methodLabel(r.Method)
			s.metrics.observe(rec.route, method, rec.status, d)
			// An unexpected answer's line says what happened and its error.
			level, problem := slog.LevelInfo, ""
			if rec.err != nil {
				switch rec.status {
				case statusClientClosed:
					problem = "the client went away"
				case http.StatusServiceUnavailable:
					level, problem = slog.LevelWarn, "the store is unavailable"
				default:
					level, problem = slog.LevelError, "unexpected error"
				}
			}
			if !s.log.Enabled(r.Context(), level) {
				return
			}
			attrs := []slog.Attr{slog.String("method", method), slog.String("route", rec.route), slog.Int("status", rec.status),
				slog.Duration("duration", d), slog.String("session", logID(rec.id)), slog.String("remote", r.RemoteAddr)}
			if method == methodOther {
				// The method as sent, quoted and cut to 64 characters.
				attrs = append(attrs, slog.String("sentMethod", text.Quote(r.Method)))
			}
			if rec.err != nil {
				attrs = append(attrs, slog.String("problem", problem), slog.String("err", rec.err.Error()))
			}
			s.log.LogAttrs(r.Context(), level, "request", attrs...)
		}()
		next.ServeHTTP(rec, r)
	})
}

// methodLabel is a request's method as the metrics count it: one of the
// methods of RFC 9110 and PATCH, or "other", so that a client cannot add
// label values (and series) of its own.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return m
	}
	return methodOther
}

// logID is a session or profile ID as the request log shows it: an ID of
// up to 256 bytes as it is (the log's handler escapes what needs it), a
// longer one (path IDs may be of any length) quoted and cut to 64
// characters, so that no request makes a log line of its own size.
func logID(id string) string {
	if len(id) <= 256 {
		return id
	}
	return text.Quote(id)
}

// methodOther is the method label of every method methodLabel does not
// name.
const methodOther = "other"

// routeForbidden is the route label of the requests allow refuses, whatever
// their path.
const routeForbidden = "forbidden"

// allow answers 403 to a request from outside the allowed networks,
// before any other work; observe counts it under the route "forbidden".
func (s *Server) allow(next http.Handler) http.Handler {
	if len(s.cfg.Allow) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, ok := s.clientIP(r)
		if !ok || !contains(s.cfg.Allow, ip) {
			if rec, ok := w.(*recorder); ok {
				rec.route = routeForbidden
			}
			writeError(w, newError(http.StatusForbidden, "Forbidden", "Forbidden",
				"requests from this address are not allowed", parameter("remoteAddress")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is the request's client: the peer, or, when the peer is a
// trusted proxy, the last address of X-Forwarded-For that is not one.
func (s *Server) clientIP(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	ip = ip.Unmap()
	if !contains(s.cfg.TrustedProxies, ip) {
		return ip, true
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if h == "" {
			continue
		}
		hop, err := netip.ParseAddr(h)
		if err != nil {
			return netip.Addr{}, false
		}
		ip = hop.Unmap()
		if !contains(s.cfg.TrustedProxies, ip) {
			return ip, true
		}
	}
	return ip, true
}

func contains(nets []netip.Prefix, ip netip.Addr) bool {
	for _, n := range nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// authorized answers 401 to a request without one of the API keys,
// compared in constant time (as hashes, so that a key's length does not
// show either).
func (s *Server) authorized(next http.Handler) http.Handler {
	if len(s.keys) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const prefix = "ApiKey-v1 "
		h := r.Header.Get("Authorization")
		ok := false
		if len(h) > len(prefix) && strings.EqualFold(h[:len(prefix)], prefix) {
			sum := sha256.Sum256([]byte(strings.TrimSpace(h[len(prefix):])))
			for _, k := range s.keys {
				if subtle.ConstantTimeCompare(sum[:], k[:]) == 1 {
					ok = true
				}
			}
		}
		if !ok {
			writeError(w, newError(http.StatusUnauthorized, "Unauthorized: the API key is missing or invalid", "Unauthorized",
				`give a valid key as "Authorization: ApiKey-v1 KEY"`, parameter("Authorization")))
			return
		}
		next.ServeHTTP(w, r)
	})
}
