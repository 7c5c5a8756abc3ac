package cart

import (
	"slices"
	"sync"

	"github.com/cartfx/cartfx/internal/cartops"
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
// with the adjustment's description kept once in Cart.adjustments. It is
// internal/cartops' type, so that the engine reads the ledger as it is.
type posting = cartops.Posting

// Ledger returns every recorded adjustment, in the order they were made.
func (c *Cart) Ledger() []Entry {
	out := make([]Entry, len(c.ledger))
	for i, p := range c.ledger {
		out[i] = c.entry(p)
	}
	return out
}

// postings returns the ledger as it is stored, and the descriptions its
// entries index: the cart's own arrays, to read and not to keep.
func (c *Cart) postings() ([]posting, []Adjustment) { return c.ledger, c.adjustments }

func (c *Cart) entry(p posting) Entry {
	e := Entry{Charge: p.Charge, Adjustment: c.adjustments[p.Adj]}
	e.Amount = p.Amount
	return e
}

// describe stores an adjustment's description and returns its index. A
// description identical to one already stored is shared.
func (c *Cart) describe(adj Adjustment) int32 {
	adj.Amount = 0
	for i := len(c.adjustments) - 1; i >= 0; i-- {
		if c.adjustments[i] == adj {
			return int32(i)
		}
	}
	c.adjustments = append(c.adjustments, adj)
	return int32(len(c.adjustments) - 1)
}

// reserve makes room for n more ledger entries and k more adjustment
// descriptions, so that a caller that is about to apply several discounts
// grows each once. It never shrinks the room, and grows at least by
// doubling; descriptions get room for at least minDescriptions, as an
// engine's campaigns add them one or two at a time.
func (c *Cart) reserve(n, k int) {
	if n > 0 && cap(c.ledger)-len(c.ledger) < n {
		grown := make([]posting, len(c.ledger), max(len(c.ledger)+n, 2*len(c.ledger)))
		copy(grown, c.ledger)
		c.ledger = grown
	}
	if k > 0 && cap(c.adjustments)-len(c.adjustments) < k {
		grown := make([]Adjustment, len(c.adjustments), max(len(c.adjustments)+k, 2*len(c.adjustments), minDescriptions))
		copy(grown, c.adjustments)
		c.adjustments = grown
	}
}

// minDescriptions is the least room reserve makes for adjustment
// descriptions.
const minDescriptions = 8

// Discount allocates amount minor units over the given charges in
// proportion to what remains on each, never taking a charge below zero, and
// records the parts as adjustments. Earlier adjustments with the same
// campaign and name on those charges are removed first, so a discount that
// is applied again replaces itself, and a charge never holds two entries of
// one campaign and name (the receipt relies on it). It returns what was applied, which is
// less than amount when the charges had less left.
func (c *Cart) Discount(adj Adjustment, amount int64, charges []int32) (applied int64) {
	charges = distinct(charges)
	c.removeSame(adj.CampaignID, adj.Name, charges)
	if amount <= 0 || len(charges) == 0 {
		return 0
	}
	// Discount allocates by what remains on each charge, capped by the same;
	// the content that breaks ties is looked up only for ties. The working
	// space comes from a pool, so that neither a cart nor its clones carry
	// it and clones can be used concurrently.
	s := discountScratchPool.Get().(*discountScratch)
	defer discountScratchPool.Put(s)
	if cap(s.parts) < len(charges) {
		n := max(len(charges), len(c.charges))
		s.parts = make([]int64, n)
		s.remaining = make([]int64, n)
	}
	parts, remaining := s.parts[:len(charges)], s.remaining[:len(charges)]
	for i, ch := range charges {
		remaining[i] = c.charges[ch].Remaining()
	}
	unapplied := allocate(&s.alloc, parts, amount, remaining, remaining, func(a, b int32) int {
		ta, tb := c.target(charges[a]), c.target(charges[b])
		return compareContent(&ta, &tb)
	})
	if unapplied == amount {
		return 0
	}
	c.reserve(len(charges), 0)
	c.post(charges, parts, c.describe(adj))
	return amount - unapplied
}

// post records the positive parts of an allocation over charges, each
// against its charge as an entry of a described adjustment; no part
// exceeds its charge's remaining value.
func (c *Cart) post(charges []int32, parts []int64, adj int32) {
	for len(c.lastPosted) < len(c.charges) {
		c.lastPosted = append(c.lastPosted, -1)
	}
	ledger, last := c.ledger, c.lastPosted
	var total int64
	for i, ch := range charges {
		p := parts[i]
		if p <= 0 {
			continue
		}
		last[ch] = max(last[ch], adj)
		c.charges[ch].Discount += p
		total += p
		ledger = append(ledger, posting{Charge: ch, Adj: adj, Amount: p})
	}
	c.ledger = ledger
	c.discount += total
}

// discountScratch is Discount's working space.
type discountScratch struct {
	parts, remaining []int64
	alloc            allocScratch
}

var discountScratchPool = sync.Pool{New: func() any { return new(discountScratch) }}

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
// given charges (distinct and in increasing order). Most discounts are new,
// so it first looks whether the campaign ever used the name, and then
// looks only at the entries of those descriptions. Most often it finds
// nothing to remove (a per-item discount of a name that other units got),
// so the search is a plain loop, without a call per entry.
func (c *Cart) removeSame(campaignID int64, name string, charges []int32) {
	var idBuf [8]int32
	ids := idBuf[:0]
	for i := range c.adjustments {
		if c.adjustments[i].CampaignID == campaignID && c.adjustments[i].Name == name {
			ids = append(ids, int32(i))
		}
	}
	if len(ids) == 0 || !c.mayHold(charges, ids[0]) {
		return
	}
	drop := func(p posting) bool {
		return slices.Contains(ids, p.Adj) && containsSorted(charges, p.Charge)
	}
	first := -1
	if len(ids) == 1 {
		id := ids[0]
		for i := range c.ledger {
			if p := &c.ledger[i]; p.Adj == id && containsSorted(charges, p.Charge) {
				first = i
				break
			}
		}
	} else {
		first = c.firstEntry(drop)
	}
	if first >= 0 {
		c.removeFrom(first, drop)
	}
}

// mayHold reports whether any of the charges may have an entry of an
// adjustment with index id or higher.
func (c *Cart) mayHold(charges []int32, id int32) bool {
	for _, ch := range charges {
		if int(ch) < len(c.lastPosted) && c.lastPosted[ch] >= id {
			return true
		}
	}
	return false
}

// containsSorted reports whether the increasing list holds x.
func containsSorted(list []int32, x int32) bool {
	if len(list) <= 8 {
		return slices.Contains(list, x)
	}
	_, ok := slices.BinarySearch(list, x)
	return ok
}

// removeEntries removes the ledger's entries for which drop is true, gives
// their amounts back to their charges and returns the sum removed.
func (c *Cart) removeEntries(drop func(p posting) bool) (removed int64) {
	first := c.firstEntry(drop)
	if first < 0 {
		return 0
	}
	return c.removeFrom(first, drop)
}

// firstEntry returns the index of the ledger's first entry for which drop
// is true, or -1.
func (c *Cart) firstEntry(drop func(p posting) bool) int {
	for i, p := range c.ledger {
		if drop(p) {
			return i
		}
	}
	return -1
}

// removeFrom removes the entry at first, for which drop is true, and every
// later one for which it is true. The ledger's array may be shared with
// clones (they see a prefix of it), so entries are never changed in place:
// a ledger that loses entries is copied.
func (c *Cart) removeFrom(first int, drop func(p posting) bool) (removed int64) {
	kept := make([]posting, first, cap(c.ledger))
	copy(kept, c.ledger[:first])
	p := c.ledger[first]
	c.charges[p.Charge].Discount -= p.Amount
	removed += p.Amount
	for _, p := range c.ledger[first+1:] {
		if drop(p) {
			c.charges[p.Charge].Discount -= p.Amount
			removed += p.Amount
			continue
		}
		kept = append(kept, p)
	}
	c.ledger = kept
	c.discount -= removed
	return removed
}

// RemoveAdjustments removes every adjustment for which match is true and
// gives its amount back to its charge. It returns the total removed.
func (c *Cart) RemoveAdjustments(match func(e Entry) bool) (removed int64) {
	return c.removeEntries(func(p posting) bool { return match(c.entry(p)) })
}
