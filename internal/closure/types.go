package closure

import (
	"sync"

	"reflect"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/conf"

	"github.com/shopspring/decimal"
)

// The types that the analyses and the loader's checks compare an
// expression's checked type with.
var (
	DecimalType = reflect.TypeFor[decimal.Decimal]()
	TimeType    = reflect.TypeFor[time.Time]()
	ItemsType   = reflect.TypeFor[[]*Item]()
	BoolType    = reflect.TypeFor[bool]()
	StringType  = reflect.TypeFor[string]()
	IntType     = reflect.TypeFor[int]()
)

// MemoryBudget is the memory (in expr's units: roughly, elements of the
// collections an expression builds) one run of an expression may use
// before it fails. No text a run builds may be longer than MemoryBudget
// bytes either, nor a number have more than MaxDigits digits (budget.go).
const MemoryBudget = 100_000

// Program is an expression compiled to Go closures (Compile).
type Program func(r *Runner) any

// MaxNodes is the most AST nodes an expression may have.
const MaxNodes = 2000

// BaseConfig is the expr configuration every compiler starts from. Its
// tables are only read after it is built, so compilers in different
// goroutines share them; each copy gets its own type cache.
var BaseConfig = sync.OnceValue(func() *conf.Config {
	c := conf.CreateNew()
	for _, o := range AllOptions() {
		o(c)
	}
	expr.MaxNodes(MaxNodes)(c)
	return c
})

// AllOptions are the loader's functions and operators as expr options: the
// builtins of the rule language, attribute accessors, decimal operators,
// compiled item predicates and the memory budget's replacements.
func AllOptions() []expr.Option {
	return append(append(append(append(builtinOptions(), attributeOptions()...), decimalOptions()...), predicateOptions()...), budgetOptions()...)
}

// Visitor is an ast.Visitor of a function.
type Visitor func(ast.Node)

// Visit calls v with the node, after WalkFolded.
func (v Visitor) Visit(n *ast.Node) {
	WalkFolded(n, v)
	v(*n)
}

// WalkFolded walks, with v, the map that expr's optimizer folded into a
// filter (BuiltinNode.Map, from map(filter(xs, p), f)), when n is such a
// filter: ast.Walk does not, and an analysis that missed it would miss
// what f reads. An ast.Visitor of its own calls it first from Visit.
func WalkFolded(n *ast.Node, v ast.Visitor) {
	if b, ok := (*n).(*ast.BuiltinNode); ok && b.Map != nil {
		ast.Walk(&b.Map, v)
	}
}
