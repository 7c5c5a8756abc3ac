package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/cartfx/cartfx/internal/text"
	"github.com/cartfx/cartfx/rules"
)

var lintCommand = command{
	name:    "lint",
	summary: "check a campaign file and report every problem",
	usage: `Usage: cartfx lint --campaigns FILE

Loads the campaign file (YAML or JSON), compiles every rule and prints each
problem as

  FILE:LINE:COL: campaign "NAME" rule "NAME": message

Exit status: 0 when the file is clean (a one-line summary is printed),
1 when it has problems, 2 when it cannot be read.

Example:
  cartfx lint --campaigns fixtures/campaigns/example.yaml
`,
	run: runLint,
}

func runLint(args []string, stdout, _ io.Writer) error {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	path := fs.String("campaigns", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return badInput("unexpected argument %s (run cartfx help lint)", text.Quote(fs.Arg(0)))
	}
	if *path == "" {
		return badInput("--campaigns is required (run cartfx help lint)")
	}
	f, err := rules.Load(*path)
	var le *rules.LoadError
	switch {
	case errors.As(err, &le):
		for _, p := range le.Problems {
			fmt.Fprintln(stdout, p.String())
		}
		return errCheckFailed
	case err != nil:
		return badInput("%v", err)
	}
	fmt.Fprintf(stdout, "%s: ok: %d campaigns, %d rules\n", *path, len(f.Campaigns), f.RuleCount())
	return nil
}
