package talonone

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// request is one call: what is sent, and whether it may be sent again.
type request struct {
	method, path string // path under the base URL, escaped
	query        string // encoded, without '?'
	body         []byte // nil for none
	// safe calls are repeated after a connection error or a 429, 502,
	// 503 or 504; any call is repeated when its connection could not be
	// made (nothing was sent).
	safe    bool
	headers []string // name, value pairs
}

// do sends a request, retrying as it may, and returns the body of a 2xx
// answer; any other answer is an *APIError.
func (c *Client) do(ctx context.Context, r request) ([]byte, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	target := c.base + r.path
	if r.query != "" {
		target += "?" + r.query
	}
	for attempt := 0; ; attempt++ {
		body, resp, err := c.once(ctx, r, target)
		if err == nil && resp.StatusCode/100 == 2 {
			return body, nil
		}
		var wait time.Duration
		var final error
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, fmt.Errorf("talonone: %s %s: %w", r.method, r.path, context.Cause(ctx))
		case err != nil:
			final = fmt.Errorf("talonone: %s %s: %w: %w", r.method, r.path, ErrUnavailable, err)
			if !r.safe && !notSent(err) {
				return nil, final
			}
		default:
			aerr := decodeError(r.method, r.path, resp, body)
			if !r.safe || !retryable(resp.StatusCode) {
				return nil, aerr
			}
			final = aerr
			wait, _ = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		if attempt >= c.retries {
			return nil, final
		}
		wait = max(wait, c.backoff(attempt))
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			// The wait would outlast the call: the answer we have is the
			// answer.
			return nil, final
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("talonone: %s %s: %w (after %w)", r.method, r.path, context.Cause(ctx), final)
		case <-t.C:
		}
	}
}

// once sends the request once and reads the whole answer.
func (c *Client) once(ctx context.Context, r request, target string) ([]byte, *http.Response, error) {
	var rd io.Reader
	if r.body != nil {
		rd = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, rd)
	if err != nil {
		return nil, nil, err
	}
	h := req.Header
	h.Set("Authorization", c.auth)
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.userAgent)
	if r.body != nil {
		h.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(r.headers); i += 2 {
		h.Set(r.headers[i], r.headers[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading the answer (%d): %w", resp.StatusCode, err)
	}
	if len(body) > MaxResponseSize {
		return nil, nil, fmt.Errorf("the answer is longer than %d bytes", MaxResponseSize)
	}
	return body, resp, nil
}

// retryable are the statuses a safe call is sent again after.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// notSent reports whether a failed request never reached the server: its
// connection could not be made.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff is the wait before retry attempt+1: doubling from minBackoff up
// to maxBackoff, drawn between half of it and all of it, so that clients
// that failed together do not come back together.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.minBackoff << min(attempt, 30)
	if d > c.maxBackoff || d <= 0 {
		d = c.maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(min(s, 24*3600)) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
