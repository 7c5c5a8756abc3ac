package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/cartfx/cartfx/engine"
)

// returnRequest is ReturnIntegrationRequest.
type returnRequest struct {
	Return *struct {
		ReturnedCartItems []struct {
			Position *int `json:"position"`
			Quantity *int `json:"quantity"`
		} `json:"returnedCartItems"`
	} `json:"return"`
}

// parseReturn reads a return's items, every problem at its pointer.
func parseReturn(body []byte) ([]engine.ReturnedItem, *apiError) {
	if aerr := checkJSON(body); aerr != nil {
		return nil, aerr
	}
	var req returnRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, badBody("", "the body is not a return request such as {\"return\": {\"returnedCartItems\": [{\"position\": 0, \"quantity\": 1}]}}: %v", err)
	}
	if req.Return == nil {
		return nil, newError(http.StatusBadRequest, "The submitted data was invalid", "Required", "return is required", pointer("/return"))
	}
	if len(req.Return.ReturnedCartItems) == 0 {
		return nil, newError(http.StatusBadRequest, "The submitted data was invalid", "Required",
			"a return needs at least one returned cart item", pointer("/return/returnedCartItems"))
	}
	out := &apiError{status: http.StatusBadRequest, Message: "The submitted data was invalid"}
	items := make([]engine.ReturnedItem, 0, len(req.Return.ReturnedCartItems))
	for i, it := range req.Return.ReturnedCartItems {
		ptr := "/return/returnedCartItems/" + strconv.Itoa(i)
		switch {
		case it.Position == nil:
			out.Errors = append(out.Errors, errorItem{"Required", "position is required", pointer(ptr + "/position")})
		case *it.Position < 0:
			out.Errors = append(out.Errors, errorItem{"Invalid", "position must not be negative", pointer(ptr + "/position")})
		}
		q := 1
		if it.Quantity != nil {
			q = *it.Quantity
			if q < 1 {
				out.Errors = append(out.Errors, errorItem{"Invalid", "quantity must be at least 1", pointer(ptr + "/quantity")})
			}
		}
		if it.Position != nil {
			items = append(items, engine.ReturnedItem{Position: *it.Position, Quantity: q})
		}
	}
	if len(out.Errors) > 0 {
		return nil, out
	}
	return items, nil
}

// returnItems is POST /v2/customer_sessions/{id}/returns (returnCartItems).
// With an Idempotency-Key, the same key and body answer the stored
// response, another body 409.
func (s *Server) returnItems(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	dry, aerr := boolQuery(r, "dry")
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	if len(key) > maxIdempotencyKey {
		writeError(w, badParameter("Idempotency-Key", "the Idempotency-Key is longer than %d characters", maxIdempotencyKey))
		return
	}
	body, c, aerr := s.readRequest(w, r)
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
	items, aerr := parseReturn(body)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	st := s.cur.Load()
	var resp *engine.Response
	var err error
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
	v := &view{s: s, st: st, now: s.cfg.Clock().UTC()}
	if !dry && resp.CustomerSession != nil {
		v.activity = resp.CustomerSession.Updated
	}
	ret := v.returned(id, items, resp, dry)
	// The same blocks as every IntegrationStateV2 (responseContent).
	out := v.state(resp, c)
	out.Return = ret
	writeJSON(w, http.StatusOK, out)
}

// returnError is fromEngine for a return: the engine places a returned
// item's problems in the return (/returnedCartItems/0/quantity), which is
// /return in the body.
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
