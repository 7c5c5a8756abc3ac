package cart

import (
	"reflect"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// The receipt as it was built before it was made faster: the reference
// that the fast one must equal exactly (nil and empty slices included).

// Receipt builds the receipt of the cart as it now is.
func (c *Cart) receiptRef() *Receipt {
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
		a := &c.adjustments[p.Adj]
		byCharge[p.Charge] = refAddDiscount(byCharge[p.Charge], a.Name, a.CampaignID, money(p.Amount))
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
					cost.Discounts = refAddDiscount(cost.Discounts, d.Name, d.CampaignID, d.Amount)
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
			unitDiscounts = refAppendDiscounts(unitDiscounts, byCharge[unit.Price])
			for _, ch := range unit.Costs {
				unitGross += c.charges[ch].Base
				unitDiscount += c.charges[ch].Discount
				unitDiscounts = refAppendDiscounts(unitDiscounts, byCharge[ch])
			}
			gross += unitGross
			discount += unitDiscount
			item.Discounts = refAppendDiscounts(item.Discounts, unitDiscounts)
			item.Units = refAddUnitGroup(item.Units, unitDiscounts, money(unitGross-unitDiscount))
		}
		item.Total = money(gross - discount)
		r.Items[li] = item
	}
	for _, ch := range c.sessionCosts {
		g := &c.charges[ch]
		r.AdditionalCosts = append(r.AdditionalCosts, ReceiptCost{
			Name: g.Name, Price: money(g.Base), Discounts: refAppendDiscounts([]ReceiptDiscount{}, byCharge[ch]), Total: money(g.Remaining()),
		})
	}
	t := c.Totals()
	r.Subtotal, r.DiscountTotal, r.Total = money(t.Subtotal), money(t.Discount), money(t.Total)
	return r
}

// addDiscount adds amount to the discount of the same campaign and name, or
// appends it.
func refAddDiscount(list []ReceiptDiscount, name string, campaignID int64, amount Money) []ReceiptDiscount {
	for i := range list {
		if list[i].Name == name && list[i].CampaignID == campaignID {
			list[i].Amount.Minor += amount.Minor
			return list
		}
	}
	return append(list, ReceiptDiscount{Name: name, CampaignID: campaignID, Amount: amount})
}

func refAppendDiscounts(list, more []ReceiptDiscount) []ReceiptDiscount {
	for _, d := range more {
		list = refAddDiscount(list, d.Name, d.CampaignID, d.Amount)
	}
	return list
}

// addUnitGroup counts a unit into the group with the same discounts, or
// starts a new group.
func refAddUnitGroup(groups []UnitGroup, discounts []ReceiptDiscount, total Money) []UnitGroup {
	for i := range groups {
		if groups[i].UnitTotal == total && slices.Equal(groups[i].Discounts, discounts) {
			groups[i].Quantity++
			return groups
		}
	}
	return append(groups, UnitGroup{Quantity: 1, Discounts: discounts, UnitTotal: total})
}

// randomLedgerCart builds a cart with item and session costs, random
// discounts (repeated campaign names, per-unit and cart-wide) and returned
// units.
func randomLedgerCart(t *rapid.T) *Cart { return randomLedgerCartOf(t, 4, 15) }

