package closure

import "github.com/shopspring/decimal"

// Runner is the state of one rule evaluation that compiled programs and
// the functions they share with expr's VM read: the views of the
// environment, the rule's bindings evaluated so far, the unit of the
// per-item effect being built, and the step counter. rules' runner embeds
// one and adds expr's VM and its variables.
type Runner struct {
	session  *SessionView
	profile  *ProfileView
	coupon   *CouponView
	referral *ReferralView
	campaign *CampaignView

	// names and values are the rule's bindings evaluated so far; a
	// binding to a list of units bound by BindItems has ItemsResult as its
	// value until Bindings boxes it, and the list in items (parallel to
	// names).
	names  []string
	values []any
	items  [][]*Item
	// outDecimal and outItems are the result of the last direct program
	// that gave a decimal or a list of units (DecimalResult, ItemsResult).
	outDecimal decimal.Decimal
	outItems   []*Item
	// item is the unit of the per-item effect being built.
	item *Item
	// declined is set by a program that met a case it leaves to expr
	// (an error to report): the VM runs the program again.
	declined bool
	// steps are the steps this evaluation has taken (steps.go); stepFn
	// is step, bound once for the runner's life.
	steps  StepCount
	stepFn func() bool
}

// Begin starts an evaluation against the given views; they must stay
// valid until Reset.
func (r *Runner) Begin(s *SessionView, p *ProfileView, c *CouponView, ref *ReferralView, camp *CampaignView) {
	r.session, r.profile, r.coupon, r.referral, r.campaign = s, p, c, ref, camp
}

// Run runs a compiled program. ok is false when the program declined:
// it then gave back the steps it took, and expr's VM is to run it again
// (it reports the error the program left to it).
func (r *Runner) Run(p Program) (v any, ok bool) {
	v, ok = r.RunUnboxed(p)
	switch v {
	case DecimalResult:
		v = r.ResultDecimal()
	case ItemsResult:
		v = r.ResultItems()
	}
	return v, ok
}

// unboxed marks a result that a direct program left in the runner.
type unboxed uint8

// DecimalResult and ItemsResult are what RunUnboxed returns for a
// decimal and a list of units: the value is ResultDecimal's or
// ResultItems', valid until the next program runs. Boxing either into an
// any allocates, and most are consumed at once (an effect's number, a
// binding, the units of a per-item effect).
var (
	DecimalResult any = unboxed(1)
	ItemsResult   any = unboxed(2)
)

// RunUnboxed is Run, but leaves a decimal or a list of units in the
// runner (DecimalResult, ItemsResult) rather than boxing it.
func (r *Runner) RunUnboxed(p Program) (v any, ok bool) {
	steps := r.steps
	v = p(r)
	if !r.declined {
		return v, true
	}
	r.declined, r.steps = false, steps
	r.outItems = nil
	return nil, false
}

// ResultDecimal returns the decimal of the last RunUnboxed that gave
// DecimalResult.
func (r *Runner) ResultDecimal() decimal.Decimal { return r.outDecimal }

// ResultItems returns the list of the last RunUnboxed that gave
// ItemsResult, and forgets it.
func (r *Runner) ResultItems() []*Item {
	l := r.outItems
	r.outItems = nil
	return l
}

// Bind records a binding's value.
func (r *Runner) Bind(name string, v any) {
	r.names, r.values, r.items = append(r.names, name), append(r.values, v), append(r.items, nil)
}

// BindItems records a binding to a list of units, without boxing it.
func (r *Runner) BindItems(name string, l []*Item) {
	r.names, r.values, r.items = append(r.names, name), append(r.values, ItemsResult), append(r.items, l)
}

// Bindings returns the bindings recorded so far, in order, every value
// boxed.
func (r *Runner) Bindings() (names []string, values []any) {
	for i, v := range r.values {
		if v == ItemsResult {
			r.values[i] = r.items[i]
		}
	}
	return r.names, r.values
}

// binding returns a binding's value; nil when it is not set.
func (r *Runner) binding(name string) any {
	for i := len(r.names) - 1; i >= 0; i-- {
		if r.names[i] == name {
			if r.values[i] == ItemsResult {
				return r.items[i]
			}
			return r.values[i]
		}
	}
	return nil
}

// bindingItems returns a binding's list of units; nil when it is not
// set or not a list of units.
func (r *Runner) bindingItems(name string) []*Item {
	for i := len(r.names) - 1; i >= 0; i-- {
		if r.names[i] == name {
			if r.values[i] == ItemsResult {
				return r.items[i]
			}
			l, _ := r.values[i].([]*Item)
			return l
		}
	}
	return nil
}

// Item returns the unit of the per-item effect being built, or nil.
func (r *Runner) Item() *Item { return r.item }

// SetItem sets the unit of the per-item effect being built (nil for none).
func (r *Runner) SetItem(it *Item) { r.item = it }

// RestartSteps gives the failure effects a step budget of their own.
func (r *Runner) RestartSteps() { r.SetSteps(0) }

// SetSteps sets the step count to n, and forgets a program's declining.
func (r *Runner) SetSteps(n StepCount) { r.steps, r.declined = n, false }

// Steps returns the steps this evaluation has taken.
func (r *Runner) Steps() StepCount { return r.steps }

// Declined reports whether a program run without Run declined.
func (r *Runner) Declined() bool { return r.declined }

// AddStepVars adds the runner's step function and counter to the
// variables of expr's VM.
func (r *Runner) AddStepVars(vars map[string]any) {
	if r.stepFn == nil {
		r.stepFn = r.step
	}
	vars[StepVar], vars[StepsVar] = r.stepFn, &r.steps
}

// Reset makes the runner ready for the next evaluation; it keeps its
// arrays.
func (r *Runner) Reset() {
	clear(r.values)
	clear(r.items)
	r.names, r.values, r.items = r.names[:0], r.values[:0], r.items[:0]
	r.outDecimal, r.outItems = decimal.Decimal{}, nil
	r.item, r.declined, r.steps = nil, false, 0
	r.session, r.profile, r.coupon, r.referral, r.campaign = nil, nil, nil, nil, nil
}
