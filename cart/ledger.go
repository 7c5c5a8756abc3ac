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
	Scope string
	// Amount is what an Entry took from its charge; it is ignored where an
	// adjustment is described before it is applied.
	Amount int64
}

// Entry is one adjustment recorded against one charge, with the amount it
// took from that charge in Adjustment.Amount.
type Entry struct {
	Charge int32
	Adjustment
}

// posting is how the ledger stores an entry: small and free of pointers,
// with the adjustment's description kept once in Cart.adjustments.
type posting struct {
	charge int32
	adj    int32
	amount int64
}

// Ledger returns every recorded adjustment, in the order they were made.
func (c *Cart) Ledger() []Entry {
	out := make([]Entry, len(c.ledger))
	for i, p := range c.ledger {
		out[i] = c.entry(p)
	}
	return out
}

func (c *Cart) entry(p posting) Entry {
	e := Entry{Charge: p.charge, Adjustment: c.adjustments[p.adj]}
	e.Amount = p.amount
	return e
}

// describe stores an adjustment's description and returns its index.
func (c *Cart) describe(adj Adjustment) int32 {
	adj.Amount = 0
	c.adjustments = append(c.adjustments, adj)
	return int32(len(c.adjustments) - 1)
}

// record adds an amount of a described adjustment to one charge; amount
// never exceeds the charge's remaining value.
func (c *Cart) record(charge int32, adj int32, amount int64) {
	c.charges[charge].Discount += amount
	c.ledger = append(c.ledger, posting{charge: charge, adj: adj, amount: amount})
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
	charges = distinct(charges)
	// The scratch space is the cart's own, reused by every Discount on it.
	if cap(c.scratchTargets) < len(charges) {
		c.scratchTargets = make([]Target, 0, max(len(charges), len(c.charges)))
		c.scratchParts = make([]int64, 0, cap(c.scratchTargets))
	}
	targets, parts := c.scratchTargets[:0], c.scratchParts[:len(charges)]
	for _, ch := range charges {
		targets = append(targets, c.target(ch))
	}
	c.scratchTargets = targets
	unapplied := AllocateInto(parts, amount, targets)
	if unapplied == amount {
		return 0
	}
	id := c.describe(adj)
	for i, ch := range charges {
		if parts[i] > 0 {
			c.record(ch, id, parts[i])
		}
	}
	return amount - unapplied
}

// distinct returns the charges without repeats, so that a charge listed
// twice cannot go below zero. Callers list charges in increasing order,
// which needs no copy.
func distinct(charges []int32) []int32 {
	for i := 1; i < len(charges); i++ {
		if charges[i] <= charges[i-1] {
			sorted := slices.Clone(charges)
			slices.Sort(sorted)
			return slices.Compact(sorted)
		}
	}
	return charges
}

// target describes a charge for allocation: weighted and capped by what
// remains, identified by content.
func (c *Cart) target(ch int32) Target {
	g := &c.charges[ch]
	t := Target{Weight: g.Remaining(), Cap: g.Remaining(), Base: g.Base, Name: g.Name, Position: -1, SubPosition: -1}
	if g.Unit >= 0 {
		u := &c.units[g.Unit]
		t.SKU = c.lines[u.Position].Item.SKU
		t.Position, t.SubPosition = u.Position, u.SubPosition
	}
	return t
}

// removeSame removes the adjustments of a campaign with a name from the
// given charges. Most discounts are new, so it first looks whether the
// campaign ever used the name.
func (c *Cart) removeSame(campaignID int64, name string, charges []int32) {
	used := false
	for i := range c.adjustments {
		if c.adjustments[i].CampaignID == campaignID && c.adjustments[i].Name == name {
			used = true
			break
		}
	}
	if !used {
		return
	}
	kept := c.ledger[:0]
	for _, p := range c.ledger {
		a := &c.adjustments[p.adj]
		if a.CampaignID == campaignID && a.Name == name && slices.Contains(charges, p.charge) {
			c.charges[p.charge].Discount -= p.amount
			continue
		}
		kept = append(kept, p)
	}
	c.ledger = kept
}

// RemoveAdjustments removes every adjustment for which match is true and
// gives its amount back to its charge. It returns the total removed.
func (c *Cart) RemoveAdjustments(match func(e Entry) bool) (removed int64) {
	kept := c.ledger[:0]
	for _, p := range c.ledger {
		if match(c.entry(p)) {
			c.charges[p.charge].Discount -= p.amount
			removed += p.amount
			continue
		}
		kept = append(kept, p)
	}
	c.ledger = kept
	return removed
}

// ChargeTarget returns the allocation target that Discount would use for a
// charge, for callers that allocate by other weights.
func (c *Cart) ChargeTarget(ch int32) Target { return c.target(ch) }
