package rules

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// manyCampaigns writes a file of n campaigns. With bad, every 11th
// condition has a type error, every 13th names an unknown variable and
// every 17th campaign reuses the id of one far before it (in another run
// of loadCampaigns), every 19th has an unknown key and every 23rd an id
// that is not a number. Every 5th condition is the same source, so the
// runs compile it alike.
func manyCampaigns(n int, bad bool) string {
	var b strings.Builder
	b.WriteString("currency: EUR\ncampaigns:\n")
	for i := 1; i <= n; i++ {
		id, cond := i, fmt.Sprintf("Session.CartItemTotal >= %d", i)
		switch {
		case i%5 == 0:
			cond = "len(Session.CartItems) > 1"
		case bad && i%11 == 0:
			cond = `Session.CartItemTotal + "x" > 1`
		case bad && i%13 == 0:
			cond = "Sesion.Total > 1"
		}
		if bad && i%17 == 0 {
			id = i - 150
			if id < 1 {
				id = i
			}
		}
		idText, extra := fmt.Sprint(id), ""
		if bad && i%19 == 0 {
			extra = "    colour: red\n"
		}
		if bad && i%23 == 0 {
			idText = "x"
		}
		fmt.Fprintf(&b, "  - id: %s\n    name: C%d\n%s    rules:\n      - name: r\n        condition: %s\n        effects:\n          - type: setDiscount\n            name: d\n            value: 1\n", idText, i, extra, cond)
	}
	return b.String()
}

// parseWith parses src with GOMAXPROCS set to procs, which is how many
// compilers loadCampaigns runs at once.
func parseWith(t *testing.T, procs int, src string) (*File, error) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	return Parse("many.yaml", []byte(src))
}

// TestCompileCampaignsAtOnce: a file compiled by several compilers at once
// has the problems, in the order, that one compiler finds, and its
// campaigns in file order.
func TestCompileCampaignsAtOnce(t *testing.T) {
	const n = 400 // 6 runs of 64 or more: as many compilers as CPUs allowed
	src := manyCampaigns(n, true)
	_, oneErr := parseWith(t, 1, src)
	_, manyErr := parseWith(t, 4, src)
	if oneErr == nil || manyErr == nil {
		t.Fatalf("errors: one compiler %v, four %v; want both", oneErr, manyErr)
	}
	if oneErr.Error() != manyErr.Error() {
		t.Errorf("four compilers:\n%s\none compiler:\n%s", manyErr, oneErr)
	}
	want := 0
	for i := 1; i <= n; i++ {
		if i%5 != 0 && (i%11 == 0 || i%13 == 0) {
			want++
		}
		// A repeated id: not when the campaign's id or the one it repeats
		// is not a number.
		if i%17 == 0 && i > 150 && i%23 != 0 && (i-150)%23 != 0 {
			want++
		}
		if i%19 == 0 {
			want++
		}
		if i%23 == 0 {
			want++
		}
	}
	le := oneErr.(*LoadError)
	if len(le.Problems) != want {
		t.Errorf("%d problems, want %d; the first: %s", len(le.Problems), want, le.Problems[0])
	}
	// The first problem is C11's condition, at its +.
	at := strings.Index(src, `+ "x"`)
	line, col := strings.Count(src[:at], "\n")+1, at-strings.LastIndex(src[:at], "\n")
	first := fmt.Sprintf(`many.yaml:%d:%d: campaign "C11" rule "r": condition: invalid operation: + (mismatched types decimal.Decimal and string)`, line, col)
	if got := le.Problems[0].String(); got != first {
		t.Errorf("first problem %q, want %q", got, first)
	}

	f, err := parseWith(t, 4, manyCampaigns(n, false))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Campaigns) != n {
		t.Fatalf("%d campaigns, want %d", len(f.Campaigns), n)
	}
	shared := f.Campaigns[4].Rules[0].conditions[0].compiled
	for i, c := range f.Campaigns {
		if c.ID != int64(i+1) || c.Name != fmt.Sprintf("C%d", i+1) {
			t.Fatalf("campaign %d is %d %q, want %d C%d", i, c.ID, c.Name, i+1, i+1)
		}
		if (i+1)%5 == 0 && c.Rules[0].conditions[0].compiled != shared {
			t.Errorf("campaign %d compiled %q again instead of sharing it", c.ID, c.Rules[0].Conditions[0])
		}
	}
}
