package builtins

import (
	"testing"

	"github.com/expr-lang/expr/builtin"
)

// TestEveryBuiltinHasARow fails, naming the builtin, for each of expr's
// builtins that the table does not say how to treat, or says so against
// what expr's own table says of it.
func TestEveryBuiltinHasARow(t *testing.T) {
	for _, b := range builtin.Builtins {
		u, ok := Table[b.Name]
		if !ok {
			t.Errorf("expr's builtin %q has no row in builtins.Table: decide how the step budget, lazy prices, the patcher and the memory budget treat it", b.Name)
			continue
		}
		if u.Loops != b.Predicate {
			t.Errorf("builtin %q: Loops is %v, expr's Predicate %v", b.Name, u.Loops, b.Predicate)
		}
		if u.Size == 0 {
			t.Errorf("builtin %q: no Size", b.Name)
		}
		if u.Steps == 0 {
			t.Errorf("builtin %q: no Steps: decide whether it walks its arguments", b.Name)
		}
		if u.Loops && u.Steps != Walks {
			t.Errorf("builtin %q: it takes a closure, and written without one (sum, count) walks its list: Steps must be Walks", b.Name)
		}
		if u.Size == Counted && b.Safe == nil {
			t.Errorf("builtin %q: Size is Counted, but expr's VM does not count it (no Safe function)", b.Name)
		}
		if u.Predicate != "" && !u.Loops {
			t.Errorf("builtin %q: a compiled predicate replaces it, but it takes no closure", b.Name)
		}
	}
}

// TestNoStaleRows fails for a row that names no builtin of expr's.
func TestNoStaleRows(t *testing.T) {
	for name := range Table {
		if _, ok := builtin.Index[name]; !ok {
			t.Errorf("builtins.Table has a row for %q, which is not one of expr's builtins", name)
		}
	}
}
