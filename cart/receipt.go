package cart

import (
	"slices"
	"sync"

	"github.com/shopspring/decimal"
)

// Receipt is what the customer pays, line by line, after the effects: the
// response's "cart" and what `cartfx apply --json` prints. Amounts are JSON
// numbers at the currency's scale.
type Receipt struct {
	Currency        string           `json:"currency"`
	Items           []ReceiptItem    `json:"items"`
	AdditionalCosts []ReceiptCost    `json:"additionalCosts"`
	Coupons         []CouponVerdict  `json:"coupons"`
	Referral        *ReferralVerdict `json:"referral"`
	Notifications   []Notification   `json:"notifications"`
	Loyalty         []LoyaltyBalance `json:"loyalty"`
	Informational   []Informational  `json:"informational"`
	Subtotal        Money            `json:"subtotal"`
	DiscountTotal   Money            `json:"discountTotal"`
	Total           Money            `json:"total"`
}

// ReceiptItem is one line of the receipt.
type ReceiptItem struct {
	Position  int    `json:"position"`
	SKU       string `json:"sku"`
	Name      string `json:"name"`
	Quantity  int    `json:"quantity"`
	UnitPrice Money  `json:"unitPrice"`
	// Discounts are every discount on the line's units and their additional
	// costs, summed per campaign and name, in the order they were given.
	Discounts []ReceiptDiscount `json:"discounts"`
	// AdditionalCosts are the line's per-unit costs, summed over its units.
	AdditionalCosts []ReceiptCost `json:"additionalCosts,omitempty"`
	// Units groups the line's units by identical discounts, like
	// commercetools' discountedPricePerQuantity: two units of a line that got
	// different cents show as two groups.
	Units []UnitGroup `json:"units"`
	// Total is the line's price and costs for all units, less its discounts.
	Total Money `json:"total"`
	// ReturnedQuantity counts the line's units that were returned; they
	// are not in Quantity, Units or Total.
	ReturnedQuantity int `json:"returnedQuantity,omitempty"`
	// Free is true for a line that cartfx added as a free item.
	Free bool `json:"free"`
}

// UnitGroup is a run of a line's units that received the same discounts.
type UnitGroup struct {
	Quantity  int               `json:"quantity"`
	Discounts []ReceiptDiscount `json:"discounts"`
	// UnitTotal is what one unit of the group costs after its discounts,
	// including its additional costs.
	UnitTotal Money `json:"unitTotal"`
}

// ReceiptDiscount is a discount on a receipt line or cost.
type ReceiptDiscount struct {
	Name       string `json:"name"`
	CampaignID int64  `json:"campaignId"`
	Amount     Money  `json:"amount"`
}

// ReceiptCost is an additional cost on the receipt. On a line, Price is per
// unit and Total covers every unit.
type ReceiptCost struct {
	Name      string            `json:"name"`
	Price     Money             `json:"price"`
	Discounts []ReceiptDiscount `json:"discounts"`
	Total     Money             `json:"total"`
}

// LoyaltyBalance is the tentative change of points in one program's
// sub-ledger: what the session's effects would add and deduct.
type LoyaltyBalance struct {
	ProgramID   int64  `json:"programId"`
	SubLedgerID string `json:"subLedgerId"`
	Added       Points `json:"added"`
	Deducted    Points `json:"deducted"`
}

// Points is a number of loyalty points, encoded as a JSON number exactly.
type Points struct{ decimal.Decimal }

// MarshalJSON writes the points as a JSON number.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads a JSON number exactly.
func (p *Points) UnmarshalJSON(b []byte) error {
	d, err := ParseAmount(b)
	if err != nil {
		return err
	}
	p.Decimal = d
	return nil
}

