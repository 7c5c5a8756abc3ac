package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// readmeGoCommand finds the go test and go run commands that the README
// shows, in code blocks and in inline code, with an environment prefix such
// as CARTFX_UPDATE=1.
var readmeGoCommand = regexp.MustCompile("(?m)(?:^|`)((?:[A-Z_]+=\\S+ )*go (?:test|run) [^`\\n]+)")

// quick turns a README command into one that runs in seconds and writes
// nothing: fuzzing for one input, benchmarks and benchtable once, rapid's
// checks cut to a few, and commands that would run (or rewrite) the test
// suite itself with no test selected, so that only their packages, flags
// and environment are checked.
func quick(command string) string {
	switch {
	case strings.Contains(command, " -fuzz "):
		return command + " -fuzztime=1x"
	case strings.Contains(command, "benchtable"):
		return regexp.MustCompile(`-count \d+`).ReplaceAllString(command, "-count 1") + " -benchtime 1x"
	case strings.Contains(command, " -bench "):
		return command + " -benchtime=1x"
	case strings.Contains(command, "-rapid.checks="):
		return regexp.MustCompile(`-rapid\.checks=\d+`).ReplaceAllString(command, "-rapid.checks=20")
	case strings.HasPrefix(strings.TrimLeft(command, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_=1 "), "go test"):
		return command + " -run '^$'"
	}
	return command
}

// TestREADMEGoCommands runs every go test and go run command of the README
// (the cartfx ones run in TestREADMECommands) in a quick form, so that no
// command the README tells a reader to type can rot: a fuzz pattern that
// matches two targets, a flag that moved, a package that was renamed.
func TestREADMEGoCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command on the README's commands; go test without -short runs it")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command on PATH to run the README's commands: %v", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range readmeGoCommand.FindAllStringSubmatch(string(readme), -1) {
		command := strings.TrimSpace(m[1])
		if strings.Contains(command, "go run ./cmd/cartfx") || seen[command] {
			continue
		}
		seen[command] = true
		run := quick(command)
		t.Run(command, func(t *testing.T) {
			cmd := exec.Command("bash", "-c", run)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(goTool)+string(os.PathListSeparator)+os.Getenv("PATH"))
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s (as %s): %v after %v\n%s", command, run, err, time.Since(start).Round(time.Millisecond), out)
			}
		})
	}
	if len(seen) < 5 {
		t.Errorf("found only %d go commands in the README; the pattern misses some", len(seen))
	}
}
