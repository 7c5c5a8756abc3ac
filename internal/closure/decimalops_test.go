package closure

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestCmpDecimal checks the int64 fast path of cmpDecimal against
// decimal's Cmp, around the edges where the coefficients or their scaling
// stop fitting in an int64.
func TestCmpDecimal(t *testing.T) {
	coefs := []int64{0, 1, -1, 5, 10, 99, 100, 499, 1234, -1234, 999_999_999_999_999_999, -999_999_999_999_999_999,
		1_000_000_000_000_000_000, math.MaxInt64, math.MinInt64 + 1, math.MaxInt64 / 10, math.MaxInt64/100 + 1}
	exps := []int32{-20, -19, -18, -16, -3, -2, -1, 0, 1, 2, 18, 19}
	var ds []decimal.Decimal
	for _, c := range coefs {
		for _, e := range exps {
			ds = append(ds, decimal.New(c, e))
		}
	}
	ds = append(ds, decimal.Decimal{}, decimal.RequireFromString("123456789012345678901234567890.5"), decimal.RequireFromString("-0.000000000000000000000001"))
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		ds = append(ds, decimal.New(r.Int64N(2_000_000)-1_000_000, int32(r.IntN(9)-6)))
	}
	for _, a := range ds {
		for _, b := range ds {
			if got, want := cmpDecimal(a, b), a.Cmp(b); got != want {
				t.Fatalf("cmpDecimal(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
}
