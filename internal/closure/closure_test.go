package closure

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/internal/builtins"
)

// TestBuiltinsTableFunctions checks that the loader defines every
// function internal/builtins' table names: the compiled predicates, and
// the bounded replacements of the builtins marked Replaced.
func TestBuiltinsTableFunctions(t *testing.T) {
	fns := BaseConfig().Functions
	for name, u := range builtins.Table {
		if u.Predicate != "" {
			if _, ok := fns[u.Predicate]; !ok {
				t.Errorf("builtin %q: the loader defines no %s", name, u.Predicate)
			}
			if predicateResults[u.Predicate] == nil {
				t.Errorf("builtin %q: %s has no result type in predicateResults", name, u.Predicate)
			}
		}
		if u.Size == builtins.Replaced {
			if _, ok := fns[name]; !ok {
				t.Errorf("builtin %q is marked Replaced, but the loader defines no function of its name", name)
			}
		}
	}
}

// TestDecimalSize: a decimal counts its digits and two towards the size
// of a value written as text, not a byte: a list of 540-digit decimals
// past the budget is refused (49,000 of them made 26.5 MB).
func TestDecimalSize(t *testing.T) {
	d := decimal.RequireFromString("-" + strings.Repeat("9", 538) + ".5") // 539 digits
	list := func(n int) []any {
		l := make([]any, n)
		for i := range l {
			l[i] = d
		}
		return l
	}
	if n, ok := textSize(reflect.ValueOf(list(2)), MemoryBudget, 0); n != 2+2*(541+1) || !ok {
		t.Errorf("two decimals: %d bytes, %v; want %d, true", n, ok, 2+2*(541+1))
	}
	for n, want := range map[int]bool{100: true, 184: true, 185: false, 49_000: false} {
		if got := ValueWithin(list(n)); got != want {
			t.Errorf("%d decimals of 539 digits: ValueWithin %v, want %v", n, got, want)
		}
	}
	if got := ValueWithin(map[string]any{"a": list(200)}); got {
		t.Error("a map holding 200 such decimals: within the budget")
	}
}
