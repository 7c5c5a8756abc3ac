package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

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
	var problems []apierror.Item
	names := make([]string, 0, len(raw.Attributes))
	for name := range raw.Attributes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		ptr := "/attributes/" + jsonpos.Token(name)
		t, ok := e.file.Registry.Lookup(cart.EntityProfile, name)
		if !ok {
			problems = append(problems, apierror.Item{Title: "Unknown", Source: apierror.Source{Pointer: ptr},
				Details: fmt.Sprintf("The attribute %s is not defined on %s entities.", text.Quote(name), cart.EntityProfile)})
			continue
		}
		v, err := cart.ParseAttributeValue(t, raw.Attributes[name])
		if err != nil {
			problems = append(problems, apierror.Item{Title: "Invalid", Source: apierror.Source{Pointer: ptr},
				Details: fmt.Sprintf("The attribute %s is of type %s: %v.", text.Quote(name), t, err)})
			continue
		}
		p.Attributes[name] = v
	}
	if len(problems) > 0 {
		return nil, &Error{Status: 400, Response: apierror.Response{Message: "invalid customer profile", Errors: problems}, kind: ErrInvalidInput}
	}
	return p, nil
}

// checkProfileJSON refuses a profile body that is not JSON, or that has a
// duplicate key, with the position. (A profile is small and read once per
// update: encoding/json's tokens do.)
func checkProfileJSON(data []byte) error {
	if bytes.HasPrefix(data, []byte(jsonpos.BOM)) {
		return badField("", "Malformed", "the body is not valid JSON: %s: %s", jsonpos.At(data, 0), jsonpos.MsgBOM)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil // not a profile object: ParseProfile says so
	}
	var se *json.SyntaxError
	if err := json.Unmarshal(data, new(json.RawMessage)); errors.As(err, &se) {
		at, msg := int(se.Offset), se.Error()
		if strings.HasPrefix(msg, "invalid character") {
			at--
		}
		if strings.HasPrefix(msg, "invalid character ' '") && (at >= len(data) || data[at] != ' ') {
			at = len(data) // encoding/json names the space it feeds itself at the end
		}
		return badField("", "Malformed", "the body is not valid JSON: %s: %s", jsonpos.Where(data, at), msg)
	} else if err != nil {
		return badField("", "Malformed", "the body is not valid JSON: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if d := findDuplicate(data, dec, "", true); d != nil {
		return badField(d.pointer, "Duplicate key", "%s: duplicate key %s (first at %s)", jsonpos.At(data, d.at), text.Quote(d.key), jsonpos.At(data, d.first))
	}
	return nil
}

// profileDup is a duplicate key of a profile.
type profileDup struct {
	pointer, key string
	at, first    int
}

// findDuplicate reads the next value of valid JSON from dec and returns
// its first duplicate key; top says that it is the profile object, where
// keys that fold to "attributes" name one field.
func findDuplicate(data []byte, dec *json.Decoder, ptr string, top bool) *profileDup {
	tok, err := dec.Token()
	if err != nil {
		return nil
	}
	switch tok {
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if d := findDuplicate(data, dec, fmt.Sprintf("%s/%d", ptr, i), false); d != nil {
				return d
			}
		}
		dec.Token()
	case json.Delim('{'):
		type seen struct {
			key string
			at  int
		}
		var keys []seen
		for dec.More() {
			at := int(dec.InputOffset())
			tok, err := dec.Token()
			if err != nil {
				return nil
			}
			key := tok.(string)
			at += bytes.IndexByte(data[at:], '"')
			for _, k := range keys {
				if k.key == key || top && strings.EqualFold(k.key, "attributes") && strings.EqualFold(key, "attributes") {
					return &profileDup{pointer: ptr + "/" + jsonpos.Token(key), key: key, at: at, first: k.at}
				}
			}
			keys = append(keys, seen{key, at})
			if d := findDuplicate(data, dec, ptr+"/"+jsonpos.Token(key), false); d != nil {
				return d
			}
		}
		dec.Token()
	}
	return nil
}
