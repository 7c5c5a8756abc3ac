package postgres_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/cartfx/cartfx/store/postgres"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
	"github.com/google/go-cmp/cmp"
)

// Replicas that start together on an empty schema: one applies every
// migration, the others wait for it and apply none; a later start applies
// none either.
func TestReplicasStartingTogetherMigrateOnce(t *testing.T) {
	db := postgrestest.New(t)
	const n = 6
	var wg sync.WaitGroup
	applied := make([][]int, n)
	for i := range n {
		pool := db.Pool(t)
		wg.Go(func() {
			var err error
			if applied[i], err = postgres.Migrate(context.Background(), pool); err != nil {
				t.Errorf("replica %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	all := []int{}
	for v := 1; v <= postgres.SchemaVersion(); v++ {
		all = append(all, v)
	}
	migrated := 0
	for i, a := range applied {
		switch {
		case slices.Equal(a, all):
			migrated++
		case len(a) != 0:
			t.Errorf("replica %d applied %v: want all of %v or none", i, a, all)
		}
	}
	if migrated != 1 {
		t.Errorf("%d replicas applied the migrations, want 1", migrated)
	}
	if again, err := postgres.Migrate(ctx, db.Pool(t)); err != nil || len(again) != 0 {
		t.Errorf("a later start applied %v, %v; want nothing", again, err)
	}
	var versions []int
	rows, err := db.Pool(t).Query(ctx, "SELECT version FROM cartfx_schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
	}
	if diff := cmp.Diff(all, versions); diff != "" {
		t.Errorf("cartfx_schema_migrations (-want +got):\n%s", diff)
	}
}

// A database that a newer cartfx migrated further is left as it is: an
// older replica keeps starting during a rolling upgrade.
func TestANewerSchemaIsLeftAsItIs(t *testing.T) {
	db := postgrestest.New(t)
	pool := db.Pool(t)
	if _, err := postgres.New(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "INSERT INTO cartfx_schema_migrations (version, name) VALUES (99, 'from_the_future')"); err != nil {
		t.Fatal(err)
	}
	if applied, err := postgres.Migrate(ctx, pool); err != nil || len(applied) != 0 {
		t.Errorf("Migrate on a newer schema: %v, %v; want nothing applied and no error", applied, err)
	}
	if _, err := postgres.New(ctx, pool); err != nil {
		t.Errorf("New on a newer schema: %v", err)
	}
}

// A session's large columns are compressed with lz4 where the server has
// it.
func TestSessionsAreCompressedWithLZ4(t *testing.T) {
	db := postgrestest.New(t)
	pool := db.Pool(t)
	if _, err := postgres.New(ctx, pool); err != nil {
		t.Fatal(err)
	}
	var hasLZ4 bool
	if err := pool.QueryRow(ctx, "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'").Scan(&hasLZ4); err != nil {
		t.Fatal(err)
	}
	want := ""
	if hasLZ4 {
		want = "l"
	}
	for _, col := range []string{"effects", "returns", "record"} {
		var got string
		if err := pool.QueryRow(ctx, "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'cartfx_sessions'::regclass AND attname = $1", col).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("column %s is compressed with %q, want %q", col, got, want)
		}
	}
}
