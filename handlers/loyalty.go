package handlers

import (
	"fmt"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
)

// position reads an optional cart-item position pair, -1 when absent, and
// checks it against the cart.
func position(c *cart.Cart, pos, sub *effects.Index, posField, subField string) (int, int, error) {
	if pos == nil {
		return -1, -1, nil
	}
	if _, _, err := unitRange(c, *pos, sub, posField, subField); err != nil {
		return 0, 0, err
	}
	if sub == nil {
		return int(*pos), -1, nil
	}
	return int(*pos), int(*sub), nil
}

// unitRange returns the units (first and how many) of a position and an
// optional sub-position (all the line's units when it is nil), or an error
// on the field that names what the cart does not have.
func unitRange(c *cart.Cart, pos effects.Index, sub *effects.Index, posField, subField string) (first, n int, err error) {
	if int(pos) >= len(c.Lines()) {
		return 0, 0, FieldError(posField, fmt.Errorf("%w: position %d (the cart has %d lines)", cart.ErrNotFound, pos, len(c.Lines())))
	}
	if sub == nil {
		first, n = c.LineUnits(int(pos))
		return first, n, nil
	}
	u, err := c.UnitIndex(int(pos), int(*sub))
	if err != nil {
		return 0, 0, FieldError(subField, err)
	}
	return u, 1, nil
}

// addLoyaltyPoints records tentative points; they persist only when the
// session closes.
func addLoyaltyPoints(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.AddLoyaltyPoints)
	if p.Value.Sign() < 0 {
		return invalid("value", "%s points is negative: expected 0 or more", p.Value.String())
	}
	pos, sub, err := position(c, p.CartItemPosition, p.CartItemSubPosition, "cartItemPosition", "cartItemSubPosition")
	if err != nil {
		return err
	}
	c.AddLoyalty(cart.LoyaltyEntry{
		ProgramID: p.ProgramID, SubLedgerID: p.SubLedgerID, Name: p.Name, CampaignID: e.CampaignID,
		TransactionID: p.TransactionUUID, Points: p.Value.Decimal, Position: pos, SubPosition: sub,
	})
	return nil
}

// deductLoyaltyPoints records a tentative deduction of points.
func deductLoyaltyPoints(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.DeductLoyaltyPoints)
	if p.Value.Sign() < 0 {
		return invalid("value", "%s points is negative: expected 0 or more", p.Value.String())
	}
	c.AddLoyalty(cart.LoyaltyEntry{
		ProgramID: p.ProgramID, SubLedgerID: p.SubLedgerID, Name: p.Name, CampaignID: e.CampaignID,
		TransactionID: p.TransactionUUID, Points: p.Value.Neg(), Position: -1, SubPosition: -1,
	})
	return nil
}

// rollbackLoyalty takes back points of a tentative change: the change with
// the same transaction (all of it, or part of it after a partial return), or
// else the first change of the same program, sub-ledger and points.
func rollbackLoyalty(c *cart.Cart, programID int64, subLedger, transaction string, points effects.Number, sign int) error {
	want := points.Decimal
	if sign < 0 {
		want = want.Neg()
	}
	var found *cart.LoyaltyEntry
	for _, l := range c.Loyalty() {
		if l.ProgramID != programID || l.SubLedgerID != subLedger || l.Points.Sign()*sign < 0 {
			continue
		}
		sameTxn := transaction != "" && l.TransactionID == transaction
		if sameTxn && l.Points.Abs().GreaterThanOrEqual(points.Decimal) || transaction == "" && l.Points.Equal(want) {
			found = &l
			break
		}
	}
	if found == nil {
		return FieldError("value", fmt.Errorf("%w: the cart has no change of %s points in program %d (%s)", ErrNothingToRollBack, want.String(), programID, subLedger))
	}
	first := true
	c.RemoveLoyalty(func(l *cart.LoyaltyEntry) bool {
		if first && l.ProgramID == found.ProgramID && l.SubLedgerID == found.SubLedgerID && l.TransactionID == found.TransactionID && l.Points.Equal(found.Points) {
			first = false
			return true
		}
		return false
	})
	if left := found.Points.Sub(want); !left.IsZero() {
		rest := *found
		rest.Points = left
		c.AddLoyalty(rest)
	}
	return nil
}

func rollbackAddedLoyaltyPoints(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.RollbackAddedLoyaltyPoints)
	return rollbackLoyalty(c, p.ProgramID, p.SubLedgerID, p.TransactionUUID, p.Value, 1)
}

func rollbackDeductedLoyaltyPoints(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.RollbackDeductedLoyaltyPoints)
	return rollbackLoyalty(c, p.ProgramID, p.SubLedgerID, p.TransactionUUID, p.Value, -1)
}
