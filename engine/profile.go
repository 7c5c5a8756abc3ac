package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/cartfx/cartfx/cart"
)

// Profile is a customer profile given with an update: its custom
// attributes, checked against the campaign file's registry.
type Profile struct {
	Attributes map[string]any
}

// ParseProfile reads a profile as JSON: {"attributes": {...}} (the
// integrationId, if present, is ignored: the session's profileId names the
// profile). Every problem is reported at once with a JSON pointer.
func (e *Engine) ParseProfile(data []byte) (*Profile, error) {
	var raw struct {
		Attributes map[string]json.RawMessage `json:"attributes"`
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' || json.Unmarshal(data, &raw) != nil {
		return nil, badField("", "Malformed", "expected a profile object such as {\"attributes\": {\"tier\": \"gold\"}}")
	}
	p := &Profile{Attributes: map[string]any{}}
	var problems []cart.Problem
	names := make([]string, 0, len(raw.Attributes))
	for name := range raw.Attributes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		ptr := "/attributes/" + name
		t, ok := e.file.Registry.Lookup(cart.EntityProfile, name)
		if !ok {
			problems = append(problems, cart.Problem{Title: "Unknown", Source: cart.Source{Pointer: ptr},
				Details: fmt.Sprintf("The attribute %q is not defined on %s entities.", name, cart.EntityProfile)})
			continue
		}
		v, err := cart.ParseAttributeValue(t, raw.Attributes[name])
		if err != nil {
			problems = append(problems, cart.Problem{Title: "Invalid", Source: cart.Source{Pointer: ptr},
				Details: fmt.Sprintf("The attribute %q is of type %s: %v.", name, t, err)})
			continue
		}
		p.Attributes[name] = v
	}
	if len(problems) > 0 {
		return nil, &Error{Status: 400, Message: "invalid customer profile", Problems: problems, kind: ErrInvalidInput}
	}
	return p, nil
}
