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
	// Each charge's adjustments, in ledger order.
	byCharge := make([][]ReceiptDiscount, len(c.charges))
	for _, p := range c.ledger {
		a := &c.adjustments[p.adj]
		byCharge[p.charge] = addDiscount(byCharge[p.charge], a.Name, a.CampaignID, money(p.amount))
	}
	for li := range c.lines {
		l := &c.lines[li]
		first, n := int(l.firstUnit), l.Item.Quantity
		kept := n
		for u := first; u < first+n; u++ {
			if c.returned[int32(u)] {
				kept--
			}
		}
		item := ReceiptItem{
			Position: l.Position, SKU: l.Item.SKU, Name: l.Item.Name, Quantity: kept, ReturnedQuantity: n - kept,
			UnitPrice: money(l.Item.Price), Discounts: []ReceiptDiscount{}, Free: l.Free,
		}
		var gross, discount int64
		for k, ac := range l.Item.AdditionalCosts {
			cost := ReceiptCost{Name: ac.Name, Price: money(ac.Price), Discounts: []ReceiptDiscount{}}
			var costDiscount int64
			for u := first; u < first+n; u++ {
				if c.returned[int32(u)] {
					continue
				}
				ch := c.units[u].Costs[k]
				for _, d := range byCharge[ch] {
					cost.Discounts = addDiscount(cost.Discounts, d.Name, d.CampaignID, d.Amount)
				}
				costDiscount += c.charges[ch].Discount
			}
			cost.Total = money(ac.Price*int64(kept) - costDiscount)
			item.AdditionalCosts = append(item.AdditionalCosts, cost)
		}
		item.Units = []UnitGroup{}
		for u := first; u < first+n; u++ {
			if c.returned[int32(u)] {
				continue
			}
			unit := &c.units[u]
			unitDiscounts := []ReceiptDiscount{}
			unitGross, unitDiscount := c.charges[unit.Price].Base, c.charges[unit.Price].Discount
			unitDiscounts = appendDiscounts(unitDiscounts, byCharge[unit.Price])
			for _, ch := range unit.Costs {
				unitGross += c.charges[ch].Base
				unitDiscount += c.charges[ch].Discount
				unitDiscounts = appendDiscounts(unitDiscounts, byCharge[ch])
			}
			gross += unitGross
			discount += unitDiscount
			item.Discounts = appendDiscounts(item.Discounts, unitDiscounts)
			item.Units = addUnitGroup(item.Units, unitDiscounts, money(unitGross-unitDiscount))
		}
		item.Total = money(gross - discount)
		r.Items[li] = item
	}
	for _, ch := range c.sessionCosts {
		g := &c.charges[ch]
		r.AdditionalCosts = append(r.AdditionalCosts, ReceiptCost{
			Name: g.Name, Price: money(g.Base), Discounts: appendDiscounts([]ReceiptDiscount{}, byCharge[ch]), Total: money(g.Remaining()),
		})
	}
	t := c.Totals()
	r.Subtotal, r.DiscountTotal, r.Total = money(t.Subtotal), money(t.Discount), money(t.Total)
	return r
}

// addDiscount adds amount to the discount of the same campaign and name, or
// appends it.
func addDiscount(list []ReceiptDiscount, name string, campaignID int64, amount Money) []ReceiptDiscount {
	for i := range list {
		if list[i].Name == name && list[i].CampaignID == campaignID {
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

// addUnitGroup counts a unit into the group with the same discounts, or
// starts a new group.
func addUnitGroup(groups []UnitGroup, discounts []ReceiptDiscount, total Money) []UnitGroup {
	for i := range groups {
		if groups[i].UnitTotal == total && slices.Equal(groups[i].Discounts, discounts) {
			groups[i].Quantity++
			return groups
		}
	}
	return append(groups, UnitGroup{Quantity: 1, Discounts: discounts, UnitTotal: total})
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
