package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/store"
	"github.com/shopspring/decimal"
)

// Reopen makes a closed session open again (Talon.One's reopen endpoint):
// it returns the rollback effects of what the close committed and restores
// the counters, redemptions and points. Created coupons and referrals,
// attribute updates and free items stay.
func (e *Engine) Reopen(ctx context.Context, id string) (*Response, error) {
	return e.onStored(ctx, id, func(stored *store.Session) (*Response, *store.ChangeSet, error) {
		if stored.State != cart.StateClosed {
			return nil, nil, badTransitionAt(storedState, stored.State, cart.StateOpen, "only a closed session can be reopened")
		}
		return e.rollBack(ctx, stored, cart.StateOpen)
	})
}

// onStored plans a change of a stored session and commits it once. It has
// no retry: a reopen or a return only gives back counters, so it cannot
// lose a race for a limit; a concurrent change of the session is a
// conflict.
func (e *Engine) onStored(ctx context.Context, id string, plan func(*store.Session) (*Response, *store.ChangeSet, error)) (*Response, error) {
	stored, err := e.store.Session(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("engine: reading session %q: %w", id, err)
	}
	resp, cs, err := plan(stored)
	if err != nil {
		return nil, err
	}
	if err := e.store.Commit(ctx, cs); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil, conflict(id, err)
		}
		return nil, fmt.Errorf("engine: storing session %q: %w", id, err)
	}
	return resp, nil
}

// rollBack undoes what a closed (or partially returned) session committed,
// for a cancel or a reopen: the rollback effects of every unit's discounts
// not yet returned, of the coupons, the referral and the loyalty points,
// and a change set that restores the counters and the profile.
func (e *Engine) rollBack(ctx context.Context, stored *store.Session, to cart.State) (*Response, *store.ChangeSet, error) {
	c, err := e.replay(stored)
	if err != nil {
		return nil, nil, err
	}
	units := stored.Ledger.Units
	list := discountRollbacks(stored.Ledger, func(u int) bool { return !units[u].Returned }, c.Currency)
	commit := stored.Committed
	if commit == nil {
		commit = &store.Commitment{}
	}
	for _, code := range commit.Coupons {
		list = append(list, effects.Effect{CampaignID: campaignOfCoupon(stored.Effects, code), EffectType: effects.TypeRollbackCoupon, Props: &effects.RollbackCoupon{Value: code}})
	}
	if commit.Referral != "" {
		list = append(list, effects.Effect{CampaignID: campaignOfReferral(stored.Effects, commit.Referral), EffectType: effects.TypeRollbackReferral, Props: &effects.RollbackReferral{Value: commit.Referral}})
	}
	txns, err := e.sessionTxns(ctx, stored)
	if err != nil {
		return nil, nil, err
	}
	now := e.clock()
	var removed []string
	var kept []store.LoyaltyTxn
	for _, t := range txns {
		if t.Points.IsZero() {
			// What returns left of an earning they took back in full:
			// nothing to roll back (a handler refuses a rollback of 0).
			removed = append(removed, t.ID)
			continue
		}
		value := t.Points.Abs()
		if to == cart.StateCancelled && t.Points.Sign() > 0 {
			// Earned points go back as far as the program's return
			// policy allows, as on a return.
			value = e.returnable(ctx, t, t.Points, now)
			if value.Sign() <= 0 {
				continue
			}
			if value.LessThan(t.Points) {
				reduced := t
				reduced.Points = t.Points.Sub(value)
				kept = append(kept, reduced)
			}
		}
		list = append(list, loyaltyRollback(stored.Effects, t, value))
		removed = append(removed, t.ID)
	}
	for i := range list {
		list[i].RulesetID = list[i].CampaignID
	}
	after, applied, err := e.handlers.Apply(c, list)
	if err != nil {
		return nil, nil, fmt.Errorf("engine: rolling back session %q: %w", stored.ID, err)
	}
	rec := *stored
	rec.State = to
	rec.Committed = nil
	rec.Updated = e.clock()
	if to == cart.StateOpen {
		in := *stored.Input
		in.State = cart.StateOpen
		rec.Input = &in
		rec.Ledger, rec.Returned = store.Ledger{}, nil
	}
	cs := &store.ChangeSet{Session: &rec, ExpectVersion: stored.Version}
	for _, a := range commit.Counters {
		cs.Counters = append(cs.Counters, store.CounterAdd{Key: a.Key, Delta: -a.Delta})
	}
	cs.RemoveLoyalty, cs.Loyalty = removed, kept
	if id := stored.Input.ProfileID; id != "" {
		d := store.ProfileDelta{ID: id, ClosedSessions: -1, TotalSales: -commit.TotalSales, Activity: rec.Updated}
		if commit.Referral != "" {
			none := ""
			d.ReferredBy = &none
		}
		cs.ProfileDeltas = append(cs.ProfileDeltas, d)
	}
	return e.stateResponse(ctx, &rec, applied, after, cs), cs, nil
}

