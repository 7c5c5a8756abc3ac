package closure

import (
	"math"
	"math/rand/v2"
	"slices"
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

// TestDivRound checks the 64-bit path of divRound against decimal's
// DivRound: the same coefficient and exponent (not merely the same value),
// around the edges where the coefficients, their scaling or the quotient
// stop fitting, and at halves, which round away from zero.
func TestDivRound(t *testing.T) {
	coefs := []int64{0, 1, -1, 2, 3, -3, 5, 7, 10, 99, 100, 499, 1234, -1234, 999_999_999_999_999_999, -999_999_999_999_999_999,
		1_000_000_000_000_000_000, math.MaxInt64, math.MinInt64, math.MinInt64 + 1, math.MaxInt64 / 10, math.MaxInt64/100 + 1}
	exps := []int32{-20, -19, -18, -16, -3, -2, -1, 0, 1, 2, 3, 18, 19}
	var as, bs []decimal.Decimal
	for _, c := range coefs {
		for _, e := range exps {
			as = append(as, decimal.New(c, e))
			if c != 0 {
				bs = append(bs, decimal.New(c, e))
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 1500 {
		as = append(as, decimal.New(r.Int64N(2_000_000)-1_000_000, int32(r.IntN(9)-6)))
		if b := r.Int64N(2000) - 1000; b != 0 {
			bs = append(bs, decimal.New(b, int32(r.IntN(5)-2)))
		}
	}
	// Halves: 1/8 at 16 places is exact, 5/2·10^-16 rounds away from zero.
	as = append(as, decimal.New(5, -16), decimal.New(-5, -16), decimal.New(15, -17), decimal.New(-25, -17))
	bs = append(bs, decimal.New(2, 0), decimal.New(-2, 0), decimal.New(8, 0))
	for _, a := range as {
		for _, b := range bs {
			got, want := divRound(a, b), a.DivRound(b, DivisionScale)
			if got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
				t.Fatalf("divRound(%s, %s) = %s (exponent %d), want %s (exponent %d)", a, b, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
}

// TestSortByPriceKeys checks that sorting units on their prices' int64
// coefficients gives byPrice's order, with many equal prices (ties by SKU,
// position and sub-position), both ways; and that prices of mixed
// exponents are left to byPrice.
func TestSortByPriceKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		n := 1 + r.IntN(150)
		units := make([]*Item, n)
		for i := range units {
			units[i] = &Item{
				Sku:      []string{"A", "B", "C"}[r.IntN(3)],
				Price:    decimal.New(r.Int64N(6)*100-1+int64(r.IntN(2)), -2),
				Position: r.IntN(20), SubPosition: i,
			}
		}
		for _, desc := range []bool{false, true} {
			got, want := slices.Clone(units), slices.Clone(units)
			if !sortByPriceKeys(got, desc) {
				t.Fatalf("round %d: prices of one exponent not sorted by keys", round)
			}
			slices.SortFunc(want, func(a, b *Item) int { return byPrice(a, b, desc) })
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, desc %v: order differs from byPrice", round, desc)
			}
		}
	}
	mixed := []*Item{{Price: decimal.New(5, -2)}, {Price: decimal.New(5, 0)}}
	if sortByPriceKeys(mixed, false) {
		t.Error("prices of two exponents sorted by keys")
	}
}
