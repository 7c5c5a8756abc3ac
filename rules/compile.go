package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/cartfx/cartfx/cart"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Bounds on untrusted expressions.
const (
	// MaxSourceLength is the longest expression accepted, in bytes.
	MaxSourceLength = 4096
	// MaxNodes is the most AST nodes an expression may have.
	MaxNodes = 2000
	// MemoryBudget is the memory (in expr's units: roughly, elements of
	// the collections an expression builds) one run of an expression may
	// use before it fails.
	MemoryBudget = 100_000
)

// program is one compiled expression and its source.
type program struct {
	prog *vm.Program
	src  string
	pos  Position
	out  reflect.Type // the result type; nil when only known at run time
}

// compiler compiles the expressions of one file.
type compiler struct {
	reg  *cart.Registry
	ps   *problems
	base []expr.Option // builtins, attribute accessors and decimal operators
}

func newCompiler(reg *cart.Registry, ps *problems) *compiler {
	var base []expr.Option
	base = append(base, builtinOptions()...)
	base = append(base, attributeOptions()...)
	base = append(base, decimalOptions()...)
	base = append(base, expr.MaxNodes(MaxNodes))
	return &compiler{reg: reg, ps: ps, base: base}
}

// expect says what result an expression must have.
type expect int

const (
	expectAny expect = iota
	expectBool
	expectNumber // a decimal or an int
	expectInt
	expectItems // a list of units
)

func (e expect) String() string {
	switch e {
	case expectBool:
		return "true or false"
	case expectNumber:
		return "a number"
	case expectInt:
		return "a whole number"
	case expectItems:
		return "a list of cart items"
	}
	return "a value"
}

// compile compiles the expression in s against env, reporting problems at
// their place in the file. It returns nil when the expression has a
// problem.
func (c *compiler) compile(s scalar, sc scope, env map[string]any, want expect, what string) *program {
	src := strings.TrimSpace(s.Text)
	if s.Null || src == "" {
		c.ps.add(s.Pos, sc, "%s: expected an expression, got nothing", what)
		return nil
	}
	if len(s.Text) > MaxSourceLength {
		c.ps.add(s.Pos, sc, "%s: the expression is %d bytes long (at most %d)", what, len(s.Text), MaxSourceLength)
		return nil
	}
	if usesFailedBinding(s.Text, env) {
		return nil // the binding's problem is reported already
	}
	p := &patcher{src: []rune(s.Text), reg: c.reg}
	opts := make([]expr.Option, 0, len(c.base)+3)
	opts = append(opts, expr.Env(env))
	opts = append(opts, c.base...)
	opts = append(opts, expr.Patch(p))
	prog, err := compileSafely(s.Text, opts)
	if len(p.errs) > 0 {
		for _, e := range p.errs {
			c.ps.add(s.at(runeLineCol(p.src, e.loc.From)), sc, "%s: %s", what, e.msg)
		}
		return nil
	}
	if err != nil {
		var fe *file.Error
		pos, msg := s.Pos, err.Error()
		if errors.As(err, &fe) {
			pos = s.at(fe.Line, fe.Column)
			msg = typeNames.Replace(fe.Message)
		}
		c.ps.add(pos, sc, "%s: %s", what, msg)
		return nil
	}
	if id := unknownIdentifier(prog.Node(), env); id != nil {
		c.ps.add(s.at(runeLineCol(p.src, id.Location().From)), sc, "%s: unknown name %s", what, id.Value)
		return nil
	}
	out := prog.Node().Type()
	if out != nil && out.Kind() == reflect.Interface {
		out = nil
	}
	if out != nil && !accepts(want, out) {
		c.ps.add(s.Pos, sc, "%s: expected %s, got %s", what, want, typeName(out))
		return nil
	}
	return &program{prog: prog, src: s.Text, pos: s.Pos, out: out}
}

