package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/cart"
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

// TestREADMEGoBlocksAreExamples checks that every Go block of the README
// stands, line for line, in a runnable Example, so the README's code
// compiles and runs.
func TestREADMEGoBlocksAreExamples(t *testing.T) {
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Glob(filepath.Join(root, "*", "example_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	var corpus strings.Builder
	for _, p := range examples {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		corpus.WriteString(normalize(string(b)))
	}
	blocks := strings.Split(string(readme), "```go\n")
	if len(blocks) < 2 {
		t.Fatal("the README has no Go block")
	}
	for _, b := range blocks[1:] {
		code := normalize(b[:strings.Index(b, "```")])
		if !strings.Contains(corpus.String(), code) {
			t.Errorf("this README block is in no example_test.go:\n%s", code)
		}
	}
}

// normalize drops indentation, so a block reads the same inside a function.
func normalize(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "\t ")
	}
	return strings.Join(lines, "\n")
}

// TestREADMEDataBlocks checks the README's YAML and JSON blocks: the YAML
// is a verbatim part of the example campaign file, and the JSON is the
// error the engine gives for an unknown attribute.
func TestREADMEDataBlocks(t *testing.T) {
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join(root, "fixtures", "campaigns", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range fenced(string(readme), "yaml") {
		if !strings.Contains(string(example), b) {
			t.Errorf("this README block is not part of fixtures/campaigns/example.yaml:\n%s", b)
		}
	}
	code, _, errOut := runCLI("eval", "--campaigns", filepath.Join(root, "fixtures", "campaigns", "example.yaml"),
		"--session", writeFile(t, "s.json", `{"attributes": {"MyAttribute": 1}}`), "--json")
	if code != 2 {
		t.Fatalf("eval of an unknown attribute: exit %d", code)
	}
	for _, b := range fenced(string(readme), "json") {
		var shown any
		if err := json.Unmarshal([]byte(b), &shown); err != nil {
			t.Fatalf("README JSON block: %v\n%s", err, b)
		}
		compact, _ := json.Marshal(shown)
		var got any
		s, err := cart.ParseSession([]byte(`{"attributes": {"MyAttribute": 1}}`), cart.ParseOptions{Currency: cart.MustCurrency("EUR"), Registry: cart.NewRegistry()})
		if err == nil || s != nil {
			t.Fatal("an unknown attribute parsed")
		}
		raw, _ := json.Marshal(err)
		_ = json.Unmarshal(raw, &got)
		want, _ := json.Marshal(got)
		if string(compact) != string(want) {
			t.Errorf("README JSON block:\n%s\nthe error is:\n%s", compact, want)
		}
		if !strings.Contains(errOut, "The attribute \"MyAttribute\" is not defined on CustomerSession entities.") {
			t.Errorf("cartfx eval says %q", errOut)
		}
	}
}

// fenced returns the bodies of the README's code blocks in a language.
func fenced(doc, lang string) []string {
	var out []string
	parts := strings.Split(doc, "```"+lang+"\n")
	for _, p := range parts[1:] {
		out = append(out, p[:strings.Index(p, "```")])
	}
	return out
}

// TestDocsPointInsideTheRepository checks that the README and docs/ name
// only files that a fresh clone has: every relative Markdown link resolves,
// and no document sends the reader to a path outside the repository.
func TestDocsPointInsideTheRepository(t *testing.T) {
	root := filepath.Join("..", "..")
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, filepath.Join(root, "README.md"))
	link := regexp.MustCompile(`\]\(([^)#\s]+)(#[^)]*)?\)`)
	for _, doc := range docs {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "../shared/") {
			t.Errorf("%s names ../shared/, which a clone of the repository does not have", doc)
		}
		for _, m := range link.FindAllStringSubmatch(string(data), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(doc), target)); err != nil {
				t.Errorf("%s links %s, which does not exist", doc, target)
			}
		}
	}
	if len(docs) < 2 {
		t.Error("there is no docs/*.md")
	}
}

// TestREADMEFirstReceipt checks that the receipt the README shows under its
// first command is, byte for byte, what that command prints.
func TestREADMEFirstReceipt(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	const prefix = "go run ./cmd/cartfx "
	at := strings.Index(readme, prefix)
	if at < 0 {
		t.Fatal("the README shows no cartfx command")
	}
	command := readme[at : at+strings.IndexByte(readme[at:], '\n')]
	const open, close = "```text\n", "```\n"
	start := strings.Index(readme, open)
	if start < 0 {
		t.Fatal("the README shows no receipt (a ```text block)")
	}
	start += len(open)
	shown := readme[start : start+strings.Index(readme[start:], close)]
	t.Chdir(root)
	code, out, errOut := runCLI(strings.Fields(strings.TrimPrefix(command, prefix))...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", command, code, errOut)
	}
	if out != shown {
		t.Errorf("%s prints:\n%s\nthe README shows:\n%s", command, out, shown)
	}
}
