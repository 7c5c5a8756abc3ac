package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The campaign library passes, with a line per case and the summary.
func TestTestRunsTheLibrary(t *testing.T) {
	code, out, errOut := runCLI("test", "../../fixtures")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	m := regexp.MustCompile(`^(\d+) passed, 0 failed$`).FindStringSubmatch(lines[len(lines)-1])
	if m == nil {
		t.Fatalf("summary %q", lines[len(lines)-1])
	}
	n, _ := strconv.Atoi(m[1])
	if n < 60 || n != len(lines)-1 {
		t.Errorf("%d cases passed, %d case lines; want at least 60, one line each", n, len(lines)-1)
	}
	for _, l := range lines[:len(lines)-1] {
		if !regexp.MustCompile(`^PASS [a-z-]+/[a-z0-9-]+$`).MatchString(l) {
			t.Errorf("case line %q", l)
		}
	}
}

const testCase = `description: 10% of 120.00 = 12.00 off; total 108.00.
now: 2026-11-26T12:00:00Z
campaigns:
  currency: EUR
  campaigns:
    - id: 1
      name: Ten percent
      rules:
        - name: ten percent
          condition: Session.CartItemTotal >= 100
          effects:
            - type: setDiscount
              name: 10% off
              value: Session.CartItemTotal * 10 / 100
steps:
  - sessionId: s1
    session:
      cartItems: [{sku: MUG, quantity: 3, price: 40.00}]
`

// fixtureDir writes a suite of two cases, good and bad, with golden
// files written by --update; bad's golden file then has a wrong amount.
func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	suite := filepath.Join(dir, "deals")
	if err := os.MkdirAll(suite, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"good", "bad"} {
		if err := os.WriteFile(filepath.Join(suite, name+".yaml"), []byte(testCase), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCLI("test", "--update", dir)
	if code != 0 || !strings.Contains(out, "PASS deals/bad (wrote ") || !strings.HasSuffix(out, "2 passed, 0 failed\n") {
		t.Fatalf("--update: exit %d, stderr %q\n%s", code, errOut, out)
	}
	golden := filepath.Join(suite, "bad.golden.json")
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), `"value": 12.00`, `"value": 9.99`, 1))
	if err := os.WriteFile(golden, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestTestReportsAFailedCase(t *testing.T) {
	dir := fixtureDir(t)
	code, out, _ := runCLI("test", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"FAIL deals/bad\n",
		"    step 1: effects[0].props.value: -9.99 +12.00\n",
		"10% of 120.00 = 12.00 off",
		"PASS deals/good\n",
		"1 passed, 1 failed\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "1 passed, 1 failed\n") {
		t.Errorf("the summary is not the last line:\n%s", out)
	}
}

func TestTestRunSelectsCasesAndFlagsGoAnywhere(t *testing.T) {
	dir := fixtureDir(t)
	code, out, _ := runCLI("test", dir, "--run", "good$")
	if code != 0 || out != "PASS deals/good\n1 passed, 0 failed\n" {
		t.Errorf("--run after the path: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI("test", "--run", "deals/bad", filepath.Join(dir, "deals"))
	if code != 1 || !strings.HasPrefix(out, "FAIL deals/bad\n") {
		t.Errorf("--run before a suite folder: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI("test", filepath.Join(dir, "deals", "good.yaml"))
	if code != 0 || out != "PASS deals/good\n1 passed, 0 failed\n" {
		t.Errorf("one case file: exit %d\n%s", code, out)
	}
	code, out, errOut := runCLI("test", dir, "--run", "nothing")
	if code != 0 || out != "0 passed, 0 failed\n" || !strings.Contains(errOut, "no case matches") {
		t.Errorf("--run matching nothing: exit %d, stderr %q\n%s", code, errOut, out)
	}
	// --update repairs the bad golden file.
	if code, out, _ := runCLI("test", "--update", dir); code != 0 || !strings.Contains(out, "PASS deals/bad (wrote ") || strings.Contains(out, "PASS deals/good (wrote") {
		t.Errorf("--update: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI("test", dir); code != 0 {
		t.Errorf("after --update: exit %d\n%s", code, out)
	}
}

func TestTestBadUsage(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "deals", "broken.yaml")
	if err := os.MkdirAll(filepath.Dir(broken), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte(strings.Replace(testCase, "CartItemTotal >=", "CartItemTotl >=", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// A case whose campaigns do not load fails with the loader's message.
	code, out, _ := runCLI("test", dir)
	if code != 1 || !strings.Contains(out, "FAIL deals/broken\n    "+broken+`:10:30: campaign "Ten percent" rule "ten percent": condition: type Session has no field CartItemTotl`) {
		t.Errorf("a broken case: exit %d\n%s", code, out)
	}
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"missing path", []string{"test", filepath.Join(dir, "nope")}, "no such file"},
		{"a folder without cases", []string{"test", t.TempDir()}, "no fixture cases"},
		{"bad regexp", []string{"test", dir, "--run", "("}, `--run "("`},
		{"unknown flag", []string{"test", "--verbose"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.err) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.err)
			}
		})
	}
}

func TestTestHelp(t *testing.T) {
	code, out, _ := runCLI("help", "test")
	if code != 0 || !strings.Contains(out, "cartfx test [PATH...] [--update] [--run REGEX]") {
		t.Errorf("help test: exit %d\n%s", code, out)
	}
	_, out, _ = runCLI("--help")
	if !strings.Contains(out, "  test ") {
		t.Errorf("--help does not list test:\n%s", out)
	}
}
