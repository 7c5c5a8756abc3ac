package closure

import "github.com/shopspring/decimal"

// The fields of Item read by name, one getter each: the compiled item
// predicates, direct programs, sumOf and the item index all use these.
var (
	textFields = map[string]func(*Item) string{
		"Sku":      func(it *Item) string { return it.Sku },
		"Name":     func(it *Item) string { return it.Name },
		"Category": func(it *Item) string { return it.Category },
	}
	intFields = map[string]func(*Item) int{
		"Quantity":    func(it *Item) int { return it.Quantity },
		"Position":    func(it *Item) int { return it.Position },
		"SubPosition": func(it *Item) int { return it.SubPosition },
	}
	decimalFields = map[string]func(*Item) decimal.Decimal{
		"Price":               func(it *Item) decimal.Decimal { return it.Price },
		"PriceAfterDiscounts": func(it *Item) decimal.Decimal { return it.PriceAfterDiscounts },
		"Weight":              func(it *Item) decimal.Decimal { return it.Weight },
		"Height":              func(it *Item) decimal.Decimal { return it.Height },
		"Width":               func(it *Item) decimal.Decimal { return it.Width },
		"Length":              func(it *Item) decimal.Decimal { return it.Length },
	}
)
