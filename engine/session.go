package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
)

// UpdateOptions change how an update is made.
type UpdateOptions struct {
	// Dry evaluates only the session given, as if it were new, and stores
	// nothing (Talon.One's dry=true).
	Dry bool
	// Profile, when set, gives the session's profile these attributes,
	// over the ones it has (a dry run only evaluates with them; an update
	// sets them, and only them, when it commits, so that a concurrent
	// update of other attributes stays).
	Profile *Profile
	// NoReceipt leaves the response's Cart nil, for a caller that shows no
	// receipt (the server: Talon.One's answers have none); an evaluated
	// update then does not build it.
	NoReceipt bool
}

// UpdateSession parses a session in Talon.One's NewCustomerSessionV2 shape
// (bare or as {"customerSession": ...}), checks its attributes against the
// campaign file's registry, and updates the stored session with it.
func (e *Engine) UpdateSession(ctx context.Context, id string, body []byte, opts UpdateOptions) (*Response, error) {
	s, err := cart.ParseSession(body, cart.ParseOptions{Currency: e.file.Currency, Registry: e.file.Registry})
	if err != nil {
		return nil, invalidInput(err)
	}
	return e.Update(ctx, id, s, opts)
}

// Update applies an update to the stored session (fields the update
// carries replace the stored ones, as Talon.One's PUT does), makes the state
// transition it asks for, evaluates the campaigns and returns the full
// snapshot of effects. Closing commits coupon and referral redemptions,
// limit and budget counters and loyalty points in one store commit;
// cancelling a closed session returns the rollback effects and restores
// them. An invalid transition is an error and changes nothing.
func (e *Engine) Update(ctx context.Context, id string, s *cart.Session, opts UpdateOptions) (*Response, error) {
	if id == "" {
		return nil, badField("", "Required", "a customer session needs an integration ID")
	}
	if s.Currency.Code == "" {
		s.Currency = e.file.Currency
	}
	if s.Currency != e.file.Currency {
		return nil, badField("", "Invalid", "the session's prices are in %s but the campaigns are in %s", s.Currency.Code, e.file.Currency.Code)
	}
	if opts.Dry {
		sess := *s
		if sess.State == "" {
			sess.State = cart.StateOpen
		}
		if !createdAs(sess.State) {
			return nil, badTransition("new", sess.State, whyNotCreated)
		}
		ev, err := e.evaluate(ctx, id, &sess, opts.Profile)
		if err != nil {
			return nil, err
		}
		ev.noReceipt = opts.NoReceipt
		resp := ev.response(nil, false)
		ev.releaseAll()
		return resp, nil
	}
	var lost lostRaces
	for {
		resp, cs, err := e.plan(ctx, id, s, opts)
		if err != nil {
			return nil, err
		}
		if opts.NoReceipt {
			resp.Cart = nil
		}
		if cs == nil {
			return resp, nil
		}
		err = e.store.Commit(ctx, cs)
		switch {
		case err == nil:
			return resp, nil
		case errors.Is(err, store.ErrLimitReached), errors.Is(err, store.ErrExists):
			if lost.again(err) {
				continue
			}
			return nil, conflict(id, fmt.Errorf("%w: %d attempts lost a race for a limit (%v)", store.ErrConflict, lost.attempts, err))
		case errors.Is(err, store.ErrConflict):
			return nil, conflict(id, err)
		default:
			return nil, fmt.Errorf("engine: storing session %q: %w", id, err)
		}
	}
}

