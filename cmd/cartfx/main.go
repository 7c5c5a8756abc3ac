// Command cartfx evaluates promotion campaigns and applies their effects to
// carts from the command line.
//
//	cartfx eval --campaigns FILE --session FILE [--profile FILE] [--now RFC3339] [--json]
//	cartfx apply --session FILE --effects FILE [--currency CODE] [--json]
//	cartfx test [PATH...] [--update] [--run REGEX]
//	cartfx lint --campaigns FILE
//	cartfx serve --campaigns FILE [--addr HOST:PORT] [--base-path PATH] [--store memory|postgres://...] [flags]
//	cartfx migrate --store postgres://...
//
// Exit status: 0 on success, 1 when a check failed, 2 for bad usage or bad
// input, with one clear message on standard error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cartfx/cartfx/internal/input"
	"github.com/cartfx/cartfx/internal/text"
)

// maxDocumentSize is the most cartfx reads of a session, a profile or an
// effects document: 8 MiB, hundreds of times a real cart's. (A campaign file
// may be up to rules.MaxFileSize.)
const maxDocumentSize = 8 << 20

// readDocument reads the file at path, a JSON document of the kind named by
// what, refusing one longer than maxDocumentSize.
func readDocument(path, what string) ([]byte, error) {
	data, err := input.ReadFile(path, what, maxDocumentSize)
	if err != nil {
		return nil, badInput("%v", err)
	}
	return data, nil
}

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

var commands = []command{evalCommand, applyCommand, lintCommand, testCommand, serveCommand, migrateCommand}

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

// errHelp is returned by a command asked for its help (-h, -help, --help):
// its usage goes to standard output with exit status 0.
var errHelp = errors.New("help requested")

// parseFlags parses a command's flags; -h and --help become errHelp, any
// other problem bad usage that points at the command's help.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		return errHelp
	default:
		return badInput("%v (run cartfx help %s)", err, fs.Name())
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		// Like the go command: asked nothing, cartfx says what it can be
		// asked, on standard error, as for any other bad usage.
		printHelp(stderr)
		return exitBadInput
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" && len(args) == 1 {
		printHelp(stdout)
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
		fmt.Fprintf(stderr, "cartfx: unknown command %s (run cartfx --help)\n", text.Quote(rest[0]))
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
		case errors.Is(err, errHelp):
			fmt.Fprint(stdout, c.usage)
			return exitOK
		default:
			fmt.Fprintf(stderr, "cartfx %s: %v\n", name, err)
			return exitBadInput
		}
	}
	fmt.Fprintf(stderr, "cartfx: unknown command %s (run cartfx --help)\n", text.Quote(name))
	return exitBadInput
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, "cartfx evaluates promotion campaigns and applies their effects to carts, with exact money.\n\nUsage:\n  cartfx COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun 'cartfx help COMMAND' for a command's flags and an example.\n\nExit status: 0 success; 1 a check failed; 2 bad usage or bad input.\n")
}
