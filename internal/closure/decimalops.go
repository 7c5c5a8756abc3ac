package closure

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"

	"github.com/expr-lang/expr"
	"github.com/shopspring/decimal"
)

// DivisionScale is the number of decimal places a division inside an
// expression keeps (rounded half-even). Money is rounded to the currency's
// minor unit later, by the handlers.
const DivisionScale = 16

var errDivisionByZero = errors.New("division by zero")

// ToDecimal converts an operand of a decimal operator: a decimal or an int.
func ToDecimal(v any) (decimal.Decimal, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		return x, nil
	case int:
		return decimal.NewFromInt(int64(x)), nil
	case int64:
		return decimal.NewFromInt(x), nil
	case int32:
		return decimal.NewFromInt(int64(x)), nil
	}
	return decimal.Decimal{}, fmt.Errorf("expected a number, got %T", v)
}

func decimalPair(args []any) (a, b decimal.Decimal, err error) {
	if a, err = ToDecimal(args[0]); err != nil {
		return
	}
	b, err = ToDecimal(args[1])
	return
}

// The three operand combinations each decimal operator accepts.
var (
	dd = new(func(decimal.Decimal, decimal.Decimal) decimal.Decimal)
	di = new(func(decimal.Decimal, int) decimal.Decimal)
	id = new(func(int, decimal.Decimal) decimal.Decimal)

	ddBool = new(func(decimal.Decimal, decimal.Decimal) bool)
	diBool = new(func(decimal.Decimal, int) bool)
	idBool = new(func(int, decimal.Decimal) bool)
)

// arith returns an expr function for a decimal arithmetic operator.
func arith(name string, f func(a, b decimal.Decimal) (decimal.Decimal, error)) expr.Option {
	return expr.Function(name, func(args ...any) (any, error) {
		a, b, err := decimalPair(args)
		if err != nil {
			return nil, err
		}
		return f(a, b)
	}, dd, di, id)
}

func compare(name string, f func(c int) bool) expr.Option {
	return expr.Function(name, func(args ...any) (any, error) {
		a, b, err := decimalPair(args)
		if err != nil {
			return nil, err
		}
		return f(cmpDecimal(a, b)), nil
	}, ddBool, diBool, idBool)
}

// cmpDecimal is a.Cmp(b). Decimals with different exponents (a price
// and a whole number, say) are compared in int64 when their coefficients
// fit, rather than by scaling a big.Int, which allocates.
func cmpDecimal(a, b decimal.Decimal) int {
	ae, be := a.Exponent(), b.Exponent()
	if ae != be && a.NumDigits() <= 18 && b.NumDigits() <= 18 {
		ac, bc := a.CoefficientInt64(), b.CoefficientInt64()
		if ae > be {
			if x, ok := scaleInt64(ac, int64(ae)-int64(be)); ok {
				return cmp.Compare(x, bc)
			}
		} else if x, ok := scaleInt64(bc, int64(be)-int64(ae)); ok {
			return cmp.Compare(ac, x)
		}
	}
	return a.Cmp(b)
}

// pow10Int64 are the powers of ten that fit in an int64.
var pow10Int64 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// scaleInt64 returns c×10ⁿ, and whether it fits in an int64.
func scaleInt64(c, n int64) (int64, bool) {
	if n < 0 || n >= int64(len(pow10Int64)) {
		return 0, false
	}
	p := pow10Int64[n]
	if c > math.MaxInt64/p || c < -math.MaxInt64/p {
		return 0, false
	}
	return c * p, true
}

// divRound is a.DivRound(b, DivisionScale), b not zero: the same
// coefficient and exponent, computed in 64-bit words when the
// coefficients fit (a percentage of a price, an amount split in parts),
// without the four big.Ints that DivRound makes on the way.
func divRound(a, b decimal.Decimal) decimal.Decimal {
	if a.NumDigits() <= 18 && b.NumDigits() <= 18 {
		if q, ok := divRoundInt64(a.CoefficientInt64(), a.Exponent(), b.CoefficientInt64(), b.Exponent()); ok {
			return decimal.New(q, -DivisionScale)
		}
	}
	return a.DivRound(b, DivisionScale)
}

