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
