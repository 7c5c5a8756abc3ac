package cartops

import (
	"strings"
	"testing"
)

func panics(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if s, _ := r.(string); !strings.Contains(s, want) {
			t.Errorf("panic %v, want one saying %q", r, want)
		}
	}()
	f()
}

// A table is registered once, and handed out only with its owner's types.
func TestRegisterAndLookUp(t *testing.T) {
	saved := handlersTable
	defer func() { handlersTable = saved }()
	handlersTable = nil

	panics(t, "registered no operations", func() { HandlersOps[*int, *string, byte]() })
	called := false
	RegisterHandlers(Handlers[*int, *string, byte]{ApplyOwned: func(*int, *string, []byte) ([]byte, error) {
		called = true
		return nil, nil
	}})
	if _, err := HandlersOps[*int, *string, byte]().ApplyOwned(nil, nil, nil); err != nil || !called {
		t.Errorf("the registered table was not handed out: %v, called %v", err, called)
	}
	panics(t, "registered no operations of these types", func() { HandlersOps[*int, *string, rune]() })
	panics(t, "twice", func() { RegisterHandlers(Handlers[*int, *string, byte]{}) })
}
