package rules

import (
	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/envops"
)

// engineOps are the operations on an Env that the engine uses and that
// are not public: see internal/envops.
type engineOps = envops.Ops[*Env, *Campaign, CouponView, ReferralView]

func init() {
	envops.Register(engineOps{
		NarrowInto: func(src, dst *Env, c *Campaign, coupon CouponView, referral ReferralView) {
			src.narrowInto(dst, c, coupon, referral)
		},
		Update:  func(e *Env, c *cart.Cart) bool { return e.update(c) },
		Release: (*Env).release,
	})
}