// Receipt builds the receipt of the cart as it now is.
//
// The discount lists of the receipt share a few backing arrays: each
// charge's list is carved from one array sized by the ledger, a unit
// without additional costs uses its price charge's list as it is, and the
// merged lists (a line's, a cost's, a unit's with costs) are copied into an
// arena once they are complete. Every list handed out has its capacity cut
// to its length, so a caller's append never writes into another list.
func (c *Cart) Receipt() *Receipt {
	money := c.Currency.Money
	r := &Receipt{
		Currency:        c.Currency.Code,
		Items:           make([]ReceiptItem, len(c.lines)),
		AdditionalCosts: make([]ReceiptCost, 0, len(c.sessionCosts)),
		Coupons:         append([]CouponVerdict{}, c.coupons...),
		Referral:        c.referral,
		Notifications:   append([]Notification{}, c.notifications...),
		Loyalty:         c.loyaltyBalances(),
		Informational:   append([]Informational{}, c.informational...),
	}
	if c.referral != nil {
		v := *c.referral
		r.Referral = &v
	}
	b := receiptBuilder{money: money}
	scratch := receiptScratchPool.Get().(*receiptScratch)
	defer receiptScratchPool.Put(scratch)
	byCharge := c.chargeDiscounts(scratch, money)
	b.arenaChunk = len(c.ledger)/2 + 16

	// The lines' per-unit costs and unit groups, carved from one array each.
	nCosts := 0
	for li := range c.lines {
		nCosts += len(c.lines[li].Item.AdditionalCosts)
	}
	var costArena []ReceiptCost
	if nCosts > 0 {
		costArena = make([]ReceiptCost, 0, nCosts)
	}
	groupArena := make([]UnitGroup, 0, len(c.units))
	anyReturned := len(c.returned) > 0
	itemScratch, unitScratch := scratch.item[:0], scratch.unit[:0]
	defer func() { scratch.item, scratch.unit = itemScratch[:0], unitScratch[:0] }()

	for li := range c.lines {
		l := &c.lines[li]
		first, n := int(l.firstUnit), l.Item.Quantity
		kept := n
		if anyReturned {
			for u := first; u < first+n; u++ {
				if c.returned[int32(u)] {
					kept--
				}
			}
		}
		// Filled in place: a ReceiptItem is large and holds pointers.
		item := &r.Items[li]
		item.Position, item.SKU, item.Name, item.Quantity, item.ReturnedQuantity = l.Position, l.Item.SKU, l.Item.Name, kept, n-kept
		item.UnitPrice, item.Free = money(l.Item.Price), l.Free
		var gross, discount int64
		if len(l.Item.AdditionalCosts) > 0 {
			start := len(costArena)
			for k, ac := range l.Item.AdditionalCosts {
				itemScratch = itemScratch[:0]
				var costDiscount int64
				for u := first; u < first+n; u++ {
					if anyReturned && c.returned[int32(u)] {
						continue
					}
					ch := c.units[u].Costs[k]
					itemScratch = appendDiscounts(itemScratch, byCharge[ch])
					costDiscount += c.charges[ch].Discount
				}
				costArena = append(costArena, ReceiptCost{
					Name: ac.Name, Price: money(ac.Price), Discounts: b.keep(itemScratch),
					Total: money(ac.Price*int64(kept) - costDiscount),
				})
			}
			item.AdditionalCosts = costArena[start:len(costArena):len(costArena)]
		}
		groupStart := len(groupArena)
		itemScratch = itemScratch[:0]
		for u := first; u < first+n; u++ {
			if anyReturned && c.returned[int32(u)] {
				continue
			}
			unit := &c.units[u]
			unitGross, unitDiscount := c.charges[unit.Price].Base, c.charges[unit.Price].Discount
			var unitDiscounts []ReceiptDiscount
			if len(unit.Costs) == 0 {
				// Merging one charge's list into an empty one gives that list.
				unitDiscounts = byCharge[unit.Price]
			} else {
				unitScratch = appendDiscounts(unitScratch[:0], byCharge[unit.Price])
				for _, ch := range unit.Costs {
					unitGross += c.charges[ch].Base
					unitDiscount += c.charges[ch].Discount
					unitScratch = appendDiscounts(unitScratch, byCharge[ch])
				}
				unitDiscounts = unitScratch
			}
			gross += unitGross
			discount += unitDiscount
			itemScratch = appendDiscounts(itemScratch, unitDiscounts)
			total := money(unitGross - unitDiscount)
			groups := groupArena[groupStart:]
			found := false
			for i := range groups {
				if groups[i].UnitTotal == total && slices.Equal(groups[i].Discounts, unitDiscounts) {
					groups[i].Quantity++
					found = true
					break
				}
			}
			if !found {
				unitDiscounts = b.keep(unitDiscounts)
				groupArena = append(groupArena, UnitGroup{Quantity: 1, Discounts: unitDiscounts, UnitTotal: total})
			}
		}
		item.Units = groupArena[groupStart:len(groupArena):len(groupArena)]
		item.Discounts = b.keep(itemScratch)
		item.Total = money(gross - discount)
	}
	for _, ch := range c.sessionCosts {
		g := &c.charges[ch]
		r.AdditionalCosts = append(r.AdditionalCosts, ReceiptCost{
			Name: g.Name, Price: money(g.Base), Discounts: b.keep(byCharge[ch]), Total: money(g.Remaining()),
		})
	}
	t := c.Totals()
	r.Subtotal, r.DiscountTotal, r.Total = money(t.Subtotal), money(t.Discount), money(t.Total)
	return r
}

