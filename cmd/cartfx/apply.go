package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/handlers"
	"github.com/cartfx/cartfx/internal/text"
)

var applyCommand = command{
	name:    "apply",
	summary: "apply a Talon.One response's effects to a session's cart",
	usage: `Usage: cartfx apply --session FILE --effects FILE [--currency CODE] [--json]
       cartfx apply --url URL --session FILE [--session-id ID] [--dry] [--currency CODE] [--json]

Applies effects, as a Talon.One deployment returns them, to the cart of a
customer session, and prints the receipt: each line with its discounts,
additional costs, free items, coupon and referral verdicts, notifications,
loyalty points and the totals.

Flags:
  --session FILE   the customer session (Talon.One NewCustomerSessionV2 JSON,
                   bare or as {"customerSession": {...}})
  --effects FILE   a whole Talon.One response, or just its effects array
  --currency CODE  the ISO 4217 currency of the prices (default USD)
  --json           print the receipt as JSON instead of a table
  --url URL        send the session to the Integration API at URL (a Talon.One
                   deployment or a cartfx serve, with its base path) instead of
                   reading --effects, and apply the effects it answers; the API
                   key is read from CARTFX_API_KEY
  --session-id ID  the customer session's integration ID (default cartfx-apply)
  --dry            with --url, a dry run: nothing is stored

Example:
  cartfx apply --session session.json --effects response.json --currency EUR
  CARTFX_API_KEY=... cartfx apply --url https://acme.europe-west1.talon.one --session session.json --dry
`,
	run: runApply,
}

func runApply(args []string, stdout, _ io.Writer) error {
	return runApplyWith(args, stdout, colorFor(stdout))
}

// runApplyWith is apply with the receipt's colours chosen by the caller.
func runApplyWith(args []string, stdout io.Writer, colors palette) error {
	fs := flag.NewFlagSet("apply", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	sessionPath := fs.String("session", "", "")
	effectsPath := fs.String("effects", "", "")
	currencyCode := fs.String("currency", "USD", "")
	asJSON := fs.Bool("json", false, "")
	remote := remoteFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if remote.url != "" {
		return runApplyRemote(fs, remote, *sessionPath, *effectsPath, *currencyCode, *asJSON, stdout, colors)
	}
	if fs.NArg() > 0 {
		return badInput("unexpected argument %s (run cartfx help apply)", text.Quote(fs.Arg(0)))
	}
	if *sessionPath == "" || *effectsPath == "" {
		return badInput("--session and --effects are required (run cartfx help apply)")
	}
	cur, err := cart.LookupCurrency(*currencyCode)
	if err != nil {
		return badInput("--currency: %v", err)
	}
	sessionJSON, err := readDocument(*sessionPath, "session")
	if err != nil {
		return err
	}
	effectsJSON, err := readDocument(*effectsPath, "effects document")
	if err != nil {
		return err
	}
	session, err := cart.ParseSession(sessionJSON, cart.ParseOptions{Currency: cur})
	if err != nil {
		return badInput("%s: %v", *sessionPath, err)
	}
	list, err := effects.DecodeList(effectsJSON)
	if err != nil {
		return badInput("%s: %v", *effectsPath, err)
	}
	c, err := cart.New(session, cart.HalfEven)
	if err != nil {
		return badInput("%s: %v", *sessionPath, err)
	}
	out, _, err := handlers.New().Apply(c, list)
	if err != nil {
		var herr *handlers.Error
		if errors.As(err, &herr) {
			return badInput("%s: %v", *effectsPath, err)
		}
		return badInput("%v", err)
	}
	receipt := out.Receipt()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(receipt)
	}
	_, err = fmt.Fprint(stdout, renderReceipt(receipt, colors))
	return err
}
