package engine

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
	"github.com/shopspring/decimal"
)

// ReturnedItem is a quantity of one cart item (by position) being returned.
type ReturnedItem struct {
	Position int `json:"position"`
	Quantity int `json:"quantity"`
}

// Return records returned units of a closed or partially returned session
// (Talon.One's returns endpoint). Each returned unit is refunded exactly
// what its ledger says it received, never re-prorated; the response holds
// the rollback effects of those units' discounts and of the loyalty points
// the program's return policy takes back. The session becomes partially
// returned.
func (e *Engine) Return(ctx context.Context, id string, items []ReturnedItem) (*Response, error) {
	return e.onStored(ctx, id, func(stored *store.Session) (*Response, *store.ChangeSet, error) {
		return e.planReturn(ctx, stored, items, false)
	})
}

// planReturn plans a return; a dry one (a preview) is no activity of the
// profile, which its answer shows.
func (e *Engine) planReturn(ctx context.Context, stored *store.Session, items []ReturnedItem, dry bool) (*Response, *store.ChangeSet, error) {
	if stored.State != cart.StateClosed && stored.State != cart.StatePartiallyReturned {
		return nil, nil, badTransitionAt(storedState, stored.State, cart.StatePartiallyReturned, "only a closed session can have items returned")
	}
	if len(items) == 0 {
		return nil, nil, badField("/returnedCartItems", "Required", "a return needs at least one returned cart item")
	}
	// Only the units' Returned marks change: the discounts and postings
	// are shared with the stored session, which never changes them.
	ledger := stored.Ledger
	ledger.Units = slices.Clone(ledger.Units)
	units := ledger.Units
	returned := map[int]int{}
	for k, v := range stored.Returned {
		returned[k] = v
	}
	cur := e.file.Currency
	summary := &ReturnSummary{Items: []ReturnedUnit{}}
	// Mark the units: the last ones of each line that are not yet returned.
	returning := make([]bool, len(units))
	for i, it := range items {
		ptr := "/returnedCartItems/" + strconv.Itoa(i)
		left := 0
		for k, u := range units {
			if u.Position == it.Position && !u.Returned && !returning[k] {
				left++
			}
		}
		switch {
		case it.Position < 0 || left == 0 && !hasLine(units, it.Position):
			return nil, nil, badField(ptr+"/position", "Invalid", "the session has no cart item at position %d", it.Position)
		case it.Quantity < 1:
			return nil, nil, badField(ptr+"/quantity", "Invalid", "expected a quantity of 1 or more, got %d", it.Quantity)
		case it.Quantity > left:
			return nil, nil, badField(ptr+"/quantity", "Invalid", "returning %d units of position %d, but only %d are not returned yet", it.Quantity, it.Position, left)
		}
		need := it.Quantity
		for k := len(units) - 1; k >= 0 && need > 0; k-- {
			u := &units[k]
			if u.Position == it.Position && !u.Returned && !returning[k] {
				returning[k] = true
				need--
			}
		}
		returned[it.Position] += it.Quantity
	}
	received := make([]int64, len(units))
	for _, p := range ledger.Postings {
		received[p.Unit] += p.Amount
	}
	var paid, refund, gross int64
	for k := range units {
		u := &units[k]
		if u.Position < 0 {
			continue
		}
		d := received[k]
		if !u.Returned {
			paid += u.Price - d
		}
		if !returning[k] {
			continue
		}
		u.Returned = true
		refund += u.Price - d
		gross += u.Price
		summary.Items = append(summary.Items, ReturnedUnit{Position: u.Position, SubPosition: u.SubPosition, SKU: ledger.Names[u.Name],
			Price: cur.Money(u.Price), Discount: cur.Money(d), Refund: cur.Money(u.Price - d)})
	}
	summary.Refund = cur.Money(refund)
	discountBy := map[int64]int64{}
	for _, p := range ledger.Postings {
		if returning[p.Unit] {
			discountBy[ledger.Discounts[p.Discount].CampaignID] += p.Amount
		}
	}
	list := discountRollbacks(ledger, func(u int) bool { return returning[u] }, cur)

	commit := *stored.Committed
	commit.Counters = append([]store.CounterAdd(nil), commit.Counters...)
	cs := &store.ChangeSet{ExpectVersion: stored.Version}
	// Money budgets get back what the returned units received.
	for i, a := range commit.Counters {
		if a.Key.Action != string(rules.LimitSetDiscount) || discountBy[a.Key.CampaignID] == 0 {
			continue
		}
		back := min(discountBy[a.Key.CampaignID], a.Delta)
		commit.Counters[i].Delta -= back
		cs.Counters = append(cs.Counters, store.CounterAdd{Key: a.Key, Delta: -back})
	}
	// Loyalty points earned by the session go back in the share of what was
	// paid that is returned, as far as the program's return policy allows.
	txns, err := e.sessionTxns(ctx, stored)
	if err != nil {
		return nil, nil, err
	}
	now := e.clock()
	for _, t := range txns {
		if t.Points.Sign() <= 0 || paid == 0 {
			continue
		}
		share := t.Points.Mul(decimal.NewFromInt(refund)).DivRound(decimal.NewFromInt(paid), 8).Truncate(pointsScale)
		take := e.returnable(ctx, t, share, now)
		if take.Sign() <= 0 {
			continue
		}
		list = append(list, loyaltyRollback(stored.Effects, t, take))
		reduced := t
		reduced.Points = t.Points.Sub(take)
		cs.RemoveLoyalty = append(cs.RemoveLoyalty, t.ID)
		cs.Loyalty = append(cs.Loyalty, reduced)
	}
	for i := range list {
		list[i].RulesetID = list[i].CampaignID
	}
	rec := *stored
	rec.Returns = append(append([]effects.Effect(nil), stored.Returns...), list...)
	rec.State = cart.StatePartiallyReturned
	rec.Ledger, rec.Returned = ledger, returned
	commit.TotalSales -= gross
	rec.Committed = &commit
	rec.Updated = now
	cs.Session = &rec
	if id := stored.Input.ProfileID; id != "" {
		d := store.ProfileDelta{ID: id, TotalSales: -gross}
		if !dry {
			d.Activity = now
		}
		cs.ProfileDeltas = append(cs.ProfileDeltas, d)
	}
	c, err := e.replay(&rec)
	if err != nil {
		return nil, nil, err
	}
	resp := e.stateResponse(ctx, &rec, list, c, cs)
	resp.Return = summary
	return resp, cs, nil
}

// returnable is how many of share points of an earning the program's
// return policy takes back: only_pending takes them only while they are
// pending, within_balance no more than the active balance, unlimited all.
func (e *Engine) returnable(ctx context.Context, t store.LoyaltyTxn, share decimal.Decimal, now time.Time) decimal.Decimal {
	p := e.programs[t.ProgramID]
	policy := rules.ReturnOnlyPending
	if p != nil && p.ReturnPolicy != "" {
		policy = p.ReturnPolicy
	}
	switch policy {
	case rules.ReturnUnlimited:
		return share
	case rules.ReturnWithinBalance:
		txns, err := e.store.Loyalty(ctx, t.ProfileID, t.ProgramID)
		if err != nil {
			return decimal.Zero
		}
		b := balanceOf(txns, now)
		return decimal.Min(share, decimalFromCount(b.current+b.pending))
	}
	if t.ActiveFrom.After(now) {
		return share
	}
	return decimal.Zero
}

func hasLine(units []store.UnitLedger, position int) bool {
	for _, u := range units {
		if u.Position == position {
			return true
		}
	}
	return false
}
