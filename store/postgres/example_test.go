package postgres_test

import (
	"context"
	"fmt"
	"os"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store/postgres"
	"github.com/jackc/pgx/v5/pgxpool"
)

// An engine whose sessions, codes, counters and points are in PostgreSQL,
// shared with every other engine on the same database. (It needs a
// server, so go test compiles it without running it.)
func ExampleNew() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("CARTFX_POSTGRES_URL")) // postgres://USER@HOST:PORT/DB
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	st, err := postgres.New(ctx, pool) // applies the migrations it needs
	if err != nil {
		fmt.Println(err)
		return
	}
	campaigns, err := rules.Load("campaigns.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := engine.New(campaigns, engine.WithStore(st))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := eng.UpdateSession(ctx, "order-1", []byte(`{"profileId": "ann", "state": "closed",
		"cartItems": [{"sku": "BOOT", "quantity": 1, "price": 119.90}]}`), engine.UpdateOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(resp.Effects), "effects")
}

// Migrate applies the migrations explicitly, as cartfx migrate does.
func ExampleMigrate() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("CARTFX_POSTGRES_URL"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	applied, err := postgres.Migrate(ctx, pool)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("applied %v; the schema is at version %d\n", applied, postgres.SchemaVersion())
}
