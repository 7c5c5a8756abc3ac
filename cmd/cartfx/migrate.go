package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cartfx/cartfx/internal/text"
	"github.com/cartfx/cartfx/store/postgres"
	"github.com/jackc/pgx/v5/pgxpool"
)

var migrateCommand = command{
	name:    "migrate",
	summary: "apply the PostgreSQL store's schema migrations",
	usage: `Usage: cartfx migrate --store postgres://USER@HOST/DB

Applies the migrations of the PostgreSQL store that the database does not
have yet, each in a transaction, under an advisory lock (replicas that
start at the same time wait for each other), and says which it applied.
cartfx serve --store postgres://... applies them too when it starts; run
migrate first when the serving database user may not create tables, or to
migrate before a deploy. The tables are created in the first schema of
the search path (e.g. postgres://...?search_path=shop).

Exit status: 0 when the schema is up to date, 2 when the database cannot
be reached or migrated.

Example:
  cartfx migrate --store postgres://cartfx@127.0.0.1:5432/shop
`,
	run: runMigrate,
}

func runMigrate(args []string, stdout, _ io.Writer) error {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			return errHelp
		}
	}
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	storeURL := fs.String("store", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return badInput("unexpected argument %s (run cartfx help migrate)", text.Quote(fs.Arg(0)))
	}
	if *storeURL == "" {
		return badInput("--store is required: the PostgreSQL database's URL, such as postgres://cartfx@127.0.0.1:5432/shop (run cartfx help migrate)")
	}
	if !isPostgresURL(*storeURL) {
		return badInput("--store: expected a postgres:// URL")
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	pool, err := openPool(ctx, *storeURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	applied, err := postgres.Migrate(ctx, pool)
	if err != nil {
		return fmt.Errorf("%v", err)
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "the schema is up to date (version %d)\n", postgres.SchemaVersion())
		return nil
	}
	versions := make([]string, len(applied))
	for i, v := range applied {
		versions[i] = fmt.Sprint(v)
	}
	fmt.Fprintf(stdout, "applied migration %s; the schema is at version %d\n", strings.Join(versions, ", "), postgres.SchemaVersion())
	return nil
}

// startTimeout bounds how long connecting to the store and migrating it
// may take when a command starts.
const startTimeout = 30 * time.Second

func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openPool makes a pool for a --store URL. pgx reads the URL's settings
// (pool_max_conns, statement_timeout and any other run-time setting);
// the pool connects lazily, so an unreachable database is reported by
// the first use.
func openPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, badInput("--store: %v", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, badInput("--store: %v", err)
	}
	return pool, nil
}
