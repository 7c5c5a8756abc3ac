// Package compile owns the rules loader's replacement for expr.Compile:
// parse, check and patch (the patcher's passes, as expr's checker runs a
// repeatable visitor), a pass of the caller's after the patcher, expr's
// optimizer and expr's compiler, run with a configuration the caller
// builds once and reuses, rather than one that expr.Compile rebuilds, with
// the environment's type information, for every expression.
//
// compile imports expr only; it knows nothing of campaign files, rules or
// their environment, which its caller passes in (the configuration, the
// patcher, the pass after it).
package compile

import (
	"errors"
	"fmt"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	exprcompiler "github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Patcher is a visitor that rewrites the checked tree, and asks for
// another check and pass while its rewrites change it (expr's
// checker.Checker runs such visitors the same way).
type Patcher interface {
	ast.Visitor
	Reset()
	ShouldRepeat() bool
}

// Compile compiles src as expr.Compile does with cfg (whose Env,
// EnvObject and Strict the caller sets for the expression) and the
// patcher p, and runs after on the tree once the patcher has finished,
// before the optimizer. The tree is type-checked once per patcher pass
// (expr.Compile checks it once more before the first pass, and once more
// after the last, which changed nothing). A panic inside expr becomes an
// error.
//
// Compile returns the tree as far as it was parsed and checked, also
// with an error, so that the caller can tell a problem from the tree.
// cfg.Visitors is set to p for the call and left holding nil.
func Compile(src string, cfg *conf.Config, p Patcher, after func(*ast.Node)) (prog *vm.Program, root *ast.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, fmt.Errorf("cannot compile the expression: %v", r)
		}
	}()
	cfg.Visitors = append(cfg.Visitors[:0], p)
	defer func() { cfg.Visitors[0] = nil }()

	tree, err := parser.ParseWithConfig(src, cfg)
	if err != nil {
		return nil, nil, err
	}
	root = &tree.Node
	// The patcher's passes: check, patch, and again while the patch
	// changed the tree. The last check saw the final tree.
	var chk checker.Checker
	for {
		_, err = chk.Check(tree, cfg)
		p.Reset()
		ast.Walk(&tree.Node, p)
		if !p.ShouldRepeat() {
			break
		}
	}
	if err != nil {
		return nil, root, err
	}
	if after != nil {
		after(&tree.Node)
	}
	if cfg.Optimize {
		if err := optimizer.Optimize(&tree.Node, cfg); err != nil {
			var fe *file.Error
			if errors.As(err, &fe) {
				return nil, root, fe.Bind(tree.Source)
			}
			return nil, root, err
		}
	}
	prog, err = exprcompiler.Compile(tree, cfg)
	return prog, root, err
}
