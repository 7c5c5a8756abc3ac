package closure

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/expr-lang/expr/ast"

	"github.com/cartfx/cartfx/internal/builtins"
)

// The step budget: a bound on the CPU time of a rule evaluation.
//
// The memory budget bounds what a run builds, not how long it loops:
// all(Session.CartItems, {all(Session.CartItems, {...})}) nested four
// deep over a 200-line cart calls its innermost predicate 200⁴ times, and
// builds nothing. So every iteration of a loop over a list counts a step,
// and an evaluation of more than MaxSteps steps fails with
// ErrStepBudget, as the rule's failure reason.
//
// A step is one iteration of a predicate's body: a closure of one of
// expr's builtins that take one (internal/builtins' Loops, which its test
// holds to builtin.Builtins' Predicate: all, any,
// none, one, filter, map, find, findIndex, findLast, findLastIndex,
// count, sum, groupBy, sortBy, reduce, and any added later), or a unit
// tested by a compiled item predicate (itemsWhere, itemsAny, …; a filter
// answered from the index whole, without testing its units, counts one
// step a unit it returns), or a unit that one of the loader's functions
// over units goes through (unitLoops: sumPrice, sumOf, cheapest,
// mostExpensive; counted a call at a time), or an element (or
// textStepBytes bytes of text) of an argument that a builtin internal/
// builtins marks Walks goes through without a closure, or of the list
// that `in` searches: StepPass makes such an argument A #walk(A, #steps),
// which charges it and returns it (walked). After the patcher's own
// passes, StepPass
// makes each such closure's body B the sequence `#step(); B` (same type,
// same value): #step is the runner's function that counts, a Go func()
// bool that expr's VM calls without allocating (OpCallTyped). The calls
// of compiled item predicates carry the runner's counter, #steps, as
// their last argument: in expr's VM the Go function counts on it, and a
// direct program counts on the same field (Runner.steps) with one
// increment and comparison a unit. StepPass gives the calls of unitLoops
// the counter too. Neither name can be written in an
// expression (# starts a closure's pointer), nor be a binding's.
//
// The budget is a rule evaluation's, not a program run's: the bindings,
// the conditions and the effects' parameters of one Rule.Evaluate share
// it. The failure effects, run when the rule failed (perhaps on the
// budget), start from zero with a budget of their own. A per-item effect runs its parameters once for every unit it
// applies to, and a chain of bindings can each loop over the cart: a
// budget per run would let either multiply past any bound.
//
// A direct program that runs out declines, like one that meets any other
// error; the runner gives the steps it took back and expr's VM runs the
// program again, which counts the same steps and reports the error in
// its words: both paths give the same message.

// MaxSteps is the most steps a rule evaluation may take: at some tens of
// nanoseconds a step, a few tens of milliseconds at most. It fits a
// hundred loops over the largest cart (cart.MaxUnits units) in one
// evaluation, or one loop nested in another over 999 units (999 + 999²
// steps); nested over 1,000 units (1,001,000 steps) is beyond it. The
// builtins that go through a list, a map or text without a closure
// (internal/builtins' Walks: sum(xs), max, sort, uniq, join, keys, `in`
// over a list, indexOf, …) are charged as they go: a step an element, a
// step textStepBytes bytes, so that a loop around them is bounded too.
// Not charged: elements of nested lists that flatten or toJSON reach
// below the first level (what they build counts against the memory
// budget), and what compiled item predicates do inside their Go
// closures beyond the step a unit.
const MaxSteps = 1_000_000

// ErrStepBudget is the error of a run that would take more than MaxSteps
// steps.
var ErrStepBudget = errors.New("step budget exceeded")

// errStepsExceeded is the step budget's error as runs report it, made
// once: the budget is the same for every run.
var errStepsExceeded = fmt.Errorf("%w: more than %d steps (nested loops over the cart?)", ErrStepBudget, MaxSteps)