// plan works out an update against the stored session: the response, and
// the change set that makes it so (nil when nothing is to be stored).
func (e *Engine) plan(ctx context.Context, id string, s *cart.Session, opts UpdateOptions) (*Response, *store.ChangeSet, error) {
	ctx = e.prefetch(ctx, id, s)
	stored, err := e.store.Session(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, nil, fmt.Errorf("engine: reading session %q: %w", id, err)
	}
	merged := s
	from := cart.State("")
	var version int64
	if stored != nil {
		merged = stored.Input.Merge(s)
		from, version = stored.State, stored.Version
	} else {
		m := *s
		merged = &m
	}
	to := merged.State
	if to == "" || !s.Has(cart.FieldState) {
		to = from
	}
	if to == "" {
		to = cart.StateOpen
	}
	sess := *merged
	sess.State = to

	switch {
	case from == "" && createdAs(to),
		from == cart.StateOpen && (to == cart.StateOpen || to == cart.StateClosed):
		ev, err := e.evaluate(ctx, id, &sess, opts.Profile)
		if err != nil {
			return nil, nil, err
		}
		ev.noReceipt = opts.NoReceipt
		closing := to == cart.StateClosed
		cs := ev.changeSet(stored, version, closing)
		resp := ev.response(cs, closing)
		ev.releaseAll()
		return resp, cs, nil
	case from == cart.StateOpen && to == cart.StateCancelled:
		c, err := cart.New(&sess, e.file.Rounding)
		if err != nil {
			return nil, nil, invalidInput(err)
		}
		rec := &store.Session{ID: id, Input: &sess, State: to, Created: stored.Created, Updated: e.clock(), Version: version + 1}
		cs := &store.ChangeSet{Session: rec, ExpectVersion: version}
		if sess.ProfileID != "" {
			cs.ProfileDeltas = []store.ProfileDelta{{ID: sess.ProfileID, Activity: rec.Updated}}
		}
		return e.stateResponse(ctx, rec, nil, c, cs), cs, nil
	case (from == cart.StateClosed || from == cart.StatePartiallyReturned) && to == cart.StateCancelled:
		return e.rollBack(ctx, stored, cart.StateCancelled)
	case from == cart.StateClosed && to == cart.StateClosed:
		if changed(s) {
			return nil, nil, badTransitionAt(storedState, from, to, "a closed session cannot be changed; reopen it first")
		}
		resp, err := e.replayResponse(ctx, stored)
		return resp, nil, err
	}
	why := map[cart.State]string{
		cart.StateOpen:              "only a reopen makes a closed session open again",
		cart.StatePartiallyReturned: "items are returned with a return, not an update",
		cart.StateClosed:            "only an open session can be closed",
		cart.StateCancelled:         "a cancelled session stays cancelled",
	}[to]
	if from == cart.StateCancelled {
		why = "a cancelled session cannot change"
	}
	if from == "" {
		why = whyNotCreated
	}
	if !s.Has(cart.FieldState) {
		// The update sent no state (a change of a cancelled session):
		// the stored one refuses it.
		return nil, nil, badTransitionAt(storedState, orNew(from), to, why)
	}
	return nil, nil, badTransition(orNew(from), to, why)
}

// createdAs reports whether a session can be created in a state: Talon.One
// creates sessions open or closed, and a dry run evaluates the session it is
// given as a new one.
func createdAs(s cart.State) bool { return s == cart.StateOpen || s == cart.StateClosed }

const whyNotCreated = "a new session is open or closed"

func orNew(s cart.State) cart.State {
	if s == "" {
		return "new"
	}
	return s
}

// changed reports whether an update carries anything but the state.
func changed(s *cart.Session) bool { return s.Fields&^cart.FieldState != 0 }

// evaluate runs the campaigns over a session.
func (e *Engine) evaluate(ctx context.Context, id string, sess *cart.Session, given *Profile) (*evaluation, error) {
	ev := &evaluation{
		e: e, ctx: ctx, id: id, now: e.clock(), sess: sess,
		counters: map[store.CounterKey]int64{}, used: map[store.CounterKey]int64{},
		limits: map[store.CounterKey]int64{}, balances: map[int64]*balance{},
	}
	if sess.ProfileID != "" {
		p, err := e.store.Profile(ctx, sess.ProfileID)
		switch {
		case err == nil:
			ev.profile = p
		case !errors.Is(err, store.ErrNotFound):
			return nil, fmt.Errorf("engine: reading profile %q: %w", sess.ProfileID, err)
		}
		if given != nil {
			// The rules see the stored attributes with the given ones
			// over them, as the commit leaves them.
			p := store.Profile{ID: sess.ProfileID, Created: ev.now}
			if ev.profile != nil {
				p = *ev.profile
			}
			p.Attributes = maps.Clone(p.Attributes)
			if p.Attributes == nil {
				p.Attributes = make(map[string]any, len(given.Attributes))
			}
			maps.Copy(p.Attributes, given.Attributes)
			ev.profile = &p
			ev.given = given.Attributes
			if ev.given == nil {
				ev.given = map[string]any{}
			}
		}
	}
	if err := ev.run(); err != nil {
		return nil, err
	}
	return ev, nil
}

