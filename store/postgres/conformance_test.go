package postgres_test

import (
	"testing"

	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
	"github.com/cartfx/cartfx/store/storetest"
)

// The PostgreSQL store passes the conformance suite that every store
// passes (store/storetest), each test on a fresh schema.
func TestConformance(t *testing.T) {
	postgrestest.URL(t)
	storetest.Run(t, func(t *testing.T) store.Store { return postgrestest.Store(t) })
}
