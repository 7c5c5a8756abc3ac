package rules

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/cartfx/cartfx/internal/builtins"
	"github.com/expr-lang/expr/ast"
)

// The step budget: a bound on the CPU time of a rule evaluation.
//
// The memory budget bounds what a run builds, not how long it loops:
// all(Session.CartItems, {all(Session.CartItems, {...})}) nested four
// deep over a 200-line cart calls its innermost predicate 200⁴ times, and
// builds nothing. So every iteration of a loop over a list counts a step,
// and an evaluation of more than MaxSteps steps fails with
// errStepBudget, as the rule's failure reason.
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
// mostExpensive; counted a call at a time). After the patcher's own
// passes, stepPass
// makes each such closure's body B the sequence `#step(); B` (same type,
// same value): #step is the runner's function that counts, a Go func()
// bool that expr's VM calls without allocating (OpCallTyped). The calls
// of compiled item predicates carry the runner's counter, #steps, as
// their last argument: in expr's VM the Go function counts on it, and a
// direct program counts on the same field (runner.steps) with one
// increment and comparison a unit. stepPass gives the calls of unitLoops
// the counter too. Neither name can be written in an
// expression (# starts a closure's pointer), nor be a binding's.
//
// The budget is a rule evaluation's, not a program run's: the bindings,
// the conditions and the effects' parameters of one Rule.Evaluate share
// it. A per-item effect runs its parameters once for every unit it
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
// steps); nested over 1,000 units (1,001,000 steps) is beyond it.
const MaxSteps = 1_000_000

// errStepBudget is the error of a run that would take more than MaxSteps
// steps.
var errStepBudget = errors.New("step budget exceeded")

// errStepsExceeded is the step budget's error as runs report it, made
// once: the budget is the same for every run.
var errStepsExceeded = fmt.Errorf("%w: more than %d steps (nested loops over the cart?)", errStepBudget, MaxSteps)

// The variables that count steps, in the type environments and in the
// variables of expr's VM for programs that count (runner.variables).
const (
	// stepVar is the runner's step function (runner.step).
	stepVar = "#step"
	// stepsVar is the runner's counter, for compiled item predicates.
	stepsVar = "#steps"
)

// stepCount counts the steps of one rule evaluation.
type stepCount int

var (
	stepCountType = reflect.TypeFor[*stepCount]()
	stepFuncType  = reflect.TypeFor[func() bool]()
)

// take counts n steps and reports whether they are within the budget.
func (s *stepCount) take(n int) bool {
	*s += stepCount(n)
	return *s <= MaxSteps
}

// step counts one step of a closure run by expr's VM; beyond the budget
// it panics with errStepsExceeded, which the VM returns as the run's
// error. It is bound once per runner (runner.stepFn): a method value
// made at every run would allocate.
func (r *runner) step() bool {
	if !r.steps.take(1) {
		panic(errStepsExceeded)
	}
	return true
}

// stepPass wraps the body of every closure of a predicate builtin in the
// tree into `#step(); body`, and gives the calls of unitLoops the step
// counter. It runs once, after the patcher has finished (the patcher
// compiles some closures to Go, and must see them unwrapped), and types
// the nodes it makes as expr's checker would, so that the tree is not
// checked again (a check of every program with a loop made loading
// several per cent slower).
func stepPass(root *ast.Node) {
	ast.Walk(root, visitor(func(n ast.Node) {
		if c, ok := n.(*ast.CallNode); ok {
			if id, ok := c.Callee.(*ast.IdentifierNode); ok && len(c.Arguments) == unitLoops[id.Value] {
				c.Arguments = append(c.Arguments, stepsArg(c))
				// expr's checker keeps the type of a call it has typed,
				// and the callee's with it: the counted form is the
				// function's first (builtins.go).
				c.Callee.SetType(baseConfig().Functions[id.Value].Types[0])
			}
			return
		}
		b, ok := n.(*ast.BuiltinNode)
		if !ok {
			return
		}
		if !builtins.Of(b.Name).Loops {
			return
		}
		for _, a := range b.Arguments {
			p, ok := a.(*ast.PredicateNode)
			if !ok || counted(p.Node) {
				continue
			}
			// Typed here as expr's checker would type them: the tree
			// need not be checked again.
			step := &ast.CallNode{Callee: &ast.IdentifierNode{Value: stepVar}}
			step.SetLocation(p.Location())
			step.Callee.SetLocation(p.Location())
			step.Callee.SetType(stepFuncType)
			step.SetType(boolType)
			seq := &ast.SequenceNode{Nodes: []ast.Node{step, p.Node}}
			seq.SetLocation(p.Node.Location())
			seq.SetNature(*p.Node.Nature())
			p.Node = seq
		}
	}))
}

// unitLoops are the loader's functions that loop over the units of
// their first argument without a closure, by their number of arguments
// as written: stepPass gives their calls the step counter, and each takes
// a step a unit (cheapest and mostExpensive sort them).
var unitLoops = map[string]int{"sumPrice": 1, "sumOf": 2, "cheapest": 2, "mostExpensive": 2}

// counted reports whether a closure body is wrapped by stepPass already.
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
	return ok && id.Value == stepVar
}

// countsSteps reports whether a program reads #step or #steps: expr's
// VM must then run it with the runner's own variables.
func countsSteps(root ast.Node) bool {
	counts := false
	ast.Walk(&root, visitor(func(n ast.Node) {
		if id, ok := n.(*ast.IdentifierNode); ok && (id.Value == stepVar || id.Value == stepsVar) {
			counts = true
		}
	}))
	return counts
}

// stepsArg is the argument that gives a compiled item predicate's call
// the runner's counter.
func stepsArg(loc ast.Node) ast.Node {
	id := &ast.IdentifierNode{Value: stepsVar}
	id.SetLocation(loc.Location())
	id.SetType(stepCountType)
	return id
}
