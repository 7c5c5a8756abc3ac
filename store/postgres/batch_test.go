package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
)

// A batch that cannot be answered is an error of the batch: a cancelled
// context, a read of no known kind.
func TestReadBatchFailures(t *testing.T) {
	db := postgrestest.New(t)
	st := db.Store(t)
	reads := func() []store.Read {
		return []store.Read{{Kind: store.ReadSession, ID: "s1"}, {Kind: store.ReadLoyalty, ID: "ann", ProgramID: 1}}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := st.ReadBatch(cancelled, reads()); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context: err = %v, want context.Canceled", err)
	}
	if err := st.ReadBatch(ctx, []store.Read{{Kind: store.ReadSession, ID: "s1"}, {Kind: 99}}); err == nil {
		t.Error("a read of kind 99 was answered")
	}
	// The pool is still usable: a failed batch left no connection in
	// the middle of its results.
	rs := reads()
	if err := st.ReadBatch(ctx, rs); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(rs[0].Err, store.ErrNotFound) || rs[1].Err != nil || rs[1].Loyalty != nil {
		t.Errorf("reads of nothing: %v, %v %v; want ErrNotFound, and no error and no ledger", rs[0].Err, rs[1].Err, rs[1].Loyalty)
	}
}
