package cart

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestToMinorRoundsWithEachMode(t *testing.T) {
	tests := []struct {
		cur    Currency
		amount string
		// want is indexed by mode: HalfEven, HalfUp, Down, Up.
		want [4]int64
	}{
		{eur, "0.125", [4]int64{12, 13, 12, 13}},
		{eur, "0.135", [4]int64{14, 14, 13, 14}},
		{eur, "-0.125", [4]int64{-12, -13, -12, -13}},
		{eur, "-0.135", [4]int64{-14, -14, -13, -14}},
		{eur, "0.1251", [4]int64{13, 13, 12, 13}},
		{eur, "12.34", [4]int64{1234, 1234, 1234, 1234}},
		{jpy, "2.5", [4]int64{2, 3, 2, 3}},
		{jpy, "3.5", [4]int64{4, 4, 3, 4}},
		{jpy, "-2.5", [4]int64{-2, -3, -2, -3}},
		{kwd, "0.0125", [4]int64{12, 13, 12, 13}},
		{MustCurrency("CLF"), "1.00005", [4]int64{10000, 10001, 10000, 10001}},
	}
	for _, tt := range tests {
		for mode := HalfEven; mode <= Up; mode++ {
			t.Run(tt.cur.Code+" "+tt.amount+" "+mode.String(), func(t *testing.T) {
				got, err := tt.cur.ToMinor(decimal.RequireFromString(tt.amount), mode)
				if err != nil {
					t.Fatalf("ToMinor: %v", err)
				}
				if got != tt.want[mode] {
					t.Errorf("ToMinor(%s %s, %s) = %d, want %d", tt.amount, tt.cur, mode, got, tt.want[mode])
				}
			})
		}
	}
}

