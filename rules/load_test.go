package rules

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cartfx/cartfx/internal/input"
)

// TestLoadEndlessFile: /dev/zero, which never ends, fails after
// MaxFileSize+1 bytes instead of growing forever.
func TestLoadEndlessFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := Load("/dev/zero")
	const want = "/dev/zero: input too large: the campaign file is longer than 16 MiB, the most cartfx reads"
	if err == nil || err.Error() != want {
		t.Fatalf("Load(/dev/zero): %v, want %s", err, want)
	}
	if !errors.Is(err, input.ErrTooLarge) {
		t.Errorf("Load(/dev/zero): %v does not match input.ErrTooLarge", err)
	}
}

// TestLoadRefusesAliases: a YAML anchor or alias is a problem at its
// position, and the file is not decoded further: an alias repeats what it
// names without making the file longer, past every bound (1,000
// campaigns each `rules: *rs` took 59 s).
func TestLoadRefusesAliases(t *testing.T) {
	src := `currency: EUR
campaigns:
  - id: 1
    name: A
    rules: &rs
      - name: r
        condition: Session.Total > 1
  - id: 2
    name: B
    rules: *rs
`
	_, err := Parse("c.yaml", []byte(src))
	const want = "c.yaml:5:12: YAML anchors are not allowed in a campaign file: write the rule out, or generate the file\n" +
		"c.yaml:10:12: YAML aliases are not allowed in a campaign file: write the rule out, or generate the file"
	if err == nil || err.Error() != want {
		t.Fatalf("Parse: %v\nwant\n%s", err, want)
	}
	if !errors.Is(err, ErrInvalidCampaigns) {
		t.Errorf("%v does not match ErrInvalidCampaigns", err)
	}

	// The reviewer's file: 1,000 campaigns each naming 100 rules of 100
	// bindings, refused at once.
	var b strings.Builder
	b.WriteString("currency: EUR\nx: &rs\n")
	for i := range 100 {
		fmt.Fprintf(&b, "  - name: r%d\n    bindings: &b%d\n", i, i)
		for j := range 100 {
			fmt.Fprintf(&b, "      v%d: 1\n", j)
		}
	}
	b.WriteString("campaigns:\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "  - {id: %d, name: c, rules: *rs}\n", i+1)
	}
	start := time.Now()
	_, err = Parse("big.yaml", []byte(b.String()))
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1+100+1000 {
		t.Fatalf("Parse: %T, want a LoadError of 1101 problems", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Parse took %v", d)
	}
}

// TestLoadMessagesQuoteShort: a problem quotes campaign-file input cut to
// text.MaxQuoted runes (a 100 KB coupon code once gave a 101 KB error).
func TestLoadMessagesQuoteShort(t *testing.T) {
	long := strings.Repeat("A", 100_000)
	quoted := `"` + strings.Repeat("A", 64) + `"… (100000 bytes)`
	key := strings.Repeat("K", 1000) // YAML keys are at most 1,024 characters
	quotedKey := `"` + strings.Repeat("K", 64) + `"… (1000 bytes)`
	for _, tc := range []struct{ src, want string }{
		{"currency: EUR\ncampaigns:\n  - id: 1\n    name: c\n    features: [coupons]\n    coupons:\n      codes: [" + long + "]\n    rules: []\n",
			"c.yaml:7:14: campaign \"c\": coupons: code " + quoted + " must be 1 to 100 characters"},
		{"currency: EUR\n" + key + ": 1\ncampaigns: []\n",
			"c.yaml:2:1: file: unknown key " + quotedKey + " (expected one of"},
		{"currency: EUR\nrounding: " + long + "\ncampaigns: []\n",
			"c.yaml:2:11: rounding: unknown mode " + quoted + " (expected halfEven, halfUp, down or up)"},
	} {
		_, err := Parse("c.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || len(err.Error()) > 400 {
			t.Errorf("Parse: %.300v\nwant\n%s", err, tc.want)
		}
	}
}
