package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/internal/closure"
	"github.com/cartfx/cartfx/internal/text"
)

// Result is the outcome of evaluating a rule.
type Result struct {
	// Triggered reports whether every condition held and every effect
	// parameter evaluated.
	Triggered bool
	// FailedCondition is the index of the first condition that did not
	// hold (or failed to evaluate); -1 when none did.
	FailedCondition int
	// Err is the run-time error that made the rule fail (a division by
	// zero, an empty list, the memory budget), as an *EvalError; nil when
	// the rule triggered or a condition was simply false.
	Err error
	// Effects are the rule's effects when it triggered, its failure
	// effects otherwise. Money values are exact decimals, not yet rounded
	// to the currency. The failure effects run with a step budget of
	// their own (MaxSteps again), so that a rule that failed on the
	// budget still gives them.
	Effects []effects.Effect
	// FailureEffectsErr is the run-time error that dropped the failure
	// effects, as an *EvalError; nil when they were produced (or there
	// are none).
	FailureEffectsErr error
}

// EvalError is a run-time error in one part of a rule.
type EvalError struct {
	// Part names the part: `binding "shoes"`, "condition 1",
	// "setDiscount value", …
	Part string
	// Pos is where the part's expression is in the campaign file.
	Pos     Position
	Message string
	// cause is expr's error (a *file.Error) when the VM's run failed:
	// errors.As finds it through Unwrap. When the run failed in one of
	// the loader's functions (the step budget, the text and digit
	// bounds), the *file.Error wraps that function's error; expr's own
	// element count (vm.MemoryBudget) panics with a bare string, so its
	// *file.Error wraps nothing.
	cause error
}

// Error returns "part: message".
func (e *EvalError) Error() string { return e.Part + ": " + e.Message }

// Unwrap returns expr's *file.Error when the part failed in expr's VM
// (its position in the expression and a snippet), and nil when it
// failed outside the VM (a negative discount, a value too large for an
// effect). The budgets'
// failures are told by the message ("memory budget exceeded", "step
// budget exceeded"); there is no sentinel to match them with errors.Is.
func (e *EvalError) Unwrap() error { return e.cause }

// runner runs the programs of one rule evaluation with one VM. Its
// closure.Runner is the state that compiled programs read (the views, the
// bindings, Item, the step counter); the runner adds expr's VM and its
// variables.
type runner struct {
	closure.Runner
	vm vm.VM
	// env is the Env being evaluated in.
	env *Env
	// vars are the variables of expr's VM with the bindings and Item,
	// made when a program with bindings or Item first runs there (most
	// run direct); own is the map kept for that, empty, between
	// evaluations.
	vars, own map[string]any
	// vals are the parameters of the effect being built.
	vals values
}

// runners are the runners of finished evaluations: a VM and maps are
// reused rather than allocated for every rule.
var runners = sync.Pool{New: func() any { return new(runner) }}

// begin starts an evaluation in env.
func (r *runner) begin(env *Env) {
	r.env = env
	r.Begin(&env.Session, &env.Profile, &env.Coupon, &env.Referral, &env.Campaign)
}

// settleValue makes the decimals of the units that v may hold before its
// size is estimated (closure.ValueWithin, SizeWithin), which reads every
// field of a unit: a value other than these may hold units.
func (r *runner) settleValue(v any) {
	switch v.(type) {
	case nil, string, bool, int, int64, float64, decimal.Decimal, time.Time, []string, []decimal.Decimal:
		return
	}
	if r.env != nil {
		r.env.settle()
	}
}

func (r *runner) run(p *program) (any, error) {
	v, err := r.runUnboxed(p)
	switch v {
	case closure.DecimalResult:
		v = r.ResultDecimal()
	case closure.ItemsResult:
		v = r.ResultItems()
	}
	return v, err
}

// runUnboxed is run, but a direct program's decimal or list of units is
// left in the runner (closure.Runner.RunUnboxed): boxing it allocates,
// and the callers that take it at once read it from there.
func (r *runner) runUnboxed(p *program) (any, error) {
	if p.readsPrices || p.readsBase {
		r.env.from.settle(p.readsBase, p.readsPrices)
	}
	if p.direct != nil {
		if v, ok := r.RunUnboxed(p.direct); ok {
			return v, nil
		}
	}
	out, err := r.vm.Run(p.prog, r.variables(p.countsSteps))
	if err != nil {
		// expr's error is the cause, its message as expr wrote it;
		// the part and the position are around it.
		msg := err.Error()
		var fe *file.Error
		if errors.As(err, &fe) {
			msg = fe.Message
		}
		return nil, &EvalError{Pos: p.pos, Message: msg, cause: err}
	}
	return out, nil
}

