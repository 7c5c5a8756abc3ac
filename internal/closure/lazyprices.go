package closure

import (
	"reflect"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/internal/builtins"
)

// Which programs may read a unit's prices.
//
// The engine's Env makes the units' Price and PriceAfterDiscounts
// decimals when they are needed, not when it is built, and Env.update
// leaves the new PriceAfterDiscounts to be made likewise
// (cartSource.settle): the runner settles them before a program that may
// read them. "May read" is decided at load, on the checked tree, and errs
// on the side of yes: besides the field named in a member access, a
// predicate or sumOf, it covers reading a field by a name known only at
// run time, the builtins that read a whole value (those that
// internal/builtins' table marks ReadsWhole: toJSON, string, get, keys,
// values, toPairs, and those that compare whole values) given anything
// that may hold units (holdsUnits), and ==, !=, in and contains between
// such values: expr compares units field by field. Price is also read by
// the builtins that order or sum units by it (priceCalls). A unit written
// into an effect or a text is written as its SKU and position
// (jsonValue), so results need no such care.

const (
	fieldPrice               = "Price"
	fieldPriceAfterDiscounts = "PriceAfterDiscounts"
)

// priceCalls are the builtins that read the units' Price themselves.
var priceCalls = map[string]bool{"cheapest": true, "mostExpensive": true, "sumPrice": true}

// comparisons compare whole values.
var comparisons = map[string]bool{"==": true, "!=": true, "in": true, "not in": true, "contains": true}

// ReadsPricesAfterDiscounts reports whether running the tree may read a
// unit's PriceAfterDiscounts.
func ReadsPricesAfterDiscounts(root ast.Node) bool {
	return readsUnitField(root, fieldPriceAfterDiscounts, nil, func(p *ItemPredicate) bool { return p.readsPrices })
}

// ReadsPrices reports whether running the tree may read a unit's Price.
func ReadsPrices(root ast.Node) bool {
	return readsUnitField(root, fieldPrice, priceCalls, func(p *ItemPredicate) bool { return p.readsBase })
}

// readsUnitField reports whether running the tree may read the unit field
// named field; calls are the builtins that read it themselves, and
// predicate says whether a compiled item predicate does.
func readsUnitField(root ast.Node, field string, calls map[string]bool, predicate func(*ItemPredicate) bool) bool {
	reads := false
	ast.Walk(&root, Visitor(func(n ast.Node) {
		if reads {
			return
		}
		switch n := n.(type) {
		case *ast.StringNode:
			reads = n.Value == field
		case *ast.MemberNode:
			switch n.Property.(type) {
			case *ast.StringNode, *ast.IntegerNode:
			default:
				reads = true // a field named at run time
			}
		case *ast.ConstantNode:
			if p, ok := n.Value.(*ItemPredicate); ok {
				reads = predicate(p)
			}
		case *ast.BuiltinNode:
			if builtins.Of(n.Name).ReadsWhole {
				for _, a := range n.Arguments {
					reads = reads || holdsUnits(a.Type())
				}
			}
		case *ast.BinaryNode:
			if comparisons[n.Operator] {
				reads = holdsUnits(n.Left.Type()) || holdsUnits(n.Right.Type())
			}
		case *ast.CallNode:
			// A method call's receiver is walked as any other node: a
			// unit and the views have no methods.
			id, ok := n.Callee.(*ast.IdentifierNode)
			if !ok {
				return
			}
			// toJSON and string are the loader's own (budget.go), not
			// builtins, but read whole values as expr's do: the table's
			// row for the builtin they replace says so.
			if builtins.Of(id.Value).ReadsWhole {
				for _, a := range n.Arguments {
					reads = reads || holdsUnits(a.Type())
				}
			}
			reads = reads || calls[id.Value]
			if id.Value == "sumOf" && len(n.Arguments) >= 2 { // and #steps (steps.go)
				if _, ok := n.Arguments[1].(*ast.StringNode); !ok {
					reads = true // a field named at run time
				}
			}
		}
	}))
	return reads
}

// holdsUnits reports whether a value of type t may hold a unit: a unit,
// a list or mapping of them, a struct with one (SessionView), or a type
// known only at run time (nil, or an interface).
func holdsUnits(t reflect.Type) bool {
	return holdsUnitsSeen(t, map[reflect.Type]bool{})
}

var (
	unitType     = reflect.TypeFor[Item]()
	leafDecimal  = reflect.TypeFor[decimal.Decimal]()
	leafTime     = reflect.TypeFor[time.Time]()
	leafInterval = reflect.TypeFor[time.Duration]()
)

func holdsUnitsSeen(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t == nil {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t {
	case unitType:
		return true
	case leafDecimal, leafTime, leafInterval:
		return false
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsUnitsSeen(t.Elem(), seen)
	case reflect.Map:
		return holdsUnitsSeen(t.Key(), seen) || holdsUnitsSeen(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holdsUnitsSeen(f.Type, seen) {
				return true
			}
		}
	}
	return false
}
