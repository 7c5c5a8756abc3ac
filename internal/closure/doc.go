// Package closure owns the rules loader's expression machinery below
// the public rules package: the views that expressions read (Item,
// SessionView, ProfileView, CouponView, ReferralView, CampaignView and
// their Attributes), the expr configuration of the rule language (the
// cart-item builtins, attribute accessors, decimal operators, compiled
// item predicates and the memory budget's bounded builtins: BaseConfig),
// the patcher that rewrites checked trees (Patcher), the step budget
// (StepPass, StepCount), the analyses run on a compiled tree
// (ReadsPrices, ReadsPricesAfterDiscounts, CountsSteps), the index of an Env's units
// by field (Index), and the compiler of a checked tree to Go closures
// (Compile), which run against a Runner instead of expr's VM.
//
// rules imports it and names the views for its users (type aliases);
// closure imports cart, internal/builtins, internal/text, expr and
// decimal, and never rules. It is not API: nothing outside the module
// can import it, and rules' users see only the aliased views and the
// bounds (MaxSteps, MemoryBudget, MaxDigits, DivisionScale, MaxNodes)
// that rules re-exports.
//
// Runtime failures inside the loader's functions are errors of this
// package (ErrMemoryBudget, ErrStepBudget): expr's VM wraps them in its
// *file.Error, and a compiled program declines (Runner.Run reports
// false) wherever expr would fail, so that the VM runs the program again
// and reports the error in its words.
package closure
