package effects

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Limits on the numbers this package reads and writes. They bound the
// memory a hostile number can cost (1e1000000000 would otherwise be a
// gigabyte of zeros when printed).
const (
	// MaxExponent is the largest absolute exponent of a [Number], both as
	// written in the JSON text and as the decimal's own exponent.
	MaxExponent = 1000
	// MaxDigits is the largest number of significant digits of a [Number]'s
	// coefficient.
	MaxDigits = 1000
)

// Number is an exact decimal for money and loyalty points in effect props.
//
// It is read from a JSON number or a numeric string, parsed from its text
// (never through float64), and written as an unquoted JSON number that keeps
// the decimal's own exponent: 10.00 stays 10.00 and 9.999 stays 9.999. A
// positive exponent, which Talon.One never sends, is written in exponent
// form (decimal.New(15, 2) is written 15e2) so that it survives a round trip
// too. NaN, Infinity, exponents beyond ±[MaxExponent] and coefficients longer
// than [MaxDigits] are rejected. None of shopspring/decimal's package-level
// settings are used.
//
// The zero Number is 0.
type Number struct {
	decimal.Decimal
}

// NewNumber returns d as a Number.
func NewNumber(d decimal.Decimal) Number {
	return Number{Decimal: d}
}

// NewNumberFromInt returns the integer i as a Number with exponent 0.
func NewNumberFromInt(i int64) Number {
	return Number{Decimal: decimal.NewFromInt(i)}
}

// ParseNumber parses s, a JSON number literal such as "9.99", "-1.50" or
// "25e-1", into a Number. Leading "+", leading zeros, surrounding spaces,
// NaN and Infinity are not accepted.
func ParseNumber(s string) (Number, error) {
	d, err := parseDecimal(s, "")
	if err != nil {
		return Number{}, err
	}
	return Number{Decimal: d}, nil
}

// MustParseNumber is like [ParseNumber] but panics if s is not a valid
// number. It is meant for constants in code and tests.
func MustParseNumber(s string) Number {
	n, err := ParseNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

// MarshalJSON writes n as an unquoted JSON number that keeps its exponent.
func (n Number) MarshalJSON() ([]byte, error) {
	return appendNumber(nil, n.Decimal, "")
}

// UnmarshalJSON reads a JSON number or a string holding one.
func (n *Number) UnmarshalJSON(data []byte) error {
	d, err := decodeNumber(data, "")
	if err != nil {
		return err
	}
	n.Decimal = d
	return nil
}

// MarshalText writes n like MarshalJSON does.
func (n Number) MarshalText() ([]byte, error) {
	return n.MarshalJSON()
}

// UnmarshalText reads a number literal, as [ParseNumber] does.
func (n *Number) UnmarshalText(text []byte) error {
	d, err := parseDecimal(string(text), "")
	if err != nil {
		return err
	}
	n.Decimal = d
	return nil
}

// String returns n as MarshalJSON writes it. Numbers beyond the limits,
// which MarshalJSON refuses, are written in exponent form.
func (n Number) String() string {
	b, err := appendNumber(nil, n.Decimal, "")
	if err != nil {
		return n.Decimal.Coefficient().String() + "e" + strconv.Itoa(int(n.Decimal.Exponent()))
	}
	return string(b)
}

// decodeNumber reads a JSON number or numeric string.
func decodeNumber(raw []byte, pointer string) (decimal.Decimal, error) {
	raw = trimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		s, ok := parseString(raw)
		if !ok {
			return decimal.Decimal{}, gotError(ErrSyntax, pointer, "a number", raw)
		}
		if isNonFinite(s) {
			return decimal.Decimal{}, gotError(ErrValue, pointer, "a finite number", raw)
		}
		d, err := parseDecimal(s, pointer)
		if err != nil && err.(*Error).Kind == ErrType {
			return decimal.Decimal{}, gotError(ErrType, pointer, "a number", raw)
		}
		return d, err
	}
	return parseDecimal(string(raw), pointer)
}

