package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLock is the pg_advisory_lock key that serialises replicas
// migrating one database: the first runs the migrations, the others wait
// for it and then find nothing left to do. ("cartfx" as a number.)
const migrationLock = 0x636172746678

// migration is one schema change: migrations/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order. Their
// names are checked by a test, so a bad name never reaches a user.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("postgres: migration %s: expected a name such as 0002_what.sql", e.Name())
		}
		data, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(data)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := range out {
		if out[i].version != i+1 {
			return nil, fmt.Errorf("postgres: migration %d (%s): expected version %d; versions are 1, 2, 3, … without gaps", out[i].version, out[i].name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the schema version this package's migrations bring a
// database to.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// Migrate brings the database's cartfx schema up to date and returns the
// versions it applied (none when it was up to date). Replicas that start
// together may all call it: a session-level advisory lock lets one apply
// the migrations while the others wait, then find nothing to do. Each
// migration runs in a transaction of its own with its row in
// cartfx_schema_migrations, so a failed migration leaves no trace and the
// next start tries it again. A database migrated further by a newer cartfx
// is left as it is: migrations only add, so an older replica keeps
// working during a rolling upgrade.
func Migrate(ctx context.Context, pool *pgxpool.Pool) (applied []int, err error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, wrap("migrating: connecting", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrationLock)); err != nil {
		return nil, wrap("migrating: taking the migration lock", err)
	}
	defer func() {
		// A lock that cannot be released dies with the connection.
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrationLock)); uerr != nil {
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS cartfx_schema_migrations (
		version int PRIMARY KEY,
		name    text NOT NULL,
		applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, wrap("migrating: creating cartfx_schema_migrations", err)
	}
	var current int
	if err := conn.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM cartfx_schema_migrations").Scan(&current); err != nil {
		return nil, wrap("migrating: reading the schema version", err)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO cartfx_schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name)
			return err
		})
		if err != nil {
			return applied, wrap(fmt.Sprintf("migration %d (%s)", m.version, m.name), err)
		}
		applied = append(applied, m.version)
	}
	return applied, nil
}
