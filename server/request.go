package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// readBody reads a JSON request body: 415 for another media type, 413
// past the server's limit. The body is read into buf[:0] when it has room
// (see bodyBuffers).
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, buf []byte) ([]byte, *apiError) {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
			return nil, newError(http.StatusUnsupportedMediaType, "Unsupported media type", "Unsupported media type",
				fmt.Sprintf("the body must be JSON (Content-Type: application/json), not %q", ct), parameter("Content-Type"))
		}
	}
	tooLong := func(limit int64) *apiError {
		return newError(http.StatusRequestEntityTooLarge, "Request body too large", "Too large",
			fmt.Sprintf("the body is longer than %d bytes", limit), pointer(""))
	}
	var rd io.Reader = r.Body
	switch {
	case r.ContentLength > s.cfg.MaxBody:
		return nil, tooLong(s.cfg.MaxBody)
	case r.ContentLength < 0:
		// No length said: the limit is counted as it is read. A body of
		// a length said ends there (net/http sees to it).
		rd = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	}
	body, err := readAll(rd, r.ContentLength, buf)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, tooLong(mbe.Limit)
	case err != nil:
		return nil, badBody("", "the body could not be read: %v", err)
	}
	return body, nil
}

// readAll reads a body into a buffer of the size its Content-Length says
// (already bounded by the body limit): buf when it has room, else a new
// one, so that it is not grown and copied while it is read; a body
// without one is read as io.ReadAll reads.
func readAll(rd io.Reader, length int64, buf []byte) ([]byte, error) {
	if length < 0 {
		return io.ReadAll(rd)
	}
	// One byte more, so that reading to the end needs no growth.
	if int64(cap(buf)) < length+1 {
		buf = make([]byte, 0, length+1)
	}
	buf = buf[:0]
	for {
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return buf, err
		case len(buf) == cap(buf):
			// Longer than it said: the rest as io.ReadAll reads it.
			rest, err := io.ReadAll(rd)
			return append(buf, rest...), err
		}
	}
}

// bodyBuffers are the buffers session updates' bodies are read into, kept
// for the next request once answered (the engine's parser copies what it
// keeps of a body: its strings and values are its own).
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readRequest reads an IntegrationRequest's body (readBody) and its
// responseContent: what every route with a body does first. buf is as
// for readBody.
func (s *Server) readRequest(w http.ResponseWriter, r *http.Request, buf []byte) ([]byte, content, *apiError) {
	body, aerr := s.readBody(w, r, buf)
	if aerr != nil {
		return nil, content{}, aerr
	}
	c, aerr := responseContent(body)
	if aerr != nil {
		return nil, content{}, aerr
	}
	return body, c, nil
}

// boolQuery reads a boolean query parameter of a request's query (parsed
// once per request); absent is false.
func boolQuery(q url.Values, name string) (bool, *apiError) {
	v := q.Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badParameter(name, "%s must be true or false, not %q", name, v)
	}
	return b, nil
}

// The responseContent values of Talon.One's IntegrationRequest. cartfx
// answers the ones it has (customerSession, customerProfile,
// triggeredCampaigns, ruleFailureReasons, loyalty) and accepts the others,
// which it leaves out.
var responseContents = map[string]bool{
	"customerSession": true, "customerProfile": true, "coupons": true, "triggeredCampaigns": true,
	"referral": true, "loyalty": true, "event": true, "awardedGiveaways": true, "ruleFailureReasons": true,
	"previousReturns": true, "campaignEligibility": true, "achievements": true,
}

// responseContent reads the body's responseContent, finding it without
// decoding the rest of the body (the engine reads that). A body that is
// not JSON is left to the engine, which says where it breaks: a problem
// with responseContent is answered only for a body that is JSON.
func responseContent(body []byte) (content, *apiError) {
	var c content
	raw, ok := topMember(body, "responseContent")
	if !ok {
		var whole struct {
			ResponseContent json.RawMessage `json:"responseContent"`
		}
		if json.Unmarshal(body, &whole) != nil {
			return c, nil
		}
		raw = whole.ResponseContent
	}
	if len(raw) == 0 || string(raw) == "null" {
		return c, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		if !json.Valid(body) {
			return c, nil
		}
		return c, badBody("/responseContent", "responseContent must be a list of strings")
	}
	for i, v := range list {
		if !responseContents[v] {
			if !json.Valid(body) {
				return content{}, nil
			}
			return c, badBody("/responseContent/"+strconv.Itoa(i), "%q is not a responseContent value", v)
		}
		switch v {
		case "customerSession":
			c.session = true
		case "customerProfile":
			c.profile = true
		case "triggeredCampaigns":
			c.triggered = true
		case "ruleFailureReasons":
			c.failures = true
		case "loyalty":
			c.loyalty = true
		}
	}
	return c, nil
}

// dryNow reads the now parameter of a dry run: RFC 3339, not in the past,
// and only with dry=true.
func (s *Server) dryNow(q url.Values, dry bool) (time.Time, *apiError) {
	v := q.Get("now")
	if v == "" {
		return time.Time{}, nil
	}
	if !dry {
		return time.Time{}, badParameter("now", "now is only allowed with dry=true")
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, badParameter("now", "now must be an RFC 3339 time such as 2026-06-01T12:00:00Z, not %q", v)
	}
	if t.Before(s.cfg.Clock().Add(-time.Minute)) {
		return time.Time{}, badParameter("now", "now must not be in the past")
	}
	return t, nil
}