// isNonFinite reports whether s spells NaN or an infinity.
func isNonFinite(s string) bool {
	s = strings.TrimLeft(s, "+-")
	return strings.EqualFold(s, "nan") || strings.EqualFold(s, "inf") || strings.EqualFold(s, "infinity")
}

// parseDecimal parses a JSON number literal exactly.
func parseDecimal(s, pointer string) (decimal.Decimal, error) {
	bad := func() (decimal.Decimal, error) {
		return decimal.Decimal{}, gotError(ErrType, pointer, "a number", []byte(s))
	}
	outOfRange := func(why string) (decimal.Decimal, error) {
		return decimal.Decimal{}, newError(ErrValue, pointer, "number "+describe([]byte(s))+" is out of range: "+why)
	}
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	start := i
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		if isNonFinite(s) {
			return decimal.Decimal{}, gotError(ErrValue, pointer, "a finite number", []byte(s))
		}
		return bad()
	}
	intPart := s[start:i]
	frac := ""
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == fs {
			return bad()
		}
		frac = s[fs:i]
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		expNeg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		es := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == es {
			return bad()
		}
		digits := strings.TrimLeft(s[es:i], "0")
		if len(digits) > 6 {
			if i != len(s) {
				return bad()
			}
			return outOfRange("the exponent must be within ±" + strconv.Itoa(MaxExponent))
		}
		if digits != "" {
			exp, _ = strconv.Atoi(digits)
		}
		if expNeg {
			exp = -exp
		}
	}
	if i != len(s) {
		return bad()
	}
	if exp > MaxExponent || exp < -MaxExponent || exp-len(frac) < -MaxExponent {
		return outOfRange("the exponent must be within ±" + strconv.Itoa(MaxExponent))
	}
	e := exp - len(frac)
	digits := intPart + frac
	if significant := strings.TrimLeft(digits, "0"); len(significant) > MaxDigits {
		return outOfRange("more than " + strconv.Itoa(MaxDigits) + " significant digits")
	}
	if len(digits) <= 18 {
		v, _ := strconv.ParseInt(digits, 10, 64)
		if neg {
			v = -v
		}
		return decimal.New(v, int32(e)), nil
	}
	bi, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return bad()
	}
	if neg {
		bi.Neg(bi)
	}
	return decimal.NewFromBigInt(bi, int32(e)), nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// appendNumber appends d as a JSON number that keeps d's exponent.
func appendNumber(b []byte, d decimal.Decimal, pointer string) ([]byte, error) {
	exp := int(d.Exponent())
	if exp > MaxExponent || exp < -MaxExponent {
		return b, newError(ErrUnencodable, pointer, "number exponent "+strconv.Itoa(exp)+" is beyond ±"+strconv.Itoa(MaxExponent))
	}
	var digits []byte
	var neg bool
	var small [24]byte
	if d.NumDigits() <= 18 {
		// The coefficient fits an int64 (what amounts are): its digits
		// without a copy of the big.Int.
		c := d.CoefficientInt64()
		neg = c < 0
		u := uint64(c)
		if neg {
			u = -u
		}
		digits = strconv.AppendUint(small[:0], u, 10)
	} else {
		coef := d.Coefficient()
		neg = coef.Sign() < 0
		if neg {
			coef.Neg(coef)
		}
		digits = coef.Append(nil, 10)
	}
	if len(digits) > MaxDigits {
		return b, newError(ErrUnencodable, pointer, "number has more than "+strconv.Itoa(MaxDigits)+" significant digits")
	}
	if neg {
		b = append(b, '-')
	}
	switch {
	case exp == 0:
		return append(b, digits...), nil
	case exp > 0:
		b = append(b, digits...)
		b = append(b, 'e')
		return strconv.AppendInt(b, int64(exp), 10), nil
	}
	places := -exp
	if len(digits) <= places {
		b = append(b, '0', '.')
		for range places - len(digits) {
			b = append(b, '0')
		}
		return append(b, digits...), nil
	}
	point := len(digits) - places
	b = append(b, digits[:point]...)
	b = append(b, '.')
	return append(b, digits[point:]...), nil
}
