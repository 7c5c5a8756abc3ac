package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cartfx/cartfx/apierror"
	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/jsonpos"
	"github.com/cartfx/cartfx/internal/text"
)

// Profile is a customer profile given with an update: its custom
// attributes, checked against the campaign file's registry.
type Profile struct {
	Attributes map[string]any
}

// ParseProfile reads a profile as JSON: {"attributes": {...}} (the
// integrationId, if present, is ignored: the session's profileId names the
// profile). Every problem is reported at once with a JSON pointer. A body
// that is not JSON is one Malformed problem that says the line, column (in
// characters) and pointer of the byte at fault, then encoding/json's words
// for what is wrong; an object with two members of the same name (or two
// keys for attributes, which is matched as encoding/json matches it,
// case-insensitively) is refused with the pointer and position of the
// second.
func (e *Engine) ParseProfile(data []byte) (*Profile, error) {
	if err := checkProfileJSON(data); err != nil {
		return nil, err
	}
	var raw struct {
		Attributes map[string]json.RawMessage `json:"attributes"`
	}
	if body := bytes.TrimSpace(data); len(body) == 0 || body[0] != '{' || json.Unmarshal(body, &raw) != nil {
		return nil, badField("", "Malformed", "expected a profile object such as {\"attributes\": {\"tier\": \"gold\"}}")
	}
	p := &Profile{Attributes: map[string]any{}}
	var problems apierror.List
	names := make([]string, 0, len(raw.Attributes))
	for name := range raw.Attributes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		ptr := "/attributes/" + jsonpos.Token(name)
		t, ok := e.file.Registry.Lookup(cart.EntityProfile, name)
		if !ok {
			problems.Add(apierror.Item{Title: "Unknown", Source: apierror.Source{Pointer: ptr},
				Details: fmt.Sprintf("The attribute %s is not defined on %s entities.", text.Quote(name), cart.EntityProfile)})
			continue
		}
		v, err := cart.ParseAttributeValue(t, raw.Attributes[name])
		if err != nil {
			problems.Add(apierror.Item{Title: "Invalid", Source: apierror.Source{Pointer: ptr},
				Details: fmt.Sprintf("The attribute %s is of type %s: %v.", text.Quote(name), t, err)})
			continue
		}
		p.Attributes[name] = v
	}
	if problems.Len() > 0 {
		return nil, &Error{Status: 400, Response: apierror.Response{Message: "invalid customer profile", Errors: problems.Items()}, kind: ErrInvalidInput}
	}
	return p, nil
}

// checkProfileJSON refuses a profile body that is not JSON, or that has a
// duplicate key, with the position.
func checkProfileJSON(data []byte) error { return checkBody(data, false) }

// checkBody refuses a body that is not JSON, or that has a duplicate key,
// with the position. With foldAll, keys that encoding/json would match to
// one struct field (case-insensitively) are duplicates in every object:
// for a body decoded into structs throughout.
func checkBody(data []byte, foldAll bool) error {
	if bytes.HasPrefix(data, []byte(jsonpos.BOM)) {
		return badField("", "Malformed", "the body is not valid JSON: %s", jsonpos.MsgBOM)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil // not a profile object: ParseProfile says so
	}
	var se *json.SyntaxError
	if err := json.Unmarshal(data, new(json.RawMessage)); errors.As(err, &se) {
		at, msg := jsonpos.SyntaxOffset(data, se)
		return badField("", "Malformed", "the body is not valid JSON: %s: %s", jsonpos.Where(data, at), msg)
	} else if err != nil {
		return badField("", "Malformed", "the body is not valid JSON: %v", err)
	}
	w := dupWalk{data: data, dec: json.NewDecoder(bytes.NewReader(data)), foldAll: foldAll}
	if w.value(true) {
		return badField(w.pointer(), "Duplicate key", "%s: duplicate key %s (first at %s)", jsonpos.At(data, w.at), text.Quote(w.key), jsonpos.At(data, w.first))
	}
	return nil
}

// dupWalk finds the first duplicate key of valid JSON with encoding/json's
// tokens, in time linear in the document: each object's keys go in a map,
// and the path is kept as tokens, spelled out as a pointer only for the
// duplicate.
type dupWalk struct {
	data []byte
	dec  *json.Decoder
	// path is the keys and indices down to the value being read.
	path []string
	// key is the duplicate, at its offset; first is the first of its name.
	key       string
	at, first int
	// foldAll compares every key as encoding/json matches struct fields.
	foldAll bool
}

// value reads the next value and reports whether it holds a duplicate;
// top says that it is the profile object, where keys that fold to
// "attributes" name one field.
func (w *dupWalk) value(top bool) bool {
	tok, err := w.dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('['):
		for i := 0; w.dec.More(); i++ {
			w.path = append(w.path, strconv.Itoa(i))
			if w.value(false) {
				return true
			}
			w.path = w.path[:len(w.path)-1]
		}
		w.dec.Token()
	case json.Delim('{'):
		seen := map[string]int{}
		for w.dec.More() {
			at := int(w.dec.InputOffset())
			tok, err := w.dec.Token()
			if err != nil {
				return false
			}
			key := tok.(string)
			at += bytes.IndexByte(w.data[at:], '"')
			name := key
			switch {
			case w.foldAll:
				name = foldKey(key)
			case top && strings.EqualFold(key, "attributes"):
				name = "attributes"
			}
			w.path = append(w.path, key)
			if first, dup := seen[name]; dup {
				w.key, w.at, w.first = key, at, first
				return true
			}
			seen[name] = at
			if w.value(false) {
				return true
			}
			w.path = w.path[:len(w.path)-1]
		}
		w.dec.Token()
	}
	return false
}

// pointer is the JSON pointer of the duplicate.
func (w *dupWalk) pointer() string {
	var b strings.Builder
	for _, t := range w.path {
		b.WriteByte('/')
		b.WriteString(jsonpos.Token(t))
	}
	return b.String()
}

// foldKey is a key's case-folded form: two keys have the same one exactly
// when strings.EqualFold (which encoding/json's field matching follows)
// holds for them. Each rune becomes the least of its simple folding orbit.
func foldKey(key string) string {
	var b strings.Builder
	for _, r := range key {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}
