package effects

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// exactNumbers compares Numbers by coefficient and exponent, so 1.5 and
// 1.50 differ.
var exactNumbers = cmp.Comparer(func(a, b Number) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
})

// jsonNumbersByValue compares json.Numbers by decimal value, so 1.5 and
// 1.50 are equal.
var jsonNumbersByValue = cmp.Comparer(func(a, b json.Number) bool {
	da, errA := decimal.NewFromString(string(a))
	db, errB := decimal.NewFromString(string(b))
	if errA != nil || errB != nil {
		return a == b
	}
	return da.Equal(db)
})

// generic decodes JSON into any, keeping numbers as json.Number.
func generic(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return v
}

// sameJSON fails the test unless a and b are the same JSON value, numbers
// compared by value.
func sameJSON(t testing.TB, want, got []byte) {
	t.Helper()
	if diff := cmp.Diff(generic(t, want), generic(t, got), jsonNumbersByValue); diff != "" {
		t.Errorf("JSON differs (-want +got):\n%s\nwant: %s\ngot:  %s", diff, want, got)
	}
}

func num(s string) Number { return MustParseNumber(s) }

// ignorePointer leaves Effect.Pointer out of a comparison, for tests about
// other fields (TestDecodeListSetsPointers checks it).
var ignorePointer = cmpopts.IgnoreFields(Effect{}, "Pointer")

func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// asError returns err as *Error or fails the test.
func asError(t testing.TB, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return e
}

func TestSameJSONComparer(t *testing.T) {
	equal := [][2]string{{`{"a":1.50}`, `{"a":1.5}`}, {`[1e2]`, `[100]`}, {`{"a":[1,{"b":null}]}`, `{"a":[1.0,{"b":null}]}`}}
	for _, p := range equal {
		if diff := cmp.Diff(generic(t, []byte(p[0])), generic(t, []byte(p[1])), jsonNumbersByValue); diff != "" {
			t.Errorf("%s and %s differ:\n%s", p[0], p[1], diff)
		}
	}
	different := [][2]string{{`{"a":1}`, `{"a":2}`}, {`{"a":1}`, `{"a":1,"b":2}`}, {`{"a":null}`, `{}`}, {`{"a":"1"}`, `{"a":1}`}}
	for _, p := range different {
		if cmp.Equal(generic(t, []byte(p[0])), generic(t, []byte(p[1])), jsonNumbersByValue) {
			t.Errorf("%s and %s compare equal", p[0], p[1])
		}
	}
}
