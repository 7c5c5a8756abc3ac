package server

import (
	"slices"
	"strconv"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/engine"
)

// content is what a responseContent list asks for.
type content struct {
	session, profile, triggered, failures, loyalty bool
}

// view turns engine responses into the response bodies. IDs are made
// from the entities' integration IDs and codes (entityID), times read
// from what the engine stored: nothing is kept by the server, so that a
// restarted server, or another replica on the same store, answers the
// same.
type view struct {
	s   *Server
	st  *state
	now time.Time
	// dry is an answer whose session and created codes are not stored (a
	// dry run, a profile's rule-engine run): they get ID 0.
	dry bool
}

// codeID is the ID of a coupon or referral code the answer created: 0
// when it is not stored.
func (v *view) codeID(kind, code string) int64 {
	if v.dry {
		return 0
	}
	return entityID(kind, code)
}

// effectsOf gives the effects of a coupon campaign the ID of the coupon
// it accepted (triggeredByCoupon), in place: an engine response is its
// caller's, and only its Effect values change, not their props, which
// the store may share.
func (v *view) effectsOf(list []effects.Effect) []effects.Effect {
	if len(list) == 0 {
		return []effects.Effect{}
	}
	// The campaigns that accepted a coupon, in order (the last one of a
	// campaign wins), with their coupon's ID; a list, as there are few.
	type accepted struct{ campaign, coupon int64 }
	var found []accepted
	for _, e := range list {
		if p, ok := e.Props.(*effects.AcceptCoupon); ok {
			id := entityID(kindCoupon, p.Value)
			k := slices.IndexFunc(found, func(a accepted) bool { return a.campaign == e.CampaignID })
			if k < 0 {
				found = append(found, accepted{e.CampaignID, id})
			} else {
				found[k].coupon = id
			}
		}
	}
	if len(found) == 0 {
		return list
	}
	// One array holds the IDs the effects point at.
	ids := make([]int64, 0, len(list))
	for i := range list {
		if list[i].TriggeredByCoupon != nil {
			continue
		}
		for _, a := range found {
			if a.campaign == list[i].CampaignID {
				ids = append(ids, a.coupon)
				list[i].TriggeredByCoupon = &ids[len(ids)-1]
				break
			}
		}
	}
	return list
}

// session is the CustomerSessionV2 of an engine response.
func (v *view) session(ss *engine.SessionState, profile *engine.ProfileState) *sessionV2 {
	if ss == nil {
		return nil
	}
	var id int64
	if !v.dry {
		id = entityID(kindSession, ss.IntegrationID)
	}
	first := true
	if ss.ProfileID != "" && profile != nil {
		closed := profile.ClosedSessions
		if ss.State == cart.StateClosed {
			closed--
		}
		first = closed <= 0
	}
	return &sessionV2{ID: id, Created: ss.Created.UTC(), ApplicationID: v.s.cfg.ApplicationID, SessionState: ss,
		FirstSession: first, UpdateCount: max(ss.Version, 1), Updated: ss.Updated.UTC()}
}

// profile is the CustomerProfile of an engine response; nil for an
// anonymous session. Its lastActivity is the store's (the last stored
// call that ran the rule engine for it), or its creation for a profile
// that has had none yet (see docs/design.md).
func (v *view) profile(ps *engine.ProfileState) *profileV2 {
	if ps == nil {
		return nil
	}
	last := ps.LastActivity
	if last.IsZero() {
		last = ps.Created
	}
	return &profileV2{ID: entityID(kindProfile, ps.IntegrationID), Created: ps.Created.UTC(), ProfileState: ps, AccountID: v.s.cfg.AccountID,
		LoyaltyMemberships: []any{}, AudienceMemberships: []any{}, LastActivity: last.UTC()}
}

// rollbackCampaigns are the campaigns whose effects an answer of rollbacks
// (a return, a cancel) rolls back, in the order of their first effect:
// Talon.One's campaigns triggered by the event, where the engine, which
// evaluates nothing then, names none.
func rollbackCampaigns(r *engine.Response) {
	if len(r.Triggered) > 0 {
		return
	}
	seen := map[int64]bool{}
	for _, e := range r.Effects {
		if !seen[e.CampaignID] {
			seen[e.CampaignID] = true
			r.Triggered = append(r.Triggered, engine.TriggeredCampaign{ID: e.CampaignID})
		}
	}
}