// pow10Uint64 are the powers of ten that fit in a uint64.
var pow10Uint64 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// divRoundInt64 is the coefficient of (ca·10^ea ÷ cb·10^eb) rounded to
// DivisionScale places, half away from zero, as DivRound rounds; false
// when a part of the computation would not fit in 64 bits.
func divRoundInt64(ca int64, ea int32, cb int64, eb int32) (int64, bool) {
	if cb == 0 || ca == math.MinInt64 || cb == math.MinInt64 {
		return 0, false
	}
	ua, ub := uint64(ca), uint64(cb)
	if ca < 0 {
		ua = -ua
	}
	if cb < 0 {
		ub = -ub
	}
	// The quotient's coefficient is ca·10^e ÷ cb, or ca ÷ cb·10^-e.
	e := int64(ea) - int64(eb) + DivisionScale
	var hi, lo uint64
	switch {
	case e >= int64(len(pow10Uint64)) || -e >= int64(len(pow10Uint64)):
		return 0, false
	case e >= 0:
		hi, lo = bits.Mul64(ua, pow10Uint64[e])
	default:
		h, l := bits.Mul64(ub, pow10Uint64[-e])
		if h != 0 {
			return 0, false
		}
		ub, lo = l, ua
	}
	if hi >= ub {
		return 0, false // a quotient beyond 64 bits
	}
	q, r := bits.Div64(hi, lo, ub)
	if r >= ub-r { // twice the remainder reaches the divisor
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if (ca < 0) != (cb < 0) {
		return -int64(q), true
	}
	return int64(q), true
}

// decimalTests are the decimal comparison functions by name, as tests of
// cmpDecimal's result: expr's functions, compiled predicates and direct
// programs all use them.
var decimalTests = map[string]func(int) bool{
	"decEq": func(c int) bool { return c == 0 },
	"decNe": func(c int) bool { return c != 0 },
	"decLt": func(c int) bool { return c < 0 },
	"decLe": func(c int) bool { return c <= 0 },
	"decGt": func(c int) bool { return c > 0 },
	"decGe": func(c int) bool { return c >= 0 },
}

// decimalSums are the decimal operators that fail only beyond the
// memory budget (a result of more than MaxDigits digits, digitsFit).
var decimalSums = map[string]func(a, b decimal.Decimal) decimal.Decimal{
	"decAdd": decimal.Decimal.Add,
	"decSub": decimal.Decimal.Sub,
	"decMul": decimal.Decimal.Mul,
}

// decimalOptions are the functions that make arithmetic and comparison on
// decimals exact; the loader's patcher rewrites the operators on decimals
// into calls of them. Equality compares values, so 1.0 == 1.00.
func decimalOptions() []expr.Option {
	var opts []expr.Option
	for _, name := range []string{"decAdd", "decSub", "decMul"} {
		op := decimalSums[name]
		opts = append(opts, arith(name, func(a, b decimal.Decimal) (decimal.Decimal, error) {
			d := op(a, b)
			if !digitsFit(d) {
				return decimal.Decimal{}, fmt.Errorf("%w: a number of %d digits (at most %d)", ErrMemoryBudget, d.NumDigits(), MaxDigits)
			}
			return d, nil
		}))
	}
	for _, name := range []string{"decEq", "decNe", "decLt", "decLe", "decGt", "decGe"} {
		opts = append(opts, compare(name, decimalTests[name]))
	}
	return append(opts,
		arith("decDiv", func(a, b decimal.Decimal) (decimal.Decimal, error) {
			if b.IsZero() {
				return decimal.Decimal{}, errDivisionByZero
			}
			return divRound(a, b), nil
		}),
		arith("decMod", func(a, b decimal.Decimal) (decimal.Decimal, error) {
			if b.IsZero() {
				return decimal.Decimal{}, errDivisionByZero
			}
			return a.Mod(b), nil
		}),
		expr.Function("decNeg", func(args ...any) (any, error) {
			a, err := ToDecimal(args[0])
			return a.Neg(), err
		}, new(func(decimal.Decimal) decimal.Decimal)),
		// dec converts an int to a decimal; the loader wraps integer
		// division in it so that 7 / 2 is 3.5 exactly.
		expr.Function("dec", func(args ...any) (any, error) {
			return ToDecimal(args[0])
		}, new(func(int) decimal.Decimal), new(func(decimal.Decimal) decimal.Decimal)),
	)
}
