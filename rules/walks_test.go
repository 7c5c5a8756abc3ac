package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/cartfx/cartfx/internal/builtins"
	"github.com/cartfx/cartfx/internal/closure"
)

// TestEveryWalkingBuiltinCounts: every builtin that internal/builtins'
// table marks Walks charges its list, map and text arguments before it
// runs: a step an element, a step a textStepBytes (64) bytes. T is a
// text of 64,000 bytes (1,000 steps); 1..2000 costs nothing itself, a
// map over it 2,000 steps.
func TestEveryWalkingBuiltinCounts(t *testing.T) {
	cases := map[string]struct {
		src   string
		steps int
	}{
		"sum":         {"sum(1..2000)", 2000},
		"count":       {"count(map(1..2000, {true}))", 4000},
		"max":         {"max(1..2000)", 2000},
		"min":         {"min(1..2000)", 2000},
		"mean":        {"mean(1..2000)", 2000},
		"median":      {"median(1..2000)", 2000},
		"sort":        {"len(sort(1..2000))", 2000},
		"uniq":        {"len(uniq(1..2000))", 2000},
		"reverse":     {"len(reverse(1..2000))", 2000},
		"take":        {"len(take(1..2000, 5))", 2000},
		"keys":        {"len(keys(groupBy(1..2000, {#})))", 4000},
		"values":      {"len(values(groupBy(1..2000, {#})))", 4000},
		"toPairs":     {"len(toPairs(groupBy(1..2000, {#})))", 4000},
		"fromPairs":   {"len(fromPairs(map(1..2000, {[#, #]})))", 4000},
		"concat":      {"len(concat(1..1000, 1..1000))", 2000},
		"flatten":     {"len(flatten(map(1..2000, {[#]})))", 4000},
		"join":        {`len(join(map(1..2000, {"a"})))`, 4000},
		"string":      {"len(string(1..2000))", 2000},
		"toJSON":      {"len(toJSON(1..2000))", 2000},
		"fromJSON":    {"len(fromJSON(toJSON(T)))", 2001},
		"toBase64":    {"len(toBase64(T))", 1000},
		"fromBase64":  {"len(fromBase64(toBase64(T)))", 1000 + 1334},
		"trim":        {"len(trim(T))", 1000},
		"trimPrefix":  {`len(trimPrefix(T, "a"))`, 1001},
		"trimSuffix":  {`len(trimSuffix(T, "b"))`, 1001},
		"upper":       {"len(upper(T))", 1000},
		"lower":       {"len(lower(T))", 1000},
		"split":       {`len(split(T, "b"))`, 1001},
		"splitAfter":  {`len(splitAfter(T, "b"))`, 1001},
		"replace":     {`len(replace(T, "a", "c"))`, 1002},
		"indexOf":     {`indexOf(T, "c")`, 1001},
		"lastIndexOf": {`lastIndexOf(T, "c")`, 1001},
		"hasPrefix":   {`hasPrefix(T, "c")`, 1001},
		"hasSuffix":   {`hasSuffix(T, "c")`, 1001},
	}
	env := testEnv(t, mustParse(t, "campaigns: []\n"), testSession)
	seen := 0
	for name, u := range builtins.Table {
		if u.Steps != builtins.Walks || u.Loops && name != "sum" && name != "count" {
			continue
		}
		seen++
		c, ok := cases[name]
		if !ok {
			t.Errorf("no case for builtin %s, which walks its arguments", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			src := strings.ReplaceAll(c.src, "T", `repeat("ab", 32000)`)
			f := mustParse(t, rule1("        bindings:\n          x: "+quoteYAML(src)+"\n"))
			p := f.Campaigns[0].Rules[0].bindings[0]
			rn := testRunner(env.ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{}))
			if _, err := rn.run(p); err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if rn.Steps() != closure.StepCount(c.steps) {
				t.Errorf("%s: %d steps, want %d", src, rn.Steps(), c.steps)
			}
		})
	}
	if seen != len(cases) {
		t.Errorf("%d builtins walk their arguments, %d cases", seen, len(cases))
	}
}

// TestInCounts: in over a list takes a step an element; over a literal
// list or a range (a lookup or a comparison once optimized) none.
func TestInCounts(t *testing.T) {
	env := testEnv(t, mustParse(t, "campaigns: []\n"), testSession)
	for src, want := range map[string]int{
		"2001 in map(1..2000, {#})":     4000,
		"2001 not in map(1..2000, {#})": 4000,
		"5 in 1..2000":                  0,
		"5 in [1, 2, 3]":                0,
	} {
		f := mustParse(t, rule1("        bindings:\n          x: "+quoteYAML(src)+"\n"))
		rn := testRunner(env.ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{}))
		if _, err := rn.run(f.Campaigns[0].Rules[0].bindings[0]); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if rn.Steps() != closure.StepCount(want) {
			t.Errorf("%s: %d steps, want %d", src, rn.Steps(), want)
		}
	}
}

// TestWalkingBuiltinsInLoops: a builtin that walks a large list inside a
// loop runs out of steps instead of running for a minute (sum of 99,000
// elements 10,000 times was 75 s).
func TestWalkingBuiltinsInLoops(t *testing.T) {
	for _, cond := range []string{
		"all(1..10000, {sum(xs) > 0})",
		"all(1..10000, {-1 not in xs})",
		"all(1..10000, {max(xs) > 0})",
	} {
		f := mustParse(t, rule1("        bindings:\n          xs: 1..99000\n        condition: "+quoteYAML(cond)+"\n"))
		start := time.Now()
		res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
		if res.Err == nil || res.Err.Error() != "condition 1: "+stepFailure {
			t.Errorf("%s: Err = %v, want condition 1: %v", cond, res.Err, stepFailure)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %v", cond, d)
		}
	}
}
