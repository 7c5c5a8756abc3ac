package rules

import (
	"errors"
	"fmt"

	"github.com/expr-lang/expr"
	"github.com/shopspring/decimal"
)

// DivisionScale is the number of decimal places a division inside an
// expression keeps (rounded half-even). Money is rounded to the currency's
// minor unit later, by the handlers.
const DivisionScale = 16

var errDivisionByZero = errors.New("division by zero")

// toDecimal converts an operand of a decimal operator: a decimal or an int.
func toDecimal(v any) (decimal.Decimal, error) {
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
	if a, err = toDecimal(args[0]); err != nil {
		return
	}
	b, err = toDecimal(args[1])
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
		return f(a.Cmp(b)), nil
	}, ddBool, diBool, idBool)
}

// decimalOptions are the functions that make arithmetic and comparison on
// decimals exact; the loader's patcher rewrites the operators on decimals
// into calls of them. Equality compares values, so 1.0 == 1.00.
func decimalOptions() []expr.Option {
	return []expr.Option{
		arith("decAdd", func(a, b decimal.Decimal) (decimal.Decimal, error) { return a.Add(b), nil }),
		arith("decSub", func(a, b decimal.Decimal) (decimal.Decimal, error) { return a.Sub(b), nil }),
		arith("decMul", func(a, b decimal.Decimal) (decimal.Decimal, error) { return a.Mul(b), nil }),
		arith("decDiv", func(a, b decimal.Decimal) (decimal.Decimal, error) {
			if b.IsZero() {
				return decimal.Decimal{}, errDivisionByZero
			}
			return a.DivRound(b, DivisionScale), nil
		}),
		arith("decMod", func(a, b decimal.Decimal) (decimal.Decimal, error) {
			if b.IsZero() {
				return decimal.Decimal{}, errDivisionByZero
			}
			return a.Mod(b), nil
		}),
		compare("decEq", func(c int) bool { return c == 0 }),
		compare("decNe", func(c int) bool { return c != 0 }),
		compare("decLt", func(c int) bool { return c < 0 }),
		compare("decLe", func(c int) bool { return c <= 0 }),
		compare("decGt", func(c int) bool { return c > 0 }),
		compare("decGe", func(c int) bool { return c >= 0 }),
		expr.Function("decNeg", func(args ...any) (any, error) {
			a, err := toDecimal(args[0])
			return a.Neg(), err
		}, new(func(decimal.Decimal) decimal.Decimal)),
		// dec converts an int to a decimal; the loader wraps integer
		// division in it so that 7 / 2 is 3.5 exactly.
		expr.Function("dec", func(args ...any) (any, error) {
			return toDecimal(args[0])
		}, new(func(int) decimal.Decimal), new(func(decimal.Decimal) decimal.Decimal)),
	}
}
