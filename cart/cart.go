package cart

import (
	"fmt"
	"maps"
	"slices"
)

// Cart is the in-memory cart that effects are applied to: the session's
// lines flattened into units, a charge for each unit's price and additional
// costs and for each session-level additional cost, the ledger of
// adjustments on those charges, and what the effects told the customer
// (coupon and referral verdicts, notifications, loyalty points).
//
// What the effects told the customer is read from the Receipt. A Cart, and
// every slice read from it, stays valid for as long as it is kept: cartfx
// reuses the memory only of the engine's own working carts, never of one
// that a user made or a user's handler was given.
//
// A Cart is not safe for concurrent mutation; Clone gives an independent
// working copy cheaply, which is how effects are applied all-or-nothing.
type Cart struct {
	Currency Currency
	Rounding RoundingMode

	attributes map[string]any

	lines        []Line
	units        []Unit
	charges      []Charge
	sessionCosts []int32
	ledger       []posting
	adjustments  []Adjustment
	// lastPosted is, by charge, the highest adjustment index with an entry
	// on the charge (-1 for none; charges past its end have none). It may
	// be too high after entries were removed, never too low: removeSame
	// skips its search of the ledger when no charge can hold the
	// adjustment, as when a per-item discount reaches its next unit.
	lastPosted []int32
	// arrays are the pooled arrays the cart's came from (newPooled), kept
	// by its clones too, which share some of them, so that expose can
	// mark them; nil for a cart from New. Only the cart that took them,
	// recycles, gives them back.
	arrays   *cartArrays
	recycles bool
	// returned marks units given back after the session closed; they no
	// longer count in totals or on the receipt. Replaced, never changed in
	// place, so clones can share it.
	returned map[int32]bool

	// gross is the subtotal before discounts, kept so that no sum of the
	// cart can overflow.
	gross int64
	// bases sums the charges' bases by kind and discount their discounts,
	// kept as charges are added and discounts recorded or removed, so that
	// Totals needs no pass over the charges (the engine asks before and
	// after every campaign's effects).
	bases    [3]int64
	discount int64

	coupons       []CouponVerdict
	referral      *ReferralVerdict
	notifications []Notification
	loyalty       []LoyaltyEntry
	informational []Informational
}

// Line is one cart item and where its units are.
type Line struct {
	Item CartItem
	// Position is the line's index in the cart, as Talon.One numbers it.
	Position int
	// Free marks a line that an addFreeItem effect added.
	Free      bool
	firstUnit int32
}

// Unit is one unit of a line after flattening.
type Unit struct {
	Position    int32
	SubPosition int32
	// Price is the index of the charge for the unit's price.
	Price int32
	// Costs are the indices of the charges for the unit's additional costs,
	// in the session's order (name order when ParseSession read it).
	Costs []int32
}

// ChargeKind says what a charge is for.
type ChargeKind uint8

// The kinds of charge.
const (
	// ChargePrice is a unit's price.
	ChargePrice ChargeKind = iota
	// ChargeItemCost is an additional cost of one unit.
	ChargeItemCost
	// ChargeSessionCost is an additional cost of the whole session.
	ChargeSessionCost
)

// Charge is an amount the customer pays before discounts (Base) and the sum
// of the discounts recorded against it in the ledger.
type Charge struct {
	Kind ChargeKind
	// Unit is the index of the unit the charge belongs to, or -1 for a
	// session-level additional cost.
	Unit int32
	// Name is the additional cost's name; empty for a price.
	Name     string
	Base     int64
	Discount int64
}

// Remaining is what is left to discount on the charge; never negative.
func (c *Charge) Remaining() int64 { return c.Base - c.Discount }

// New builds a cart from a parsed session: lines flattened into units, each
// unit with its price and additional-cost charges. Lines marked as free items
// added by cartfx (FreeItemAttribute) are dropped, so that the effects that
// are applied next add them again exactly once. The cart is the caller's:
// nothing in cartfx recycles its memory.
func New(s *Session, rounding RoundingMode) (*Cart, error) { return newCart(s, rounding, nil) }

