package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// The timeouts of Serve's http.Server.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 120 * time.Second
	// ShutdownTimeout bounds how long a shutdown waits for the requests in
	// flight.
	ShutdownTimeout = 15 * time.Second
)

// HTTPServer returns an http.Server for the handler with the server's
// timeouts, HTTP/1.1 keep-alive and HTTP/2 cleartext (h2c, prior
// knowledge).
func (s *Server) HTTPServer() *http.Server {
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	return &http.Server{
		Handler:           s.handler,
		Protocols:         &p,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it
// stops accepting, lets the requests in flight finish (for at most
// Config.ShutdownTimeout, ShutdownTimeout by default) and closes the store
// if it is an io.Closer. A shutdown that reaches its deadline closes the
// connections still open and logs a warning: Serve still returns nil, as
// the shutdown asked for was done; it returns an error only when serving
// failed or the store did not close.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.HTTPServer()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String(), "basePath", s.cfg.BasePath)
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		s.log.Info("shutting down: finishing the requests in flight")
		timeout := s.cfg.ShutdownTimeout
		if timeout <= 0 {
			timeout = ShutdownTimeout
		}
		sctx, cancel := context.WithTimeout(context.Background(), timeout)
		err = hs.Shutdown(sctx)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			s.log.Warn("shutdown timed out: the requests still running were cut off", "timeout", timeout)
			if cerr := hs.Close(); cerr != nil {
				s.log.Warn("shutdown: closing the connections", "err", cerr)
			}
			err = nil
		}
		<-errc
	}
	if c, ok := s.store.(io.Closer); ok {
		if cerr := c.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Watch reloads the campaign file whenever its modification time or size
// changes, checking every interval, until ctx is done.
func (s *Server) Watch(ctx context.Context, interval time.Duration) {
	stamp := func() (time.Time, int64) {
		fi, err := os.Stat(s.cfg.Campaigns)
		if err != nil {
			return time.Time{}, -1
		}
		return fi.ModTime(), fi.Size()
	}
	mod, size := stamp()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m, sz := stamp()
			if sz < 0 || (m.Equal(mod) && sz == size) {
				continue
			}
			mod, size = m, sz
			_ = s.Reload() // Reload logs what went wrong
		}
	}
}
