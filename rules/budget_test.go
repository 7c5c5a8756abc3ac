package rules

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/effects"
)

// TestMemoryBudgetOnEveryPath: a run that would build text or a number
// beyond the budget fails with the budget as its reason, through expr's
// VM and through direct programs, in bindings, conditions and effects.
// Without the bounds, each of these would run for minutes and take
// gigabytes (the text doubles forty times; the number's digits double at
// every binding).
func TestMemoryBudgetOnEveryPath(t *testing.T) {
	squares := "        bindings:\n          b0: Session.Total\n"
	for i := 1; i <= 40; i++ {
		squares += "          b" + strconv.Itoa(i) + ": b" + strconv.Itoa(i-1) + " * b" + strconv.Itoa(i-1) + "\n"
	}
	texts := "        bindings:\n          t0: '\"ab\"'\n"
	for i := 1; i <= 40; i++ {
		texts += "          t" + strconv.Itoa(i) + ": t" + strconv.Itoa(i-1) + " + t" + strconv.Itoa(i-1) + "\n"
	}
	for _, tc := range []struct{ name, body, want string }{
		{"text doubled in reduce", "        condition: 'len(reduce(1..40, #acc + #acc, \"ab\")) > 0'\n",
			"condition 1: memory budget exceeded: text of 131072 bytes (at most 100000)"},
		{"text doubled by bindings", texts + "        condition: len(t40) > 0\n",
			`binding "t16": memory budget exceeded: text of 131072 bytes (at most 100000)`},
		{"replace in reduce", "        condition: 'len(reduce(1..40, replace(#acc, \"a\", \"aa\"), \"a\")) > 0'\n",
			"condition 1: memory budget exceeded: replace would make text of 131072 bytes (at most 100000)"},
		{"join", "        condition: 'len(join(map(1..30000, \"abcd\"), \"xyz\")) > 0'\n",
			"condition 1: memory budget exceeded: join would make text of more than 100000 bytes"},
		{"toJSON", "        condition: 'len(toJSON(1..90000)) > 0'\n",
			"condition 1: memory budget exceeded: toJSON would make text of more than 100000 bytes"},
		{"string", "        condition: 'len(string(map(1..30000, \"abcd\"))) > 0'\n",
			"condition 1: memory budget exceeded: string would make text of more than 100000 bytes"},
		{"digits squared by bindings (direct)", squares + "        condition: b40 > 0\n",
			`binding "b8": memory budget exceeded: a number of 1077 digits (at most 1000)`},
		{"effect value", "        effects:\n          - type: customEffect\n            name: big\n            effectId: 9\n            payload:\n              list: map(1..30000, \"abcd\")\n",
			"customEffect payload.list: memory budget exceeded"},
		{"elements (expr's own count)", "        condition: 'len(map(1..1000000, #)) > 0'\n",
			"condition 1: memory budget exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, rule1(tc.body))
			res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
			if res.Triggered || res.Err == nil {
				t.Fatalf("%+v, want a failure", res)
			}
			if got := res.Err.Error(); got != tc.want {
				t.Errorf("failure %q\nwant    %q", got, tc.want)
			}
		})
	}
}

// TestTextWithinBudget: text, numbers and lists within the budget are
// built as ever, + on text and on values typed at run time alike.
func TestTextWithinBudget(t *testing.T) {
	for _, tc := range []struct {
		expression string
		want       any
	}{
		{`"ab" + "cd"`, "abcd"},
		{`reduce(1..3, #acc + "x", "")`, "xxx"},
		{`reduce(1..3, #acc + #, 0)`, 6},
		{`replace("banana", "a", "o")`, "bonono"},
		{`replace("banana", "a", "o", 1)`, "bonana"},
		{`join(["a", "b"], "-")`, "a-b"},
		{`join(split("a,b", ","))`, "ab"},
		{`toJSON([1, "a"])`, "[\n  1,\n  \"a\"\n]"},
		{`string(42)`, "42"},
		{`len(reduce(1..16, #acc + #acc, "a"))`, 65536},
	} {
		if got := eval(t, tc.expression); got != tc.want {
			t.Errorf("%s = %#v, want %#v", tc.expression, got, tc.want)
		}
	}
}

