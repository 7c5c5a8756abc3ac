package rules

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/internal/closure"
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

// render evaluates the interpolations. The text is checked as it is
// written: past MemoryBudget bytes it fails with closure.ErrMemoryBudget, before
// it is built (a list of large texts would otherwise make one text of
// their total size).
func (t *template) render(r *runner) (string, error) {
	if s, ok := t.constant(); ok {
		return s, nil
	}
	var w textWriter
	for _, p := range t.parts {
		if p.prog == nil {
			w.write(p.lit)
			continue
		}
		v, err := r.run(p.prog)
		if err != nil {
			return "", err
		}
		r.settleValue(v)
		w.value(v)
	}
	if w.over {
		return "", errTemplateTooLong
	}
	return w.b.String(), nil
}

// errTemplateTooLong is the error of a template whose text would be
// longer than MemoryBudget bytes.
var errTemplateTooLong = fmt.Errorf("%w: the text would be longer than %d bytes", closure.ErrMemoryBudget, MemoryBudget)

// textWriter writes a template's text, at most MemoryBudget bytes: past
// them it writes nothing more and notes that it is over.
type textWriter struct {
	b    strings.Builder
	over bool
}

func (w *textWriter) write(s string) {
	if w.over || !closure.TextFits(w.b.Len()+len(s)) {
		w.over = true
		return
	}
	w.b.WriteString(s)
}

// value writes a value into text: decimals as written (no exponent),
// times in RFC 3339, lists separated by ", ".
func (w *textWriter) value(v any) {
	if w.over {
		return
	}
	switch x := v.(type) {
	case nil:
	case string:
		w.write(x)
	case decimal.Decimal:
		w.write(decimalText(x))
	case int:
		w.write(strconv.Itoa(x))
	case int64:
		w.write(strconv.FormatInt(x, 10))
	case bool:
		w.write(strconv.FormatBool(x))
	case time.Time:
		w.write(x.Format(time.RFC3339))
	case []string:
		for i, e := range x {
			if i > 0 {
				w.write(", ")
			}
			w.write(e)
		}
	case []decimal.Decimal:
		for i, d := range x {
			if i > 0 {
				w.write(", ")
			}
			w.write(decimalText(d))
		}
	case []any:
		for i, e := range x {
			if i > 0 {
				w.write(", ")
			}
			w.value(e)
		}
	default:
		if !closure.SizeWithin(reflect.ValueOf(v), MemoryBudget-w.b.Len(), 0) {
			w.over = true
			return
		}
		w.write(toText(v))
	}
}

// formatValue is v as a template writes it (the tests compare values
// by it); text past MemoryBudget bytes is cut short.
func formatValue(v any) string {
	var w textWriter
	w.value(v)
	return w.b.String()
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