// chargeDiscounts returns each charge's discounts, summed per campaign and
// name in ledger order, nil for a charge without any. The lists are the
// scratch's, valid until it is reused: the receipt keeps copies.
func (c *Cart) chargeDiscounts(s *receiptScratch, money func(int64) Money) [][]ReceiptDiscount {
	if cap(s.byCharge) < len(c.charges) {
		s.byCharge = make([][]ReceiptDiscount, len(c.charges))
	}
	byCharge := s.byCharge[:len(c.charges)]
	clear(byCharge)
	if len(c.ledger) == 0 {
		return byCharge
	}
	// Count each charge's postings first, then give each charge a window of
	// that many entries: merging can only make a list shorter.
	if cap(s.counts) < len(c.charges) {
		s.counts = make([]int32, len(c.charges))
	}
	counts := s.counts[:len(c.charges)]
	clear(counts)
	for _, p := range c.ledger {
		counts[p.charge]++
	}
	if cap(s.backing) < len(c.ledger) {
		s.backing = make([]ReceiptDiscount, len(c.ledger))
	}
	backing := s.backing[:len(c.ledger)]
	at := 0
	for ch, n := range counts {
		if n > 0 {
			byCharge[ch] = backing[at : at : at+int(n)]
			at += int(n)
		}
	}
	for _, p := range c.ledger {
		a := &c.adjustments[p.adj]
		byCharge[p.charge] = addDiscount(byCharge[p.charge], a.Name, a.CampaignID, money(p.amount))
	}
	return byCharge
}

// receiptScratch is the working space of Receipt, from a pool.
type receiptScratch struct {
	byCharge   [][]ReceiptDiscount
	counts     []int32
	backing    []ReceiptDiscount
	item, unit []ReceiptDiscount
}

var receiptScratchPool = sync.Pool{New: func() any { return new(receiptScratch) }}

// receiptBuilder keeps completed discount lists in shared arrays.
type receiptBuilder struct {
	money      func(int64) Money
	arena      []ReceiptDiscount
	arenaChunk int
}

// keep copies a list into the arena and returns the copy, never nil.
func (b *receiptBuilder) keep(list []ReceiptDiscount) []ReceiptDiscount {
	if len(list) == 0 {
		return []ReceiptDiscount{}
	}
	if cap(b.arena)-len(b.arena) < len(list) {
		b.arena = make([]ReceiptDiscount, 0, max(len(list), b.arenaChunk))
	}
	start := len(b.arena)
	b.arena = append(b.arena, list...)
	return b.arena[start:len(b.arena):len(b.arena)]
}

// addDiscount adds amount to the discount of the same campaign and name, or
// appends it.
func addDiscount(list []ReceiptDiscount, name string, campaignID int64, amount Money) []ReceiptDiscount {
	for i := range list {
		if list[i].CampaignID == campaignID && list[i].Name == name {
			list[i].Amount.Minor += amount.Minor
			return list
		}
	}
	return append(list, ReceiptDiscount{Name: name, CampaignID: campaignID, Amount: amount})
}

func appendDiscounts(list, more []ReceiptDiscount) []ReceiptDiscount {
	for _, d := range more {
		list = addDiscount(list, d.Name, d.CampaignID, d.Amount)
	}
	return list
}

// loyaltyBalances sums the tentative points per program and sub-ledger, in
// the order the programs first appear.
func (c *Cart) loyaltyBalances() []LoyaltyBalance {
	out := []LoyaltyBalance{}
	for _, e := range c.loyalty {
		i := slices.IndexFunc(out, func(b LoyaltyBalance) bool {
			return b.ProgramID == e.ProgramID && b.SubLedgerID == e.SubLedgerID
		})
		if i < 0 {
			out = append(out, LoyaltyBalance{ProgramID: e.ProgramID, SubLedgerID: e.SubLedgerID})
			i = len(out) - 1
		}
		if e.Points.Sign() >= 0 {
			out[i].Added.Decimal = out[i].Added.Add(e.Points)
		} else {
			out[i].Deducted.Decimal = out[i].Deducted.Sub(e.Points)
		}
	}
	return out
}
