package rules

import (
	"github.com/expr-lang/expr/ast"

	"github.com/cartfx/cartfx/internal/campaignindex"
)

// The parts of a rule that the engine's campaign index analyses
// (internal/campaignindex): not part of rules' API.
func init() {
	campaignindex.Register(func(r *Rule) campaignindex.Rule {
		p := campaignindex.Rule{
			BindingNames:   r.Bindings,
			Bindings:       make([]ast.Node, len(r.bindings)),
			Conditions:     make([]ast.Node, len(r.conditions)),
			FailureEffects: len(r.failureEffects) > 0,
		}
		for i, b := range r.bindings {
			p.Bindings[i] = b.prog.Node()
		}
		for i, c := range r.conditions {
			p.Conditions[i] = c.prog.Node()
		}
		for _, e := range r.effects {
			p.EffectTypes = append(p.EffectTypes, e.typ)
		}
		for _, e := range r.failureEffects {
			p.EffectTypes = append(p.EffectTypes, e.typ)
		}
		return p
	})
}
