package cart

import (
	"fmt"
	"strings"

	"github.com/cartfx/cartfx/internal/text"
	"golang.org/x/text/currency"
)

// Currency is an ISO 4217 currency and the number of digits of its minor
// unit (EUR 2, JPY 0, KWD 3).
type Currency struct {
	Code  string
	Scale int32
}

// minorDigitsOtherThanTwo lists the ISO 4217 currencies whose minor unit is
// not two digits. CLDR (and so x/text's rounding data) gives cash-oriented
// digits for some codes (IQD 0, COP 0, IDR 0), which differ from ISO 4217; the
// amounts a cart records follow ISO 4217.
var minorDigitsOtherThanTwo = map[string]int32{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
	"KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0,
	"XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// codesWithoutMinorUnit are ISO 4217 codes for metals, funds and testing that
// have no minor unit ("N.A."); they cannot price a cart.
var codesWithoutMinorUnit = map[string]bool{
	"XAG": true, "XAU": true, "XBA": true, "XBB": true, "XBC": true, "XBD": true,
	"XDR": true, "XPD": true, "XPT": true, "XSU": true, "XTS": true, "XUA": true,
	"XXX": true,
}

// LookupCurrency returns the currency for an ISO 4217 code such as "EUR".
// The code must be three upper-case letters of a currency that has a minor
// unit.
func LookupCurrency(code string) (Currency, error) {
	if len(code) != 3 || strings.ToUpper(code) != code {
		return Currency{}, fmt.Errorf("%w: %s is not an ISO 4217 code (expected three upper-case letters such as EUR)", ErrUnknownCurrency, text.Quote(code))
	}
	if codesWithoutMinorUnit[code] {
		return Currency{}, fmt.Errorf("%w: %s has no minor unit in ISO 4217 and cannot price a cart", ErrUnknownCurrency, code)
	}
	if digits, ok := minorDigitsOtherThanTwo[code]; ok {
		return Currency{Code: code, Scale: digits}, nil
	}
	if _, err := currency.ParseISO(code); err != nil {
		return Currency{}, fmt.Errorf("%w: %q is not an ISO 4217 currency", ErrUnknownCurrency, code)
	}
	return Currency{Code: code, Scale: 2}, nil
}

// MustCurrency is LookupCurrency for codes known at compile time; it panics
// on an unknown code, so use it only with constants.
func MustCurrency(code string) Currency {
	c, err := LookupCurrency(code)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns the ISO code.
func (c Currency) String() string { return c.Code }