// TestPartLimits: more bindings, rules or campaigns than the limits is a
// problem where the first one beyond the limit is, and what is beyond is
// not compiled.
func TestPartLimits(t *testing.T) {
	var bindings strings.Builder
	for i := range MaxBindings + 1 {
		bindings.WriteString("          b" + strconv.Itoa(i) + ": Session.Total\n")
	}
	var rules strings.Builder
	for i := range MaxRules + 1 {
		rules.WriteString("      - name: r" + strconv.Itoa(i) + "\n        condition: \"true\"\n")
	}
	var campaigns strings.Builder
	for i := range MaxCampaigns + 1 {
		campaigns.WriteString("  - {id: " + strconv.Itoa(i+1) + ", name: c}\n")
	}
	for _, tc := range []struct{ name, src, want string }{
		{"bindings", "currency: EUR\ncampaigns:\n  - id: 1\n    name: c\n    rules:\n      - name: r\n        bindings:\n" + bindings.String() + "        condition: b100 > 0\n",
			`f.yaml:108:11: campaign "c" rule "r": bindings: the rule has 101 bindings (at most 100)`},
		{"rules", "currency: EUR\ncampaigns:\n  - id: 1\n    name: c\n    rules:\n" + rules.String(),
			`f.yaml:206:9: campaign "c": rules: the campaign has 101 rules (at most 100)`},
		{"campaigns", "currency: EUR\ncampaigns:\n" + campaigns.String(),
			`f.yaml:50003:5: campaigns: the file has 50001 campaigns (at most 50000)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Errorf("Parse: %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestTemplateBounded: an effect's text parameter fails with the memory
// budget as soon as its template writes more than MemoryBudget bytes,
// instead of building a list of large texts into one (99 MB here).
func TestTemplateBounded(t *testing.T) {
	for _, name := range []string{
		"x{{ map(1..1000, big) }}",
		"{{ big }}{{ big }}",
		"x{{ [big, big] }}",
		"x{{ {'a': big, 'b': big} }}",
	} {
		f := mustParse(t, rule1("        bindings:\n          big: 'repeat(\"a\", 99000)'\n        effects:\n          - type: setDiscount\n            name: "+quoteYAML(name)+"\n            value: 1\n"))
		res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
		want := "setDiscount name: memory budget exceeded: the text would be longer than 100000 bytes"
		if res.Err == nil || res.Err.Error() != want {
			t.Errorf("%s: Err = %v, want %s", name, res.Err, want)
		}
	}
	f := mustParse(t, rule1("        bindings:\n          big: 'repeat(\"a\", 99000)'\n        effects:\n          - type: setDiscount\n            name: \"{{ big }}{{ repeat('b', 1000) }}\"\n            value: 1\n"))
	res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
	if res.Err != nil || len(res.Effects) != 1 {
		t.Fatalf("100,000 bytes: %+v", res)
	}
	if got := len(res.Effects[0].Props.(*effects.SetDiscount).Name); got != 100_000 {
		t.Errorf("name of %d bytes, want 100000", got)
	}
}

// TestRepeatBounded: repeat fails before it builds text beyond the
// budget (expr's own built it first, up to a million copies).
func TestRepeatBounded(t *testing.T) {
	for src, want := range map[string]string{
		`len(repeat(repeat("a", 99000), 1000000)) > 0`: "condition 1: memory budget exceeded: repeat would make text of more than 100000 bytes",
		`len(repeat("ab", 50001)) > 0`:                 "condition 1: memory budget exceeded: repeat would make text of more than 100000 bytes",
		`len(repeat("ab", -1)) > 0`:                    "condition 1: invalid argument for repeat (expected positive integer, got -1)",
	} {
		f := mustParse(t, rule1("        condition: "+quoteYAML(src)+"\n        effects: []\n"))
		res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
		if res.Err == nil || res.Err.Error() != want {
			t.Errorf("%s: Err = %v, want %s", src, res.Err, want)
		}
	}
	f := mustParse(t, rule1("        condition: 'len(repeat(\"ab\", 50000)) == 100000'\n        effects: []\n"))
	if res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession)); !res.Triggered {
		t.Errorf("100,000 bytes: %+v", res)
	}
}
