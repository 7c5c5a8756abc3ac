package closure

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/expr-lang/expr"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/text"
)

// The cart-item builtins, beyond expr's own filter, map, sum, count, any,
// all, sortBy and take. They work on lists of units (Session.CartItems or a
// binding filtered from it):
//
//	cheapest(items, n)       the n cheapest units (by Price; among equal
//	                         prices by SKU, then position: among units of
//	                         one SKU and price, position decides which is
//	                         taken, so lines of one SKU and price that
//	                         differ in other fields depend on their order)
//	mostExpensive(items, n)  the n most expensive units (ties as cheapest)
//	sumPrice(items)          the sum of the units' prices
//	sumOf(items, "Field")    the sum of a money or measure field: Price,
//	                         PriceAfterDiscounts, Weight, Height, Width, Length
//	countItems(items)        the number of units
//	minOf(a, b), maxOf(a, b) the smaller and larger of two numbers
//	toInt(x)                 a number's whole part (toward zero), as an int
//	couponValid()            the engine's verdict on the coupon (Coupon.Valid)
//	referralValid()          the engine's verdict on the referral code
//
// filter, take, sortBy and reverse over units give units again (the loader
// wraps them in asItems). couponValid and referralValid are rewritten at load into Coupon.Valid and
// Referral.Valid.

// sumFields are the fields sumOf accepts.
var sumFields = []string{"Price", "PriceAfterDiscounts", "Weight", "Height", "Width", "Length"}

var errNegativeCount = errors.New("the number of items must not be negative")

// byPrice orders units by price (the most expensive first when desc),
// and units of equal price by content, as allocation breaks ties
// (cart.CompareTies: SKU, then position and sub-position): which SKUs
// are chosen among equal prices never depends on line order or on how a
// quantity was split into lines; among units of one SKU and price,
// position decides which unit is taken.
func byPrice(a, b *Item, desc bool) int {
	c := cmpDecimal(a.Price, b.Price)
	if desc {
		c = -c
	}
	if c != 0 {
		return c
	}
	ta, tb := tieTarget(a), tieTarget(b)
	return cart.CompareTies(&ta, &tb)
}

// tieTarget is a unit as cart.CompareTies sees it. Its weight and base
// (in allocation, the remaining value and the price before discounts)
// are left zero: units compared here have the same price.
func tieTarget(it *Item) cart.Target {
	return cart.Target{SKU: it.Sku, Position: int32(it.Position), SubPosition: int32(it.SubPosition)}
}

func pick(args []any, desc bool) (any, error) {
	items, _ := args[0].([]*Item)
	n, _ := args[1].(int)
	if n < 0 {
		return nil, errNegativeCount
	}
	if !takeSteps(args, 2, len(items)) {
		return nil, errStepsExceeded
	}
	return pickItems(items, n, desc), nil
}

// takeSteps counts n steps on the counter args[i], the argument StepPass
// gives the calls of the functions that loop over units (steps.go), and
// reports whether they are within the budget.
func takeSteps(args []any, i, n int) bool {
	if i >= len(args) {
		return true // not counted: a call made before StepPass
	}
	s, _ := args[i].(*StepCount)
	return s == nil || s.take(n)
}

// pickItems returns the n cheapest units (the n most expensive when desc);
// n is not negative.
func pickItems(items []*Item, n int, desc bool) []*Item {
	sorted := slices.Clone(items)
	if !sortByPriceKeys(sorted, desc) {
		slices.SortFunc(sorted, func(a, b *Item) int { return byPrice(a, b, desc) })
	}
	return sorted[:min(n, len(sorted))]
}

// keyedUnit is a unit with its price's coefficient, for sortByPriceKeys.
type keyedUnit struct {
	price int64
	it    *Item
}

// sortByPriceKeys sorts units as byPrice orders them, comparing their
// prices as int64 coefficients read once a unit rather than as decimals
// at every comparison; false, leaving them as they are, when the prices
// do not share an exponent or a coefficient does not fit in an int64.
// Prices of one exponent compare as their coefficients do, and the order
// is total (ties go by SKU, position and sub-position), so the result is
// byPrice's.
func sortByPriceKeys(units []*Item, desc bool) bool {
	if len(units) < 2 {
		return true
	}
	var buf [64]keyedUnit
	keyed := buf[:0]
	if len(units) > len(buf) {
		keyed = make([]keyedUnit, 0, len(units))
	}
	exp := units[0].Price.Exponent()
	for _, it := range units {
		if it.Price.Exponent() != exp || it.Price.NumDigits() > 18 {
			return false
		}
		keyed = append(keyed, keyedUnit{price: it.Price.CoefficientInt64(), it: it})
	}
	slices.SortFunc(keyed, func(a, b keyedUnit) int {
		c := cmp.Compare(a.price, b.price)
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		ta, tb := tieTarget(a.it), tieTarget(b.it)
		return cart.CompareTies(&ta, &tb)
	})
	for i := range keyed {
		units[i] = keyed[i].it
	}
	return true
}

