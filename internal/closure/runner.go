package closure

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

	// names and values are the rule's bindings evaluated so far.
	names  []string
	values []any
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
	steps := r.steps
	v = p(r)
	if !r.declined {
		return v, true
	}
	r.declined, r.steps = false, steps
	return nil, false
}

// Bind records a binding's value.
func (r *Runner) Bind(name string, v any) {
	r.names, r.values = append(r.names, name), append(r.values, v)
}

// Bindings returns the bindings recorded so far, in order.
func (r *Runner) Bindings() (names []string, values []any) { return r.names, r.values }

// binding returns a binding's value; nil when it is not set.
func (r *Runner) binding(name string) any {
	for i := len(r.names) - 1; i >= 0; i-- {
		if r.names[i] == name {
			return r.values[i]
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
	r.names, r.values = r.names[:0], r.values[:0]
	r.item, r.declined, r.steps = nil, false, 0
	r.session, r.profile, r.coupon, r.referral, r.campaign = nil, nil, nil, nil, nil
}
