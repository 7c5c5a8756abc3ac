package handlers

import (
	"fmt"
	"sync"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
)

// minor converts an effect's money value to minor units with the cart's
// rounding (Talon.One may send 9.999 for a EUR discount). A negative value
// is refused.
func minor(c *cart.Cart, v effects.Number, field string) (int64, error) {
	if v.Sign() < 0 {
		return 0, invalid(field, "%s is negative: expected 0 or more", v.String())
	}
	m, err := c.Currency.ToMinor(v.Decimal, c.Rounding)
	if err != nil {
		return 0, FieldError(field, fmt.Errorf("%w: %v", ErrInvalidEffect, err))
	}
	return m, nil
}

func adjustment(e *effects.Effect, name string, scope effects.Scope) cart.Adjustment {
	return cart.Adjustment{
		CampaignID: e.CampaignID, RuleIndex: int(e.RuleIndex), RuleName: e.RuleName,
		Name: name, Effect: string(e.Type()), Scope: string(scope),
	}
}

// settle writes what was applied into the effect: the value at the
// currency's scale and, when it was capped, the asked-for desiredValue
// (unless the effect already carried one, from a budget).
func settle(c *cart.Cart, value *effects.Number, desired **effects.Number, asked, applied int64) {
	if applied < asked && *desired == nil {
		d := effects.NewNumber(c.Currency.Decimal(asked))
		*desired = &d
	}
	*value = effects.NewNumber(c.Currency.Decimal(applied))
}

// settled reports whether settle would leave an effect as it is: its value
// is what was applied, written at the currency's scale (as rules write
// values), so it was not capped and needs no desiredValue. The handler
// then keeps the effect's props, without the copy and the new decimal that
// settling costs. The coefficient fits in int64: minor converted the value
// at the same scale without overflow.
func settled(c *cart.Cart, value effects.Number, applied int64) bool {
	return applied > 0 && value.Exponent() == -c.Currency.Scale && value.CoefficientInt64() == applied
}

// askedDiscount checks a discount's name and returns its value in minor
// units.
func askedDiscount(c *cart.Cart, name string, value effects.Number) (int64, error) {
	if name == "" {
		return 0, invalid("name", "a discount needs a name")
	}
	return minor(c, value, "value")
}

// chargesNamed keeps, in place, the charges of chs that are additional
// costs named name.
func chargesNamed(c *cart.Cart, chs []int32, name string) []int32 {
	all := c.Charges()
	kept := chs[:0]
	for _, ch := range chs {
		if all[ch].Name == name {
			kept = append(kept, ch)
		}
	}
	return kept
}

// sessionCost returns the charge of the session-level additional cost
// named name, or an error matching cart.ErrNotFound.
func sessionCost(c *cart.Cart, name string) (int32, error) {
	all := c.Charges()
	for _, ch := range c.SessionCosts() {
		if all[ch].Name == name {
			return ch, nil
		}
	}
	return 0, fmt.Errorf("%w: additional cost %q", cart.ErrNotFound, name)
}

func scopeOr(s *effects.Scope, def effects.Scope) effects.Scope {
	if s == nil || *s == "" {
		return def
	}
	return *s
}

// chargeLists are setDiscount's lists of charges for carts of more than
// 256 charges.
var chargeLists = sync.Pool{New: func() any { return new([]int32) }}

// setDiscount: a discount on the session, allocated over its charges by
// what remains on each: every charge for sessionTotal, the units' prices for
// cartItems, every additional cost for additionalCosts.
func setDiscount(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.SetDiscount)
	asked, err := askedDiscount(c, p.Name, p.Value)
	if err != nil {
		return err
	}
	scope := scopeOr(p.Scope, effects.ScopeSessionTotal)
	var kinds [3]bool
	switch scope {
	case effects.ScopeSessionTotal:
		kinds = [3]bool{true, true, true}
	case effects.ScopeCartItems:
		kinds[cart.ChargePrice] = true
	case effects.ScopeAdditionalCosts:
		kinds[cart.ChargeItemCost], kinds[cart.ChargeSessionCost] = true, true
	default:
		return invalid("scope", "unknown scope %q: expected sessionTotal, cartItems or additionalCosts", scope)
	}
	all := c.Charges()
	var buf [256]int32
	charges := buf[:0]
	if len(all) > len(buf) {
		// A large cart's list from a pool: grown by doubling at every
		// discount, it was most of what a large cart's update allocated
		// (Discount keeps none of it).
		l := chargeLists.Get().(*[]int32)
		defer chargeLists.Put(l)
		if cap(*l) < len(all) {
			*l = make([]int32, 0, len(all))
		}
		charges = (*l)[:0]
	}
	for i := range all {
		if kinds[all[i].Kind] {
			charges = append(charges, int32(i))
		}
	}
	applied := c.Discount(adjustment(e, p.Name, scope), asked, charges)
	if !settled(c, p.Value, applied) {
		q := *p
		settle(c, &q.Value, &q.DesiredValue, asked, applied)
		e.Props = &q
	}
	return nil
}