// changeSet is what storing the evaluated session commits. Closing adds
// the redemptions, counters, loyalty points, created codes and the
// profile's statistics.
func (ev *evaluation) changeSet(stored *store.Session, version int64, closing bool) *store.ChangeSet {
	// The store keeps what it is given (store.Store), and the response
	// hands ev.effects to the caller: the record gets a copy of its own.
	rec := &store.Session{ID: ev.id, Input: ev.sess, State: ev.sess.State, Effects: slices.Clone(ev.effects), Updated: ev.now}
	if len(ev.triggered) > 0 {
		rec.Triggered = make([]int64, len(ev.triggered))
		for i, t := range ev.triggered {
			rec.Triggered[i] = t.ID
		}
	}
	rec.Created = ev.now
	if stored != nil {
		rec.Returned, rec.Created = stored.Returned, stored.Created
	}
	cs := &store.ChangeSet{Session: rec, ExpectVersion: version}
	if ev.profile == nil && ev.sess.ProfileID != "" {
		cs.Profiles = append(cs.Profiles, &store.Profile{ID: ev.sess.ProfileID, Attributes: map[string]any{}, Created: ev.now})
	}
	if ev.sess.ProfileID != "" {
		// A stored update runs the campaigns: the profile's activity
		// (Talon.One's lastActivity).
		cs.ProfileDeltas = append(cs.ProfileDeltas, store.ProfileDelta{ID: ev.sess.ProfileID, Activity: ev.now})
	}
	if ev.given != nil {
		// Only the given attributes are set, on the ones stored when the
		// commit applies: a concurrent update of other attributes stays.
		cs.Profiles = append(cs.Profiles, &store.Profile{ID: ev.sess.ProfileID, Attributes: map[string]any{}, Created: ev.now})
		cs.ProfileDeltas = append(cs.ProfileDeltas, store.ProfileDelta{ID: ev.sess.ProfileID, MergeAttributes: ev.given})
	}
	if !closing {
		return cs
	}
	commit := &store.Commitment{Coupons: ev.redeemedCoupons, Referral: ev.redeemedReferral}
	for k, d := range ev.used {
		if d != 0 {
			commit.Counters = append(commit.Counters, store.CounterAdd{Key: k, Delta: d, Limit: ev.limits[k]})
		}
	}
	for _, cc := range ev.coupons {
		if !cc.accepted {
			continue
		}
		camp := cc.campaign
		commit.Counters = append(commit.Counters, store.CounterAdd{Key: couponUsageKey(camp.ID, cc.code), Delta: 1, Limit: cc.limit})
		if ev.sess.ProfileID != "" {
			commit.Counters = append(commit.Counters, store.CounterAdd{Key: profileCouponKey(camp.ID, ev.sess.ProfileID, cc.code), Delta: 1, Limit: cc.perUser})
		}
		commit.Counters = append(commit.Counters, ev.redemptionCounters(camp, "redeemCoupon", cc.code, "")...)
	}
	if r := ev.referral; r != nil && r.accepted {
		commit.Counters = append(commit.Counters, store.CounterAdd{Key: usageKey(r.campaign.ID, actionReferralUsage, "referral", r.code), Delta: 1, Limit: r.limit})
		commit.Counters = append(commit.Counters, ev.redemptionCounters(r.campaign, "redeemReferral", "", r.code)...)
	}
	slices.SortFunc(commit.Counters, func(a, b store.CounterAdd) int { return compareKeys(a.Key, b.Key) })
	cs.Counters = commit.Counters
	for _, t := range ev.loyalty {
		commit.LoyaltyTxns = append(commit.LoyaltyTxns, t.ID)
	}
	cs.Loyalty = ev.loyalty
	for _, c := range ev.createdCoupons {
		cs.NewCoupons = append(cs.NewCoupons, &store.Coupon{Code: c.Value, CampaignID: c.CampaignID, UsageLimit: c.UsageLimit,
			StartDate: c.StartDate, ExpiryDate: c.ExpiryDate, Recipient: c.Recipient, Created: ev.now})
	}
	for _, r := range ev.createdReferrals {
		cs.NewReferrals = append(cs.NewReferrals, &store.Referral{Code: r.Code, CampaignID: r.CampaignID, Advocate: r.Advocate,
			Friend: r.Friend, UsageLimit: r.UsageLimit, StartDate: r.StartDate, ExpiryDate: r.ExpiryDate, Created: ev.now})
	}
	if ev.sess.ProfileID != "" {
		commit.TotalSales = ev.cart.Totals().Subtotal
		d := store.ProfileDelta{ID: ev.sess.ProfileID, ClosedSessions: 1, TotalSales: commit.TotalSales}
		if ev.redeemedReferral != "" {
			d.ReferredBy = &ev.redeemedReferral
		}
		cs.ProfileDeltas = append(cs.ProfileDeltas, d)
	}
	rec.Committed = commit
	rec.Ledger = unitLedger(ev.cart)
	return cs
}

