// Package rules owns the campaign file of cartfx: its format (YAML or JSON),
// loading it with every problem reported at once with file, line, column,
// campaign and rule, compiling each rule's expressions with expr against a
// typed environment, and evaluating compiled rules into typed effects.
//
// # The file
//
// A campaign file holds the currency and rounding mode, the attribute
// registry, loyalty programs, evaluation groups and campaigns (see [File]).
// [Load] and [Parse] read it; a file with problems gives a [*LoadError]
// listing every [Problem] in the lint format, matching [ErrInvalidCampaigns].
// A problem that expr found keeps expr's *file.Error (its position in the
// expression, a snippet) as its cause ([Problem].Err): errors.As finds it
// through the LoadError, and a run-time [EvalError] keeps expr's error the
// same way. expr's messages are not rewritten, so they name Go types as
// expr does (decimal.Decimal for a number, closure.SessionView for
// Session).
//
// # Expressions
//
// Conditions, bindings and effect parameters are expr expressions checked
// against the environment described by [Env]: Session, Profile, Coupon,
// Referral, Campaign, Now, the rule's bindings, and Item inside per-item
// effects. Custom attributes are typed from the registry, so
// Session.Attributes.shippingCountry == 3 is refused at load when
// shippingCountry is a string attribute.
//
// Money is exact: money values are decimal.Decimal, the arithmetic and
// comparison operators on decimals are overloaded, number literals become
// decimals exactly as written (0.1 + 0.2 == 0.3), integer division gives a
// decimal, and division rounds half-even at [DivisionScale] digits; nothing
// reads shopspring's package-level DivisionPrecision.
//
// An expression that a file repeats (generated campaign files repeat
// many) is compiled once for each set of binding types it is checked
// against, and the rules share the compiled program.
//
// Whether a rule can trigger without a valid coupon or referral code, and
// whether it reads one, is decided at load from its checked expression
// trees, not from their text ([Rule.NeedsCoupon], [Rule.UsesCoupon],
// [Rule.NeedsReferral], [Rule.UsesReferral]): `not couponValid()` holds
// without a coupon.
//
// Bounds: a file with YAML anchors or aliases (which would repeat a
// part without making the file longer), longer than [MaxFileSize] bytes,
// with more than [MaxCampaigns] campaigns, a campaign with more than [MaxRules] rules or a
// rule with more than [MaxBindings] bindings is refused at load, as is an
// expression longer than [MaxSourceLength] bytes or with more than
// [MaxNodes] nodes; a run that builds collections beyond [MemoryBudget]
// elements, text beyond MemoryBudget bytes or a number beyond [MaxDigits]
// digits fails, in expr's VM and in direct programs alike. So does a rule
// evaluation (its bindings, conditions and effect parameters together)
// that takes more than [MaxSteps] steps: a step is an iteration of a
// closure of expr's builtins (all, any, filter, map, count, sum, reduce,
// sortBy, …), a unit tested by a compiled item filter, a unit that
// sumPrice, sumOf, cheapest or mostExpensive goes through, an element of
// a list or map that a builtin goes through without a closure (sum, max,
// sort, uniq, join, keys, `in` over a list, …) or 64 bytes of text that
// a text builtin goes through (indexOf, split, upper, …), so nested
// loops over a large cart fail with "step budget exceeded" within
// milliseconds rather than run for minutes. A run-time error (a division
// by zero, an empty list, the memory or step budget) becomes the rule's
// failure, never a panic.
//
// # Evaluation
//
// The engine builds an [Env] from the session, the working cart (after the
// earlier campaigns' effects), the profile and the clock with [NewEnv], narrows
// it to a campaign with [Env.ForCampaign], and calls [Rule.Evaluate], which
// evaluates the bindings, the conditions and the effect parameters and returns
// typed effects. Compiled rules are immutable and safe to evaluate from many
// goroutines at once. An Env a user builds stays valid as long as the user
// keeps it: nothing returns its units to a pool (the engine reuses the
// arrays of its own Envs through internal/envops, which is not API).
//
// The expression machinery (the views' definitions, the expr
// configuration, the patcher, the budgets, and the compiler of checked
// trees to Go closures) is internal/closure's; rules names the views with
// type aliases. rules imports only cart, effects, internal/ packages
// (input, text, builtins, compile, closure, envops), expr, decimal, yaml
// and the standard library; no internal package imports rules.
package rules
