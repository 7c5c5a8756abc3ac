package rules

import (
	"strings"
	"testing"

	"github.com/cartfx/cartfx/internal/builtins"
	"github.com/cartfx/cartfx/internal/closure"
)

// TestBuiltinsTableFunctions checks that the loader defines every
// function internal/builtins' table names: the compiled predicates, and
// the bounded replacements of the builtins marked Replaced.
func TestBuiltinsTableFunctions(t *testing.T) {
	fns := closure.BaseConfig().Functions
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

// TestToBase64Bounded checks that nested toBase64 fails on the memory
// budget instead of growing text by a third at every level.
func TestToBase64Bounded(t *testing.T) {
	src := `repeat("a", 90000)`
	for range 3 {
		src = "toBase64(" + src + ")"
	}
	f := mustParse(t, rule1("        condition: len("+src+") > 0\n        effects: []\n"))
	res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
	if res.Err == nil || !strings.Contains(res.Err.Error(), "memory budget exceeded") {
		t.Errorf("Err = %v, want the memory budget", res.Err)
	}
}
