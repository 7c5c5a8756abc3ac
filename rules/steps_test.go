package rules

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"

	"github.com/cartfx/cartfx/internal/closure"
)

// unitsSession is a cart of n units: n lines of one unit at 1.00 each
// when lines, one line of n units otherwise.
func unitsSession(n int, lines bool) string {
	if !lines {
		return fmt.Sprintf(`{"cartItems": [{"sku": "A0", "quantity": %d, "price": "1.00"}]}`, n)
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"sku": "A%d", "quantity": 1, "price": "1.00"}`, i)
	}
	return `{"cartItems": [` + strings.Join(parts, ",") + `]}`
}

const stepFailure = "step budget exceeded: more than 1000000 steps (nested loops over the cart?)"

// TestStepBudget: a rule whose loops over the cart would take more than
// MaxSteps steps fails with the step budget as its reason, through expr's
// VM (a closure it runs), compiled item predicates (called from the VM
// and from direct programs) and the two mixed; rules within the budget
// run as ever, up to exactly MaxSteps steps. Without the budget the
// first case runs for half a minute (200⁴ predicate calls).
func TestStepBudget(t *testing.T) {
	repeat := func(n int, line string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.ReplaceAll(line, "$i", strconv.Itoa(i)))
		}
		return b.String()
	}
	cond := func(src string) string { return "        condition: " + quoteYAML(src) + "\n" }
	deep4 := `all(Session.CartItems, {all(Session.CartItems, {all(Session.CartItems, {all(Session.CartItems, {.Price > 0})})})})`
	// # compared with nil keeps a closure in expr's VM; .Price > 0 compiles to Go.
	vm2 := `all(Session.CartItems, {all(Session.CartItems, {# != nil})})`
	mixed2 := `all(Session.CartItems, {all(Session.CartItems, {.Price > 0})})`
	for _, tc := range []struct {
		name    string
		body    string
		units   int
		lines   bool
		want    string // the failure; "" when the rule triggers
		program string // the failing program's path: "vm" or "direct"
		cond    int    // the failing condition (1-based); 0 for an effect
	}{
		{name: "four deep over 200 lines", body: cond(deep4), units: 200, lines: true, cond: 1, want: "condition 1: " + stepFailure, program: "vm"},
		{name: "one deep over 10,000 units (VM)", body: cond(`all(Session.CartItems, {# != nil})`), units: 10_000},
		{name: "one deep over 10,000 units (compiled)", body: cond(`all(Session.CartItems, .Price > 0)`), units: 10_000},
		// 1,000 + 1,000² steps: just beyond; 999 + 999² within.
		{name: "two deep over 1,000 units (VM)", body: cond(vm2), units: 1_000, cond: 1, want: "condition 1: " + stepFailure, program: "vm"},
		{name: "two deep over 999 units (VM)", body: cond(vm2), units: 999},
		{name: "two deep over 1,000 units (VM calling compiled)", body: cond(mixed2), units: 1_000, cond: 1, want: "condition 1: " + stepFailure, program: "vm"},
		{name: "two deep over 999 units (VM calling compiled)", body: cond(mixed2), units: 999},
		// 100 bindings of 10,000 steps each are exactly MaxSteps; the
		// condition's first unit is one beyond. Every program is direct.
		{name: "the budget is the evaluation's (direct)",
			body:  "        bindings:\n" + repeat(100, "          b$i: count(Session.CartItems, .Price > 0)\n") + cond(`count(Session.CartItems, .Price > 0) > 0`),
			units: 10_000, cond: 1, want: "condition 1: " + stepFailure, program: "direct"},
		{name: "exactly MaxSteps (direct)",
			body:  "        bindings:\n" + repeat(99, "          b$i: count(Session.CartItems, .Price > 0)\n") + cond(`count(Session.CartItems, .Price > 0) > 0`),
			units: 10_000},
		{name: "exactly MaxSteps (VM)",
			body:  "        condition:\n" + repeat(100, "          - 'all(Session.CartItems, {# != nil})'\n"),
			units: 10_000},
		{name: "one beyond MaxSteps (VM)",
			body:  "        condition:\n" + repeat(100, "          - 'all(Session.CartItems, {# != nil})'\n") + "          - 'any(Session.CartItems, {# == nil})'\n",
			units: 10_000, cond: 101, want: "condition 101: " + stepFailure, program: "vm"},
		// A per-item effect runs its value once per unit: 10,000 units
		// a run, from the 101st unit on beyond the budget.
		{name: "per-item effect", units: 10_000, lines: false, program: "direct",
			body: "        effects:\n          - type: setDiscountPerItem\n            items: Session.CartItems\n            name: each\n" +
				"            value: 'count(Session.CartItems, .Price > 0) / 10000'\n",
			want: "setDiscountPerItem value: " + stepFailure},
		// sumPrice, sumOf, cheapest and mostExpensive take a step a unit.
		{name: "sumPrice in a loop", body: cond(`all(Session.CartItems, {sumPrice(Session.CartItems) > 0})`), units: 10_000,
			cond: 1, want: "condition 1: " + stepFailure, program: "vm"},
		{name: "sumOf in a loop", body: cond(`all(Session.CartItems, {sumOf(Session.CartItems, "Weight") >= 0})`), units: 10_000,
			cond: 1, want: "condition 1: " + stepFailure, program: "vm"},
		{name: "cheapest for each unit", units: 10_000, program: "direct",
			body: "        effects:\n          - type: setDiscountPerItem\n            items: Session.CartItems\n            name: each\n" +
				"            value: 'sumPrice(mostExpensive(Session.CartItems, 1)) / 100'\n",
			want: "setDiscountPerItem value: " + stepFailure},
		{name: "text template", units: 10_000, program: "vm",
			body: "        effects:\n          - type: setDiscount\n            value: 1\n            name: " +
				quoteYAML(`{{ count(Session.CartItems, {all(Session.CartItems, {# != nil})}) }}`) + "\n",
			want: "setDiscount name: " + stepFailure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, rule1(tc.body))
			r := f.Campaigns[0].Rules[0]
			env := testEnv(t, f, unitsSession(tc.units, tc.lines))
			if n := len(env.Session.CartItems); n != tc.units {
				t.Fatalf("%d units, want %d", n, tc.units)
			}
			res := r.Evaluate(env)
			if tc.want == "" {
				if !res.Triggered || res.Err != nil {
					t.Fatalf("%+v, want it to trigger", res)
				}
				return
			}
			if res.Triggered || res.Err == nil {
				t.Fatalf("%+v, want a failure", res)
			}
			if got := res.Err.Error(); got != tc.want {
				t.Errorf("failure %q\nwant    %q", got, tc.want)
			}
			if !errors.Is(res.Err, closure.ErrStepBudget) {
				t.Errorf("%v does not wrap closure.ErrStepBudget", res.Err)
			}
			var failing *program
			if tc.cond > 0 {
				failing = r.conditions[tc.cond-1]
			} else {
				// The effect's parameter named last in the failure.
				key := strings.Fields(strings.Split(tc.want, ":")[0])[1]
				for _, p := range r.effects[0].params {
					if p.key != key {
						continue
					}
					failing = p.prog
					if p.tmpl != nil {
						for _, part := range p.tmpl.parts {
							failing = cmp.Or(failing, part.prog)
						}
					}
				}
			}
			if direct := failing.direct != nil; direct != (tc.program == "direct") {
				t.Errorf("the failing program %q is direct: %v, want %s", failing.src, direct, tc.program)
			}
		})
	}
}

// TestStepBudgetSamePath: a direct program that runs out of steps
// declines, and the runner's result is expr's VM's own error, word for
// word; the VM, run again from the same count, fails at the same step.
func TestStepBudgetSamePath(t *testing.T) {
	f := mustParse(t, rule1("        condition: count(Session.CartItems, .Price > 0) > 0\n"))
	p := f.Campaigns[0].Rules[0].conditions[0]
	if p.direct == nil || !p.countsSteps {
		t.Fatalf("direct %v, counts steps %v: want a direct program that counts", p.direct != nil, p.countsSteps)
	}
	env := testEnv(t, f, unitsSession(10, false))
	for _, tc := range []struct {
		start   closure.StepCount
		fails   bool
		atSteps closure.StepCount
	}{
		{start: MaxSteps - 10, atSteps: MaxSteps},
		{start: MaxSteps - 9, fails: true, atSteps: MaxSteps + 1},
	} {
		rn := testRunner(env)
		rn.SetSteps(tc.start)
		v := p.direct(&rn.Runner)
		if rn.Declined() != tc.fails {
			t.Errorf("from %d: declined %v, want %v (value %v)", tc.start, rn.Declined(), tc.fails, v)
		}
		if rn.Steps() != tc.atSteps {
			t.Errorf("from %d: direct program at %d steps, want %d", tc.start, rn.Steps(), tc.atSteps)
		}
		rn.SetSteps(tc.start)
		_, vmErr := rn.vm.Run(p.prog, rn.vars)
		if rn.Steps() != tc.atSteps {
			t.Errorf("from %d: the VM at %d steps, want %d", tc.start, rn.Steps(), tc.atSteps)
		}
		rn.SetSteps(tc.start)
		got, err := rn.run(p)
		if (vmErr != nil) != tc.fails || (err != nil) != tc.fails {
			t.Fatalf("from %d: runner %v (%v), VM error %v; want failing: %v", tc.start, got, err, vmErr, tc.fails)
		}
		if tc.fails && !strings.Contains(vmErr.Error(), stepFailure) || tc.fails && err.(*EvalError).Message != stepFailure {
			t.Errorf("from %d: runner %q, VM %q; want %q", tc.start, err, vmErr, stepFailure)
		}
	}
}

// TestEveryPredicateBuiltinCounts: each of expr's builtins that takes a
// closure (builtin.Builtins' Predicate) counts a step for each iteration
// of it, in expr's VM: each case iterates over all 2,000 units once.
func TestEveryPredicateBuiltinCounts(t *testing.T) {
	calls := map[string]string{
		"all": "all(U, {# != nil})", "none": "none(U, {# == nil})", "any": "any(U, {# == nil})",
		"one": "one(U, {# == nil})", "filter": "len(filter(U, {# != nil}))", "map": "len(map(U, {#index}))",
		"find": "find(U, {# == nil}) == nil", "findIndex": "findIndex(U, {# == nil})", "findLast": "findLast(U, {# == nil}) == nil",
		"findLastIndex": "findLastIndex(U, {# == nil})", "count": "count(U, {# != nil})", "sum": "sum(U, {.Quantity})",
		"groupBy": "len(groupBy(U, {.Sku}))", "sortBy": "len(sortBy(U, {.Position}))", "reduce": "reduce(U, {#acc + 1}, 0)",
	}
	f := mustParse(t, "campaigns: []\n")
	env := testEnv(t, f, unitsSession(2_000, false))
	seen := 0
	for _, b := range builtin.Builtins {
		if !b.Predicate {
			continue
		}
		seen++
		call, ok := calls[b.Name]
		if !ok {
			t.Errorf("no case for expr's builtin %s, which takes a closure", b.Name)
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			src := strings.ReplaceAll(call, "U", "Session.CartItems")
			f := mustParse(t, rule1("        bindings:\n          x: "+quoteYAML(src)+"\n"))
			p := f.Campaigns[0].Rules[0].bindings[0]
			rn := testRunner(env.ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{}))
			if _, err := rn.run(p); err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if rn.Steps() != 2_000 {
				t.Errorf("%s: %d steps, want 2000", src, rn.Steps())
			}
		})
	}
	if seen != len(calls) {
		t.Errorf("%d builtins take closures, %d cases", seen, len(calls))
	}
}

