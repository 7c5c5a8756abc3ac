package rules

import (
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/envops"
)

// engineOps are the operations on an Env that the engine uses and that
// are not public: see internal/envops.
type engineOps = envops.Ops[*Env, *Campaign, CouponView, ReferralView, ProfileView]

func init() {
	envops.Register(engineOps{
		NewLazy: func(s *cart.Session, c *cart.Cart, profile ProfileView, now time.Time) *Env {
			return newEnv(s, c, profile, now, true)
		},
		NarrowInto: func(src, dst *Env, c *Campaign, coupon CouponView, referral ReferralView) {
			src.narrowInto(dst, c, coupon, referral)
		},
		Update:  func(e *Env, c *cart.Cart) bool { return e.update(c) },
		Release: (*Env).release,
	})
}