// unitCharges appends the charges of the units chosen by position and an
// optional sub-position (all the line's units when it is nil), for a scope
// of price, additionalCosts or itemTotal.
func unitCharges(c *cart.Cart, dst []int32, position effects.Index, subPosition *effects.Index, posField, subField string, price, costs bool) ([]int32, error) {
	first, n, err := unitRange(c, position, subPosition, posField, subField)
	if err != nil {
		return nil, err
	}
	units := c.Units()
	for u := first; u < first+n; u++ {
		if price {
			dst = append(dst, units[u].Price)
		}
		if costs {
			dst = append(dst, units[u].Costs...)
		}
	}
	return dst, nil
}

// setDiscountPerItem: a discount on one unit (position and subPosition), or
// on every unit of a line when subPosition is absent, on its price, its
// additional costs or both (itemTotal). The pro-rata and bundle fields say
// how Talon.One computed the value; they are kept as they are.
func setDiscountPerItem(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.SetDiscountPerItem)
	asked, err := askedDiscount(c, p.Name, p.Value)
	if err != nil {
		return err
	}
	scope := scopeOr(p.Scope, effects.ScopePrice)
	var price, costs bool
	switch scope {
	case effects.ScopePrice:
		price = true
	case effects.ScopeAdditionalCosts:
		costs = true
	case effects.ScopeItemTotal:
		price, costs = true, true
	default:
		return invalid("scope", "unknown scope %q: expected price, additionalCosts or itemTotal", scope)
	}
	var buf [8]int32
	charges, err := unitCharges(c, buf[:0], p.Position, p.SubPosition, "position", "subPosition", price, costs)
	if err != nil {
		return err
	}
	if len(charges) == 0 {
		return invalid("scope", "the item at position %d has no additional costs to discount", p.Position)
	}
	applied := c.Discount(adjustment(e, p.Name, scope), asked, charges)
	if !settled(c, p.Value, applied) {
		q := *p
		settle(c, &q.Value, &q.DesiredValue, asked, applied)
		e.Props = &q
	}
	return nil
}

// setDiscountPerAdditionalCost: a discount on a session-level additional
// cost, by its name.
func setDiscountPerAdditionalCost(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.SetDiscountPerAdditionalCost)
	asked, err := askedDiscount(c, p.Name, p.Value)
	if err != nil {
		return err
	}
	ch, err := sessionCost(c, p.AdditionalCost)
	if err != nil {
		return FieldError("additionalCost", err)
	}
	applied := c.Discount(adjustment(e, p.Name, effects.ScopeAdditionalCosts), asked, []int32{ch})
	if !settled(c, p.Value, applied) {
		q := *p
		settle(c, &q.Value, &q.DesiredValue, asked, applied)
		e.Props = &q
	}
	return nil
}

// setDiscountPerAdditionalCostPerItem: a discount on one additional cost of
// one unit (or of every unit of the line when subPosition is absent).
func setDiscountPerAdditionalCostPerItem(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.SetDiscountPerAdditionalCostPerItem)
	asked, err := askedDiscount(c, p.Name, p.Value)
	if err != nil {
		return err
	}
	var buf [8]int32
	all, err := unitCharges(c, buf[:0], p.Position, p.SubPosition, "position", "subPosition", false, true)
	if err != nil {
		return err
	}
	charges := chargesNamed(c, all, p.AdditionalCost)
	if len(charges) == 0 {
		return FieldError("additionalCost", fmt.Errorf("%w: the item at position %d has no additional cost %q", cart.ErrNotFound, p.Position, p.AdditionalCost))
	}
	applied := c.Discount(adjustment(e, p.Name, effects.ScopeAdditionalCosts), asked, charges)
	if !settled(c, p.Value, applied) {
		q := *p
		settle(c, &q.Value, &q.DesiredValue, asked, applied)
		e.Props = &q
	}
	return nil
}

// rollbackDiscount removes a discount that the cart carries: the campaign's
// adjustments with that name, on the unit or additional cost the effect
// names (everywhere when it names none). What it removes must be the
// effect's value.
func rollbackDiscount(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.RollbackDiscount)
	want, err := minor(c, p.Value, "value")
	if err != nil {
		return err
	}
	var within []int32
	limited := false
	if p.CartItemPosition != nil {
		limited = true
		price := p.AdditionalCost == nil
		within, err = unitCharges(c, nil, *p.CartItemPosition, p.CartItemSubPosition, "cartItemPosition", "cartItemSubPosition", true, true)
		if err != nil {
			return err
		}
		if !price {
			within = chargesNamed(c, within, *p.AdditionalCost)
		}
	} else if p.AdditionalCost != nil {
		limited = true
		ch, err := sessionCost(c, *p.AdditionalCost)
		if err != nil {
			return FieldError("additionalCost", err)
		}
		within = []int32{ch}
	}
	removed := c.RemoveAdjustments(func(en cart.Entry) bool {
		if en.CampaignID != e.CampaignID || en.Name != p.Name {
			return false
		}
		if !limited {
			return true
		}
		for _, ch := range within {
			if ch == en.Charge {
				return true
			}
		}
		return false
	})
	if removed == 0 && want > 0 {
		return FieldError("name", fmt.Errorf("%w: the cart has no discount %q of campaign %d there", ErrNothingToRollBack, p.Name, e.CampaignID))
	}
	if removed != want {
		return invalid("value", "rolling back %q removes %s but the effect says %s",
			p.Name, c.Currency.Decimal(removed), c.Currency.Decimal(want))
	}
	return nil
}
