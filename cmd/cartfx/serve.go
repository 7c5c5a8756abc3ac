package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cartfx/cartfx/internal/text"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/server"
	"github.com/cartfx/cartfx/store/postgres"
	"github.com/jackc/pgx/v5/pgxpool"
)

var serveCommand = command{
	name:    "serve",
	summary: "serve Talon.One's Integration API over HTTP",
	usage: `Usage: cartfx serve --campaigns FILE [--addr 127.0.0.1:8080] [--base-path /] [--store memory|postgres://...]
                    [--allow CIDR,...] [--trusted-proxy CIDR,...] [--max-body 1MiB]
                    [--api-keys FILE] [--insecure-no-auth] [--watch]

Serves Talon.One's Integration API, so that a Talon.One SDK given this
server's URL as its base path talks to cartfx: customer sessions (update,
read, return, reopen), customer profiles, loyalty balances and a profile's
inventory (its coupons, referral codes and loyalty). Requests need
"Authorization: ApiKey-v1 KEY" with one of the API keys; /healthz, /readyz
and /metrics need none. One log line per request goes to standard error.

Flags:
  --campaigns FILE      the campaign file (YAML or JSON); SIGHUP reloads it
  --addr HOST:PORT      the address to listen on (default 127.0.0.1:8080;
                        port 0 picks a free one, logged as "serving addr=...")
  --base-path PATH      serve every route under PATH, such as /talon (default /)
  --store STORE         where sessions, profiles, codes, counters and points
                        are kept: memory (the default; lost when the server
                        stops), or a PostgreSQL database's URL,
                        postgres://USER@HOST:PORT/DB, shared by every
                        replica that names it (migrated at start; settings
                        such as pool_max_conns=16 or statement_timeout=5s
                        go in the URL's query)
  --allow CIDR,...      answer 403 to any client outside these networks
                        (default: every client)
  --trusted-proxy CIDR,...
                        believe X-Forwarded-For only from these peers
  --max-body SIZE       the largest request body: bytes, or with KiB or MiB
                        (default 1MiB); a longer one gets 413
  --api-keys FILE       the API keys, one per line (default: the
                        comma-separated keys of CARTFX_API_KEYS)
  --insecure-no-auth    start without any API key: every request is let in
  --watch               reload the campaign file when it changes (checked
                        every second), as SIGHUP does

A campaign file that fails to reload keeps the old campaigns serving; every
problem is logged as FILE:LINE:COL. SIGTERM or SIGINT stops accepting
connections and lets the requests in flight finish (at most 15s).

Example:
  CARTFX_API_KEYS=secret cartfx serve --campaigns fixtures/campaigns/example.yaml
`,
	run: runServe,
}

// serveFlags are cartfx serve's settings, from its flags and environment.
type serveFlags struct {
	cfg    server.Config
	store  string // "memory" or a postgres:// URL
	addr   string
	watch  bool
	stderr io.Writer
}

func parseServe(args []string, env func(string) string, stderr io.Writer) (*serveFlags, error) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			return nil, errHelp
		}
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	campaigns := fs.String("campaigns", "", "")
	addr := fs.String("addr", "127.0.0.1:8080", "")
	basePath := fs.String("base-path", "/", "")
	storeKind := fs.String("store", "memory", "")
	allow := fs.String("allow", "", "")
	trusted := fs.String("trusted-proxy", "", "")
	maxBody := fs.String("max-body", "1MiB", "")
	keysFile := fs.String("api-keys", "", "")
	insecure := fs.Bool("insecure-no-auth", false, "")
	watch := fs.Bool("watch", false, "")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, badInput("unexpected argument %s (run cartfx help serve)", text.Quote(fs.Arg(0)))
	}
	if *campaigns == "" {
		return nil, badInput("--campaigns is required (run cartfx help serve)")
	}
	if *storeKind != "memory" && !isPostgresURL(*storeKind) {
		return nil, badInput("--store %s: expected memory or a postgres:// URL", text.Quote(*storeKind))
	}
	sf := &serveFlags{addr: *addr, store: *storeKind, watch: *watch, stderr: stderr}
	sf.cfg = server.Config{Campaigns: *campaigns, BasePath: *basePath, Insecure: *insecure}
	var err error
	if sf.cfg.Allow, err = prefixes("--allow", *allow); err != nil {
		return nil, err
	}
	if sf.cfg.TrustedProxies, err = prefixes("--trusted-proxy", *trusted); err != nil {
		return nil, err
	}
	if sf.cfg.MaxBody, err = byteSize(*maxBody); err != nil {
		return nil, err
	}
	if *keysFile != "" {
		if sf.cfg.APIKeys, err = readKeys(*keysFile); err != nil {
			return nil, err
		}
	} else {
		for _, k := range strings.Split(env("CARTFX_API_KEYS"), ",") {
			if k = strings.TrimSpace(k); k != "" {
				sf.cfg.APIKeys = append(sf.cfg.APIKeys, k)
			}
		}
	}
	if len(sf.cfg.APIKeys) == 0 && !*insecure {
		return nil, badInput("no API key: set CARTFX_API_KEYS or --api-keys FILE, or give --insecure-no-auth to serve without auth")
	}
	return sf, nil
}

// openStore opens and migrates the PostgreSQL store that --store names,
// into sf.cfg.Store, and returns its pool, for the caller to close once
// the server has stopped.
func openStore(sf *serveFlags) (*pgxpool.Pool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	pool, err := openPool(ctx, sf.store)
	if err != nil {
		return nil, err
	}
	st, err := postgres.New(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("--store: %v", err)
	}
	sf.cfg.Store = st
	return pool, nil
}

// prefixes reads a comma-separated list of networks; a bare address is a
// network of one.
func prefixes(name, list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, badInput("%s: %s is not a network such as 10.0.0.0/8 or an address", name, text.Quote(s))
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// byteSize reads a size: bytes, or a number of KiB or MiB.
func byteSize(s string) (int64, error) {
	mult := int64(1)
	num := s
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			num, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, badInput("--max-body %s: expected a size such as 1MiB, 512KiB or 65536", text.Quote(s))
	}
	return n * mult, nil
}

// readKeys reads API keys, one per line; blank lines and # comments are
// skipped.
func readKeys(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, badInput("--api-keys: %v", err)
	}
	defer f.Close()
	var keys []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k := strings.TrimSpace(sc.Text()); k != "" && !strings.HasPrefix(k, "#") {
			keys = append(keys, k)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, badInput("--api-keys: %v", err)
	}
	if len(keys) == 0 {
		return nil, badInput("--api-keys %s: the file holds no key", text.Quote(path))
	}
	return keys, nil
}

func runServe(args []string, _, stderr io.Writer) error {
	sf, err := parseServe(args, os.Getenv, stderr)
	if err != nil {
		return err
	}
	sf.cfg.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	if sf.store != "memory" {
		pool, err := openStore(sf)
		if err != nil {
			return err
		}
		defer pool.Close()
	}
	s, err := server.New(sf.cfg)
	var le *rules.LoadError
	switch {
	case errors.As(err, &le):
		for _, p := range le.Problems {
			fmt.Fprintln(stderr, p.String())
		}
		return badInput("%s: the campaign file has %d problems", sf.cfg.Campaigns, len(le.Problems))
	case err != nil:
		return badInput("%v", err)
	}
	ln, err := net.Listen("tcp", sf.addr)
	if err != nil {
		return badInput("--addr: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				_ = s.Reload() // Reload logs every problem
			}
		}
	}()
	if sf.watch {
		go s.Watch(ctx, time.Second)
	}
	if err := s.Serve(ctx, ln); err != nil {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}
