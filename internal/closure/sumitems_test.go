package closure

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

// TestSumItemsMatchesAdd checks the int64 fast path of sumItems against
// adding the decimals one by one: the value and the exponent.
func TestSumItemsMatchesAdd(t *testing.T) {
	cases := [][]decimal.Decimal{
		nil,
		{dec("4.99")},
		{dec("4.99"), dec("59.99"), dec("-1.00")},
		{dec("4.99"), dec("5.5"), dec("1")},
		{dec("1E+2"), dec("3")},
		{decimal.New(math.MaxInt64-1, -2), decimal.New(5, -2), dec("0.01")},
		{decimal.New(math.MinInt64+1, -2), decimal.New(-5, -2)},
		{dec("123456789012345678901234.56"), dec("0.01")},
	}
	for _, prices := range cases {
		items := make([]*Item, len(prices))
		var want decimal.Decimal
		for i, p := range prices {
			items[i] = &Item{Weight: p}
			want = want.Add(p)
		}
		got := sumItems(items, "Weight")
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Errorf("sumItems(%v) = %s (exponent %d), want %s (exponent %d)", prices, got, got.Exponent(), want, want.Exponent())
		}
	}
}
