package cart

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
)

// The int64 fast path, on amounts chosen for their halves and signs, gives
// the reference rounding whenever it does not decline.
func TestToMinorFastMatchesReference(t *testing.T) {
	for _, s := range []string{"0.125", "0.135", "-0.125", "-0.135", "2.5", "3.5", "-2.5", "9.999", "0.001", "-0.0049", "123456789.123456789", "1e3", "-7", "0.5", "1.5"} {
		d := decimal.RequireFromString(s)
		exact := new(big.Rat).SetInt(d.Coefficient())
		exact.Mul(exact, ratOf(1, d.Exponent()))
		for _, mode := range []RoundingMode{HalfEven, HalfUp, Down, Up} {
			for _, sc := range []int32{0, 2, 3} {
				want := refMinor(exact, sc, mode)
				fast, ok := toMinorFast(d, sc, mode)
				if !ok {
					t.Errorf("%s %v %d: the fast path declined", s, mode, sc)
				} else if fast != want.Int64() {
					t.Errorf("%s %v %d: fast %d, want %s", s, mode, sc, fast, want)
				}
			}
		}
	}
}
