package effects

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestNumberMarshalKeepsExponent(t *testing.T) {
	tests := []struct {
		n    Number
		want string
	}{
		{NewNumber(decimal.New(1000, -2)), "10.00"},
		{num("9.999"), "9.999"},
		{num("1.50"), "1.50"},
		{num("100"), "100"},
		{NewNumberFromInt(100), "100"},
		{num("-0.05"), "-0.05"},
		{num("0.000"), "0.000"},
		{num("25e-1"), "2.5"},
		{num("1.5e3"), "15e2"},
		{NewNumber(decimal.New(15, 2)), "15e2"},
		{num("-7"), "-7"},
		{num("-0"), "0"},
		{num("12345678901234567890.5"), "12345678901234567890.5"},
		{Number{}, "0"},
		{num("1e-5"), "0.00001"},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.n)
		if err != nil {
			t.Errorf("Marshal(%v): %v", tt.want, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("Marshal = %s, want %s", got, tt.want)
		}
		if s := tt.n.String(); s != tt.want {
			t.Errorf("String = %s, want %s", s, tt.want)
		}
	}
}

// TestNumberIgnoresDecimalGlobals checks that shopspring's package-level
// settings do not change what a Number writes.
func TestNumberIgnoresDecimalGlobals(t *testing.T) {
	oldQuotes, oldTrim, oldSci := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
	t.Cleanup(func() {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = oldQuotes, oldTrim, oldSci
	})
	for _, quotes := range []bool{false, true} {
		for _, trim := range []bool{false, true} {
			for _, sci := range []bool{false, true} {
				decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = quotes, trim, sci
				got, err := json.Marshal([]Number{num("1.50"), num("100"), num("2e3")})
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != "[1.50,100,2e3]" {
					t.Errorf("quotes=%v trim=%v sci=%v: got %s", quotes, trim, sci, got)
				}
			}
		}
	}
}

func TestNumberUnmarshal(t *testing.T) {
	tests := []struct {
		in        string
		coef      int64
		exp       int32
		marshaled string
	}{
		{`9.999`, 9999, -3, `9.999`},
		{`1.50`, 150, -2, `1.50`},
		{`"1.50"`, 150, -2, `1.50`},
		{`"-12.30"`, -1230, -2, `-12.30`},
		{`100`, 100, 0, `100`},
		{`1E2`, 1, 2, `1e2`},
		{`1e+2`, 1, 2, `1e2`},
		{`5e-0001`, 5, -1, `0.5`},
		{`0`, 0, 0, `0`},
		{` 4.95 `, 495, -2, `4.95`},
		{`1e1000`, 1, 1000, `1e1000`},
	}
	for _, tt := range tests {
		var n Number
		if err := json.Unmarshal([]byte(tt.in), &n); err != nil {
			t.Errorf("Unmarshal(%s): %v", tt.in, err)
			continue
		}
		if n.Exponent() != tt.exp || n.Coefficient().Int64() != tt.coef {
			t.Errorf("Unmarshal(%s) = %de%d, want %de%d", tt.in, n.Coefficient(), n.Exponent(), tt.coef, tt.exp)
		}
		got, err := n.MarshalJSON()
		if err != nil || string(got) != tt.marshaled {
			t.Errorf("Unmarshal(%s) then Marshal = %s, %v; want %s", tt.in, got, err, tt.marshaled)
		}
	}
}

func TestNumberNegativeExponentLimit(t *testing.T) {
	n := num("1e-1000")
	got, err := n.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := "0." + strings.Repeat("0", 999) + "1"; string(got) != want {
		t.Errorf("got %d bytes, want %d", len(got), len(want))
	}
}

func TestNumberUnmarshalErrors(t *testing.T) {
	tests := []struct {
		in   string
		kind error
		msg  string
	}{
		{`"abc"`, ErrType, `expected a number, got "abc"`},
		{`"NaN"`, ErrValue, `expected a finite number, got "NaN"`},
		{`"Infinity"`, ErrValue, `expected a finite number, got "Infinity"`},
		{`"-inf"`, ErrValue, `expected a finite number, got "-inf"`},
		{`1e1000000000`, ErrValue, `number 1e1000000000 is out of range: the exponent must be within ±1000`},
		{`"1e1000000000"`, ErrValue, `number 1e1000000000 is out of range: the exponent must be within ±1000`},
		{`1e1001`, ErrValue, `number 1e1001 is out of range: the exponent must be within ±1000`},
		{`1.5e-1000`, ErrValue, `number 1.5e-1000 is out of range: the exponent must be within ±1000`},
		{`1e99999999999999999999`, ErrValue, `number 1e99999999999999999999 is out of range: the exponent must be within ±1000`},
		{"0." + strings.Repeat("0", 1000) + "1", ErrValue, `number 0.00000000000000000000000000000000000000… is out of range: the exponent must be within ±1000`},
		{strings.Repeat("9", 1001), ErrValue, `number 9999999999999999999999999999999999999999… is out of range: more than 1000 significant digits`},
		{`true`, ErrType, `expected a number, got true`},
		{`null`, ErrType, `expected a number, got null`},
		{`[1]`, ErrType, `expected a number, got an array`},
		{`"+1"`, ErrType, `expected a number, got "+1"`},
		{`" 1"`, ErrType, `expected a number, got " 1"`},
		{`"1."`, ErrType, `expected a number, got "1."`},
		{`"01"`, ErrType, `expected a number, got "01"`},
		{`""`, ErrType, `expected a number, got ""`},
		{`"0x10"`, ErrType, `expected a number, got "0x10"`},
	}
	for _, tt := range tests {
		var n Number
		err := n.UnmarshalJSON([]byte(tt.in))
		if err == nil {
			t.Errorf("UnmarshalJSON(%.50s) = nil error, want %q", tt.in, tt.msg)
			continue
		}
		if err.Error() != tt.msg {
			t.Errorf("UnmarshalJSON(%.50s) error = %q, want %q", tt.in, err, tt.msg)
		}
		if !errors.Is(err, tt.kind) || !errors.Is(err, ErrMalformed) {
			t.Errorf("UnmarshalJSON(%.50s) error kind = %v, want %v", tt.in, asError(t, err).Kind, tt.kind)
		}
	}
}