// newCart is New, with the arrays that a is given back (pool.go) when a is
// not nil.
func newCart(s *Session, rounding RoundingMode, a *cartArrays) (*Cart, error) {
	c := &Cart{Currency: s.Currency, Rounding: rounding, attributes: s.Attributes}
	if c.Currency.Code == "" {
		return nil, fmt.Errorf("%w: the session has no currency", ErrUnknownCurrency)
	}
	// Sized up front: the units, their charges (prices and per-unit
	// costs) and the units' cost indices each take one array.
	units, costs, free := 0, 0, 0
	for i := range s.CartItems {
		it := &s.CartItems[i]
		if it.Free() {
			free++
		} else {
			units += it.Quantity
			costs += it.Quantity * len(it.AdditionalCosts)
		}
	}
	var from cartArrays
	if a != nil {
		from = *a
		c.arrays, c.recycles = a, true
	}
	c.lines = reuse(from.lines, len(s.CartItems))
	c.units = reuse(from.units, units)
	c.charges = reuse(from.charges, units+costs+len(s.AdditionalCosts))
	c.sessionCosts = reuse(from.sessionCosts, len(s.AdditionalCosts))
	c.ledger, c.adjustments, c.lastPosted = from.ledger[:0], from.adjustments[:0], from.lastPosted[:0]
	var slots []int32
	if costs > 0 {
		// Every slot is written by appendLine.
		slots = reuse(from.slots, costs)[:costs]
		if a != nil {
			a.slots = slots
		}
	}
	for i := range s.CartItems {
		// The mark is an attribute lookup: looked up again only when
		// some line has it.
		if free > 0 && s.CartItems[i].Free() {
			continue
		}
		c.appendLine(&s.CartItems[i], false, &slots)
	}
	for _, ac := range s.AdditionalCosts {
		c.sessionCosts = append(c.sessionCosts, int32(len(c.charges)))
		c.charges = append(c.charges, Charge{Kind: ChargeSessionCost, Unit: -1, Name: ac.Name, Base: ac.Price})
		c.bases[ChargeSessionCost] += ac.Price
	}
	gross, err := sumBases(c.charges)
	if err != nil {
		return nil, fmt.Errorf("the cart's subtotal: %w", err)
	}
	c.gross = gross
	return c, nil
}

func sumBases(charges []Charge) (int64, error) {
	var sum int64
	for i := range charges {
		var err error
		if sum, err = addMinor(sum, charges[i].Base); err != nil {
			return 0, err
		}
	}
	return sum, nil
}

// appendLine appends a line, its units and their charges. The units' cost
// indices are carved from *slots while it has room.
func (c *Cart) appendLine(item *CartItem, free bool, slots *[]int32) *Line {
	pos := len(c.lines)
	c.lines = append(c.lines, Line{Item: *item, Position: pos, Free: free, firstUnit: int32(len(c.units))})
	var costs []int32
	if n := len(item.AdditionalCosts) * item.Quantity; n > 0 {
		if slots != nil && len(*slots) >= n {
			costs, *slots = (*slots)[:n:n], (*slots)[n:]
		} else {
			costs = make([]int32, n)
		}
	}
	for sub := 0; sub < item.Quantity; sub++ {
		u := Unit{Position: int32(pos), SubPosition: int32(sub), Price: int32(len(c.charges))}
		c.charges = append(c.charges, Charge{Kind: ChargePrice, Unit: int32(len(c.units)), Base: item.Price})
		c.bases[ChargePrice] += item.Price
		if len(item.AdditionalCosts) > 0 {
			u.Costs = costs[sub*len(item.AdditionalCosts) : (sub+1)*len(item.AdditionalCosts) : (sub+1)*len(item.AdditionalCosts)]
			for k, ac := range item.AdditionalCosts {
				u.Costs[k] = int32(len(c.charges))
				c.charges = append(c.charges, Charge{Kind: ChargeItemCost, Unit: int32(len(c.units)), Name: ac.Name, Base: ac.Price})
				c.bases[ChargeItemCost] += ac.Price
			}
		}
		c.units = append(c.units, u)
	}
	return &c.lines[pos]
}

// Clone returns an independent copy that can be changed without touching c.
func (c *Cart) Clone() *Cart {
	d := *c
	// The arrays other than the charges' are shared: their elements are
	// never changed in place (SetLineAttribute copies the lines first), and
	// appending to a slice without room copies it.
	d.lines = c.lines[:len(c.lines):len(c.lines)]
	d.units = c.units[:len(c.units):len(c.units)]
	d.charges = append([]Charge(nil), c.charges...)
	d.sessionCosts = c.sessionCosts[:len(c.sessionCosts):len(c.sessionCosts)]
	d.ledger = c.ledger[:len(c.ledger):len(c.ledger)]
	d.adjustments = c.adjustments[:len(c.adjustments):len(c.adjustments)]
	d.lastPosted = slices.Clone(c.lastPosted)
	d.recycles = false // the arrays stay c's: only c gives them back
	d.coupons = c.coupons[:len(c.coupons):len(c.coupons)]
	d.notifications = c.notifications[:len(c.notifications):len(c.notifications)]
	d.loyalty = c.loyalty[:len(c.loyalty):len(c.loyalty)]
	d.informational = c.informational[:len(c.informational):len(c.informational)]
	return &d
}

