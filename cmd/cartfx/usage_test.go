package main

import (
	"strings"
	"testing"
)

func TestHelpGoesToStdoutWithExitZero(t *testing.T) {
	for _, c := range commands {
		for _, flag := range []string{"-h", "-help", "--help"} {
			code, out, errOut := runCLI(c.name, flag)
			if code != 0 || errOut != "" || out != c.usage {
				t.Errorf("cartfx %s %s: exit %d, stderr %q, stdout %q; want exit 0 and the usage on stdout", c.name, flag, code, errOut, out)
			}
		}
		// Help asked after other flags still is help, not an error.
		if code, out, _ := runCLI(c.name, "--json", "--help"); c.name != "lint" && c.name != "test" && (code != 0 || out != c.usage) {
			t.Errorf("cartfx %s --json --help: exit %d, stdout %q", c.name, code, out)
		}
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		code, out, errOut := runCLI(args...)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "cartfx evaluates promotion campaigns") {
			t.Errorf("cartfx %s: exit %d, stderr %q, stdout %q", args[0], code, errOut, out)
		}
	}
}

func TestNoArgumentsPrintsTheUsageOnStderr(t *testing.T) {
	code, out, errOut := runCLI()
	if code != 2 || out != "" {
		t.Errorf("exit %d, stdout %q; want exit 2 and nothing on stdout", code, out)
	}
	for _, c := range commands {
		if !strings.Contains(errOut, "  "+c.name+" ") {
			t.Errorf("stderr does not list %s:\n%s", c.name, errOut)
		}
	}
}

func TestUnknownFlagPointsAtTheHelp(t *testing.T) {
	code, _, errOut := runCLI("eval", "--bogus")
	if want := "cartfx eval: flag provided but not defined: -bogus (run cartfx help eval)\n"; code != 2 || errOut != want {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, want)
	}
}

func TestLongArgumentsAreQuotedShort(t *testing.T) {
	long := strings.Repeat("X", 10000)
	cut := `"` + strings.Repeat("X", 64) + `"… (10000 bytes)`
	session := writeFile(t, "s.json", applySession)
	effects := writeFile(t, "e.json", applyResponse)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"apply", "--session", session, "--effects", effects, "--currency", long},
			"cartfx apply: --currency: unknown currency: " + cut + " is not an ISO 4217 code (expected three upper-case letters such as EUR)\n"},
		{[]string{"eval", "--campaigns", "x", "--session", "y", "--now", long},
			"cartfx eval: --now " + cut + ": expected an RFC 3339 time such as 2026-11-26T12:00:00Z\n"},
		{[]string{long}, "cartfx: unknown command " + cut + " (run cartfx --help)\n"},
		{[]string{"lint", "--campaigns", "x", long}, "cartfx lint: unexpected argument " + cut + " (run cartfx help lint)\n"},
	} {
		code, _, errOut := runCLI(tt.args...)
		if code != 2 || errOut != tt.want {
			t.Errorf("cartfx %s: exit %d, stderr %q\nwant exit 2 and %q", tt.args[0], code, errOut, tt.want)
		}
	}
}

func TestInputsAreReadWithASizeLimit(t *testing.T) {
	big := writeFile(t, "big.json", `{"cartItems": [], "pad": "`+strings.Repeat(" ", maxDocumentSize)+`"}`)
	session := writeFile(t, "s.json", applySession)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"apply", "--session", big, "--effects", big}, big + ": input too large: the session is longer than 8 MiB, the most cartfx reads\n"},
		{[]string{"apply", "--session", session, "--effects", big}, big + ": input too large: the effects document is longer than 8 MiB, the most cartfx reads\n"},
		{[]string{"apply", "--session", "/dev/zero", "--effects", big}, "/dev/zero: input too large: the session is longer than 8 MiB, the most cartfx reads\n"},
		{[]string{"eval", "--campaigns", "../../fixtures/campaigns/example.yaml", "--session", "/dev/zero"}, "/dev/zero: input too large: the session is longer than 8 MiB, the most cartfx reads\n"},
		{[]string{"eval", "--campaigns", "../../fixtures/campaigns/example.yaml", "--session", session, "--profile", "/dev/zero"}, "/dev/zero: input too large: the profile is longer than 8 MiB, the most cartfx reads\n"},
	} {
		code, out, errOut := runCLI(tt.args...)
		if code != 2 || out != "" || !strings.HasSuffix(errOut, tt.want) {
			t.Errorf("cartfx %s: exit %d, stdout %d bytes, stderr %q\nwant exit 2 and a message ending in %q", strings.Join(tt.args, " "), code, len(out), errOut, tt.want)
		}
	}
}

func TestReceiptEscapesControlCharacters(t *testing.T) {
	session := `{"cartItems": [{"sku": "SO\u001b[2JCK", "name": "Socks \u001b[31mred\u001b[0m \u202eevil", "quantity": 1, "price": "4.50"}]}`
	response := `[{"campaignId": 8, "rulesetId": 9, "ruleIndex": 0, "ruleName": "hello", "effectType": "showNotification", "props": {"notificationType": "Info", "title": "T\u0007", "body": "\u009b2J"}}]`
	code, out, errOut := runCLI("apply", "--session", writeFile(t, "s.json", session), "--effects", writeFile(t, "e.json", response), "--currency", "EUR")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	want := `Receipt (EUR)

 QTY  SKU            NAME                                      UNIT PRICE       TOTAL
   1  SO\x1b[2JCK    Socks \x1b[31mred\x1b[0m \u202eevil             4.50        4.50

Notifications
  [Info] T\a: \u009b2J

Subtotal                                                                        4.50
Total                                                                           4.50
`
	if out != want {
		t.Errorf("receipt:\n%s\nwant:\n%s", out, want)
	}
}
