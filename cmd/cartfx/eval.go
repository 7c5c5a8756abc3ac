package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/internal/text"
	"github.com/cartfx/cartfx/rules"
)

var evalCommand = command{
	name:    "eval",
	summary: "evaluate a session against a campaign file (a dry run)",
	usage: `Usage: cartfx eval --campaigns FILE --session FILE [--profile FILE] [--now RFC3339] [--json]

Evaluates one session update against the campaigns, as a dry run: nothing is
stored. Prints the receipt: each line with its discounts by campaign,
additional costs, free items, coupon and referral verdicts, notifications,
loyalty points and the totals; with --json, the whole response (effects in
Talon.One's envelope, the receipt under "cart", triggered campaigns, rule
failure reasons).

Flags:
  --campaigns FILE  the campaign file (YAML or JSON)
  --session FILE    the customer session (Talon.One NewCustomerSessionV2 JSON)
  --profile FILE    the customer's profile: {"attributes": {...}}
  --now TIME        the clock, RFC 3339 (default: the current time)
  --json            print the response as JSON

Example:
  cartfx eval --campaigns fixtures/campaigns/example.yaml --session fixtures/sessions/example.json
`,
	run: runEval,
}

func runEval(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	campaignsPath := fs.String("campaigns", "", "")
	sessionPath := fs.String("session", "", "")
	profilePath := fs.String("profile", "", "")
	nowText := fs.String("now", "", "")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return badInput("unexpected argument %s (run cartfx help eval)", text.Quote(fs.Arg(0)))
	}
	if *campaignsPath == "" || *sessionPath == "" {
		return badInput("--campaigns and --session are required (run cartfx help eval)")
	}
	now := time.Now()
	if *nowText != "" {
		t, err := time.Parse(time.RFC3339, *nowText)
		if err != nil {
			return badInput("--now %s: expected an RFC 3339 time such as 2026-11-26T12:00:00Z", text.Quote(*nowText))
		}
		now = t
	}
	file, err := rules.Load(*campaignsPath)
	if err != nil {
		return badInput("%v", err)
	}
	eng, err := engine.New(file, engine.WithClock(func() time.Time { return now }))
	if err != nil {
		return badInput("%v", err)
	}
	body, err := readDocument(*sessionPath, "session")
	if err != nil {
		return err
	}
	opts := engine.UpdateOptions{Dry: true}
	if *profilePath != "" {
		data, err := readDocument(*profilePath, "profile")
		if err != nil {
			return err
		}
		if opts.Profile, err = eng.ParseProfile(data); err != nil {
			return badInput("%s: %v", *profilePath, err)
		}
	}
	resp, err := eng.UpdateSession(context.Background(), "eval", body, opts)
	if err != nil {
		return badInput("%s: %v", *sessionPath, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(resp)
	}
	_, err = fmt.Fprint(stdout, renderReceipt(resp.Cart, colorFor(stdout)))
	return err
}
