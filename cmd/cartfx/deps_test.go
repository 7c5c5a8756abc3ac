package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCommandDoesNotLinkTesting keeps package testing (and the -update flag
// that comes with fixtures/fixturetest) out of the cartfx binary: the
// command is built on fixtures, whose go test entry point lives apart in
// fixturetest for that reason.
func TestCommandDoesNotLinkTesting(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no go command on PATH to list the command's dependencies: %v", err)
		}
		t.Skipf("no go command on PATH to list the command's dependencies: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list -deps .: %v\n%s", err, stderr)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps . listed %d packages: %q", len(deps), deps)
	}
	for _, p := range deps {
		if p == "testing" || strings.HasPrefix(p, "testing/") || strings.HasSuffix(p, "/fixturetest") {
			t.Errorf("cmd/cartfx links %s; a package it imports must not import it outside its tests", p)
		}
	}
}
