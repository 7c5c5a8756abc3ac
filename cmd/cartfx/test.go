package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"sync"

	"github.com/cartfx/cartfx/fixtures"
	"github.com/cartfx/cartfx/internal/text"
)

var testCommand = command{
	name:    "test",
	summary: "run golden fixtures and show how the engine's output differs",
	usage: `Usage: cartfx test [PATH...] [--update] [--run REGEX]

Runs the golden fixtures under each PATH (a folder, searched with its
sub-folders, or one case file; default ./fixtures). A case is
fixtures/SUITE/CASE.yaml: a description, the campaigns, the clock and the
steps (session updates, returns, reopens); the expected response of each
step is in fixtures/SUITE/CASE.golden.json. Prints a line per case,
PASS SUITE/CASE or FAIL SUITE/CASE, with the differences of a failed case
as "step N: path: -golden +got", then a summary: N passed, N failed.

Flags:
  --update      rewrite the golden files from the engine's output (check
                each rewritten file against its case's description)
  --run REGEX   only the cases whose SUITE/CASE name matches REGEX

Exit status: 0 when every case passes, 1 when one fails, 2 for bad usage.

Example:
  cartfx test
  cartfx test fixtures/coupons --run expired
`,
	run: runTest,
}

func runTest(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	update := fs.Bool("update", false, "")
	runText := fs.String("run", "", "")
	// Flags may come before, between or after the paths.
	var paths []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(paths) == 0 {
		paths = []string{"./fixtures"}
	}
	var match *regexp.Regexp
	if *runText != "" {
		re, err := regexp.Compile(*runText)
		if err != nil {
			return badInput("--run %s: %v", text.Quote(*runText), err)
		}
		match = re
	}
	var entries []fixtures.Entry
	for _, p := range paths {
		found, err := fixtures.Discover(p)
		if err != nil {
			return badInput("%v", err)
		}
		if len(found) == 0 {
			return badInput("%s: no fixture cases (a case is SUITE/CASE.yaml with a steps key)", p)
		}
		for _, e := range found {
			if match == nil || match.MatchString(e.Name) {
				entries = append(entries, e)
			}
		}
	}
	if len(entries) == 0 {
		fmt.Fprintf(stderr, "cartfx test: no case matches --run %s\n", text.Quote(*runText))
	}
	results := checkAll(entries, *update)
	passed, failed := 0, 0
	for i := range results {
		r := &results[i]
		if r.Failed() {
			failed++
			fmt.Fprintf(stdout, "FAIL %s\n%s", r.Name, fixtures.Report(r))
			continue
		}
		passed++
		if r.Updated {
			fmt.Fprintf(stdout, "PASS %s (wrote %s)\n", r.Name, r.Golden)
		} else {
			fmt.Fprintf(stdout, "PASS %s\n", r.Name)
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return errCheckFailed
	}
	return nil
}

// checkAll checks the cases concurrently (each has its own engine) and
// returns their results in the entries' order.
func checkAll(entries []fixtures.Entry, update bool) []fixtures.Result {
	results := make([]fixtures.Result, len(entries))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(entries)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = fixtures.Check(context.Background(), entries[i], update)
			}
		}()
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}
