package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/cartfx/cartfx/effects"
)

// withEffects is a response body with an effects member, which is written
// by effects.EncodeList rather than by encoding/json: encoding/json would
// check and compact again every effect's MarshalJSON output, a fifth of a
// session update's answer. effectList returns the effects and whether
// they come first (else last) in the body; the type's own effects field
// is left out of its JSON (`json:"-"`).
type withEffects interface {
	effectList() ([]effects.Effect, bool)
}

// encodeBody encodes a response body: v's JSON, with its effects spliced
// in first or last when it has them.
func encodeBody(v any) ([]byte, error) {
	wf, ok := v.(withEffects)
	if !ok {
		return json.Marshal(v)
	}
	list, first := wf.effectList()
	rest, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	fx, err := effects.EncodeList(list)
	if err != nil {
		return nil, err
	}
	// rest is an object: "{}" or "{...}".
	out := make([]byte, 0, len(rest)+len(fx)+len(`,"effects":`)+1)
	switch {
	case len(rest) == 2:
		out = append(append(append(out, `{"effects":`...), fx...), '}')
	case first:
		out = append(append(append(out, `{"effects":`...), fx...), ',')
		out = append(out, rest[1:]...)
	default:
		out = append(out, rest[:len(rest)-1]...)
		out = append(append(append(out, `,"effects":`...), fx...), '}')
	}
	return out, nil
}

// writeJSON writes v as the JSON body of a status, with a newline.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := encodeBody(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"message":"the response could not be written","errors":[{"title":"Internal","details":"the response could not be encoded","source":{"pointer":""}}]}`)
	}
	data = append(data, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}