// unknownIdentifier finds a name that is neither in the environment, nor a
// function, nor declared with let. expr's checker lets some through when
// they are arguments of overloaded functions.
func unknownIdentifier(root ast.Node, env map[string]any) *ast.IdentifierNode {
	lets := map[string]bool{}
	var ids []*ast.IdentifierNode
	ast.Walk(&root, visitor(func(n ast.Node) {
		switch n := n.(type) {
		case *ast.VariableDeclaratorNode:
			lets[n.Name] = true
		case *ast.IdentifierNode:
			ids = append(ids, n)
		}
	}))
	for _, id := range ids {
		if _, ok := env[id.Value]; ok || lets[id.Value] || functionNames[id.Value] || id.Value == "$env" {
			continue
		}
		if _, ok := builtin.Index[id.Value]; ok {
			continue
		}
		return id
	}
	return nil
}

type visitor func(ast.Node)

func (v visitor) Visit(n *ast.Node) { v(*n) }

// functionNames are the names of the functions the loader defines.
var functionNames = func() map[string]bool {
	c := conf.CreateNew()
	for _, o := range append(append(builtinOptions(), attributeOptions()...), decimalOptions()...) {
		o(c)
	}
	m := map[string]bool{}
	for name := range c.Functions {
		m[name] = true
	}
	return m
}()

// failedBinding stands in the type environment for a binding that did not
// compile, so that expressions using it are skipped instead of reporting a
// second problem.
type failedBinding struct{}

func usesFailedBinding(src string, env map[string]any) bool {
	failed := false
	for _, v := range env {
		if _, ok := v.(failedBinding); ok {
			failed = true
		}
	}
	if !failed {
		return false
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return false
	}
	uses := false
	ast.Walk(&tree.Node, visitor(func(n ast.Node) {
		if id, ok := n.(*ast.IdentifierNode); ok {
			if _, ok := env[id.Value].(failedBinding); ok {
				uses = true
			}
		}
	}))
	return uses
}

// typeNames replaces Go type names in expr's messages by the names a rule
// author knows.
var typeNames = strings.NewReplacer(
	"rules.SessionView", "Session", "rules.ProfileView", "Profile",
	"rules.CouponView", "Coupon", "rules.ReferralView", "Referral",
	"rules.CampaignView", "Campaign", "[]rules.Item", "list of cart items",
	"rules.Item", "Item", "rules.Attributes", "Attributes",
	"decimal.Decimal", "number", "[]interface {}", "list", "interface {}", "any",
)

// compileSafely turns a panic inside expr's compiler into an error.
func compileSafely(src string, opts []expr.Option) (prog *vm.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, fmt.Errorf("cannot compile the expression: %v", r)
		}
	}()
	return expr.Compile(src, opts...)
}

func accepts(want expect, t reflect.Type) bool {
	switch want {
	case expectBool:
		return t.Kind() == reflect.Bool
	case expectNumber:
		return t == decimalType || t.Kind() == reflect.Int
	case expectInt:
		return t.Kind() == reflect.Int
	case expectItems:
		return t == reflect.TypeFor[[]Item]()
	}
	return true
}

// typeName names a result type for messages.
func typeName(t reflect.Type) string {
	switch t {
	case decimalType:
		return "a number"
	case timeType:
		return "a time"
	case reflect.TypeFor[[]Item]():
		return "a list of cart items"
	case reflect.TypeFor[Item]():
		return "a cart item"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int:
		return "a whole number"
	case reflect.Slice:
		return "a list"
	case reflect.Map:
		return "a mapping"
	}
	return t.String()
}

// runeLineCol turns a rune offset into expr's line (1-based) and column
// (0-based).
func runeLineCol(src []rune, off int) (line, col int) {
	line = 1
	for i := 0; i < off && i < len(src); i++ {
		if src[i] == '\n' {
			line++
			col = 0
		} else {
			col++
		}
	}
	return line, col
}

// at returns the file position of the expression's line (1-based) and
// column (0-based, in characters).
func (s scalar) at(line, col int) Position {
	if len(s.Lines) > 0 {
		if line >= 1 && line <= len(s.Lines) {
			p := s.Lines[line-1]
			return Position{Line: p.Line, Col: p.Col + col}
		}
		return s.Pos
	}
	if line == 1 {
		return Position{Line: s.Pos.Line, Col: s.Pos.Col + s.Quoted + col}
	}
	return s.Pos
}

// sub returns the part of s that starts at byte offset off, for the
// expressions inside a text template.
func (s scalar) sub(off int, text string) scalar {
	before := s.Text[:off]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:])
	return scalar{Text: text, Pos: s.at(line, col)}
}
