package compile

import (
	"errors"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// noPatch patches nothing.
type noPatch struct{}

func (noPatch) Visit(*ast.Node)    {}
func (noPatch) Reset()             {}
func (noPatch) ShouldRepeat() bool { return false }

// TestCompileMatchesExpr compares Compile with expr.Compile: the same
// values, and the same *file.Error, with the tree, for a problem.
func TestCompileMatchesExpr(t *testing.T) {
	env := map[string]any{"a": 2, "s": "x"}
	for _, src := range []string{"a * 3 + 1", `s + "y"`, "a + s", "1 +", `len(filter([1, 2, 3], # > a))`} {
		cfg := conf.CreateNew()
		expr.Env(env)(cfg)
		steps := 0
		got, root, gotErr := Compile(src, cfg, noPatch{}, func(*ast.Node) { steps++ })
		want, wantErr := expr.Compile(src, expr.Env(env))
		if (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: error %v, expr.Compile's %v", src, gotErr, wantErr)
			continue
		}
		if gotErr != nil {
			var fe *file.Error
			if !errors.As(gotErr, &fe) || gotErr.Error() != wantErr.Error() {
				t.Errorf("%s: error %q, expr.Compile's %q", src, gotErr, wantErr)
			}
			if root == nil && src != "1 +" {
				t.Errorf("%s: no tree with the check's error", src)
			}
			continue
		}
		if steps != 1 {
			t.Errorf("%s: after ran %d times", src, steps)
		}
		g, err1 := vm.Run(got, env)
		w, err2 := vm.Run(want, env)
		if g != w || err1 != nil || err2 != nil {
			t.Errorf("%s: %v (%v), expr.Compile's %v (%v)", src, g, err1, w, err2)
		}
	}
}
