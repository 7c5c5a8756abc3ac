package server

import (
	"bytes"
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

// bodyParts encodes a response body: v's JSON, with its effects spliced
// in first or last when it has them, as the parts to write one after
// another (so that the effects are not copied once more).
func bodyParts(v any) ([][]byte, error) {
	wf, ok := v.(withEffects)
	if !ok {
		data, err := json.Marshal(v)
		return [][]byte{data}, err
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
	switch {
	case len(rest) == 2:
		return [][]byte{[]byte(`{"effects":`), fx, []byte("}")}, nil
	case first:
		rest[0] = ','
		return [][]byte{[]byte(`{"effects":`), fx, rest}, nil
	}
	return [][]byte{rest[:len(rest)-1], []byte(`,"effects":`), fx, []byte("}")}, nil
}

// encodeBody is a response body as one slice.
func encodeBody(v any) ([]byte, error) {
	parts, err := bodyParts(v)
	if err != nil {
		return nil, err
	}
	return bytes.Join(parts, nil), nil
}

var newline = []byte("\n")

// writeJSON writes v as the JSON body of a status, with a newline.
func writeJSON(w http.ResponseWriter, status int, v any) {
	parts, err := bodyParts(v)
	if err != nil {
		status = http.StatusInternalServerError
		parts = [][]byte{[]byte(`{"message":"the response could not be written","errors":[{"title":"Internal","details":"the response could not be encoded","source":{"pointer":""}}]}`)}
	}
	parts = append(parts, newline)
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
}
