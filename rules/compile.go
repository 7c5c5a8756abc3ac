package rules

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/checker/nature"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/closure"
	"github.com/cartfx/cartfx/internal/compile"
)

// Bounds on untrusted expressions.
const (
	// MaxSourceLength is the longest expression accepted, in bytes.
	MaxSourceLength = 4096
)

// program is one compiled expression and its source. The compiled part
// is shared by the programs of the same source and type environment.
type program struct {
	*compiled
	src string
	pos Position
}

// compiler compiles the expressions of one file. It is used by one
// goroutine.
type compiler struct {
	reg *cart.Registry
	ps  *problems
	// cfg is expr's configuration: the builtins, attribute accessors and
	// decimal operators (shared, read-only, built once per process), the
	// node limit, and this file's cache of type information. compile
	// sets its environment and patcher for each expression.
	cfg *conf.Config
	// envs are the type environments' natures by key.
	envs map[string]nature.Nature
	// shared is what the compilers of one file share.
	shared *sharedPrograms
	// typeEnvs are the type environments made so far, by key.
	typeEnvs map[string]typeEnv
}

// sharedPrograms is what the compilers of one file (loadCampaigns) have
// in common, safe for concurrent use.
type sharedPrograms struct {
	mu sync.Mutex
	// progs are the expressions compiled without a problem, by source
	// and type environment: campaign files repeat many expressions, and
	// a compiled program is immutable, so rules share it.
	progs map[progKey]*compiled
	// typeIDs number the types of bindings, for typeEnv's keys: a
	// program's key means the same in every compiler of the file.
	typeIDs map[reflect.Type]int
}

func newSharedPrograms() *sharedPrograms {
	return &sharedPrograms{progs: map[progKey]*compiled{}, typeIDs: map[reflect.Type]int{}}
}

// lookup returns the program compiled for key, if any.
func (sp *sharedPrograms) lookup(key progKey) (*compiled, bool) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	hit, ok := sp.progs[key]
	return hit, ok
}

// store keeps a program compiled for key and returns the one to use: the
// first stored, when another compiler compiled the same key meanwhile.
func (sp *sharedPrograms) store(key progKey, done *compiled) *compiled {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if first, ok := sp.progs[key]; ok {
		return first
	}
	sp.progs[key] = done
	return done
}

