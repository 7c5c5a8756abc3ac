package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/cartfx/cartfx/engine"
)

// returnItems is POST /v2/customer_sessions/{id}/returns (returnCartItems).
// With an Idempotency-Key, the same key and body answer the stored
// response, another body 409.
func (s *Server) returnItems(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	dry, aerr := boolQuery(r.URL.Query(), "dry")
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if len(key) > maxIdempotencyKey {
		writeError(w, badParameter("Idempotency-Key", "the Idempotency-Key is longer than %d characters", maxIdempotencyKey))
		return
	}
	body, c, aerr := s.readRequest(w, r, nil)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	if key != "" && !dry {
		full := id + "\x00" + key
		replay, conflict := s.returns.claim(full, body)
		switch {
		case conflict:
			writeError(w, newError(http.StatusConflict, "The Idempotency-Key was used with another request", "Conflict",
				"this Idempotency-Key was used with another body, or its first request is still running", parameter("Idempotency-Key")))
			return
		case replay != nil:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(replay.status)
			w.Write(replay.resp)
			return
		}
		rec := &bodyRecorder{ResponseWriter: w}
		defer func() { s.returns.finish(full, rec.status, rec.buf.Bytes()) }()
		w = rec
	}
	st := s.cur.Load()
	items, err := st.eng.ParseReturn(body)
	if err != nil {
		writeError(w, fromEngine(err, "customerSessionId", true))
		return
	}
	var resp *engine.Response
	if dry {
		resp, err = st.eng.PreviewReturn(r.Context(), id, items)
	} else {
		resp, err = st.eng.Return(r.Context(), id, items)
	}
	if err != nil {
		writeError(w, returnError(err))
		return
	}
	s.metrics.countEffects(resp.Effects)
	rollbackCampaigns(resp)
	v := &view{s: s, st: st, now: s.cfg.Clock().UTC()}
	ret := v.returned(id, items, resp, dry)
	// The same blocks as every IntegrationStateV2 (responseContent).
	out := v.state(resp, c)
	out.Return = ret
	writeJSON(w, http.StatusOK, out)
}

// returnError is fromEngine for a return: the engine places a returned
// item's problems in the return (/returnedCartItems/0/quantity), which is
// /return in the body (a session whose state has no return the engine
// places at the path's customerSessionId itself).
func returnError(err error) *apiError {
	out := fromEngine(err, "customerSessionId", true)
	for i := range out.Errors {
		if p := out.Errors[i].Source.Pointer; p != nil && strings.HasPrefix(*p, "/returnedCartItems") {
			out.Errors[i].Source = pointer("/return" + *p)
		}
	}
	return out
}

// bodyRecorder keeps a copy of what a handler writes, for the
// idempotency store.
type bodyRecorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

// Unwrap lets recorderOf and http.ResponseController reach the writer
// below.
func (b *bodyRecorder) Unwrap() http.ResponseWriter { return b.ResponseWriter }

func (b *bodyRecorder) WriteHeader(status int) {
	b.status = status
	b.ResponseWriter.WriteHeader(status)
}

func (b *bodyRecorder) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	b.buf.Write(p)
	return b.ResponseWriter.Write(p)
}
