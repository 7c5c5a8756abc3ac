package cart

import (
	"errors"
	"strings"
	"testing"
)

func TestLookupCurrencyGivesTheISO4217MinorUnit(t *testing.T) {
	tests := []struct {
		code  string
		scale int32
	}{
		{"EUR", 2},
		{"USD", 2},
		{"CHF", 2},
		{"JPY", 0},
		{"KRW", 0},
		{"KWD", 3},
		{"BHD", 3},
		// CLDR's cash digits say 0 for IQD; ISO 4217 says 3.
		{"IQD", 3},
		{"CLF", 4},
		{"UYW", 4},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, err := LookupCurrency(tt.code)
			if err != nil {
				t.Fatalf("LookupCurrency(%q): %v", tt.code, err)
			}
			if want := (Currency{Code: tt.code, Scale: tt.scale}); got != want {
				t.Errorf("LookupCurrency(%q) = %+v, want %+v", tt.code, got, want)
			}
			if got.String() != tt.code {
				t.Errorf("String() = %q, want %q", got.String(), tt.code)
			}
		})
	}
}

func TestLookupCurrencyRefusesWhatCannotPriceACart(t *testing.T) {
	tests := []struct {
		code string
		want string
	}{
		{"eur", `unknown currency: "eur" is not an ISO 4217 code (expected three upper-case letters such as EUR)`},
		{"", `unknown currency: "" is not an ISO 4217 code (expected three upper-case letters such as EUR)`},
		{"EURO", `unknown currency: "EURO" is not an ISO 4217 code (expected three upper-case letters such as EUR)`},
		{"ABC", `unknown currency: "ABC" is not an ISO 4217 currency`},
		{"\x1bAB", `unknown currency: "\x1bAB" is not an ISO 4217 currency`},
		{strings.Repeat("E", 10000), `unknown currency: "` + strings.Repeat("E", 64) + `"… (10000 bytes) is not an ISO 4217 code (expected three upper-case letters such as EUR)`},
		{"XAU", "unknown currency: XAU has no minor unit in ISO 4217 and cannot price a cart"},
		{"XXX", "unknown currency: XXX has no minor unit in ISO 4217 and cannot price a cart"},
		{"XDR", "unknown currency: XDR has no minor unit in ISO 4217 and cannot price a cart"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, err := LookupCurrency(tt.code)
			if !errors.Is(err, ErrUnknownCurrency) {
				t.Fatalf("LookupCurrency(%q) = %+v, %v; want ErrUnknownCurrency", tt.code, got, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err.Error(), tt.want)
			}
			if got != (Currency{}) {
				t.Errorf("currency = %+v, want the zero Currency", got)
			}
		})
	}
}

func TestMustCurrencyPanicsOnAnUnknownCode(t *testing.T) {
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, ErrUnknownCurrency) {
			t.Errorf("recovered %v, want an error matching ErrUnknownCurrency", err)
		}
	}()
	MustCurrency("ABC")
	t.Error("MustCurrency(ABC) did not panic")
}
