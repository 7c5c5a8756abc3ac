package closure

import (
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/vm/runtime"
	"github.com/shopspring/decimal"
)

// The memory budget beyond expr's own count.
//
// expr's VM counts the elements of the lists and maps a run builds
// against MemoryBudget, but not the bytes of text, nor the digits of the
// decimals: `reduce(1..40, #acc + #acc, "ab")` doubles a text forty times,
// and a chain of bindings each squaring the last one doubles a number's
// digits as often, within any element count. So no value a run builds may
// be larger than the budget either: text of more than MemoryBudget bytes,
// or a number of more than MaxDigits digits, fails the run with
// ErrMemoryBudget. The patcher rewrites + on text (or on values whose
// type is only known at run time) into textAdd or valueAdd; replace,
// join, repeat, string, toJSON and toBase64 (the builtins internal/builtins'
// table marks Replaced: toBase64 grows text by a third, nested as often
// as an expression may; expr's repeat counts its text only once it has
// built it, up to a million copies) are replaced by versions that work
// out the size of their result before they build it; an effect's text
// parameter checks its length as its template writes it (rules'
// template.go, with TextFits and SizeWithin); the decimal operators check
// the digits of theirs (decimalops.go); and a direct program declines
// where they would fail, so that expr reports it.

// MaxDigits is the most digits a number computed by an expression may
// have. Money has a few dozen at most.
const MaxDigits = 1000

// ErrMemoryBudget is the error of a run that would build a value beyond
// the budget; its text is the VM's own for the same failure.
var ErrMemoryBudget = errors.New("memory budget exceeded")

// TextFits reports whether text of n bytes fits in the budget.
func TextFits(n int) bool { return n >= 0 && n <= MemoryBudget }

// digitsFit reports whether d has at most MaxDigits digits.
func digitsFit(d decimal.Decimal) bool { return d.NumDigits() <= MaxDigits }

// textAdd is + on two texts.
func textAdd(a, b string) (string, error) {
	if !TextFits(len(a) + len(b)) {
		return "", fmt.Errorf("%w: text of %d bytes (at most %d)", ErrMemoryBudget, len(a)+len(b), MemoryBudget)
	}
	return a + b, nil
}

// valueAdd is + on operands whose types are only known at run time: on
// two texts it is textAdd, on anything else expr's own +.
func valueAdd(a, b any) (any, error) {
	if x, ok := a.(string); ok {
		if y, ok := b.(string); ok {
			return textAdd(x, y)
		}
	}
	return runtime.Add(a, b), nil
}

// budgetOptions are textAdd, valueAdd and the bounded replacements of
// expr's replace, join, repeat, toBase64, string and toJSON.
func budgetOptions() []expr.Option {
	return []expr.Option{
		expr.Function("textAdd", func(args ...any) (any, error) {
			a, _ := args[0].(string)
			b, _ := args[1].(string)
			return textAdd(a, b)
		}, new(func(string, string) string)),
		expr.Function("valueAdd", func(args ...any) (any, error) {
			return valueAdd(args[0], args[1])
		}, new(func(any, any) any)),
		expr.Function("replace", func(args ...any) (any, error) {
			if len(args) != 3 && len(args) != 4 {
				return nil, fmt.Errorf("invalid number of arguments for replace (expected 3 or 4, got %d)", len(args))
			}
			s, _ := args[0].(string)
			old, _ := args[1].(string)
			repl, _ := args[2].(string)
			n := -1
			if len(args) == 4 {
				n = runtime.ToInt(args[3])
			}
			count := strings.Count(s, old)
			if n >= 0 && n < count {
				count = n
			}
			if size := len(s) + count*(len(repl)-len(old)); count > MemoryBudget || !TextFits(size) {
				return nil, fmt.Errorf("%w: replace would make text of %d bytes (at most %d)", ErrMemoryBudget, size, MemoryBudget)
			}
			return strings.Replace(s, old, repl, n), nil
		}, new(func(string, string, string, int) string), new(func(string, string, string) string)),
		expr.Function("join", func(args ...any) (any, error) {
			glue := ""
			if len(args) == 2 {
				glue, _ = args[1].(string)
			}
			var parts []string
			switch x := args[0].(type) {
			case []string:
				parts = x
			case []any:
				parts = make([]string, len(x))
				for i, e := range x {
					s, ok := e.(string)
					if !ok {
						return nil, fmt.Errorf("join: element %d is %T, not text", i, e)
					}
					parts[i] = s
				}
			default:
				return nil, fmt.Errorf("invalid argument for join (type %s)", reflect.TypeOf(args[0]))
			}
			size := 0
			for i, p := range parts {
				if i > 0 {
					size += len(glue)
				}
				if size += len(p); !TextFits(size) {
					return nil, fmt.Errorf("%w: join would make text of more than %d bytes", ErrMemoryBudget, MemoryBudget)
				}
			}
			return strings.Join(parts, glue), nil
		}, new(func([]any, string) string), new(func([]any) string), new(func([]string, string) string), new(func([]string) string)),
		expr.Function("repeat", func(args ...any) (any, error) {
			if len(args) != 2 {
				return nil, fmt.Errorf("invalid number of arguments for repeat (expected 2, got %d)", len(args))
			}
			s, _ := args[0].(string)
			n := runtime.ToInt(args[1])
			if n < 0 {
				return nil, fmt.Errorf("invalid argument for repeat (expected positive integer, got %d)", n)
			}
			// Checked before the multiplication could overflow.
			if n > 0 && len(s) > MemoryBudget/n {
				return nil, fmt.Errorf("%w: repeat would make text of more than %d bytes", ErrMemoryBudget, MemoryBudget)
			}
			return strings.Repeat(s, n), nil
		}, new(func(string, int) string)),
		expr.Function("toBase64", func(args ...any) (any, error) {
			s, _ := args[0].(string)
			if n := base64.StdEncoding.EncodedLen(len(s)); !TextFits(n) {
				return nil, fmt.Errorf("%w: toBase64 would make text of %d bytes (at most %d)", ErrMemoryBudget, n, MemoryBudget)
			}
			return base64.StdEncoding.EncodeToString([]byte(s)), nil
		}, new(func(string) string)),
		sized("string", new(func(any) string)),
		sized("toJSON", new(func(any) string)),
	}
}

