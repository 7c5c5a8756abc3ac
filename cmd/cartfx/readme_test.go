package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMECommands runs every `go run ./cmd/cartfx` command of the README
// from the repository's root, so the README never shows a command that
// does not work.
func TestREADMECommands(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Chdir(root)
	const prefix = "go run ./cmd/cartfx "
	ran := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		ran++
		args := strings.Fields(strings.TrimPrefix(line, prefix))
		code, out, errOut := runCLI(args...)
		if code != 0 || out == "" {
			t.Errorf("%s: exit %d, %d bytes of output, stderr %q", line, code, len(out), errOut)
		}
	}
	if ran == 0 {
		t.Fatal("the README shows no cartfx command")
	}
}