// variables returns the variables for expr's VM: the Env's, with the
// bindings, Item and the step counter (closure.Runner.AddStepVars) added
// when there are any or the program counts steps.
func (r *runner) variables(countsSteps bool) map[string]any {
	if r.vars != nil {
		return r.vars
	}
	base := r.env.variables()
	names, values := r.Bindings()
	if len(names) == 0 && r.Item() == nil && !countsSteps {
		return base // shared: never written
	}
	if r.own == nil {
		r.own = make(map[string]any, len(base)+len(names)+3)
	}
	r.vars = r.own
	maps.Copy(r.vars, base)
	for i, n := range names {
		r.vars[n] = values[i]
	}
	if it := r.Item(); it != nil {
		r.vars[closure.VarItem] = it
	}
	r.AddStepVars(r.vars)
	return r.vars
}

// bind sets a binding's value, v as runUnboxed returns it.
func (r *runner) bind(name string, v any) {
	switch v {
	case closure.DecimalResult:
		v = r.ResultDecimal()
	case closure.ItemsResult:
		l := r.ResultItems()
		r.BindItems(name, l)
		if r.vars != nil {
			r.vars[name] = l
		}
		return
	}
	r.Bind(name, v)
	if r.vars != nil {
		r.vars[name] = v
	}
}

// setItem sets Item, or removes it when it is nil.
func (r *runner) setItem(it *Item) {
	r.SetItem(it)
	if r.vars == nil {
		return
	}
	if it == nil {
		delete(r.vars, closure.VarItem)
	} else {
		r.vars[closure.VarItem] = it
	}
}

// reset makes the runner ready for the next evaluation.
func (r *runner) reset() {
	clear(r.own)
	r.vals.reset()
	r.Runner.Reset()
	r.vals.unit, r.vars, r.env = nil, nil, nil
}

func part(err error, name string) error {
	var ee *EvalError
	if errors.As(err, &ee) && ee.Part == "" {
		ee.Part = name
		return ee
	}
	return &EvalError{Part: name, Message: err.Error()}
}

// Evaluate evaluates the rule in env: the bindings in order, the
// conditions, and then the effects' parameters (or the failure effects').
// It never panics: a run-time error, or a panic inside a builtin, becomes
// the Result's Err.
func (r *Rule) Evaluate(env *Env) (res Result) {
	res.FailedCondition = -1
	rn := runners.Get().(*runner)
	defer func() {
		if p := recover(); p != nil {
			res = Result{FailedCondition: res.FailedCondition, Err: &EvalError{Part: "rule", Message: fmt.Sprint(p)}}
		}
		rn.reset()
		runners.Put(rn)
	}()
	rn.vm.MemoryBudget = MemoryBudget
	rn.begin(env)
	for i, b := range r.bindings {
		v, err := rn.runUnboxed(b)
		if err != nil {
			res.Err = part(err, fmt.Sprintf("binding %s", text.Quote(r.Bindings[i])))
			res.Effects, res.FailureEffectsErr = r.failure(rn)
			return res
		}
		rn.bind(r.Bindings[i], v)
	}
	for i, c := range r.conditions {
		v, err := rn.run(c)
		if err != nil {
			res.FailedCondition = i
			res.Err = part(err, fmt.Sprintf("condition %d", i+1))
			res.Effects, res.FailureEffectsErr = r.failure(rn)
			return res
		}
		if ok, _ := v.(bool); !ok {
			res.FailedCondition = i
			res.Effects, res.FailureEffectsErr = r.failure(rn)
			return res
		}
	}
	out, err := r.produce(rn, r.effects)
	if err != nil {
		res.Err = err
		res.Effects, res.FailureEffectsErr = r.failure(rn)
		return res
	}
	res.Triggered = true
	res.Effects = out
	return res
}