// typeID numbers a binding's type; 0 is no type.
func (sp *sharedPrograms) typeID(t reflect.Type) int {
	if t == nil {
		return 0
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	id, ok := sp.typeIDs[t]
	if !ok {
		id = len(sp.typeIDs) + 1
		sp.typeIDs[t] = id
	}
	return id
}

type progKey struct{ src, env string }

// compiled is an expression compiled against one type environment,
// shared by every rule that writes it.
type compiled struct {
	prog *vm.Program
	out  reflect.Type // the result type; nil when only known at run time
	// readsPrices says a run may read a unit's PriceAfterDiscounts, and
	// readsBase its Price: the runner settles them first (internal/closure's
	// lazyprices.go).
	readsPrices, readsBase bool
	// countsSteps says the program reads the runner's step counter
	// (internal/closure's steps.go): expr's VM runs it with the runner's own variables.
	countsSteps bool
	// direct, when set, computes what prog does, as Go closures
	// (internal/closure's direct.go); the runner calls it instead of expr's VM.
	direct closure.Program
}

// newCompiler returns a compiler that reports to ps and shares its
// programs with the other compilers of shared.
func newCompiler(reg *cart.Registry, ps *problems, shared *sharedPrograms) *compiler {
	cfg := *closure.BaseConfig()
	cfg.NtCache = nature.Cache{}
	cfg.Visitors = nil
	return &compiler{
		reg: reg, ps: ps, cfg: &cfg, shared: shared,
		envs:     map[string]nature.Nature{},
		typeEnvs: map[string]typeEnv{},
	}
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
func (c *compiler) compile(s scalar, sc scope, ts typeScope, want expect, what string) *program {
	src := strings.TrimSpace(s.Text)
	if s.Null || src == "" {
		c.ps.add(s.Pos, sc, "%s: expected an expression, got nothing", what)
		return nil
	}
	if len(s.Text) > MaxSourceLength {
		c.ps.add(s.Pos, sc, "%s: the expression is %d bytes long (at most %d)", what, len(s.Text), MaxSourceLength)
		return nil
	}
	env := c.envFor(ts, s.Text)
	if usesFailedBinding(s.Text, env.vars) {
		return nil // the binding's problem is reported already
	}
	key := progKey{src: s.Text, env: env.key}
	if hit, ok := c.shared.lookup(key); ok {
		if hit.out != nil && !accepts(want, hit.out) {
			c.ps.add(s.Pos, sc, "%s: expected %s, got %s", what, want, typeName(hit.out))
			return nil
		}
		return &program{compiled: hit, src: s.Text, pos: s.Pos}
	}
	runes := []rune(s.Text)
	p := closure.NewPatcher(runes, c.reg)
	prog, tree, err := c.compileSafely(s.Text, env, p)
	if errs := p.Errors(); len(errs) > 0 {
		for _, e := range errs {
			c.ps.add(s.at(runeLineCol(runes, e.Loc.From)), sc, "%s: %s", what, e.Msg)
		}
		return nil
	}
	if err != nil {
		// expr's error is the problem's cause, its message as expr
		// wrote it (exprerrors.go).
		var fe *file.Error
		pos, msg := s.Pos, err.Error()
		if errors.As(err, &fe) {
			pos, msg = s.at(fe.Line, fe.Column), fe.Message
			if m, ok := unknownField(tree, fe); ok {
				msg = m
			}
		}
		c.ps.addCause(pos, sc, err, "%s: %s", what, msg)
		return nil
	}
	if id := unknownIdentifier(prog.Node(), env.vars); id != nil {
		c.ps.add(s.at(runeLineCol(runes, id.Location().From)), sc, "%s: unknown name %s", what, id.Value)
		return nil
	}
	out := prog.Node().Type()
	if out != nil && out.Kind() == reflect.Interface {
		out = nil
	}
	root := prog.Node()
	done := &compiled{prog: prog, out: out, readsPrices: closure.ReadsPricesAfterDiscounts(root), readsBase: closure.ReadsPrices(root),
		countsSteps: closure.CountsSteps(root), direct: closure.Compile(root)}
	done = c.shared.store(key, done)
	if out != nil && !accepts(want, out) {
		c.ps.add(s.Pos, sc, "%s: expected %s, got %s", what, want, typeName(out))
		return nil
	}
	return &program{compiled: done, src: s.Text, pos: s.Pos}
}

// compileSafely compiles src as expr.Compile does with the type
// environment env, the compiler's functions and the patcher p
// (internal/compile), without rebuilding the configuration and the
// environment's type information for every expression; every closure's
// iterations count against the step budget (stepPass, once the patcher
// has finished with the closures). It returns the tree as far as it was
// checked, for the messages of its problems (exprerrors.go).
// TestCompileMatchesExpr holds it to expr.Compile's results.
func (c *compiler) compileSafely(src string, env typeEnv, p *closure.Patcher) (*vm.Program, *ast.Node, error) {
	cfg := c.cfg
	nt, ok := c.envs[env.key]
	if !ok {
		nt = conf.EnvWithCache(&cfg.NtCache, env.vars)
		c.envs[env.key] = nt
	}
	cfg.EnvObject, cfg.Env, cfg.Strict = env.vars, nt, nt.Strict
	defer func() { cfg.EnvObject = nil }()
	return compile.Compile(src, cfg, p, closure.StepPass)
}

// unknownIdentifier finds a name that is neither in the environment, nor a
// function, nor declared with let. expr's checker lets some through when
// they are arguments of overloaded functions.
func unknownIdentifier(root ast.Node, env map[string]any) *ast.IdentifierNode {
	lets := map[string]bool{}
	var ids []*ast.IdentifierNode
	ast.Walk(&root, closure.Visitor(func(n ast.Node) {
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

// functionNames are the names of the functions the loader defines.
var functionNames = func() map[string]bool {
	m := map[string]bool{}
	for name := range closure.BaseConfig().Functions {
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
	ast.Walk(&tree.Node, closure.Visitor(func(n ast.Node) {
		if id, ok := n.(*ast.IdentifierNode); ok {
			if _, ok := env[id.Value].(failedBinding); ok {
				uses = true
			}
		}
	}))
	return uses
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
		return t == closure.ItemsType
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
	case closure.ItemsType:
		return "a list of cart items"
	case closure.ItemType, reflect.TypeFor[Item]():
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