// Lines returns the cart's lines. The slice is the cart's own: read it, do
// not change it.
func (c *Cart) Lines() []Line { return c.lines }

// Units returns the flattened units in position, sub-position order. The
// slice is the cart's own: read it, do not change it.
func (c *Cart) Units() []Unit { return c.units }

// Charges returns every charge. The slice is the cart's own: read it, and
// change it only through the cart's methods.
func (c *Cart) Charges() []Charge { return c.charges }

// SessionCosts returns the indices of the session-level additional costs'
// charges, in the session's order (name order when ParseSession read it).
func (c *Cart) SessionCosts() []int32 { return c.sessionCosts }

// Attributes returns the session's custom attributes; do not change the map.
func (c *Cart) Attributes() map[string]any { return c.attributes }

// UnitIndex returns the index in Units of the unit at position and
// sub-position, or an error matching ErrNotFound.
func (c *Cart) UnitIndex(position, subPosition int) (int, error) {
	if position < 0 || position >= len(c.lines) {
		return 0, fmt.Errorf("%w: position %d (the cart has %d lines)", ErrNotFound, position, len(c.lines))
	}
	l := &c.lines[position]
	if subPosition < 0 || subPosition >= l.Item.Quantity {
		return 0, fmt.Errorf("%w: sub-position %d of position %d (the line has %d units)", ErrNotFound, subPosition, position, l.Item.Quantity)
	}
	return int(l.firstUnit) + subPosition, nil
}

// markReturned marks a unit as returned: it keeps its ledger (what it
// received is what a return refunds) but no longer counts in the totals or
// on the receipt.
func (c *Cart) markReturned(unit int) error {
	if unit < 0 || unit >= len(c.units) {
		return fmt.Errorf("%w: unit %d (the cart has %d units)", ErrNotFound, unit, len(c.units))
	}
	m := maps.Clone(c.returned)
	if m == nil {
		m = map[int32]bool{}
	}
	m[int32(unit)] = true
	c.returned = m
	return nil
}

// SetSessionAttribute sets a custom attribute of the session.
func (c *Cart) SetSessionAttribute(name string, value any) {
	m := maps.Clone(c.attributes)
	if m == nil {
		m = map[string]any{}
	}
	m[name] = value
	c.attributes = m
}

// SetLineAttribute sets a custom attribute of the line at position.
func (c *Cart) SetLineAttribute(position int, name string, value any) error {
	if position < 0 || position >= len(c.lines) {
		return fmt.Errorf("%w: position %d (the cart has %d lines)", ErrNotFound, position, len(c.lines))
	}
	// A clone may share the lines' array: never write into it.
	c.lines = slices.Clone(c.lines)
	l := &c.lines[position]
	m := maps.Clone(l.Item.Attributes)
	if m == nil {
		m = map[string]any{}
	}
	m[name] = value
	l.Item.Attributes = m
	return nil
}

// AddFreeLine appends a line marked as a free item added by cartfx. A price
// of zero adds the line at zero; a positive price adds it at that price with
// a discount of the whole price on every unit, recorded as adj.
func (c *Cart) AddFreeLine(sku, name string, quantity int, price int64, adj Adjustment) (position int, err error) {
	if quantity < 1 {
		return 0, fmt.Errorf("%w: free item quantity %d: expected 1 or more", ErrInvalidAmount, quantity)
	}
	if price < 0 || price > MaxUnitPrice {
		return 0, fmt.Errorf("%w: free item price %s: expected 0 to %s", ErrInvalidAmount, c.Currency.Decimal(price), c.Currency.Decimal(MaxUnitPrice))
	}
	if len(c.lines) >= MaxLines || len(c.units)+quantity > MaxUnits {
		return 0, fmt.Errorf("%w: adding %d units of %q would exceed %d lines or %d units", ErrInvalidAmount, quantity, sku, MaxLines, MaxUnits)
	}
	lineGross, err := mulMinor(price, int64(quantity))
	if err == nil {
		_, err = addMinor(c.gross, lineGross)
	}
	if err != nil {
		return 0, fmt.Errorf("adding free item %q: %w", sku, err)
	}
	c.gross += lineGross
	item := CartItem{SKU: sku, Name: name, Quantity: quantity, Price: price, Attributes: map[string]any{FreeItemAttribute: true}}
	l := c.appendLine(&item, true, nil)
	if price > 0 {
		charges, parts := make([]int32, quantity), make([]int64, quantity)
		for u := range quantity {
			charges[u], parts[u] = c.units[int(l.firstUnit)+u].Price, price
		}
		c.post(charges, parts, c.describe(adj))
	}
	return l.Position, nil
}
