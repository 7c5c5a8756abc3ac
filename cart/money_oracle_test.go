package cart

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The reference arithmetic of this file is math/big's, written from the
// definitions of the rounding modes, so that the money code (its int64 fast
// path and its decimal path) is checked against something that shares none
// of its code.

// ratOf is coef × 10^exp, exactly.
func ratOf(coef int64, exp int32) *big.Rat {
	r := new(big.Rat).SetInt64(coef)
	p := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs32(exp))), nil))
	if exp >= 0 {
		return r.Mul(r, p)
	}
	return r.Quo(r, p)
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

// refRound rounds r to an integer: Down toward zero, Up away from zero,
// HalfUp to the nearest with halves away from zero, HalfEven to the nearest
// with halves to the even neighbour.
func refRound(r *big.Rat, mode RoundingMode) *big.Int {
	num, den := r.Num(), r.Denom() // den > 0
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if rem.Sign() == 0 {
		return q
	}
	// |fraction| against one half: 2·|rem| against den.
	half := new(big.Int).Lsh(new(big.Int).Abs(rem), 1).Cmp(den)
	var away bool
	switch mode {
	case Down:
	case Up:
		away = true
	case HalfUp:
		away = half >= 0
	case HalfEven:
		away = half > 0 || (half == 0 && q.Bit(0) == 1)
	default:
		panic("unknown rounding mode")
	}
	if away {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	return q
}

// refMinor is amount × 10^scale, rounded with mode: the reference for
// Currency.ToMinor.
func refMinor(amount *big.Rat, scale int32, mode RoundingMode) *big.Int {
	return refRound(new(big.Rat).Mul(amount, ratOf(1, scale)), mode)
}

var (
	bigMinInt64 = big.NewInt(math.MinInt64)
	bigMaxInt64 = big.NewInt(math.MaxInt64)
)

func fitsInt64(x *big.Int) bool { return x.Cmp(bigMinInt64) >= 0 && x.Cmp(bigMaxInt64) <= 0 }

// The reference itself, on values worked out by hand.
func TestReferenceRounding(t *testing.T) {
	tests := []struct {
		coef                     int64
		exp                      int32
		halfEven, halfUp, dn, up int64
	}{
		{125, -1, 12, 13, 12, 13},      // 12.5
		{135, -1, 14, 14, 13, 14},      // 13.5
		{-125, -1, -12, -13, -12, -13}, // -12.5
		{-135, -1, -14, -14, -13, -14}, // -13.5
		{1251, -2, 13, 13, 12, 13},     // 12.51
		{1249, -2, 12, 12, 12, 13},     // 12.49
		{-1249, -2, -12, -12, -12, -13},
		{5, -1, 0, 1, 0, 1}, // 0.5
		{-5, -1, 0, -1, 0, -1},
		{7, 0, 7, 7, 7, 7},
		{3, 2, 300, 300, 300, 300},
		{1, -30, 0, 0, 0, 1},
	}
	for _, tt := range tests {
		r := ratOf(tt.coef, tt.exp)
		for mode, want := range map[RoundingMode]int64{HalfEven: tt.halfEven, HalfUp: tt.halfUp, Down: tt.dn, Up: tt.up} {
			if got := refRound(r, mode); got.Int64() != want {
				t.Errorf("refRound(%se%d, %s) = %s, want %d", big.NewInt(tt.coef), tt.exp, mode, got, want)
			}
		}
	}
}

var genMode = rapid.SampledFrom([]RoundingMode{HalfEven, HalfUp, Down, Up})

var genRoundingCurrency = rapid.SampledFrom([]Currency{jpy, eur, kwd, MustCurrency("CLF")})

// genRoundingInput draws an amount as coefficient and exponent: any int64
// coefficient, small ones, and exact halves of the currency's minor unit
// (k + 0.5 minor units), where the modes differ most, both with small
// coefficients (ToMinor's int64 path) and with 19-digit ones, which that
// path leaves to the decimal one.
func genRoundingInput(t *rapid.T, cur Currency) (coef int64, exp int32) {
	switch rapid.IntRange(0, 3).Draw(t, "kind") {
	case 0:
		return rapid.Int64().Draw(t, "coefficient"), rapid.Int32Range(-22, 20).Draw(t, "exponent")
	case 1:
		return rapid.Int64Range(-100000, 100000).Draw(t, "coefficient"), rapid.Int32Range(-8, 4).Draw(t, "exponent")
	case 2:
		k := rapid.Int64Range(-1_000_000, 1_000_000).Draw(t, "k")
		return (2*k + 1) * 5, -(cur.Scale + 1)
	}
	// (2k+1)·5 has 19 digits for |k| from 10^17 to 9·10^17.
	k := rapid.Int64Range(100_000_000_000_000_000, 900_000_000_000_000_000).Draw(t, "k")
	if rapid.Bool().Draw(t, "negative") {
		k = -k
	}
	return (2*k + 1) * 5, -(cur.Scale + 1)
}

// ToMinor agrees with rounding the exact value in big.Rat arithmetic, and
// reports ErrOverflow exactly when the result leaves int64; ExactMinor
// converts exactly the amounts that are whole minor units.
func TestPropertyToMinorAgreesWithReferenceRounding(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := genRoundingCurrency.Draw(t, "currency")
		mode := genMode.Draw(t, "mode")
		coef, exp := genRoundingInput(t, cur)
		d, exact := decimal.New(coef, exp), ratOf(coef, exp)

		want := refMinor(exact, cur.Scale, mode)
		got, err := cur.ToMinor(d, mode)
		switch {
		case !fitsInt64(want) && !errors.Is(err, ErrOverflow):
			t.Fatalf("ToMinor(%s %s, %s) = %d, %v; want ErrOverflow (%s)", d, cur.Code, mode, got, err, want)
		case fitsInt64(want) && (err != nil || got != want.Int64()):
			t.Fatalf("ToMinor(%s %s, %s) = %d, %v; want %s", d, cur.Code, mode, got, err, want)
		}
		if fast, ok := toMinorFast(d, cur.Scale, mode); ok && (!fitsInt64(want) || fast != want.Int64()) {
			t.Fatalf("toMinorFast(%s, %d, %s) = %d; want %s", d, cur.Scale, mode, fast, want)
		}

		scaled := new(big.Rat).Mul(exact, ratOf(1, cur.Scale))
		whole := scaled.IsInt()
		em, err := cur.ExactMinor(d)
		switch {
		case !whole && !errors.Is(err, ErrInvalidAmount):
			t.Fatalf("ExactMinor(%s %s) = %d, %v; want ErrInvalidAmount", d, cur.Code, em, err)
		case whole && fitsInt64(scaled.Num()) && (err != nil || em != scaled.Num().Int64()):
			t.Fatalf("ExactMinor(%s %s) = %d, %v; want %s", d, cur.Code, em, err, scaled.Num())
		case whole && !fitsInt64(scaled.Num()) && !errors.Is(err, ErrOverflow):
			t.Fatalf("ExactMinor(%s %s) = %d, %v; want ErrOverflow", d, cur.Code, em, err)
		}
	})
}