// randomLedgerCartOf is randomLedgerCart with discounts of up to
// campaigns campaigns (three names each), and up to maxDiscounts of them.
func randomLedgerCartOf(t *rapid.T, campaigns int64, maxDiscounts int) *Cart {
	cur := genCurrency.Draw(t, "currency")
	items := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) CartItem {
		it := genItem.Draw(t, "item")
		for _, name := range []string{"eco", "wrap"} {
			if rapid.Bool().Draw(t, "has "+name) {
				it.AdditionalCosts = append(it.AdditionalCosts, AdditionalCost{Name: name, Price: rapid.Int64Range(0, 500).Draw(t, "cost")})
			}
		}
		return it
	}), 1, 12).Draw(t, "items")
	var costs []AdditionalCost
	if rapid.Bool().Draw(t, "shipping") {
		costs = append(costs, AdditionalCost{Name: "shipping", Price: rapid.Int64Range(0, 1000).Draw(t, "shipping price")})
	}
	c, err := New(&Session{Currency: cur, CartItems: items, AdditionalCosts: costs}, HalfEven)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	n := rapid.IntRange(0, maxDiscounts).Draw(t, "discounts")
	for range n {
		adj := Adjustment{CampaignID: rapid.Int64Range(1, campaigns).Draw(t, "campaign"), Name: rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "name")}
		all := len(c.Charges())
		var charges []int32
		switch rapid.IntRange(0, 3).Draw(t, "kind") {
		case 0:
			for i := range all {
				charges = append(charges, int32(i))
			}
		case 1:
			for i := range all {
				if c.Charges()[i].Kind == ChargePrice {
					charges = append(charges, int32(i))
				}
			}
		default:
			k := rapid.IntRange(1, 3).Draw(t, "k")
			for range k {
				charges = append(charges, int32(rapid.IntRange(0, all-1).Draw(t, "charge")))
			}
			slices.Sort(charges)
			charges = slices.Compact(charges)
		}
		c.Discount(adj, rapid.Int64Range(0, 3000).Draw(t, "amount"), charges)
		if rapid.IntRange(0, 9).Draw(t, "work") == 0 {
			c = c.Clone()
		}
	}
	if rapid.IntRange(0, 4).Draw(t, "free") == 0 {
		if _, err := c.AddFreeLine("GIFT", "gift", rapid.IntRange(1, 3).Draw(t, "fq"), rapid.Int64Range(0, 500).Draw(t, "fp"), Adjustment{CampaignID: 9, Name: "gift"}); err != nil {
			t.Fatalf("AddFreeLine: %v", err)
		}
	}
	for range rapid.IntRange(0, 3).Draw(t, "returns") {
		_ = c.markReturned(rapid.IntRange(0, len(c.Units())-1).Draw(t, "returned"))
	}
	return c
}

func TestPropertyReceiptEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := randomLedgerCart(t)
		got, want := c.Receipt(), c.receiptRef()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("receipt differs:\n got %+v\nwant %+v", got, want)
		}
	})
}

// TestPropertyReceiptEqualsReferenceManyDiscounts is the same with more
// campaign names than stampedKeys, where the receipt stamps the keys of
// its lists rather than searching them.
func TestPropertyReceiptEqualsReferenceManyDiscounts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := randomLedgerCartOf(t, 40, 80)
		got, want := c.Receipt(), c.receiptRef()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("receipt differs:\n got %+v\nwant %+v", got, want)
		}
	})
}

// Discount allocates exactly as Allocate does over the charges' targets.
func TestPropertyDiscountAllocatesAsTargets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := randomLedgerCart(t)
		var charges []int32
		for i := range c.Charges() {
			if rapid.Bool().Draw(t, "take") {
				charges = append(charges, int32(i))
			}
		}
		targets := make([]Target, len(charges))
		for i, ch := range charges {
			targets[i] = c.ChargeTarget(ch)
		}
		amount := rapid.Int64Range(0, 5000).Draw(t, "amount")
		want, unapplied := Allocate(amount, targets)
		d := c.Clone()
		applied := d.Discount(Adjustment{CampaignID: 99, Name: "fresh"}, amount, charges)
		if applied != max(amount-unapplied, 0) {
			t.Fatalf("applied %d, Allocate placed %d", applied, amount-unapplied)
		}
		got := make([]int64, len(charges))
		for _, e := range d.Ledger() {
			if e.CampaignID == 99 {
				got[slices.Index(charges, e.Charge)] += e.Amount
			}
		}
		if !slices.Equal(got, want) && applied > 0 {
			t.Fatalf("Discount gave %v, Allocate %v", got, want)
		}
	})
}
