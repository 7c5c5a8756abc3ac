package store_test

import (
	"testing"

	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/storetest"
)

// The in-memory store passes the conformance suite that every store
// passes (store/storetest).
func TestMemoryConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return store.NewMemory() })
}