// The variables that count steps, in the type environments and in the
// variables of expr's VM for programs that count (rules' runner.variables).
const (
	// StepVar is the runner's step function (Runner.step).
	StepVar = "#step"
	// StepsVar is the runner's counter, for compiled item predicates.
	StepsVar = "#steps"
)

// StepCount counts the steps of one rule evaluation.
type StepCount int

var (
	StepCountType = reflect.TypeFor[*StepCount]()
	stepFuncType  = reflect.TypeFor[func() bool]()
)

// take counts n steps and reports whether they are within the budget.
func (s *StepCount) take(n int) bool {
	*s += StepCount(n)
	return *s <= MaxSteps
}

// step counts one step of a closure run by expr's VM; beyond the budget
// it panics with errStepsExceeded, which the VM returns as the run's
// error. It is bound once per runner (Runner.stepFn): a method value
// made at every run would allocate.
func (r *Runner) step() bool {
	if !r.steps.take(1) {
		panic(errStepsExceeded)
	}
	return true
}

// StepPass wraps the body of every closure of a predicate builtin in the
// tree into `#step(); body`, and gives the calls of unitLoops the step
// counter. It runs once, after the patcher has finished (the patcher
// compiles some closures to Go, and must see them unwrapped), and types
// the nodes it makes as expr's checker would, so that the tree is not
// checked again (a check of every program with a loop made loading
// several per cent slower).
func StepPass(root *ast.Node) {
	ast.Walk(root, Visitor(func(n ast.Node) {
		if bin, ok := n.(*ast.BinaryNode); ok {
			// in over a list goes through it; over a literal list or a
			// range the optimizer makes it a lookup or a comparison.
			if op := bin.Operator; (op == "in" || op == "not in") && walksList(bin.Right) {
				bin.Right = walkArg(bin.Right)
			}
			return
		}
		if c, ok := n.(*ast.CallNode); ok {
			id, ok := c.Callee.(*ast.IdentifierNode)
			if !ok {
				return
			}
			if n, ok := unitLoops[id.Value]; ok && len(c.Arguments) == n {
				c.Arguments = append(c.Arguments, stepsArg(c))
				// expr's checker keeps the type of a call it has typed,
				// and the callee's with it: the counted form is the
				// function's first (builtins.go).
				c.Callee.SetType(BaseConfig().Functions[id.Value].Types[0])
				return
			}
			// The loader's replacements of builtins (budget.go) walk
			// their arguments as the builtins do.
			if builtins.Of(id.Value).Steps == builtins.Walks {
				walkArgs(c.Arguments)
			}
			return
		}
		b, ok := n.(*ast.BuiltinNode)
		if !ok {
			return
		}
		use := builtins.Of(b.Name)
		if use.Steps == builtins.Walks && !slices.ContainsFunc(b.Arguments, isClosure) {
			walkArgs(b.Arguments)
		}
		if !use.Loops {
			return
		}
		for _, a := range b.Arguments {
			p, ok := a.(*ast.PredicateNode)
			if !ok || counted(p.Node) {
				continue
			}
			// Typed here as expr's checker would type them: the tree
			// need not be checked again.
			step := &ast.CallNode{Callee: &ast.IdentifierNode{Value: StepVar}}
			step.SetLocation(p.Location())
			step.Callee.SetLocation(p.Location())
			step.Callee.SetType(stepFuncType)
			step.SetType(BoolType)
			seq := &ast.SequenceNode{Nodes: []ast.Node{step, p.Node}}
			seq.SetLocation(p.Node.Location())
			seq.SetNature(*p.Node.Nature())
			p.Node = seq
		}
	}))
}

// textStepBytes is how many bytes of text a builtin that walks its
// arguments goes through for a step: scanning text is much cheaper than
// running a closure's body.
const textStepBytes = 64

// walkVar is the loader's function that charges the steps of a walked
// argument (walked) and returns it: walkArg makes an argument A of a
// builtin that walks it into #walk(A, #steps).
const walkVar = "#walk"

func isClosure(n ast.Node) bool {
	_, ok := n.(*ast.PredicateNode)
	return ok
}

