package postgres

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// A profile's attributes are a jsonb object, one member per attribute, so
// that a commit merges attributes into the stored ones with jsonb's ||
// (ProfileDelta.MergeAttributes) and an operator can read them. JSON
// cannot tell a time from a string, nor a list of strings from a list of
// numbers when it is empty, and jsonb does not keep a number's exponent,
// so each value is an object that names its kind:
//
//	{"s": "gold"}                 string
//	{"n": "12.50"}                decimal.Decimal, as text
//	{"b": true}                   bool
//	{"t": "2026-11-26T12:00:00Z"} time.Time, RFC 3339 to the nanosecond
//	{"ls": ["a", "b"]}            []string ({"ls": null} for a nil one)
//	{"ln": ["1.5", "2"]}          []decimal.Decimal
//	{"z": null}                   nil

// encodeAttributes returns the jsonb of a map of attributes; nil for a nil
// map (SQL NULL), so that nil and empty stay apart.
func encodeAttributes(m map[string]any) ([]byte, error) {
	if m == nil {
		return nil, nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, k)
		b.WriteByte(':')
		if err := writeAttribute(&b, k, m[k]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeAttribute(b *bytes.Buffer, name string, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString(`{"z":null}`)
	case string:
		b.WriteString(`{"s":`)
		writeJSONString(b, v)
		b.WriteByte('}')
	case decimal.Decimal:
		b.WriteString(`{"n":"`)
		b.WriteString(exactDecimal(v))
		b.WriteString(`"}`)
	case bool:
		fmt.Fprintf(b, `{"b":%t}`, v)
	case time.Time:
		b.WriteString(`{"t":"`)
		b.WriteString(v.Format(time.RFC3339Nano))
		b.WriteString(`"}`)
	case []string:
		b.WriteString(`{"ls":`)
		if v == nil {
			b.WriteString("null")
		} else {
			b.WriteByte('[')
			for i, s := range v {
				if i > 0 {
					b.WriteByte(',')
				}
				writeJSONString(b, s)
			}
			b.WriteByte(']')
		}
		b.WriteByte('}')
	case []decimal.Decimal:
		b.WriteString(`{"ln":`)
		if v == nil {
			b.WriteString("null")
		} else {
			b.WriteByte('[')
			for i, d := range v {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('"')
				b.WriteString(exactDecimal(d))
				b.WriteByte('"')
			}
			b.WriteByte(']')
		}
		b.WriteByte('}')
	default:
		return fmt.Errorf("profile attribute %w", unstorable(name, v))
	}
	return nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	data, _ := json.Marshal(s) // a string always encodes
	b.Write(data)
}

// exactDecimal writes d with its exponent's digits (1.50, not 1.5), which
// decimal.NewFromString reads back with the same exponent.
func exactDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	if d.Exponent() == 0 {
		return d.String()
	}
	return d.Coefficient().String() + "e" + fmt.Sprint(d.Exponent())
}

// decodeAttributes reads what encodeAttributes wrote; nil for NULL.
func decodeAttributes(data []byte) (map[string]any, error) {
	if data == nil {
		return nil, nil
	}
	var raw map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%w: profile attributes: %v", errCorrupt, err)
	}
	m := make(map[string]any, len(raw))
	for k, tagged := range raw {
		v, err := decodeAttribute(tagged)
		if err != nil {
			return nil, fmt.Errorf("%w: profile attribute %q: %v", errCorrupt, k, err)
		}
		m[k] = v
	}
	return m, nil
}

func decodeAttribute(tagged map[string]json.RawMessage) (any, error) {
	if len(tagged) != 1 {
		return nil, fmt.Errorf("expected one kind of value, got %d", len(tagged))
	}
	for kind, raw := range tagged {
		switch kind {
		case "z":
			return nil, nil
		case "s":
			var s string
			err := json.Unmarshal(raw, &s)
			return s, err
		case "b":
			var b bool
			err := json.Unmarshal(raw, &b)
			return b, err
		case "n":
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, err
			}
			return decimal.NewFromString(s)
		case "t":
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, err
			}
			return time.Parse(time.RFC3339Nano, s)
		case "ls":
			var list []string
			err := json.Unmarshal(raw, &list)
			return list, err
		case "ln":
			var texts []string
			if err := json.Unmarshal(raw, &texts); err != nil {
				return nil, err
			}
			if texts == nil {
				return []decimal.Decimal(nil), nil
			}
			list := make([]decimal.Decimal, len(texts))
			for i, s := range texts {
				d, err := decimal.NewFromString(s)
				if err != nil {
					return nil, err
				}
				list[i] = d
			}
			return list, nil
		}
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	return nil, fmt.Errorf("no value")
}