// wholePart is toInt: d's whole part (toward zero), as an int.
func wholePart(d decimal.Decimal) (int, error) {
	t := d.Truncate(0)
	if !t.IsInteger() || t.Abs().Cmp(decimal.NewFromInt(1<<53)) > 0 {
		return 0, fmt.Errorf("toInt: %s is too large", d)
	}
	return int(t.IntPart()), nil
}

// sumItems sums a field of decimalFields over the units.
func sumItems(items []*Item, field string) decimal.Decimal {
	if len(items) == 0 {
		return decimal.Decimal{}
	}
	// Amounts of one currency share an exponent: summed as int64
	// coefficients they make one decimal, not one big.Int per unit. An
	// amount with another exponent, or a sum that would overflow, goes
	// the exact decimal way from there (with the same result: a zero
	// decimal plus the amounts, at the smallest exponent).
	get := decimalFields[field]
	exp := get(items[0]).Exponent()
	var sum int64
	for i, it := range items {
		d := get(it)
		if exp <= 0 && d.Exponent() == exp && d.NumDigits() <= 18 {
			c := d.CoefficientInt64()
			if next := sum + c; (c >= 0) == (next >= sum) {
				sum = next
				continue
			}
		}
		s := decimal.New(sum, min(exp, 0))
		for _, rest := range items[i:] {
			s = s.Add(get(rest))
		}
		return s
	}
	return decimal.New(sum, exp)
}

// builtinOptions returns the builtin functions, a fresh slice each time.
func builtinOptions() []expr.Option {
	return []expr.Option{
		// Each takes a step a unit, on the step counter StepPass adds
		// as their last argument (steps.go). The counted form comes
		// first: expr's compiler reads a call's parameters from it.
		expr.Function("cheapest", func(args ...any) (any, error) { return pick(args, false) },
			new(func([]*Item, int, *StepCount) []*Item), new(func([]*Item, int) []*Item)),
		expr.Function("mostExpensive", func(args ...any) (any, error) { return pick(args, true) },
			new(func([]*Item, int, *StepCount) []*Item), new(func([]*Item, int) []*Item)),
		expr.Function("sumPrice", func(args ...any) (any, error) {
			items, _ := args[0].([]*Item)
			if !takeSteps(args, 1, len(items)) {
				return nil, errStepsExceeded
			}
			return sumItems(items, "Price"), nil
		}, new(func([]*Item, *StepCount) decimal.Decimal), new(func([]*Item) decimal.Decimal)),
		expr.Function("sumOf", func(args ...any) (any, error) {
			items, _ := args[0].([]*Item)
			field, _ := args[1].(string)
			if !slices.Contains(sumFields, field) {
				return nil, fmt.Errorf("sumOf: unknown field %s (expected one of %v)", text.Quote(field), sumFields)
			}
			if !takeSteps(args, 2, len(items)) {
				return nil, errStepsExceeded
			}
			return sumItems(items, field), nil
		}, new(func([]*Item, string, *StepCount) decimal.Decimal), new(func([]*Item, string) decimal.Decimal)),
		// Charges the steps of an argument that a builtin walks
		// (steps.go).
		expr.Function(walkVar, walked, new(func(any, *StepCount) any)),
		expr.Function("countItems", func(args ...any) (any, error) {
			items, _ := args[0].([]*Item)
			return len(items), nil
		}, new(func([]*Item) int)),
		expr.Function("minOf", func(args ...any) (any, error) {
			a, b, err := decimalPair(args)
			if cmpDecimal(a, b) <= 0 {
				return a, err
			}
			return b, err
		}, dd, di, id),
		expr.Function("maxOf", func(args ...any) (any, error) {
			a, b, err := decimalPair(args)
			if cmpDecimal(a, b) >= 0 {
				return a, err
			}
			return b, err
		}, dd, di, id),
		expr.Function("toInt", func(args ...any) (any, error) {
			d, err := ToDecimal(args[0])
			if err != nil {
				return nil, err
			}
			return wholePart(d)
		}, new(func(decimal.Decimal) int), new(func(int) int)),
		expr.Function("asItems", func(args ...any) (any, error) {
			switch x := args[0].(type) {
			case []*Item:
				return x, nil
			case []any:
				out := make([]*Item, len(x))
				for i, e := range x {
					it, ok := e.(*Item)
					if !ok {
						return nil, fmt.Errorf("asItems: element %d is %T, not a cart item", i, e)
					}
					out[i] = it
				}
				return out, nil
			}
			return nil, fmt.Errorf("asItems: expected a list of cart items, got %T", args[0])
		}, new(func([]any) []*Item), new(func([]*Item) []*Item)),
		expr.Function("couponValid", func(...any) (any, error) {
			return nil, errors.New("couponValid: not rewritten at load")
		}, new(func() bool)),
		expr.Function("referralValid", func(...any) (any, error) {
			return nil, errors.New("referralValid: not rewritten at load")
		}, new(func() bool)),
	}
}