func TestToMinorOverflowIsAnError(t *testing.T) {
	tests := []struct {
		name    string
		amount  string
		mode    RoundingMode
		want    int64
		wantErr string
	}{
		{name: "the largest amount fits", amount: "92233720368547758.07", want: math.MaxInt64},
		{name: "the smallest amount fits", amount: "-92233720368547758.08", want: math.MinInt64},
		{name: "one cent more overflows", amount: "92233720368547758.08",
			wantErr: "amount overflows: 92233720368547758.08 EUR does not fit in 64-bit minor units"},
		{name: "one cent less overflows", amount: "-92233720368547758.09",
			wantErr: "amount overflows: -92233720368547758.09 EUR does not fit in 64-bit minor units"},
		{name: "rounding up past the limit overflows", amount: "92233720368547758.075", mode: HalfUp,
			wantErr: "amount overflows: 92233720368547758.075 EUR does not fit in 64-bit minor units"},
		{name: "rounding down stays within the limit", amount: "92233720368547758.075", mode: Down, want: math.MaxInt64},
		{name: "a huge exponent overflows", amount: "1e400",
			wantErr: "amount overflows: 1" + strings.Repeat("0", 400) + " EUR does not fit in 64-bit minor units"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eur.ToMinor(decimal.RequireFromString(tt.amount), tt.mode)
			if tt.wantErr != "" {
				if !errors.Is(err, ErrOverflow) || err.Error() != tt.wantErr {
					t.Fatalf("ToMinor = %d, %v; want error %q matching ErrOverflow", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ToMinor = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}

func TestExactMinorRefusesToRound(t *testing.T) {
	tests := []struct {
		cur     Currency
		amount  string
		want    int64
		wantErr error
		errText string
	}{
		{cur: eur, amount: "9.99", want: 999},
		{cur: eur, amount: "9.990", want: 999},
		{cur: eur, amount: "-0.01", want: -1},
		{cur: eur, amount: "9.999", wantErr: ErrInvalidAmount, errText: "invalid amount: 9.999 has more decimals than EUR allows (2)"},
		{cur: jpy, amount: "1.0", want: 1},
		{cur: jpy, amount: "1.5", wantErr: ErrInvalidAmount, errText: "invalid amount: 1.5 has more decimals than JPY allows (0)"},
		{cur: kwd, amount: "1.234", want: 1234},
		{cur: kwd, amount: "1.2345", wantErr: ErrInvalidAmount, errText: "invalid amount: 1.2345 has more decimals than KWD allows (3)"},
		{cur: eur, amount: "92233720368547758.08", wantErr: ErrOverflow, errText: "amount overflows: 92233720368547758.08 EUR does not fit in 64-bit minor units"},
	}
	for _, tt := range tests {
		t.Run(tt.cur.Code+" "+tt.amount, func(t *testing.T) {
			got, err := tt.cur.ExactMinor(decimal.RequireFromString(tt.amount))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || err.Error() != tt.errText {
					t.Fatalf("ExactMinor = %d, %v; want error %q matching %v", got, err, tt.errText, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ExactMinor = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}

func TestCurrencyDecimalAndMoneyKeepTheScale(t *testing.T) {
	if got := eur.Decimal(1234).String(); got != "12.34" {
		t.Errorf("EUR Decimal(1234) = %s, want 12.34", got)
	}
	if got := jpy.Decimal(1234).String(); got != "1234" {
		t.Errorf("JPY Decimal(1234) = %s, want 1234", got)
	}
	if got, want := kwd.Money(1234), (Money{Minor: 1234, Scale: 3}); got != want {
		t.Errorf("KWD Money(1234) = %+v, want %+v", got, want)
	}
	if got := (Money{Minor: 1234, Scale: 2}).Decimal(); !got.Equal(decimal.RequireFromString("12.34")) {
		t.Errorf("Money{1234, 2}.Decimal() = %s, want 12.34", got)
	}
}

func TestMoneyJSONIsANumberAtItsScale(t *testing.T) {
	tests := []struct {
		money Money
		json  string
	}{
		{Money{1234, 2}, "12.34"},
		{Money{5, 2}, "0.05"},
		{Money{-1, 2}, "-0.01"},
		{Money{-1234, 2}, "-12.34"},
		{Money{1000, 2}, "10.00"},
		{Money{0, 2}, "0.00"},
		{Money{5, 0}, "5"},
		{Money{0, 0}, "0"},
		{Money{1, 3}, "0.001"},
		{Money{-5, 3}, "-0.005"},
		{Money{12345, 4}, "1.2345"},
		{Money{math.MaxInt64, 2}, "92233720368547758.07"},
		{Money{math.MinInt64, 2}, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			b, err := json.Marshal(tt.money)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(b) != tt.json {
				t.Errorf("Marshal(%+v) = %s, want %s", tt.money, b, tt.json)
			}
			if s := tt.money.String(); s != tt.json {
				t.Errorf("String() = %s, want %s", s, tt.json)
			}
			var back Money
			if err := json.Unmarshal([]byte(tt.json), &back); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.json, err)
			}
			if back != tt.money {
				t.Errorf("Unmarshal(%s) = %+v, want %+v", tt.json, back, tt.money)
			}
		})
	}
}

func TestMoneyUnmarshalJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    Money
		wantErr error
	}{
		{in: `"4.95"`, want: Money{495, 2}},
		{in: `4.950`, want: Money{4950, 3}},
		{in: `1e2`, want: Money{100, 0}},
		{in: `1.5e-3`, want: Money{15, 4}},
		{in: `"abc"`, wantErr: ErrInvalidAmount},
		{in: `"NaN"`, wantErr: ErrInvalidAmount},
		{in: `true`, wantErr: ErrInvalidAmount},
		{in: `1e30`, wantErr: ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got Money
			err := json.Unmarshal([]byte(tt.in), &got)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Unmarshal(%s) = %+v, %v; want %v", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Unmarshal(%s) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestMoneyInsideAStructEncodesAsANumber(t *testing.T) {
	v := struct {
		Price Money `json:"price"`
	}{eur.Money(1000)}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"price":10.00}` {
		t.Errorf("got %s, want {\"price\":10.00}", b)
	}
}

func TestRoundingModeNames(t *testing.T) {
	tests := []struct {
		name string
		mode RoundingMode
	}{
		{"halfEven", HalfEven},
		{"halfUp", HalfUp},
		{"down", Down},
		{"up", Up},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.mode.String(); got != tt.name {
				t.Errorf("String() = %q, want %q", got, tt.name)
			}
			got, err := ParseRoundingMode(tt.name)
			if err != nil || got != tt.mode {
				t.Errorf("ParseRoundingMode(%q) = %v, %v; want %v", tt.name, got, err, tt.mode)
			}
			b, err := json.Marshal(tt.mode)
			if err != nil || string(b) != `"`+tt.name+`"` {
				t.Errorf("Marshal = %s, %v; want %q", b, err, tt.name)
			}
			var back RoundingMode = 99
			if err := json.Unmarshal(b, &back); err != nil || back != tt.mode {
				t.Errorf("Unmarshal(%s) = %v, %v; want %v", b, back, err, tt.mode)
			}
		})
	}
	if got, err := ParseRoundingMode(""); err != nil || got != HalfEven {
		t.Errorf(`ParseRoundingMode("") = %v, %v; want halfEven`, got, err)
	}
	if _, err := ParseRoundingMode("bankers"); !errors.Is(err, ErrInvalidAmount) ||
		err.Error() != `invalid amount: unknown rounding mode "bankers" (expected halfEven, halfUp, down or up)` {
		t.Errorf(`ParseRoundingMode("bankers") error = %v`, err)
	}
	var m RoundingMode
	if err := json.Unmarshal([]byte(`"HalfUp"`), &m); err == nil {
		t.Errorf("Unmarshal accepted HalfUp (names are case-sensitive)")
	}
	if got := RoundingMode(7).String(); got != "RoundingMode(7)" {
		t.Errorf("RoundingMode(7).String() = %q", got)
	}
}