// redemptionCounters are the campaign limits a redemption counts against.
func (ev *evaluation) redemptionCounters(camp *rules.Campaign, action, coupon, referral string) []store.CounterAdd {
	var out []store.CounterAdd
	for _, l := range camp.Limits {
		if string(l.Action) != action {
			continue
		}
		keys, ok := ev.limitKeys(camp, l, coupon, referral)
		if !ok {
			continue
		}
		for _, k := range keys {
			out = append(out, store.CounterAdd{Key: k, Delta: 1, Limit: ev.limitValue(l)})
		}
	}
	return out
}

func compareKeys(a, b store.CounterKey) int {
	return cmp.Or(cmp.Compare(a.CampaignID, b.CampaignID), cmp.Compare(a.Action, b.Action),
		cmp.Compare(a.Per, b.Per), cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Period, b.Period))
}

// unitLedger records what each unit and each session cost received: the
// cart's ledger regrouped by unit, with the entries of one campaign and
// discount name on one unit (on its price and on its additional costs)
// added up, and each discount described once.
func unitLedger(c *cart.Cart) store.Ledger {
	units := c.Units()
	lines := c.Lines()
	charges := c.Charges()
	sessionCosts := c.SessionCosts()
	l := store.Ledger{
		Units: make([]store.UnitLedger, 0, len(units)+len(sessionCosts)),
		Names: make([]string, 0, len(lines)+len(sessionCosts)),
	}
	for i, u := range units {
		price := charges[u.Price].Base
		for _, ch := range u.Costs {
			price += charges[ch].Base
		}
		if i == 0 || u.Position != units[i-1].Position {
			l.Names = append(l.Names, lines[u.Position].Item.SKU)
		}
		l.Units = append(l.Units, store.UnitLedger{Position: int(u.Position), SubPosition: int(u.SubPosition),
			Name: int32(len(l.Names) - 1), Price: price})
	}
	for _, ch := range sessionCosts {
		l.Names = append(l.Names, charges[ch].Name)
		l.Units = append(l.Units, store.UnitLedger{Position: -1, SubPosition: -1, Name: int32(len(l.Names) - 1), Price: charges[ch].Base})
	}
	index := func(charge int32) int32 {
		if g := &charges[charge]; g.Unit >= 0 {
			return g.Unit
		}
		return int32(len(units) + slices.Index(sessionCosts, charge))
	}
	// The postings are sorted by unit as they are made: each unit gets a
	// range of one array, as long as its entries in the cart's ledger;
	// next[u] is where unit u's next posting goes. Added-up entries
	// leave gaps, closed at the end.
	start := make([]int32, 2*len(l.Units)+1)
	next := start[len(l.Units)+1:]
	entries, descriptions := cartOps.Ledger(c)
	described := 0 // an upper bound of the distinct descriptions
	lastAdj := int32(-1)
	for _, p := range entries {
		start[index(p.Charge)+1]++
		if p.Adj != lastAdj {
			described, lastAdj = described+1, p.Adj
		}
	}
	for u := range l.Units {
		start[u+1] += start[u]
		next[u] = start[u]
	}
	postings := make([]store.Posting, len(entries))
	l.Discounts = make([]store.Discount, 0, described)
	lastAdj = -1
	var d int32
next:
	for _, p := range entries {
		adj := &descriptions[p.Adj]
		if p.Adj != lastAdj {
			// The entries of one discount come one after another:
			// its description is looked up once for them all.
			d, lastAdj = describe(&l.Discounts, adj), p.Adj
		}
		u := index(p.Charge)
		// A charge holds one entry per campaign and discount name
		// (Cart.Discount replaces its own), so only a unit with
		// additional costs, several charges, can get one twice.
		if int(u) < len(units) && len(units[u].Costs) > 0 {
			for k := start[u]; k < next[u]; k++ {
				if q := &postings[k]; q.Discount == d || sameDiscount(&l.Discounts[q.Discount], adj) {
					q.Amount += p.Amount
					continue next
				}
			}
		}
		postings[next[u]] = store.Posting{Unit: u, Discount: d, Amount: p.Amount}
		next[u]++
	}
	w := int32(0)
	for u := range l.Units {
		w += int32(copy(postings[w:], postings[start[u]:next[u]]))
	}
	l.Postings = postings[:w]
	return l
}

