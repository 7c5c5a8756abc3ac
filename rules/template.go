package rules

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// template is a text parameter: literal text with {{ expression }}
// interpolations.
type template struct {
	parts []templatePart
}

type templatePart struct {
	lit  string
	prog *program // nil for literal text
}

// template compiles the text in s. It returns nil when a part has a
// problem.
func (c *compiler) template(s scalar, sc scope, env typeScope, what string) *template {
	t := &template{}
	text, off, ok := s.Text, 0, true
	for {
		i := strings.Index(text[off:], "{{")
		if i < 0 {
			t.parts = append(t.parts, templatePart{lit: text[off:]})
			break
		}
		start := off + i
		if start > off {
			t.parts = append(t.parts, templatePart{lit: text[off:start]})
		}
		j := strings.Index(text[start+2:], "}}")
		if j < 0 {
			c.ps.add(s.sub(start, "").Pos, sc, "%s: \"{{\" is not closed by \"}}\"", what)
			return nil
		}
		inner := text[start+2 : start+2+j]
		p := c.compile(s.sub(start+2, inner), sc, env, expectAny, what)
		if p == nil {
			ok = false
		}
		t.parts = append(t.parts, templatePart{prog: p})
		off = start + 2 + j + 2
	}
	if !ok {
		return nil
	}
	return t
}

// constant reports whether the template has no interpolation, and its
// text.
func (t *template) constant() (string, bool) {
	if len(t.parts) == 1 && t.parts[0].prog == nil {
		return t.parts[0].lit, true
	}
	return "", false
}

// render evaluates the interpolations.
func (t *template) render(r *runner) (string, error) {
	if s, ok := t.constant(); ok {
		return s, nil
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.prog == nil {
			b.WriteString(p.lit)
			continue
		}
		v, err := r.run(p.prog)
		if err != nil {
			return "", err
		}
		b.WriteString(formatValue(v))
	}
	return b.String(), nil
}

// formatValue writes a value into text: decimals as written (no exponent),
// times in RFC 3339, lists separated by ", ".
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case decimal.Decimal:
		return decimalText(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.RFC3339)
	case []string:
		return strings.Join(x, ", ")
	case []decimal.Decimal:
		parts := make([]string, len(x))
		for i, d := range x {
			parts[i] = decimalText(d)
		}
		return strings.Join(parts, ", ")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return strings.Join(parts, ", ")
	}
	return toText(v)
}

func toText(v any) string {
	b, err := jsonValue(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// decimalText writes d with its own digits: 840.10 stays 840.10 (shopspring's
// String would drop the trailing zero).
func decimalText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}
