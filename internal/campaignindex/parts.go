package campaignindex

import (
	"fmt"

	"github.com/expr-lang/expr/ast"

	"github.com/cartfx/cartfx/effects"
)

// Rule is what the analysis reads of a compiled rule: its bindings' names
// and trees in evaluation order, its conditions' trees, and its effects.
type Rule struct {
	BindingNames []string
	Bindings     []ast.Node
	Conditions   []ast.Node
	// FailureEffects says the rule has failure effects: skipping it
	// would drop them.
	FailureEffects bool
	// EffectTypes are the types of its effects and failure effects.
	EffectTypes []effects.Type
}

// registered holds the function Register was given.
var registered any

// Register records how to read a rule's parts; rules calls it once, from
// an init function. R is rules' *Rule, named by a type parameter so that
// this package does not import rules.
func Register[R any](parts func(R) Rule) { registered = parts }

// Get returns the function Register recorded, for the rule type given. It
// panics when nothing was registered or the type differs: the engine
// calls it when it is initialised, so that a mismatch fails every test.
func Get[R any]() func(R) Rule {
	f, ok := registered.(func(R) Rule)
	if !ok {
		panic(fmt.Sprintf("campaignindex: registered %T, asked for %T", registered, f))
	}
	return f
}
