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

// view turns engine responses into the response bodies, with the IDs and
// times of one request.
type view struct {
	s     *Server
	st    *state
	now   time.Time
	write bool // the request stores what it answers
	// dry is a request that stores nothing: the codes it creates get no
	// record (their ID is 0), so that dry runs do not grow the server's
	// IDs.
	dry bool
}

// code is the record of a code the response created: made, unless the
// request is dry.
func (v *view) code(kind, key string) record {
	if v.dry {
		return v.s.ids.peek(kind, key, v.now)
	}
	return v.s.ids.touch(kind, key, v.now, false)
}

// codeID is the ID of a stored coupon or referral code.
func (v *view) codeID(kind, key string) int64 { return v.s.ids.peek(kind, key, v.now).ID }

// effectsOf copies the effects, each with the ID of the coupon its
// campaign accepted (triggeredByCoupon) for a coupon campaign.
func (v *view) effectsOf(list []effects.Effect) []effects.Effect {
	out := slices.Clone(list)
	if out == nil {
		return []effects.Effect{}
	}
	coupon := map[int64]int64{}
	for _, e := range out {
		if p, ok := e.Props.(*effects.AcceptCoupon); ok {
			coupon[e.CampaignID] = v.s.ids.touch(kindCoupon, p.Value, v.now, false).ID
		}
	}
	for i := range out {
		if id, ok := coupon[out[i].CampaignID]; ok && out[i].TriggeredByCoupon == nil {
			out[i].TriggeredByCoupon = &id
		}
	}
	return out
}

// session is the CustomerSessionV2 of an engine response.
func (v *view) session(ss *engine.SessionState, profile *engine.ProfileState) *sessionV2 {
	if ss == nil {
		return nil
	}
	var rec record
	if v.write {
		rec = v.s.ids.touch(kindSession, ss.IntegrationID, v.now, true)
	} else {
		rec = v.s.ids.peek(kindSession, ss.IntegrationID, v.now)
	}
	first := true
	if ss.ProfileID != "" && profile != nil {
		closed := profile.ClosedSessions
		if ss.State == cart.StateClosed {
			closed--
		}
		first = closed <= 0
	}
	return &sessionV2{ID: rec.ID, Created: rec.Created, ApplicationID: v.s.cfg.ApplicationID, SessionState: ss,
		FirstSession: first, UpdateCount: max(rec.Updates, 1), Updated: rec.Updated}
}

// profile is the CustomerProfile of an engine response; nil for an
// anonymous session.
func (v *view) profile(ps *engine.ProfileState) *profileV2 {
	if ps == nil {
		return nil
	}
	var rec record
	if v.write {
		rec = v.s.ids.touch(kindProfile, ps.IntegrationID, v.now, true)
	} else {
		rec = v.s.ids.peek(kindProfile, ps.IntegrationID, v.now)
	}
	return &profileV2{ID: rec.ID, Created: rec.Created, ProfileState: ps, AccountID: v.s.cfg.AccountID,
		LoyaltyMemberships: []any{}, AudienceMemberships: []any{}, LastActivity: rec.Updated}
}

// state is the IntegrationStateV2 of an engine response.
func (v *view) state(r *engine.Response, c content) *stateV2 {
	out := &stateV2{Effects: v.effectsOf(r.Effects), CreatedCoupons: []couponV2{}, CreatedReferrals: []referralV2{}}
	for _, cc := range r.CreatedCoupons {
		rec := v.code(kindCoupon, cc.Value)
		out.CreatedCoupons = append(out.CreatedCoupons, couponV2{ID: rec.ID, Created: rec.Created, CampaignID: cc.CampaignID,
			Value: cc.Value, UsageLimit: cc.UsageLimit, StartDate: cc.StartDate, ExpiryDate: cc.ExpiryDate, Limits: []any{},
			RecipientIntegrationID: cc.Recipient, Reservation: true})
	}
	for _, cr := range r.CreatedReferrals {
		rec := v.code(kindReferral, cr.Code)
		out.CreatedReferrals = append(out.CreatedReferrals, referralV2{ID: rec.ID, Created: rec.Created, StartDate: cr.StartDate,
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

// returned is the Return of a return's response.
func (v *view) returned(id string, items []engine.ReturnedItem, r *engine.Response) *returnV2 {
	sess := v.s.ids.peek(kindSession, id, v.now)
	var rec record
	if v.write {
		rec = v.s.ids.touch(kindReturn, id+"\x00"+strconv.FormatInt(v.s.ids.touch(kindReturn, id, v.now, true).Updates, 10), v.now, false)
	}
	out := &returnV2{ID: rec.ID, Created: v.now, ApplicationID: v.s.cfg.ApplicationID, AccountID: v.s.cfg.AccountID,
		ReturnedCartItems: items, SessionID: sess.ID, SessionIntegrationID: id, ReturnedUnits: []engine.ReturnedUnit{}}
	if r.CustomerSession != nil {
		out.ProfileIntegrationID = r.CustomerSession.ProfileID
	}
	if r.Return != nil {
		out.ReturnedUnits, out.RefundTotal = r.Return.Items, r.Return.Refund
		if out.ReturnedUnits == nil {
			out.ReturnedUnits = []engine.ReturnedUnit{}
		}
	}
	return out
}
