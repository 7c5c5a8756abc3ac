package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/internal/text"
	"github.com/cartfx/cartfx/talonone"
)

// remote holds apply's flags for sending the session to an Integration
// API (--url).
type remote struct {
	url, sessionID string
	dry            bool
}

func remoteFlags(fs *flag.FlagSet) *remote {
	r := &remote{}
	fs.StringVar(&r.url, "url", "", "")
	fs.StringVar(&r.sessionID, "session-id", "cartfx-apply", "")
	fs.BoolVar(&r.dry, "dry", false, "")
	return r
}

// runApplyRemote is apply --url: the session is sent to the Integration
// API, and the receipt of the effects it answers is printed.
func runApplyRemote(fs *flag.FlagSet, r *remote, sessionPath, effectsPath, currencyCode string, asJSON bool, stdout io.Writer, colors palette) error {
	if fs.NArg() > 0 {
		return badInput("unexpected argument %s (run cartfx help apply)", text.Quote(fs.Arg(0)))
	}
	if effectsPath != "" {
		return badInput("--url and --effects cannot be used together: the effects come from the URL (run cartfx help apply)")
	}
	if sessionPath == "" {
		return badInput("--session is required (run cartfx help apply)")
	}
	key := os.Getenv("CARTFX_API_KEY")
	if key == "" {
		return badInput("--url needs the API key in CARTFX_API_KEY")
	}
	cur, err := cart.LookupCurrency(currencyCode)
	if err != nil {
		return badInput("--currency: %v", err)
	}
	client, err := talonone.New(r.url, key, talonone.WithCurrency(cur), talonone.WithUserAgent("cartfx-apply"))
	if err != nil {
		return badInput("--url: %v", err)
	}
	defer client.Close()
	body, err := readDocument(sessionPath, "session")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := client.UpdateSession(ctx, r.sessionID, body, engine.UpdateOptions{Dry: r.dry})
	if err != nil {
		var ce *cart.Error
		if errors.As(err, &ce) {
			return badInput("%s: %v", sessionPath, ce)
		}
		return badInput("%v", err)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(resp.Cart)
	}
	_, err = fmt.Fprint(stdout, renderReceipt(resp.Cart, colors))
	return err
}
