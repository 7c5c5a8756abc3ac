package cart

import (
	"slices"
)

// Adjustment describes a discount: which campaign and rule gave it, the
// effect's name for it, its scope, and an amount in minor units.
type Adjustment struct {
	CampaignID int64
	RuleIndex  int
	RuleName   string
	// Name is the discount's name (the effect's props.name). A discount with
	// the same campaign and name replaces the earlier one on the same
	// charges.
	Name string
	// Effect is the effect type that made the adjustment, e.g. setDiscount.
	Effect string
	// Scope is the effect's scope: sessionTotal, cartItems, additionalCosts,
	// price or itemTotal.
	Scope  string
	Amount int64
}

// Entry is one adjustment recorded against one charge.
type Entry struct {
	Charge int32
	Adjustment
}

// Ledger returns every recorded adjustment, in the order they were made.
// The slice is the cart's own: read it, do not change it.
func (c *Cart) Ledger() []Entry { return c.ledger }

// record adds an adjustment of amount to one charge; amount never exceeds
// the charge's remaining value.
func (c *Cart) record(charge int32, adj Adjustment, amount int64) {
	adj.Amount = amount
	c.charges[charge].Discount += amount
	c.ledger = append(c.ledger, Entry{Charge: charge, Adjustment: adj})
}

// Discount allocates amount minor units over the given charges in
// proportion to what remains on each, never taking a charge below zero, and
// records the parts as adjustments. Earlier adjustments with the same
// campaign and name on those charges are removed first, so a discount that
// is applied again replaces itself. It returns what was applied, which is
// less than amount when the charges had less left.
func (c *Cart) Discount(adj Adjustment, amount int64, charges []int32) (applied int64) {
	c.removeSame(adj.CampaignID, adj.Name, charges)
	if amount <= 0 || len(charges) == 0 {
		return 0
	}
	var targetBuf [stackTargets]Target
	var partBuf [stackTargets]int64
	targets, parts := targetBuf[:0], partBuf[:0]
	if len(charges) > stackTargets {
		targets = make([]Target, 0, len(charges))
		parts = make([]int64, 0, len(charges))
	}
	for _, ch := range charges {
		targets = append(targets, c.target(ch))
	}
	parts = parts[:len(targets)]
	unapplied := AllocateInto(parts, amount, targets)
	for i, ch := range charges {
		if parts[i] > 0 {
			c.record(ch, adj, parts[i])
		}
	}
	return amount - unapplied
}

// target describes a charge for allocation: weighted and capped by what
// remains, identified by content.
func (c *Cart) target(ch int32) Target {
	g := &c.charges[ch]
	t := Target{Weight: g.Remaining(), Cap: g.Remaining(), Name: g.Name, Position: -1, SubPosition: -1}
	if g.Unit >= 0 {
		u := &c.units[g.Unit]
		t.SKU = c.lines[u.Position].Item.SKU
		t.Position, t.SubPosition = u.Position, u.SubPosition
	}
	return t
}

// removeSame removes the adjustments of a campaign with a name from the
// given charges.
func (c *Cart) removeSame(campaignID int64, name string, charges []int32) {
	if len(c.ledger) == 0 {
		return
	}
	c.RemoveAdjustments(func(e *Entry) bool {
		return e.CampaignID == campaignID && e.Name == name && slices.Contains(charges, e.Charge)
	})
}

// RemoveAdjustments removes every adjustment for which match is true and
// gives its amount back to its charge. It returns the total removed.
func (c *Cart) RemoveAdjustments(match func(e *Entry) bool) (removed int64) {
	kept := c.ledger[:0]
	for i := range c.ledger {
		e := &c.ledger[i]
		if match(e) {
			c.charges[e.Charge].Discount -= e.Amount
			removed += e.Amount
			continue
		}
		kept = append(kept, *e)
	}
	clear(c.ledger[len(kept):])
	c.ledger = kept
	return removed
}

// ChargeTarget returns the allocation target that Discount would use for a
// charge, for callers that allocate by other weights.
func (c *Cart) ChargeTarget(ch int32) Target { return c.target(ch) }