// walkArgs wraps the arguments that a builtin walks, lists, maps and
// text, or values whose type is known only at run time, in #walk. A
// literal list is bounded by the expression's size and left as it is.
func walkArgs(args []ast.Node) {
	for i, a := range args {
		if _, ok := a.(*ast.ArrayNode); ok || isWalk(a) {
			continue
		}
		switch t := a.Type(); {
		case t == nil:
		case t.Kind() == reflect.Slice, t.Kind() == reflect.Array, t.Kind() == reflect.Map,
			t.Kind() == reflect.String, t.Kind() == reflect.Interface:
		default:
			continue
		}
		args[i] = walkArg(a)
	}
}

// walksList reports whether in over n goes through a list that walkArgs
// would charge: not a literal list, nor a range (the optimizer makes
// `x in a..b` a comparison).
func walksList(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.ArrayNode:
		return false
	case *ast.BinaryNode:
		if n.Operator == ".." {
			return false
		}
	case *ast.CallNode:
		if isWalk(n) {
			return false
		}
	}
	t := n.Type()
	return t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array)
}

// walkArg is #walk(a, #steps), typed as a is.
func walkArg(a ast.Node) ast.Node {
	c := &ast.CallNode{Callee: &ast.IdentifierNode{Value: walkVar}, Arguments: []ast.Node{a, stepsArg(a)}}
	c.SetLocation(a.Location())
	c.Callee.SetLocation(a.Location())
	c.Callee.SetType(walkFuncType)
	c.SetNature(*a.Nature())
	return c
}

// isWalk reports whether n is a call of #walk.
func isWalk(n ast.Node) bool {
	c, ok := n.(*ast.CallNode)
	if !ok {
		return false
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	return ok && id.Value == walkVar
}

var walkFuncType = reflect.TypeFor[func(any, *StepCount) any]()

// walkSteps is what going through v costs: a step an element of a list
// or a map, a step a textStepBytes bytes of text (at least one for text
// that is not empty), nothing for anything else.
func walkSteps(v any) int {
	switch x := v.(type) {
	case nil:
		return 0
	case string:
		return (len(x) + textStepBytes - 1) / textStepBytes
	case []any:
		return len(x)
	case []int:
		return len(x)
	case []string:
		return len(x)
	case []*Item:
		return len(x)
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return rv.Len()
	case reflect.String:
		return (rv.Len() + textStepBytes - 1) / textStepBytes
	}
	return 0
}

// walked is #walk: it charges v's steps (walkSteps) and returns v.
func walked(args ...any) (any, error) {
	if !takeSteps(args, 1, walkSteps(args[0])) {
		return nil, errStepsExceeded
	}
	return args[0], nil
}

// unitLoops are the loader's functions that loop over the units of
// their first argument without a closure, by their number of arguments
// as written: StepPass gives their calls the step counter, and each takes
// a step a unit (cheapest and mostExpensive sort them).
var unitLoops = map[string]int{"sumPrice": 1, "sumOf": 2, "cheapest": 2, "mostExpensive": 2}

// counted reports whether a closure body is wrapped by StepPass already.
func counted(n ast.Node) bool {
	s, ok := n.(*ast.SequenceNode)
	if !ok || len(s.Nodes) != 2 {
		return false
	}
	c, ok := s.Nodes[0].(*ast.CallNode)
	if !ok {
		return false
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	return ok && id.Value == StepVar
}

// CountsSteps reports whether a program reads #step or #steps: expr's
// VM must then run it with the runner's own variables.
func CountsSteps(root ast.Node) bool {
	counts := false
	ast.Walk(&root, Visitor(func(n ast.Node) {
		if id, ok := n.(*ast.IdentifierNode); ok && (id.Value == StepVar || id.Value == StepsVar) {
			counts = true
		}
	}))
	return counts
}

// stepsArg is the argument that gives a compiled item predicate's call
// the runner's counter.
func stepsArg(loc ast.Node) ast.Node {
	id := &ast.IdentifierNode{Value: StepsVar}
	id.SetLocation(loc.Location())
	id.SetType(StepCountType)
	return id
}