// Money encodes as its exact value written at its scale, and decodes back.
func TestPropertyMoneyJSONIsTheExactValue(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := Money{Minor: rapid.OneOf(rapid.Int64(), rapid.Int64Range(-1000, 1000)).Draw(t, "minor"), Scale: rapid.Int32Range(0, 4).Draw(t, "scale")}
		b, err := m.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if want := ratOf(m.Minor, -m.Scale).FloatString(int(m.Scale)); string(b) != want {
			t.Fatalf("%+v encodes as %s, want %s", m, b, want)
		}
		if s := m.String(); s != string(b) {
			t.Fatalf("%+v: String %q, JSON %s", m, s, b)
		}
		var back Money
		if err := back.UnmarshalJSON(b); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if back != m {
			t.Fatalf("%+v → %s → %+v", m, b, back)
		}
	})
}

// addMinor and mulMinor give the exact result, or ErrOverflow exactly when
// it leaves int64.
func TestPropertyMinorArithmeticAgreesWithBigInts(t *testing.T) {
	gen := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-10, 10), rapid.SampledFrom([]int64{math.MinInt64, math.MaxInt64, math.MinInt64 + 1, -1, 0, 1, 1 << 32, 3037000500}))
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		sum := new(big.Int).Add(big.NewInt(a), big.NewInt(b))
		if got, err := addMinor(a, b); fitsInt64(sum) != (err == nil) || (err == nil && got != sum.Int64()) || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Fatalf("addMinor(%d, %d) = %d, %v; want %s", a, b, got, err, sum)
		}
		// mulMinor's second operand is a count.
		n := rapid.OneOf(rapid.Int64Range(0, math.MaxInt64), rapid.Int64Range(0, 10)).Draw(t, "n")
		prod := new(big.Int).Mul(big.NewInt(a), big.NewInt(n))
		if got, err := mulMinor(a, n); fitsInt64(prod) != (err == nil) || (err == nil && got != prod.Int64()) || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Fatalf("mulMinor(%d, %d) = %d, %v; want %s", a, n, got, err, prod)
		}
	})
}
