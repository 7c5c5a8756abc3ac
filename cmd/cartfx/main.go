// Command cartfx evaluates promotion campaigns and applies their effects to
// carts from the command line.
//
//	cartfx eval --campaigns FILE --session FILE [--profile FILE] [--now RFC3339] [--json]
//	cartfx apply --session FILE --effects FILE [--currency CODE] [--json]
//	cartfx test [PATH...] [--update] [--run REGEX]
//	cartfx lint --campaigns FILE
//
// Exit status: 0 on success, 1 when a check failed, 2 for bad usage or bad
// input, with one clear message on standard error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFailed   = 1
	exitBadInput = 2
)

// command is one subcommand of cartfx.
type command struct {
	name    string
	summary string
	usage   string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = []command{evalCommand, applyCommand, lintCommand, testCommand}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usageError is bad usage or bad input: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func badInput(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errCheckFailed is returned by commands whose check failed: exit status 1.
var errCheckFailed = errors.New("check failed")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" && len(args) == 1 {
		printHelp(stdout)
		if len(args) == 0 {
			return exitBadInput
		}
		return exitOK
	}
	name, rest := args[0], args[1:]
	if name == "help" {
		for _, c := range commands {
			if c.name == rest[0] {
				fmt.Fprint(stdout, c.usage)
				return exitOK
			}
		}
		fmt.Fprintf(stderr, "cartfx: unknown command %q (run cartfx --help)\n", rest[0])
		return exitBadInput
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(rest, stdout, stderr)
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, errCheckFailed):
			return exitFailed
		default:
			fmt.Fprintf(stderr, "cartfx %s: %v\n", name, err)
			return exitBadInput
		}
	}
	fmt.Fprintf(stderr, "cartfx: unknown command %q (run cartfx --help)\n", name)
	return exitBadInput
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, "cartfx evaluates promotion campaigns and applies their effects to carts, with exact money.\n\nUsage:\n  cartfx COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun 'cartfx help COMMAND' for a command's flags and an example.\n\nExit status: 0 success; 1 a check failed; 2 bad usage or bad input.\n")
}
