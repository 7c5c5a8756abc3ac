package handlers

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
)

// addFreeItem adds one unit of the SKU as a line marked as a free item. It
// is added at zero, or, when the registry's catalog knows the SKU, at its
// price with a discount of the whole price.
func (r *Registry) addFreeItem(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.AddFreeItem)
	if p.SKU == "" {
		return invalid("sku", "a free item needs a SKU")
	}
	name := p.Name
	var price int64
	if r.catalog != nil {
		if d, catalogName, ok := r.catalog(p.SKU); ok {
			var err error
			if price, err = c.Currency.ToMinor(d, c.Rounding); err != nil || price < 0 {
				return invalid("sku", "the catalog price %s of %q is not a price", d.String(), p.SKU)
			}
			if catalogName != "" {
				name = catalogName
			}
		}
	}
	_, err := c.AddFreeLine(p.SKU, name, 1, price, adjustment(e, p.Name, effects.ScopePrice))
	if err != nil {
		return FieldError("sku", err)
	}
	return nil
}

// cartItemAttribute matches the path of a cart item's attribute in a set
// effect: Session.CartItems[3].Attributes.color.
var cartItemAttribute = regexp.MustCompile(`^Session\.CartItems\[(\d+)\]\.Attributes\.([A-Za-z]\w*)$`)

var sessionAttribute = regexp.MustCompile(`^Session\.Attributes\.([A-Za-z]\w*)$`)

// set (updateAttribute) changes a custom attribute of the session
// (Session.Attributes.name) or of a cart item
// (Session.CartItems[position].Attributes.name). An attribute of another
// entity (a profile's) is not on the cart: it is passed on to the caller.
func set(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.UpdateAttribute)
	if m := sessionAttribute.FindStringSubmatch(p.Path); m != nil {
		v, err := cart.ParseUntypedValue(p.Value)
		if err != nil {
			return invalid("value", "%v", err)
		}
		c.SetSessionAttribute(m[1], v)
		return nil
	}
	if m := cartItemAttribute.FindStringSubmatch(p.Path); m != nil {
		v, err := cart.ParseUntypedValue(p.Value)
		if err != nil {
			return invalid("value", "%v", err)
		}
		pos, err := strconv.Atoi(m[1])
		if err != nil {
			return invalid("path", "position %q is not a number", m[1])
		}
		if err := c.SetLineAttribute(pos, m[2], v); err != nil {
			return FieldError("path", err)
		}
		return nil
	}
	if p.Path == "" {
		return invalid("path", "expected an attribute path such as Session.Attributes.tier")
	}
	return passOn(c, e)
}

// passOn records an effect that cartfx does not apply to the cart, for the
// caller: webhooks, custom effects, audience changes, giveaways, tiers,
// achievements, rewards, errors, created coupons and referrals, and any
// effect type cartfx does not know.
func passOn(c *cart.Cart, e *effects.Effect) error {
	raw, err := effects.MarshalProps(e.Props)
	if err != nil {
		return fmt.Errorf("%w: the props cannot be encoded: %v", ErrInvalidEffect, err)
	}
	c.Inform(cart.Informational{EffectType: string(e.Type()), CampaignID: e.CampaignID, RuleName: e.RuleName, Props: raw})
	return nil
}

// builtins is the table of built-in handlers; types that are absent are
// passed on to the caller.
func builtins(r *Registry) map[effects.Type]Handler {
	return map[effects.Type]Handler{
		effects.TypeSetDiscount:                         HandlerFunc(setDiscount),
		effects.TypeSetDiscountPerItem:                  HandlerFunc(setDiscountPerItem),
		effects.TypeSetDiscountPerAdditionalCost:        HandlerFunc(setDiscountPerAdditionalCost),
		effects.TypeSetDiscountPerAdditionalCostPerItem: HandlerFunc(setDiscountPerAdditionalCostPerItem),
		effects.TypeRollbackDiscount:                    HandlerFunc(rollbackDiscount),
		effects.TypeAddFreeItem:                         HandlerFunc(r.addFreeItem),
		effects.TypeAcceptCoupon:                        HandlerFunc(acceptCoupon),
		effects.TypeRejectCoupon:                        HandlerFunc(rejectCoupon),
		effects.TypeRollbackCoupon:                      HandlerFunc(rollbackCoupon),
		effects.TypeAcceptReferral:                      HandlerFunc(acceptReferral),
		effects.TypeRedeemReferral:                      HandlerFunc(acceptReferral),
		effects.TypeRejectReferral:                      HandlerFunc(rejectReferral),
		effects.TypeRollbackReferral:                    HandlerFunc(rollbackReferral),
		effects.TypeAddLoyaltyPoints:                    HandlerFunc(addLoyaltyPoints),
		effects.TypeDeductLoyaltyPoints:                 HandlerFunc(deductLoyaltyPoints),
		effects.TypeRollbackAddedLoyaltyPoints:          HandlerFunc(rollbackAddedLoyaltyPoints),
		effects.TypeRollbackDeductedLoyaltyPoints:       HandlerFunc(rollbackDeductedLoyaltyPoints),
		effects.TypeShowNotification:                    HandlerFunc(showNotification),
		effects.TypeSet:                                 HandlerFunc(set),
	}
}