// describe returns the index of an adjustment's description in list,
// adding it when it is not there yet.
func describe(list *[]store.Discount, adj *cart.Adjustment) int32 {
	for i := len(*list) - 1; i >= 0; i-- {
		if d := &(*list)[i]; sameDiscount(d, adj) && d.Scope == adj.Scope {
			return int32(i)
		}
	}
	*list = append(*list, store.Discount{CampaignID: adj.CampaignID, Name: adj.Name, Scope: adj.Scope})
	return int32(len(*list) - 1)
}

// sameDiscount reports whether an adjustment is of a discount: a campaign's
// discount is known by its name.
func sameDiscount(d *store.Discount, adj *cart.Adjustment) bool {
	return d.CampaignID == adj.CampaignID && d.Name == adj.Name
}

// response builds the answer to an evaluated update.
func (ev *evaluation) response(cs *store.ChangeSet, committed bool) *Response {
	r := &Response{
		Effects:          nonNil(ev.effects),
		CreatedCoupons:   nonNil(ev.createdCoupons),
		CreatedReferrals: nonNil(ev.createdReferrals),
		Triggered:        nonNil(ev.triggered),
		RuleFailures:     nonNil(ev.failures),
	}
	if !ev.noReceipt {
		r.Cart = ev.cart.Receipt()
	}
	var returned map[int]int
	if cs != nil && cs.Session != nil {
		returned = cs.Session.Returned
	}
	r.CustomerSession = sessionState(ev.id, ev.sess, returned, ev.cart)
	r.CustomerSession.Created, r.CustomerSession.Updated = ev.now, ev.now
	if cs != nil && cs.Session != nil {
		r.CustomerSession.Created, r.CustomerSession.Updated = cs.Session.Created, cs.Session.Updated
		r.CustomerSession.Version = cs.ExpectVersion + 1
	}
	r.CustomerProfile = profileState(ev.profileAfter(cs), ev.e.file.Currency)
	if committed {
		r.Loyalty = ev.loyaltyStateAfter(ev.loyalty)
	} else {
		r.Loyalty = ev.loyaltyState(ev.loyalty)
	}
	return r
}

// profileAfter is the session's profile as the change set leaves it.
func (ev *evaluation) profileAfter(cs *store.ChangeSet) *store.Profile {
	var p store.Profile
	switch {
	case ev.profile != nil:
		p = *ev.profile
	case ev.sess.ProfileID != "":
		p = store.Profile{ID: ev.sess.ProfileID, Attributes: map[string]any{}, Created: ev.now}
	default:
		return nil
	}
	if cs != nil {
		applyDeltas(&p, cs.ProfileDeltas)
	}
	return &p
}

func applyDeltas(p *store.Profile, deltas []store.ProfileDelta) {
	for _, d := range deltas {
		if d.ID == p.ID {
			d.Apply(p)
		}
	}
}