// discountRollbacks are the rollbackDiscount effects of the discounts of
// the units (and session costs) for which include is true, in the order
// of the ledger.
func discountRollbacks(l store.Ledger, include func(unit int) bool, cur cart.Currency) []effects.Effect {
	var list []effects.Effect
	for _, p := range l.Postings {
		if !include(int(p.Unit)) {
			continue
		}
		u, d := &l.Units[p.Unit], &l.Discounts[p.Discount]
		r := &effects.RollbackDiscount{Name: d.Name, Value: effects.NewNumber(cur.Decimal(p.Amount))}
		if d.Scope != "" {
			scope := effects.Scope(d.Scope)
			r.Scope = &scope
		}
		if u.Position >= 0 {
			pos, sub := effects.Index(u.Position), effects.Index(u.SubPosition)
			r.CartItemPosition, r.CartItemSubPosition = &pos, &sub
		} else {
			name := l.Names[u.Name]
			r.AdditionalCost = &name
		}
		list = append(list, effects.Effect{CampaignID: d.CampaignID, RulesetID: d.CampaignID, EffectType: effects.TypeRollbackDiscount, Props: r})
	}
	return list
}

// loyaltyRollback undoes value points of a transaction, in the name of the
// campaign whose effect made it.
func loyaltyRollback(list []effects.Effect, t store.LoyaltyTxn, value decimal.Decimal) effects.Effect {
	campaign := int64(0)
	for _, e := range list {
		switch p := e.Props.(type) {
		case *effects.AddLoyaltyPoints:
			if p.TransactionUUID == t.ID {
				campaign = e.CampaignID
			}
		case *effects.DeductLoyaltyPoints:
			if p.TransactionUUID == t.ID {
				campaign = e.CampaignID
			}
		}
	}
	if t.Points.Sign() >= 0 {
		return effects.Effect{CampaignID: campaign, EffectType: effects.TypeRollbackAddedLoyaltyPoints, Props: &effects.RollbackAddedLoyaltyPoints{
			ProgramID: t.ProgramID, SubLedgerID: t.SubLedgerID, Value: effects.NewNumber(value), RecipientIntegrationID: t.ProfileID, TransactionUUID: t.ID}}
	}
	return effects.Effect{CampaignID: campaign, EffectType: effects.TypeRollbackDeductedLoyaltyPoints, Props: &effects.RollbackDeductedLoyaltyPoints{
		ProgramID: t.ProgramID, SubLedgerID: t.SubLedgerID, Value: effects.NewNumber(value), RecipientIntegrationID: t.ProfileID, TransactionUUID: t.ID}}
}

// sessionTxns returns the loyalty transactions a session's close added.
func (e *Engine) sessionTxns(ctx context.Context, stored *store.Session) ([]store.LoyaltyTxn, error) {
	if stored.Committed == nil || len(stored.Committed.LoyaltyTxns) == 0 || stored.Input.ProfileID == "" {
		return nil, nil
	}
	var out []store.LoyaltyTxn
	for _, p := range e.file.LoyaltyPrograms {
		txns, err := e.store.Loyalty(ctx, stored.Input.ProfileID, p.ID)
		if err != nil {
			return nil, fmt.Errorf("engine: reading loyalty of %q: %w", stored.Input.ProfileID, err)
		}
		for _, t := range txns {
			if slices.Contains(stored.Committed.LoyaltyTxns, t.ID) {
				out = append(out, t)
			}
		}
	}
	// In the order the close made them.
	slices.SortStableFunc(out, func(a, b store.LoyaltyTxn) int {
		return slices.Index(stored.Committed.LoyaltyTxns, a.ID) - slices.Index(stored.Committed.LoyaltyTxns, b.ID)
	})
	return out, nil
}

func campaignOfCoupon(list []effects.Effect, code string) int64 {
	for _, e := range list {
		if p, ok := e.Props.(*effects.AcceptCoupon); ok && p.Value == code {
			return e.CampaignID
		}
	}
	return 0
}

func campaignOfReferral(list []effects.Effect, code string) int64 {
	for _, e := range list {
		if p, ok := e.Props.(*effects.AcceptReferral); ok && p.Value == code {
			return e.CampaignID
		}
	}
	return 0
}
