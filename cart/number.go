package cart

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// maxExponent bounds the exponent of a number in input: 1e400 is refused
// before it reaches big-integer arithmetic, so 1e1000000000 cannot exhaust
// memory.
const maxExponent = 400

// maxDigits bounds the number of digits of a number in input.
const maxDigits = 60

// ParseAmount reads a number from its JSON text exactly: a JSON number, or a
// JSON string holding one ("4.95"). It never goes through float64. NaN,
// infinities, hexadecimal, empty strings and exponents beyond ±400 are
// refused.
func ParseAmount(text []byte) (decimal.Decimal, error) {
	if len(text) > 0 && text[0] == '"' {
		s, err := strconv.Unquote(string(text))
		if err != nil {
			return decimal.Decimal{}, fmt.Errorf("%w: malformed string", ErrInvalidAmount)
		}
		return parseNumberText(s)
	}
	return parseNumberText(string(text))
}

// ParseAmountString is ParseAmount for text that is not JSON-quoted.
func ParseAmountString(s string) (decimal.Decimal, error) { return parseNumberText(s) }

// parseNumberText accepts the JSON number grammar: -?int(.frac)?([eE][+-]?exp)?
func parseNumberText(s string) (decimal.Decimal, error) {
	bad := func(why string) (decimal.Decimal, error) {
		shown := s
		if len(shown) > 40 {
			shown = shown[:40] + "…"
		}
		return decimal.Decimal{}, fmt.Errorf("%w: %q is not a decimal number (%s)", ErrInvalidAmount, shown, why)
	}
	if s == "" {
		return bad("empty")
	}
	i := 0
	if s[i] == '-' {
		i++
	}
	start := i
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i == start {
		return bad("expected digits")
	}
	if i-start > 1 && s[start] == '0' {
		return bad("leading zero")
	}
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
		if i == fs {
			return bad("expected digits after the decimal point")
		}
	}
	if digits > maxDigits {
		return bad(fmt.Sprintf("more than %d digits", maxDigits))
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == es {
			return bad("expected exponent digits")
		}
		exp, err := strconv.Atoi(s[es:i])
		if err != nil || exp > maxExponent {
			return bad(fmt.Sprintf("exponent beyond ±%d", maxExponent))
		}
	}
	if i != len(s) {
		return bad("unexpected characters")
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return bad(err.Error())
	}
	return d, nil
}

// plainNumber reads the text of a plain decimal number with at most 18
// digits, -?(0|[1-9][0-9]*)(\.[0-9]+)?, bare or as a JSON string without
// escapes: its digits as one signed integer and the number of decimals.
// ok is false for anything else (an exponent, more digits, text that is
// no number), which ParseAmount decides with its exact error messages.
func plainNumber(text []byte) (coef int64, decimals int, ok bool) {
	if len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"' {
		// strconv.Unquote, which ParseAmount uses, returns exactly the
		// inside of a literal that holds only digits, '-' and '.'.
		text = text[1 : len(text)-1]
	}
	i, neg := 0, false
	if i < len(text) && text[i] == '-' {
		i, neg = 1, true
	}
	start, digits := i, 0
	for i < len(text) && isDigit(text[i]) {
		coef = coef*10 + int64(text[i]-'0')
		i++
	}
	digits = i - start
	if digits == 0 || digits > 1 && text[start] == '0' {
		return 0, 0, false
	}
	if i < len(text) && text[i] == '.' {
		i++
		fs := i
		for i < len(text) && isDigit(text[i]) {
			coef = coef*10 + int64(text[i]-'0')
			i++
		}
		decimals = i - fs
		if decimals == 0 {
			return 0, 0, false
		}
		digits += decimals
	}
	// 18 digits always fit in int64; a longer coefficient may have wrapped
	// above, and is left to the exact path.
	if i != len(text) || digits > 18 {
		return 0, 0, false
	}
	if neg {
		coef = -coef
	}
	return coef, decimals, true
}

// amountFast is ParseAmount, with plain numbers built without the text
// round trip. decimal.New(coef, -decimals) is what NewFromString makes of
// such a number: the same coefficient and exponent, not just the same value.
func amountFast(text []byte) (decimal.Decimal, error) {
	if coef, decimals, ok := plainNumber(text); ok {
		return decimal.New(coef, int32(-decimals)), nil
	}
	return ParseAmount(text)
}

// priceFast returns a price in minor units of a currency with the given
// scale, without big-number arithmetic, when its text is a plain number
// that is a valid price: not negative, no more decimals than the scale
// (trailing zeros aside) and at most MaxUnitPrice. ok is false otherwise,
// and the exact path decides and words the problem.
func priceFast(text []byte, scale int32) (minor int64, ok bool) {
	coef, decimals, ok := plainNumber(text)
	if !ok || coef < 0 {
		return 0, false
	}
	switch shift := int(scale) - decimals; {
	case shift >= 0:
		// Past MaxUnitPrice/10^shift the price is too large, and the
		// product could overflow.
		if shift > 18 || coef > MaxUnitPrice/pow10[shift] {
			return 0, false
		}
		minor = coef * pow10[shift]
	case -shift > 18:
		return 0, false
	default:
		div := pow10[-shift]
		if coef%div != 0 {
			return 0, false
		}
		minor = coef / div
	}
	return minor, minor <= MaxUnitPrice
}

// quantityFast reads a quantity written as plain digits, 1 to MaxQuantity.
func quantityFast(text []byte) (int, bool) {
	if len(text) == 0 || len(text) > 5 || text[0] == '0' {
		return 0, false
	}
	q := 0
	for _, c := range text {
		if !isDigit(c) {
			return 0, false
		}
		q = q*10 + int(c-'0')
	}
	return q, q <= MaxQuantity
}