func TestNumberMarshalErrors(t *testing.T) {
	for _, d := range []decimal.Decimal{decimal.New(1, 1001), decimal.New(1, -1001), decimal.New(1, 1000000000)} {
		_, err := NewNumber(d).MarshalJSON()
		if !errors.Is(err, ErrUnencodable) {
			t.Errorf("MarshalJSON(1e%d) error = %v, want ErrUnencodable", d.Exponent(), err)
		}
	}
	if got := NewNumber(decimal.New(3, 1000000000)).String(); got != "3e1000000000" {
		t.Errorf("String of a huge exponent = %q", got)
	}
}

func TestParseNumber(t *testing.T) {
	n, err := ParseNumber("4.90")
	if err != nil || n.String() != "4.90" {
		t.Errorf("ParseNumber(4.90) = %v, %v", n, err)
	}
	if _, err := ParseNumber("4,90"); err == nil || err.Error() != `expected a number, got 4,90` {
		t.Errorf("ParseNumber(4,90) error = %v", err)
	}
	var m Number
	if err := m.UnmarshalText([]byte("0.10")); err != nil || m.String() != "0.10" {
		t.Errorf("UnmarshalText = %v, %v", m, err)
	}
	if text, err := m.MarshalText(); err != nil || string(text) != "0.10" {
		t.Errorf("MarshalText = %s, %v", text, err)
	}
}

// TestNumberRoundTripProperty checks that any decimal within the limits
// survives MarshalJSON and UnmarshalJSON with its coefficient and exponent.
func TestNumberRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		coef := rapid.Int64().Draw(t, "coef")
		exp := rapid.Int32Range(-MaxExponent, MaxExponent).Draw(t, "exp")
		in := NewNumber(decimal.New(coef, exp))
		data, err := in.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		var out Number
		if err := out.UnmarshalJSON(data); err != nil {
			t.Fatalf("UnmarshalJSON(%s): %v", data, err)
		}
		if coef != 0 && (out.Exponent() != exp || out.Coefficient().Cmp(in.Coefficient()) != 0) {
			t.Fatalf("%s read back as %se%d, want %de%d", data, out.Coefficient(), out.Exponent(), coef, exp)
		}
		if !out.Equal(in.Decimal) {
			t.Fatalf("%s read back as a different value", data)
		}
		quoted, _ := json.Marshal(string(data))
		var fromString Number
		if err := fromString.UnmarshalJSON(quoted); err != nil || !fromString.Equal(in.Decimal) {
			t.Fatalf("numeric string %s: %v", quoted, err)
		}
	})
}

func TestIndex(t *testing.T) {
	good := map[string]Index{`0`: 0, `3`: 3, `3.0`: 3, `3e0`: 3, `30e-1`: 3, `-0`: 0, `2147483647`: MaxIndex, `1e3`: 1000}
	for in, want := range good {
		var i Index
		if err := json.Unmarshal([]byte(in), &i); err != nil || i != want {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d", in, i, err, want)
		}
	}
	bad := []struct {
		in   string
		kind error
	}{
		{`3.5`, ErrValue}, {`-1`, ErrValue}, {`-0.5`, ErrValue}, {`2147483648`, ErrValue}, {`1e10`, ErrValue},
		{`"3"`, ErrType}, {`true`, ErrType}, {`null`, ErrType}, {`{}`, ErrType},
	}
	for _, tt := range bad {
		var i Index
		err := i.UnmarshalJSON([]byte(tt.in))
		want := "expected a non-negative integer, got " + describe([]byte(tt.in))
		if err == nil || err.Error() != want || !errors.Is(err, tt.kind) {
			t.Errorf("UnmarshalJSON(%s) error = %v, want %q (%v)", tt.in, err, want, tt.kind)
		}
	}
	if b, err := Index(7).MarshalJSON(); err != nil || string(b) != "7" {
		t.Errorf("MarshalJSON(7) = %s, %v", b, err)
	}
	if _, err := Index(-1).MarshalJSON(); !errors.Is(err, ErrUnencodable) {
		t.Errorf("MarshalJSON(-1) error = %v, want ErrUnencodable", err)
	}
}
