package handlers

import (
	"fmt"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
)

func acceptCoupon(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.AcceptCoupon)
	if p.Value == "" {
		return invalid("value", "expected the coupon code")
	}
	c.SetCoupon(cart.CouponVerdict{Code: p.Value, Accepted: true, CampaignID: e.CampaignID})
	return nil
}

func rejectCoupon(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.RejectCoupon)
	if p.Value == "" {
		return invalid("value", "expected the coupon code")
	}
	c.SetCoupon(cart.CouponVerdict{Code: p.Value, RejectionReason: string(p.RejectionReason), CampaignID: e.CampaignID})
	return nil
}

func rollbackCoupon(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.RollbackCoupon)
	if !cartOps.RemoveCoupon(c, p.Value) {
		return FieldError("value", fmt.Errorf("%w: the cart has no coupon %q", ErrNothingToRollBack, p.Value))
	}
	return nil
}

func acceptReferral(c *cart.Cart, e *effects.Effect) error {
	var code string
	switch p := e.Props.(type) {
	case *effects.AcceptReferral:
		code = p.Value
	case *effects.RedeemReferral:
		code = p.Value
	}
	if code == "" {
		return invalid("value", "expected the referral code")
	}
	c.SetReferral(&cart.ReferralVerdict{Code: code, Accepted: true, CampaignID: e.CampaignID})
	return nil
}

func rejectReferral(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.RejectReferral)
	if p.Value == "" {
		return invalid("value", "expected the referral code")
	}
	c.SetReferral(&cart.ReferralVerdict{Code: p.Value, RejectionReason: string(p.RejectionReason), CampaignID: e.CampaignID})
	return nil
}

func rollbackReferral(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.RollbackReferral)
	if !cartOps.RemoveReferral(c, p.Value) {
		return FieldError("value", fmt.Errorf("%w: the cart has no referral %q", ErrNothingToRollBack, p.Value))
	}
	return nil
}

func showNotification(c *cart.Cart, e *effects.Effect) error {
	p := e.Props.(*effects.ShowNotification)
	c.Notify(cart.Notification{Type: p.NotificationType, Title: p.Title, Body: p.Body, CampaignID: e.CampaignID})
	return nil
}
