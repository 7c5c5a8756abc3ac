package closure

import "github.com/expr-lang/expr/ast"

// What a compiled item predicate requires of a unit, for the engine's
// campaign index (internal/campaignindex): read-only analysis of the
// predicate's tree, never used to evaluate it.

// FieldValue is a text field of a unit (Sku, Name, Category) or, when
// Attribute, a unit attribute, and a value it is compared with.
type FieldValue struct {
	Field     string
	Attribute bool
	Value     string
}

// Text returns the field's value on a unit of the given line fields and
// attributes, as the predicate reads it: "" when an attribute is not
// text.
func (k FieldValue) Text(sku, name, category string, attrs map[string]any) string {
	if k.Attribute {
		v, _ := attrs[k.Field].(string)
		return v
	}
	switch k.Field {
	case "Sku":
		return sku
	case "Name":
		return name
	case "Category":
		return category
	}
	return ""
}

// PredicateRequires returns the field equalities that every unit p
// accepts satisfies (the comparisons of an && chain with text
// constants, found when the predicate was compiled), and whether p is
// exactly the one equality it returns. An
// empty list says nothing is known.
func PredicateRequires(p *ItemPredicate) (all []FieldValue, exact bool) {
	if p == nil {
		return nil, false
	}
	// keyOnly: the predicate is one equality, its key.
	return p.requires, p.keyOnly && len(p.requires) == 1
}

func requiredFields(n ast.Node, out []FieldValue) []FieldValue {
	b, ok := n.(*ast.BinaryNode)
	if !ok {
		return out
	}
	switch b.Operator {
	case "&&", "and":
		return requiredFields(b.Right, requiredFields(b.Left, out))
	case "==":
		left, right := b.Left, b.Right
		if _, ok := left.(*ast.StringNode); ok {
			left, right = right, left
		}
		c, ok := right.(*ast.StringNode)
		if !ok {
			return out
		}
		if name, ok := attributeRead(left, "attrString"); ok {
			return append(out, FieldValue{Field: name, Attribute: true, Value: c.Value})
		}
		switch f, _ := unitField(left); f {
		case "Sku", "Name", "Category":
			return append(out, FieldValue{Field: f, Value: c.Value})
		}
	}
	return out
}