// failure produces the failure effects, with a step budget of their own:
// the rule may have failed on the budget, and its failure effects (which
// say why the shopper got nothing) must not fail for the steps the rule
// took. expr's VM counts memory a run at a time already, and the loader's
// text and digit bounds are on each value. An error in them drops them,
// and is returned (Result.FailureEffectsErr).
func (r *Rule) failure(rn *runner) ([]effects.Effect, error) {
	if len(r.failureEffects) == 0 {
		return nil, nil
	}
	rn.RestartSteps()
	out, err := r.produce(rn, r.failureEffects)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// produce evaluates effect templates into effects.
func (r *Rule) produce(rn *runner, tmpls []*effectTemplate) ([]effects.Effect, error) {
	var out []effects.Effect
	for i, t := range tmpls {
		if t.items == nil {
			props, err := r.build(rn, t)
			if err != nil {
				return nil, err
			}
			if out == nil {
				// Room for the rest, but for a per-item effect's units.
				out = make([]effects.Effect, 0, len(tmpls)-i)
			}
			out = append(out, r.envelope(t.typ, props))
			continue
		}
		v, err := rn.runUnboxed(t.items)
		if err != nil {
			return nil, part(err, string(t.typ)+" items")
		}
		var items []*Item
		if v == closure.ItemsResult {
			items = rn.ResultItems()
		} else {
			items, _ = v.([]*Item)
		}
		if len(items) > 0 {
			// An effect a unit: grown once, not doubled as they come.
			out = slices.Grow(out, len(items)+len(tmpls)-i-1)
		}
		for _, it := range items {
			rn.setItem(it)
			props, err := r.build(rn, t)
			if err != nil {
				return nil, err
			}
			out = append(out, r.envelope(t.typ, props))
		}
		rn.setItem(nil)
	}
	return out, nil
}

func (r *Rule) envelope(t effects.Type, props effects.Props) effects.Effect {
	return effects.Effect{CampaignID: r.CampaignID, RuleIndex: effects.Index(r.Index), RuleName: r.Name, EffectType: t, Props: props}
}

// build evaluates one effect's parameters and makes its props.
func (r *Rule) build(rn *runner, t *effectTemplate) (effects.Props, error) {
	// The runner's values, reused from effect to effect: the props that
	// spec.build makes copy what they need out of them.
	vals := &rn.vals
	vals.reset()
	vals.unit = rn.Item()
	if t.typ == effects.TypeDeductLoyaltyPoints {
		vals.setText("ruleTitle", r.Name)
	}
	for _, p := range t.params {
		// Named only for an error: made on every run, the name would
		// cost an allocation per parameter.
		what := func() string { return string(t.typ) + " " + p.key }
		switch p.kind {
		case kText:
			s, err := p.tmpl.render(rn)
			if err != nil {
				return nil, part(err, what())
			}
			vals.setText(p.key, s)
		case kNumber:
			v, err := rn.runUnboxed(p.prog)
			if err != nil {
				return nil, part(err, what())
			}
			var d decimal.Decimal
			if v == closure.DecimalResult {
				d = rn.ResultDecimal()
			} else if d, err = closure.ToDecimal(v); err != nil {
				return nil, &EvalError{Part: what(), Pos: p.prog.pos, Message: err.Error()}
			}
			// Every number parameter is a discount or a number of points:
			// below zero it means nothing a handler could apply, so it is
			// the rule's failure, not an effect to drop in silence.
			if d.Sign() < 0 {
				return nil, &EvalError{Part: what(), Pos: p.prog.pos, Message: d.String() + " is negative: expected 0 or more"}
			}
			vals.setNumber(p.key, d)
		case kInt:
			v, err := rn.run(p.prog)
			if err != nil {
				return nil, part(err, what())
			}
			i, ok := v.(int)
			if !ok || i < 0 {
				return nil, &EvalError{Part: what(), Pos: p.prog.pos, Message: fmt.Sprintf("expected a whole number, 0 or more, got %v", v)}
			}
			vals.set(p.key, int64(i))
		case kConstInt:
			vals.set(p.key, p.constInt)
		case kScope:
			vals.setText(p.key, p.constStr)
		case kValue:
			v, err := rn.run(p.prog)
			if err != nil {
				return nil, part(err, what())
			}
			rn.settleValue(v)
			if !closure.ValueWithin(v) {
				return nil, &EvalError{Part: what(), Pos: p.prog.pos, Message: closure.ErrMemoryBudget.Error()}
			}
			raw, err := jsonValue(v)
			if err != nil {
				return nil, &EvalError{Part: what(), Pos: p.prog.pos, Message: err.Error()}
			}
			vals.set(p.key, raw)
		case kPayload:
			obj := []byte{'{'}
			for i, f := range p.payload {
				v, err := rn.run(f.prog)
				if err != nil {
					return nil, part(err, what()+"."+f.key)
				}
				rn.settleValue(v)
				if !closure.ValueWithin(v) {
					return nil, &EvalError{Part: what() + "." + f.key, Pos: f.prog.pos, Message: closure.ErrMemoryBudget.Error()}
				}
				raw, err := jsonValue(v)
				if err != nil {
					return nil, &EvalError{Part: what() + "." + f.key, Pos: f.prog.pos, Message: err.Error()}
				}
				if i > 0 {
					obj = append(obj, ',')
				}
				k, _ := json.Marshal(f.key)
				obj = append(append(append(obj, k...), ':'), raw...)
			}
			vals.set(p.key, json.RawMessage(append(obj, '}')))
		}
	}
	return t.spec.build(vals), nil
}
