package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestLint(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(broken, []byte("currency: EUR\ncampaigns:\n  - id: 1\n    name: A\n    rules:\n      - name: r\n        condition: Session.Totl > 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"clean", []string{"lint", "--campaigns", "../../fixtures/campaigns/example.yaml"}, 0,
			"../../fixtures/campaigns/example.yaml: ok: 10 campaigns, 11 rules\n"},
		{"problems", []string{"lint", "--campaigns", broken}, 1,
			broken + `:7:28: campaign "A" rule "r": condition: type Session has no field Totl (did you mean Total?)` + "\n"},
		{"missing file", []string{"lint", "--campaigns", filepath.Join(dir, "nope.yaml")}, 2, ""},
		{"no flag", []string{"lint"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, stderr.String())
			}
			if stdout.String() != tt.stdout {
				t.Errorf("stdout\n%q\nwant\n%q", stdout.String(), tt.stdout)
			}
		})
	}
}
