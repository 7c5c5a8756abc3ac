package cart

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseAmountReadsJSONNumbersExactly(t *testing.T) {
	digits60 := "1" + strings.Repeat("0", 59)
	tests := []struct {
		in   string
		want string // decimal text; empty when an error is wanted
		err  string
	}{
		{in: `4.95`, want: "4.95"},
		{in: `"4.95"`, want: "4.95"},
		{in: `-0`, want: "0"},
		{in: `0.1`, want: "0.1"},
		{in: `1E+2`, want: "100"},
		{in: `1e400`, want: "1" + strings.Repeat("0", 400)},
		{in: `0.30000000000000000000000000001`, want: "0.30000000000000000000000000001"},
		{in: digits60, want: digits60},
		{in: digits60 + "0", err: `invalid amount: "` + (digits60 + "0")[:40] + `…" is not a decimal number (more than 60 digits)`},
		{in: `1e401`, err: `invalid amount: "1e401" is not a decimal number (exponent beyond ±400)`},
		{in: `01`, err: `invalid amount: "01" is not a decimal number (leading zero)`},
		{in: `1.`, err: `invalid amount: "1." is not a decimal number (expected digits after the decimal point)`},
		{in: `.5`, err: `invalid amount: ".5" is not a decimal number (expected digits)`},
		{in: `+1`, err: `invalid amount: "+1" is not a decimal number (expected digits)`},
		{in: `1e`, err: `invalid amount: "1e" is not a decimal number (expected exponent digits)`},
		{in: `0x10`, err: `invalid amount: "0x10" is not a decimal number (unexpected characters)`},
		{in: `" 1"`, err: `invalid amount: " 1" is not a decimal number (expected digits)`},
		{in: `""`, err: `invalid amount: "" is not a decimal number (empty)`},
		{in: ``, err: `invalid amount: "" is not a decimal number (empty)`},
		{in: `"4.95`, err: `invalid amount: malformed string`},
		{in: `"Infinity"`, err: `invalid amount: "Infinity" is not a decimal number (expected digits)`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseAmount([]byte(tt.in))
			if tt.err != "" {
				if !errors.Is(err, ErrInvalidAmount) || err.Error() != tt.err {
					t.Errorf("ParseAmount(%s) = %s, %v; want error %q", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || !got.Equal(decimal.RequireFromString(tt.want)) {
				t.Errorf("ParseAmount(%s) = %s, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseAmountStringTakesUnquotedText(t *testing.T) {
	got, err := ParseAmountString("19.99")
	if err != nil || got.String() != "19.99" {
		t.Errorf(`ParseAmountString("19.99") = %s, %v`, got, err)
	}
	if _, err := ParseAmountString(`"19.99"`); !errors.Is(err, ErrInvalidAmount) {
		t.Errorf(`ParseAmountString("\"19.99\"") error = %v, want ErrInvalidAmount`, err)
	}
}