func profileState(p *store.Profile, cur cart.Currency) *ProfileState {
	if p == nil {
		return nil
	}
	return &ProfileState{IntegrationID: p.ID, Attributes: jsonAttributes(p.Attributes), ClosedSessions: p.ClosedSessions,
		TotalSales: cur.Money(p.TotalSales), Created: p.Created, LastActivity: p.LastActivity}
}

// stateResponse answers a transition that evaluates nothing. cs, when
// not nil, is what the transition commits: the profile and loyalty shown
// are as it leaves them.
func (e *Engine) stateResponse(ctx context.Context, rec *store.Session, list []effects.Effect, c *cart.Cart, cs *store.ChangeSet) *Response {
	r := &Response{
		Effects: nonNil(list), CreatedCoupons: []CreatedCoupon{}, CreatedReferrals: []CreatedReferral{},
		Triggered: []TriggeredCampaign{}, RuleFailures: []RuleFailureReason{},
		CustomerSession: sessionState(rec.ID, rec.Input, rec.Returned, c),
		Loyalty:         LoyaltyState{Programs: map[string]ProgramLedger{}},
		Cart:            c.Receipt(),
	}
	r.CustomerSession.State = rec.State
	r.CustomerSession.Created, r.CustomerSession.Updated, r.CustomerSession.Version = rec.Created, rec.Updated, rec.Version
	if cs != nil && cs.Session == rec {
		r.CustomerSession.Version = cs.ExpectVersion + 1
	}
	if id := rec.Input.ProfileID; id != "" {
		if p, err := e.store.Profile(ctx, id); err == nil {
			if cs != nil {
				applyDeltas(p, cs.ProfileDeltas)
			}
			r.CustomerProfile = profileState(p, e.file.Currency)
		}
		ev := &evaluation{e: e, ctx: ctx, now: e.clock(), sess: rec.Input, balances: map[int64]*balance{}}
		if cs != nil {
			r.Loyalty = ev.loyaltyStateOf(cs)
		} else {
			r.Loyalty = ev.loyaltyState(nil)
		}
	}
	return r
}

// replay rebuilds a stored session's cart: its input with its effects
// applied again, which gives the same cart; then the returned units are
// marked and the loyalty points that returns took back are taken back.
func (e *Engine) replay(rec *store.Session) (*cart.Cart, error) {
	c, err := cart.New(rec.Input, e.file.Rounding)
	if err != nil {
		return nil, err
	}
	out, _, err := e.handlers.Apply(c, rec.Effects)
	if err != nil {
		return nil, fmt.Errorf("engine: replaying session %q: %w", rec.ID, err)
	}
	for _, u := range rec.Ledger.Units {
		if !u.Returned {
			continue
		}
		i, err := out.UnitIndex(u.Position, u.SubPosition)
		if err == nil {
			err = cartOps.MarkReturned(out, i)
		}
		if err != nil {
			return nil, fmt.Errorf("engine: replaying the returns of session %q: %w", rec.ID, err)
		}
	}
	if len(rec.Returns) == 0 {
		return out, nil
	}
	var points []effects.Effect
	for _, r := range rec.Returns {
		if t := r.Type(); t == effects.TypeRollbackAddedLoyaltyPoints || t == effects.TypeRollbackDeductedLoyaltyPoints {
			points = append(points, r)
		}
	}
	if out, _, err = e.handlers.Apply(out, points); err != nil {
		return nil, fmt.Errorf("engine: replaying the returns of session %q: %w", rec.ID, err)
	}
	return out, nil
}

// replayResponse answers a repeated close with what the close answered.
func (e *Engine) replayResponse(ctx context.Context, rec *store.Session) (*Response, error) {
	c, err := e.replay(rec)
	if err != nil {
		return nil, err
	}
	r := e.stateResponse(ctx, rec, rec.Effects, c, nil)
	for _, id := range rec.Triggered {
		if camp := e.file.Campaign(id); camp != nil {
			g := camp.Group
			if g == "" {
				g = rules.DefaultGroup
			}
			r.Triggered = append(r.Triggered, TriggeredCampaign{ID: id, Name: camp.Name, Group: g})
		}
	}
	return r, nil
}
