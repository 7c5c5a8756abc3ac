package rules

import (
	"strings"
	"testing"
)

// TestToBase64Bounded checks that nested toBase64 fails on the memory
// budget instead of growing text by a third at every level.
func TestToBase64Bounded(t *testing.T) {
	src := `repeat("a", 90000)`
	for range 3 {
		src = "toBase64(" + src + ")"
	}
	f := mustParse(t, rule1("        condition: len("+src+") > 0\n        effects: []\n"))
	res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
	if res.Err == nil || !strings.Contains(res.Err.Error(), "memory budget exceeded") {
		t.Errorf("Err = %v, want the memory budget", res.Err)
	}
}
