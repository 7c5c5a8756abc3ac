package cart

import (
	"github.com/shopspring/decimal"
	"testing"
)

func TestToMinorFastMatchesSlow(t *testing.T) {
	for _, s := range []string{"0.125", "0.135", "-0.125", "-0.135", "2.5", "3.5", "-2.5", "9.999", "0.001", "-0.0049", "123456789.123456789", "1e3", "-7", "0.5", "1.5"} {
		for _, mode := range []RoundingMode{HalfEven, HalfUp, Down, Up} {
			for _, sc := range []int32{0, 2, 3} {
				d := decimal.RequireFromString(s)
				fast, ok := toMinorFast(d, sc, mode)
				sh := d.Shift(sc)
				var slow decimal.Decimal
				switch mode {
				case HalfUp:
					slow = sh.Round(0)
				case Down:
					slow = sh.RoundDown(0)
				case Up:
					slow = sh.RoundUp(0)
				default:
					slow = sh.RoundBank(0)
				}
				if ok && fast != slow.IntPart() {
					t.Errorf("%s %v %d: fast %d slow %s", s, mode, sc, fast, slow)
				}
			}
		}
	}
}
