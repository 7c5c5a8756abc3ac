// Package postgrestest gives a test a PostgreSQL database of its own, as
// net/http/httptest gives it a server: a fresh schema on the server that
// CARTFX_POSTGRES_URL names, dropped when the test ends, and pools and
// stores on it.
//
// Without CARTFX_POSTGRES_URL a test that needs PostgreSQL is skipped
// with a message saying how to run it (the script .ci/postgres starts a
// throwaway cluster around a command); with CI=true it fails instead, so
// that CI never passes without having run it.
//
//	.ci/postgres go test ./store/postgres/...
package postgrestest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cartfx/cartfx/store/postgres"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnvURL is the variable that names the PostgreSQL server of the tests,
// as a URL such as postgres://cartfx@127.0.0.1:5432/cartfx?sslmode=disable.
const EnvURL = "CARTFX_POSTGRES_URL"

// EnvRestart is the variable that names a command restarting that server,
// for the tests of a store that outlives a restart (.ci/postgres sets it).
const EnvRestart = "CARTFX_POSTGRES_RESTART"

const howToRun = "run them in a throwaway cluster with .ci/postgres go test ./store/postgres/... (or set " + EnvURL + " to a server's URL)"

// URL returns the server's URL, or ends the test: skipped on a laptop,
// failed under CI.
func URL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(EnvURL)
	if url == "" {
		need(t, EnvURL+" is not set: the PostgreSQL tests need a server; "+howToRun)
	}
	return url
}

func need(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// DB is a schema of its own on the test server.
type DB struct {
	URL    string
	Schema string
	lock   *os.File
}

// New creates a schema for the test, dropped (with all it holds) when
// the test ends.
func New(t testing.TB) *DB {
	t.Helper()
	db := &DB{URL: URL(t), Schema: "cartfx_test_" + randomHex(6)}
	sum := sha256.Sum256([]byte(db.URL))
	lock, err := lockShared(filepath.Join(os.TempDir(), "cartfx-postgrestest-"+hex.EncodeToString(sum[:8])+".lock"))
	if err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	db.lock = lock
	t.Cleanup(func() { unlock(lock) }) // after the schema is dropped
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db.URL)
	if err != nil {
		t.Fatalf("postgrestest: connecting to %s: %v", EnvURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{db.Schema}.Sanitize()); err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, db.URL)
		if err != nil {
			t.Errorf("postgrestest: dropping schema %s: %v", db.Schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{db.Schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("postgrestest: dropping schema %s: %v", db.Schema, err)
		}
	})
	return db
}

// Config returns a pool configuration for the schema (its search path);
// configure may change it before the pool is made.
func (db *DB) Config(t testing.TB) *pgxpool.Config {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(db.URL)
	if err != nil {
		t.Fatalf("postgrestest: %s: %v", EnvURL, err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = db.Schema
	return cfg
}

// Pool returns a pool on the schema, closed when the test ends; each
// configure function may change its configuration first.
func (db *DB) Pool(t testing.TB, configure ...func(*pgxpool.Config)) *pgxpool.Pool {
	t.Helper()
	cfg := db.Config(t)
	for _, f := range configure {
		f(cfg)
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// Store returns a store on the schema, on a pool of its own (so that two
// stores are two replicas), migrated.
func (db *DB) Store(t testing.TB, configure ...func(*pgxpool.Config)) *postgres.Store {
	t.Helper()
	st, err := postgres.New(context.Background(), db.Pool(t, configure...))
	if err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	return st
}

// Store returns a store on a fresh schema.
func Store(t testing.TB) *postgres.Store {
	t.Helper()
	return New(t).Store(t)
}

// Restart restarts the test server with the command EnvRestart names
// (skipped on a laptop without it, failed under CI), once the tests of
// other packages that use the server are done with it; those that start
// meanwhile wait for the restart.
func (db *DB) Restart(t testing.TB) {
	t.Helper()
	cmd := os.Getenv(EnvRestart)
	if cmd == "" {
		need(t, EnvRestart+" is not set: the restart tests need a command that restarts the server; "+howToRun)
	}
	if err := lockExclusive(db.lock); err != nil {
		t.Fatalf("postgrestest: %v", err)
	}
	out, err := exec.Command("sh", "-c", cmd).CombinedOutput()
	if lerr := lockShareAgain(db.lock); lerr != nil {
		t.Fatalf("postgrestest: %v", lerr)
	}
	if err != nil {
		t.Fatalf("postgrestest: restarting the server: %v\n%s", err, out)
	}
}

// CanRestart ends the test (skipped on a laptop, failed under CI) unless
// the server can be restarted, before it starts work that needs it.
func CanRestart(t testing.TB) {
	t.Helper()
	if os.Getenv(EnvRestart) == "" {
		need(t, EnvRestart+" is not set: the restart tests need a command that restarts the server; "+howToRun)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