// state is the IntegrationStateV2 of an engine response.
func (v *view) state(r *engine.Response, c content) *stateV2 {
	out := &stateV2{Effects: v.effectsOf(r.Effects), CreatedCoupons: []couponV2{}, CreatedReferrals: []referralV2{}}
	// Codes are stored by the commit that answers them: created then.
	created := v.now
	if r.CustomerSession != nil && !v.dry {
		created = r.CustomerSession.Updated.UTC()
	}
	for _, cc := range r.CreatedCoupons {
		out.CreatedCoupons = append(out.CreatedCoupons, couponV2{ID: v.codeID(kindCoupon, cc.Value), Created: created, CampaignID: cc.CampaignID,
			Value: cc.Value, UsageLimit: cc.UsageLimit, StartDate: cc.StartDate, ExpiryDate: cc.ExpiryDate, Limits: []any{},
			RecipientIntegrationID: cc.Recipient, Reservation: true})
	}
	for _, cr := range r.CreatedReferrals {
		out.CreatedReferrals = append(out.CreatedReferrals, referralV2{ID: v.codeID(kindReferral, cr.Code), Created: created, StartDate: cr.StartDate,
			ExpiryDate: cr.ExpiryDate, UsageLimit: cr.UsageLimit, CampaignID: cr.CampaignID,
			AdvocateProfileIntegrationID: cr.Advocate, FriendProfileIntegrationID: cr.Friend, Code: cr.Code})
	}
	if c.session {
		out.CustomerSession = v.session(r.CustomerSession, r.CustomerProfile)
	}
	if c.profile {
		out.CustomerProfile = v.profile(r.CustomerProfile)
	}
	if c.loyalty {
		out.Loyalty = v.loyalty(r.Loyalty)
	}
	if c.triggered {
		list := make([]campaignV2, 0, len(r.Triggered))
		for _, t := range r.Triggered {
			if camp, ok := v.st.campaigns[t.ID]; ok {
				list = append(list, camp)
			}
		}
		out.TriggeredCampaigns = &list
	}
	if c.failures {
		list := r.RuleFailures
		if list == nil {
			list = []engine.RuleFailureReason{}
		}
		out.RuleFailureReasons = &list
	}
	return out
}

// loyalty is the Loyalty of an engine response.
func (v *view) loyalty(l engine.LoyaltyState) *loyaltyV2 {
	out := &loyaltyV2{Programs: map[string]programV2{}, Cards: []any{}}
	for k, p := range l.Programs {
		out.Programs[k] = programV2{ID: p.ID, Title: p.Name, Name: p.Name, Ledger: p.Ledger, SubLedgers: map[string]any{}}
	}
	return out
}

// returned is the Return of a return's response. A return is known by
// its session and the count of the session's returned units after it
// (each return returns at least one, and a session with returns never
// becomes closed again), so its ID is the same on every replica; a dry
// return, not stored, has ID 0. It was created when its commit stored
// the session.
func (v *view) returned(id string, items []engine.ReturnedItem, r *engine.Response, dry bool) *returnV2 {
	out := &returnV2{Created: v.now, ApplicationID: v.s.cfg.ApplicationID, AccountID: v.s.cfg.AccountID,
		ReturnedCartItems: items, SessionID: entityID(kindSession, id), SessionIntegrationID: id, ReturnedUnits: []engine.ReturnedUnit{}}
	if ss := r.CustomerSession; ss != nil {
		out.ProfileIntegrationID = ss.ProfileID
		out.Created = ss.Updated.UTC()
		units := 0
		for _, it := range ss.CartItems {
			units += it.ReturnedQuantity
		}
		if !dry {
			out.ID = entityID(kindReturn, id+"\x00"+strconv.Itoa(units))
		}
	}
	if r.Return != nil {
		out.ReturnedUnits, out.RefundTotal = r.Return.Items, r.Return.Refund
		if out.ReturnedUnits == nil {
			out.ReturnedUnits = []engine.ReturnedUnit{}
		}
	}
	return out
}
