package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

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
// another (so that the effects are not copied once more). The effects are
// appended to buf[:0], which the parts then share; grown is that buffer
// as the effects left it, for the next answer.
func bodyParts(v any, buf []byte) (parts [][]byte, grown []byte, err error) {
	wf, ok := v.(withEffects)
	if !ok {
		data, err := json.Marshal(v)
		return [][]byte{data}, buf, err
	}
	list, first := wf.effectList()
	rest, err := json.Marshal(v)
	if err != nil {
		return nil, buf, err
	}
	fx, err := effects.AppendList(buf[:0], list)
	if err != nil {
		return nil, buf, err
	}
	// rest is an object: "{}" or "{...}".
	switch {
	case len(rest) == 2:
		return [][]byte{[]byte(`{"effects":`), fx, []byte("}")}, fx, nil
	case first:
		rest[0] = ','
		return [][]byte{[]byte(`{"effects":`), fx, rest}, fx, nil
	}
	return [][]byte{rest[:len(rest)-1], []byte(`,"effects":`), fx, []byte("}")}, fx, nil
}

// encodeBody is a response body as one slice.
func encodeBody(v any) ([]byte, error) {
	parts, _, err := bodyParts(v, nil)
	if err != nil {
		return nil, err
	}
	return bytes.Join(parts, nil), nil
}

var (
	newline         = []byte("\n")
	jsonContentType = []string{"application/json"}
)

// effectBuffers are the buffers answers' effects are encoded into, kept
// for the next answer once written (an answer's effects are most of its
// bytes, and garbage the collector would otherwise chase).
var effectBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxKeptBuffer is the largest buffer effectBuffers keeps: an answer with
// more effects does not pin its buffer.
const maxKeptBuffer = 256 << 10

// writeJSON writes v as the JSON body of a status, with a newline.
func writeJSON(w http.ResponseWriter, status int, v any) {
	bp := effectBuffers.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= maxKeptBuffer {
			effectBuffers.Put(bp)
		}
	}()
	parts, grown, err := bodyParts(v, *bp)
	*bp = grown[:0]
	if err != nil {
		status = http.StatusInternalServerError
		parts = [][]byte{[]byte(`{"message":"the response could not be written","errors":[{"title":"Internal","details":"the response could not be encoded","source":{"pointer":""}}]}`)}
	}
	parts = append(parts, newline)
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	// Set as canonical keys, without Set's work; the Content-Type's
	// value is shared by every answer (net/http only reads it).
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = []string{strconv.Itoa(n)}
	w.WriteHeader(status)
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
}