// TestStepsAllocateNothing: counting steps allocates nothing per
// iteration, in expr's VM (#step, called without allocating) and in
// direct programs (a compiled filter, sumPrice): an evaluation of 2,000
// iterations allocates what one of 20 does. (The closures' bodies are
// ones that allocate nothing themselves: expr's VM allocates in reading #
// from a list of units, and in calling a function of the loader.)
func TestStepsAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector (sync.Pool drops runners)")
	}
	for _, src := range []string{
		`all(1..N, {true})`,
		`any(1..N, {false}) || count(1..N, {true}) > 0`,
		`count(Session.CartItems, .Price > 0) > 0 && sumPrice(Session.CartItems) > 0`,
	} {
		allocs := func(n int) float64 {
			src := strings.ReplaceAll(src, "N", strconv.Itoa(n))
			f := mustParse(t, rule1("        condition: "+quoteYAML(src)+"\n"))
			r := f.Campaigns[0].Rules[0]
			env := testEnv(t, f, unitsSession(n, false)).ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{})
			if res := r.Evaluate(env); !res.Triggered {
				t.Fatalf("%s over %d units: %+v", src, n, res)
			}
			return testing.AllocsPerRun(20, func() { r.Evaluate(env) })
		}
		if small, large := allocs(20), allocs(2_000); large != small {
			t.Errorf("%s: %v allocations with 2,000 iterations, %v with 20", src, large, small)
		}
	}
}

// TestStepPassUnknownCall: a call of a function with no arguments that is
// not one of unitLoops (a function added later) is left as it is; a
// lookup of a missing name gives 0 arguments, which once matched any such
// call and panicked on the missing function's types.
func TestStepPassUnknownCall(t *testing.T) {
	var root ast.Node = &ast.CallNode{Callee: &ast.IdentifierNode{Value: "futureFunction"}}
	closure.StepPass(&root)
	if c := root.(*ast.CallNode); len(c.Arguments) != 0 {
		t.Errorf("futureFunction() has %d arguments after closure.StepPass, want 0", len(c.Arguments))
	}
}
