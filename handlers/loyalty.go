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
		// A line's units are consecutive, from its sub-position 0.
		if n = c.Lines()[pos].Item.Quantity; n == 0 {
			return 0, 0, nil
		}
		first, err = c.UnitIndex(int(pos), 0)
		return first, n, err
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
	if !cartOps.TakeBackLoyalty(c, programID, subLedger, transaction, points.Decimal, sign) {
		want := points.Decimal
		if sign < 0 {
			want = want.Neg()
		}
		return FieldError("value", fmt.Errorf("%w: the cart has no change of %s points in program %d (%s)", ErrNothingToRollBack, want.String(), programID, subLedger))
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
