package envops

import (
	"testing"

	"github.com/cartfx/cartfx/cart"
)

type env struct{ released bool }

func TestRegisterGet(t *testing.T) {
	old := registered
	defer func() { registered = old }()
	Register(Ops[*env, int, string, string, bool]{Release: func(e *env) { e.released = true }, Update: func(*env, *cart.Cart) bool { return true }})
	e := &env{}
	Get[*env, int, string, string, bool]().Release(e)
	if !e.released {
		t.Error("Release was not the registered function")
	}
	defer func() {
		if recover() == nil {
			t.Error("Get with other types did not panic")
		}
	}()
	Get[*env, int, int, string, bool]()
}
