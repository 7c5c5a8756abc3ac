package cart

import (
	"slices"

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
	// costs, summed per campaign and name, in the order they first appear
	// on the line's units (unit by unit, each in ledger order).
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
// The discount lists are merged as small (key, amount) pairs, where a key
// stands for one campaign and name, and only the finished lists become
// ReceiptDiscounts, all in one array. A line with a single unit shows that
// unit's list as its own, so the line and its unit group share elements:
// treat the lists as read-only. Every list handed out has its capacity cut
// to its length, so a caller's append never writes into another list.
func (c *Cart) Receipt() *Receipt {
	money := c.Currency.Money
	r := &Receipt{
		Currency:        c.Currency.Code,
		Items:           make([]ReceiptItem, len(c.lines)),
		AdditionalCosts: make([]ReceiptCost, len(c.sessionCosts)),
		Coupons:         append([]CouponVerdict{}, c.coupons...),
		Notifications:   append([]Notification{}, c.notifications...),
		Loyalty:         c.loyaltyBalances(),
		Informational:   append([]Informational{}, c.informational...),
	}
	if c.referral != nil {
		v := *c.referral
		r.Referral = &v
	}
	s := receiptScratchPool.Get().(*receiptScratch)
	defer s.release()
	s.nameAdjustments(c.adjustments)
	byCharge := c.chargeDiscounts(s)
	s.lineM.reset(len(s.names))
	s.unitM.reset(len(s.names))

	// The lines' per-unit costs and unit groups are carved from a few
	// arrays. Nothing is appended to an array beyond its capacity: the
	// pending lists point into them.
	nCosts := 0
	for li := range c.lines {
		nCosts += len(c.lines[li].Item.AdditionalCosts)
	}
	var costArena []ReceiptCost
	if nCosts > 0 {
		costArena = make([]ReceiptCost, 0, nCosts)
	}
	// Most lines are one or two groups: room for one per line and some
	// more first, and for all the units left if that runs out.
	groupArena := make([]UnitGroup, 0, min(len(c.units), len(c.lines)+16))
	unitsLeft := len(c.units)
	anyReturned := len(c.returned) > 0

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
				list := s.item[:0]
				s.lineM.begin()
				var costDiscount int64
				for u := first; u < first+n; u++ {
					if anyReturned && c.returned[int32(u)] {
						continue
					}
					ch := c.units[u].Costs[k]
					list = s.lineM.merge(list, byCharge[ch])
					costDiscount += c.charges[ch].Discount
				}
				s.item = list
				costArena = append(costArena, ReceiptCost{
					Name: ac.Name, Price: money(ac.Price), Total: money(ac.Price*int64(kept) - costDiscount),
				})
				s.keep(&costArena[len(costArena)-1].Discounts, list)
			}
			item.AdditionalCosts = costArena[start:len(costArena):len(costArena)]
		}
		if cap(groupArena)-len(groupArena) < kept {
			groupArena = make([]UnitGroup, 0, max(kept, unitsLeft))
		}
		unitsLeft -= n
		groupStart := len(groupArena)
		s.groups = s.groups[:0]
		lineList := s.item[:0]
		s.lineM.begin()
		for u := first; u < first+n; u++ {
			if anyReturned && c.returned[int32(u)] {
				continue
			}
			unit := &c.units[u]
			unitGross, unitDiscount := c.charges[unit.Price].Base, c.charges[unit.Price].Discount
			var unitList []keyed
			if len(unit.Costs) == 0 {
				// Merging one charge's list into an empty one gives that list.
				unitList = byCharge[unit.Price]
			} else {
				s.unitM.begin()
				unitList = s.unitM.merge(s.unit[:0], byCharge[unit.Price])
				for _, ch := range unit.Costs {
					unitGross += c.charges[ch].Base
					unitDiscount += c.charges[ch].Discount
					unitList = s.unitM.merge(unitList, byCharge[ch])
				}
				s.unit = unitList
			}
			gross += unitGross
			discount += unitDiscount
			if kept > 1 { // a line of one unit shows that unit's list
				lineList = s.lineM.merge(lineList, unitList)
			}
			total := money(unitGross - unitDiscount)
			found := false
			for i, sp := range s.groups {
				if g := &groupArena[groupStart+i]; g.UnitTotal == total && slices.Equal(s.lists[sp.start:sp.end], unitList) {
					g.Quantity++
					found = true
					break
				}
			}
			if !found {
				groupArena = append(groupArena, UnitGroup{Quantity: 1, UnitTotal: total})
				s.groups = append(s.groups, s.keep(&groupArena[len(groupArena)-1].Discounts, unitList))
			}
		}
		s.item = lineList
		item.Units = groupArena[groupStart:len(groupArena):len(groupArena)]
		if kept == 1 {
			// The line's list is its one unit's list.
			s.share(&item.Discounts, s.groups[0])
		} else {
			s.keep(&item.Discounts, lineList)
		}
		item.Total = money(gross - discount)
	}
	for i, ch := range c.sessionCosts {
		g := &c.charges[ch]
		cost := &r.AdditionalCosts[i]
		cost.Name, cost.Price, cost.Total = g.Name, money(g.Base), money(g.Remaining())
		s.keep(&cost.Discounts, byCharge[ch])
	}
	s.finish(c.Currency.Scale)
	t := c.Totals()
	r.Subtotal, r.DiscountTotal, r.Total = money(t.Subtotal), money(t.Discount), money(t.Total)
	return r
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