// sized replaces expr's builtin name, which writes a value as text, by
// one that first estimates the text's size (sizeOf) and fails when it
// is beyond the budget.
func sized(name string, types ...any) expr.Option {
	b := builtin.Builtins[builtin.Index[name]]
	return expr.Function(name, func(args ...any) (any, error) {
		if len(args) != 1 {
			return nil, fmt.Errorf("invalid number of arguments for %s (expected 1, got %d)", name, len(args))
		}
		if !SizeWithin(reflect.ValueOf(args[0]), MemoryBudget, 0) {
			return nil, fmt.Errorf("%w: %s would make text of more than %d bytes", ErrMemoryBudget, name, MemoryBudget)
		}
		if b.Fast != nil {
			return b.Fast(args[0]), nil
		}
		return b.Func(args...)
	}, types...)
}

// ValueWithin reports whether v, written into an effect (jsonValue),
// stays within the budget; the usual scalars are within it already.
func ValueWithin(v any) bool {
	switch v.(type) {
	case nil, string, bool, int, int64, float64, decimal.Decimal, *Item:
		return true
	}
	return SizeWithin(reflect.ValueOf(v), MemoryBudget, 0)
}

// SizeWithin reports whether v, written as text, takes at most limit
// bytes, as a lower bound: a text its length, a decimal its digits and
// two (a sign and a point), anything else at least a byte an element. It stops as soon as the bound is passed.
func SizeWithin(v reflect.Value, limit, depth int) bool {
	_, ok := textSize(v, limit, depth)
	return ok
}

func textSize(v reflect.Value, limit, depth int) (int, bool) {
	if depth > 100 {
		return 0, false
	}
	switch v.Kind() {
	case reflect.Invalid:
		return 4, limit >= 4
	case reflect.String:
		return v.Len(), v.Len() <= limit
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return 4, limit >= 4
		}
		return textSize(v.Elem(), limit, depth+1)
	case reflect.Slice, reflect.Array:
		n := 2
		for i := range v.Len() {
			m, ok := textSize(v.Index(i), limit-n-1, depth+1)
			if n += m + 1; !ok || n > limit {
				return n, false
			}
		}
		return n, true
	case reflect.Map:
		n := 2
		for it := v.MapRange(); it.Next(); {
			k, ok := textSize(it.Key(), limit-n-2, depth+1)
			if n += k + 2; !ok || n > limit {
				return n, false
			}
			m, ok := textSize(it.Value(), limit-n, depth+1)
			if n += m; !ok || n > limit {
				return n, false
			}
		}
		return n, true
	case reflect.Struct:
		if v.Type() == DecimalType {
			// Its digits, a sign and a point: up to MaxDigits + 2 bytes.
			d, _ := v.Interface().(decimal.Decimal)
			n := d.NumDigits() + 2
			return n, n <= limit
		}
		n := 2
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			m, ok := textSize(v.Field(i), limit-n-1, depth+1)
			if n += m + 1; !ok || n > limit {
				return n, false
			}
		}
		return n, true
	}
	return 1, limit >= 1
}
