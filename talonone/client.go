package talonone

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/handlers"
)

// The client's defaults; each has an option.
const (
	// DefaultTimeout bounds one call, its retries included.
	DefaultTimeout = 10 * time.Second
	// DefaultRetries is how many times a safe call is sent again.
	DefaultRetries = 3
	// DefaultMinBackoff and DefaultMaxBackoff bound the wait before a
	// retry: it doubles from the first, with jitter, up to the second.
	DefaultMinBackoff = 100 * time.Millisecond
	DefaultMaxBackoff = 5 * time.Second
	// MaxResponseSize is the most the client reads of an answer: 16 MiB,
	// thousands of times a real session's.
	MaxResponseSize = 16 << 20
)

// Client calls the Integration API of one Talon.One application (or one
// cartfx serve). It is safe for concurrent use; make one per application
// and keep it, so that its connections are kept alive.
type Client struct {
	base       string // scheme://host/prefix, without a trailing slash
	auth       string
	http       *http.Client
	timeout    time.Duration
	retries    int
	minBackoff time.Duration
	maxBackoff time.Duration
	currency   cart.Currency
	rounding   cart.RoundingMode
	handlers   *handlers.Registry
	userAgent  string
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the client send its requests with hc (a transport
// of your own, a proxy, tracing) instead of its own tuned transport.
// hc.Timeout, if set, bounds each attempt.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithTimeout bounds each call, its retries and their waits included;
// the context's deadline, when earlier, wins. 0 is no bound but the
// context's.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithRetries sets how many times a call that is safe to repeat is sent
// again after a connection error, a 429, 502, 503 or 504; 0 never
// retries.
func WithRetries(n int) Option { return func(c *Client) { c.retries = max(n, 0) } }

// WithBackoff sets the first wait before a retry and the longest; the
// wait doubles from one to the other, each drawn at random between half
// of it and all of it. A Retry-After longer than the longest is waited
// anyway, if the call's deadline leaves time for it.
func WithBackoff(first, longest time.Duration) Option {
	return func(c *Client) { c.minBackoff, c.maxBackoff = max(first, time.Millisecond), max(longest, first) }
}

// WithCurrency is the currency of the application's prices (default
// USD): the sessions sent are written in it, and the carts the effects
// are applied to are in it.
func WithCurrency(cur cart.Currency) Option { return func(c *Client) { c.currency = cur } }

// WithRounding is the rounding of the carts the effects are applied to
// (default cart.HalfEven, as the engine's).
func WithRounding(r cart.RoundingMode) Option { return func(c *Client) { c.rounding = r } }

// WithHandlers applies the effects with r instead of handlers.New(): the
// handlers a cart service registered for its custom effects.
func WithHandlers(r *handlers.Registry) Option { return func(c *Client) { c.handlers = r } }

// WithUserAgent sets the User-Agent of every request.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// New returns a client for the Integration API at baseURL, such as
// https://mycompany.europe-west1.talon.one or http://127.0.0.1:8080/talon
// (a path prefix is kept), authenticating with the application's API key.
func New(baseURL, apiKey string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	switch {
	case err != nil:
		return nil, fmt.Errorf("talonone: the base URL %q is not a URL: %w", baseURL, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("talonone: the base URL %q must start with https:// (or http://)", baseURL)
	case u.Host == "":
		return nil, fmt.Errorf("talonone: the base URL %q has no host", baseURL)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return nil, fmt.Errorf("talonone: the base URL %q must be scheme://host[/prefix], without user, query or fragment", baseURL)
	}
	key := strings.TrimSpace(apiKey)
	if key == "" {
		return nil, errors.New("talonone: the API key is empty")
	}
	if strings.ContainsAny(key, "\r\n") {
		return nil, errors.New("talonone: the API key has a line break")
	}
	c := &Client{
		base: u.Scheme + "://" + u.Host + strings.TrimRight(u.EscapedPath(), "/"), auth: "ApiKey-v1 " + key,
		timeout: DefaultTimeout, retries: DefaultRetries, minBackoff: DefaultMinBackoff, maxBackoff: DefaultMaxBackoff,
		currency: cart.MustCurrency("USD"), rounding: cart.HalfEven, userAgent: "cartfx-talonone",
	}
	for _, o := range opts {
		o(c)
	}
	if c.http == nil {
		c.http = &http.Client{Transport: NewTransport()}
	}
	if c.handlers == nil {
		c.handlers = handlers.New()
	}
	return c, nil
}

// NewTransport returns the transport a Client makes for itself: a
// persistent connection pool tuned for one API host (the persistent
// connection Talon.One's checklist asks a proxy for, built in): HTTP/2
// when the server offers it, keep-alive, enough idle connections per
// host for a busy cart service, and bounded dial, TLS and header waits.
func NewTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// Close closes the client's idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }
