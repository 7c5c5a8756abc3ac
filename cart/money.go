package cart

import (
	"fmt"
	"math"
	"strconv"

	"github.com/shopspring/decimal"
)

// RoundingMode says how an exact amount becomes whole minor units. The zero
// value is HalfEven.
type RoundingMode uint8

// The rounding modes. Down and Up round toward and away from zero.
const (
	HalfEven RoundingMode = iota
	HalfUp
	Down
	Up
)

var roundingNames = [...]string{HalfEven: "halfEven", HalfUp: "halfUp", Down: "down", Up: "up"}

// String returns the mode's name as campaign files spell it ("halfEven").
func (m RoundingMode) String() string {
	if int(m) < len(roundingNames) {
		return roundingNames[m]
	}
	return "RoundingMode(" + strconv.Itoa(int(m)) + ")"
}

// ParseRoundingMode reads a mode name: halfEven, halfUp, down or up. The
// empty string is the default, halfEven.
func ParseRoundingMode(s string) (RoundingMode, error) {
	if s == "" {
		return HalfEven, nil
	}
	for m, name := range roundingNames {
		if name == s {
			return RoundingMode(m), nil
		}
	}
	return HalfEven, fmt.Errorf("%w: unknown rounding mode %q (expected halfEven, halfUp, down or up)", ErrInvalidAmount, s)
}

// MarshalText writes the mode's name.
func (m RoundingMode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads a mode's name.
func (m *RoundingMode) UnmarshalText(b []byte) error {
	v, err := ParseRoundingMode(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// MaxUnitPrice is the largest price, in minor units, that a cart accepts for
// one unit or one additional cost. With at most 10,000 units and their costs
// no total can overflow int64.
const MaxUnitPrice int64 = 100_000_000_000_000

var (
	maxInt64Dec = decimal.NewFromInt(math.MaxInt64)
	minInt64Dec = decimal.NewFromInt(math.MinInt64)
)

// ToMinor rounds an exact amount to whole minor units of c with the given
// mode. An amount outside int64 is an error (ErrOverflow), never a wrap.
func (c Currency) ToMinor(d decimal.Decimal, mode RoundingMode) (int64, error) {
	if v, ok := toMinorFast(d, c.Scale, mode); ok {
		return v, nil
	}
	shifted := d.Shift(c.Scale)
	switch mode {
	case HalfUp:
		shifted = shifted.Round(0)
	case Down:
		shifted = shifted.RoundDown(0)
	case Up:
		shifted = shifted.RoundUp(0)
	default:
		shifted = shifted.RoundBank(0)
	}
	if shifted.GreaterThan(maxInt64Dec) || shifted.LessThan(minInt64Dec) {
		return 0, fmt.Errorf("%w: %s %s does not fit in 64-bit minor units", ErrOverflow, d.String(), c.Code)
	}
	return shifted.IntPart(), nil
}

// ExactMinor converts an amount that must already be in whole minor units
// (a price) without rounding: 9.999 EUR is an error, 9.990 EUR is 999.
func (c Currency) ExactMinor(d decimal.Decimal) (int64, error) {
	if v, ok := toMinorFast(d, c.Scale, Down); ok && decimal.New(v, -c.Scale).Equal(d) {
		return v, nil
	}
	shifted := d.Shift(c.Scale)
	if !shifted.IsInteger() {
		return 0, fmt.Errorf("%w: %s has more decimals than %s allows (%d)", ErrInvalidAmount, d.String(), c.Code, c.Scale)
	}
	if shifted.GreaterThan(maxInt64Dec) || shifted.LessThan(minInt64Dec) {
		return 0, fmt.Errorf("%w: %s %s does not fit in 64-bit minor units", ErrOverflow, d.String(), c.Code)
	}
	return shifted.IntPart(), nil
}

var pow10 = [19]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// toMinorFast converts in int64 arithmetic when the decimal's coefficient
// and the result fit, which is nearly always; it allocates nothing. ok is
// false when the exact big-number path must decide.
func toMinorFast(d decimal.Decimal, scale int32, mode RoundingMode) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	coef := d.CoefficientInt64()
	shift := d.Exponent() + scale
	if shift >= 0 {
		if shift > 18 {
			return 0, false
		}
		m := pow10[shift]
		if coef != 0 && (coef*m)/m != coef {
			return 0, false
		}
		return coef * m, true
	}
	if -shift > 18 {
		return 0, false
	}
	div := pow10[-shift]
	q, r := coef/div, coef%div
	if r == 0 {
		return q, true
	}
	sign := int64(1)
	if coef < 0 {
		sign, r = -1, -r
	}
	switch mode {
	case Down:
	case Up:
		q += sign
	case HalfUp:
		if 2*r >= div {
			q += sign
		}
	default:
		if 2*r > div || (2*r == div && q%2 != 0) {
			q += sign
		}
	}
	return q, true
}

// Decimal returns minor units of c as an exact decimal at the currency's
// scale (1234 EUR is 12.34).
func (c Currency) Decimal(minor int64) decimal.Decimal { return decimal.New(minor, -c.Scale) }

// Money returns minor units of c as a Money value.
func (c Currency) Money(minor int64) Money { return Money{Minor: minor, Scale: c.Scale} }

// Money is an amount in whole minor units with the scale of its currency.
// It encodes as a JSON number at that scale: Money{1234, 2} is 12.34 and
// Money{5, 0} is 5.
type Money struct {
	Minor int64
	Scale int32
}

// Decimal returns the exact decimal value.
func (m Money) Decimal() decimal.Decimal { return decimal.New(m.Minor, -m.Scale) }

// String formats the amount at its scale, e.g. "12.34".
func (m Money) String() string { return string(m.appendText(nil)) }

func (m Money) appendText(b []byte) []byte {
	v := m.Minor
	neg := v < 0
	var u uint64
	if neg {
		u = uint64(-(v + 1)) + 1
		b = append(b, '-')
	} else {
		u = uint64(v)
	}
	digits := strconv.AppendUint(nil, u, 10)
	scale := int(m.Scale)
	if scale <= 0 {
		return append(b, digits...)
	}
	if len(digits) <= scale {
		b = append(b, '0', '.')
		for i := len(digits); i < scale; i++ {
			b = append(b, '0')
		}
		return append(b, digits...)
	}
	b = append(b, digits[:len(digits)-scale]...)
	b = append(b, '.')
	return append(b, digits[len(digits)-scale:]...)
}

// MarshalJSON writes the amount as a JSON number at its scale.
func (m Money) MarshalJSON() ([]byte, error) { return m.appendText(nil), nil }

// UnmarshalJSON reads a JSON number (or numeric string) exactly; the scale is
// the number of decimals written.
func (m *Money) UnmarshalJSON(b []byte) error {
	d, err := ParseAmount(b)
	if err != nil {
		return err
	}
	scale := int32(0)
	if d.Exponent() < 0 {
		scale = -d.Exponent()
	}
	minor := d.Shift(scale)
	if minor.GreaterThan(maxInt64Dec) || minor.LessThan(minInt64Dec) {
		return fmt.Errorf("%w: %s does not fit in 64-bit minor units", ErrOverflow, d.String())
	}
	*m = Money{Minor: minor.IntPart(), Scale: scale}
	return nil
}

// addMinor adds two amounts of minor units, failing instead of wrapping.
func addMinor(a, b int64) (int64, error) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, fmt.Errorf("%w: %d + %d minor units", ErrOverflow, a, b)
	}
	return s, nil
}

// mulMinor multiplies minor units by a count, failing instead of wrapping.
func mulMinor(a int64, n int64) (int64, error) {
	if a == 0 || n == 0 {
		return 0, nil
	}
	p := a * n
	if p/n != a {
		return 0, fmt.Errorf("%w: %d × %d minor units", ErrOverflow, a, n)
	}
	return p, nil
}
