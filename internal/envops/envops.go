// Package envops carries to the engine the operations on a rules.Env that
// exist for the engine's speed and are not part of rules' public API:
// building an Env whose units' price decimals are made only when a rule
// may read them, narrowing an Env into one the engine reuses from
// campaign to campaign, bringing an Env up to date after a campaign's
// discounts, and giving an Env's units back to the pool for the next
// update.
//
// rules registers its operations when it is initialised (Register); the
// engine takes them once, with the types it knows (Get). envops imports
// cart only: it names rules' types through its type parameters, so that
// the import direction stays one-way (rules and engine import envops,
// envops imports neither).
package envops

import (
	"fmt"
	"time"

	"github.com/cartfx/cartfx/cart"
)

// Ops are the operations on an environment of type Env (rules' *Env)
// for campaigns of type Campaign (*rules.Campaign) with coupon, referral
// and profile views Coupon, Referral and Profile.
type Ops[Env, Campaign, Coupon, Referral, Profile any] struct {
	// NewLazy is rules.NewEnv, but the units' Price and
	// PriceAfterDiscounts decimals are made when a program that may read
	// them runs: the Env is for rules' programs alone.
	NewLazy func(s *cart.Session, c *cart.Cart, profile Profile, now time.Time) Env
	// NarrowInto narrows src to campaign c into dst, reusing dst's
	// variables; dst may be used by one goroutine at a time.
	NarrowInto func(src, dst Env, c Campaign, coupon Coupon, referral Referral)
	// Update brings e up to date with c, a later state of e's cart that
	// differs only in discounts; false (and nothing changed) otherwise.
	Update func(e Env, c *cart.Cart) bool
	// Release gives the units of e, an Env the engine built, to the next
	// one. Neither e nor any Env narrowed from it may be used after it.
	Release func(e Env)
}

// registered holds the Ops that Register was given.
var registered any

// Register records ops; rules calls it once, from an init function.
func Register[Env, Campaign, Coupon, Referral, Profile any](ops Ops[Env, Campaign, Coupon, Referral, Profile]) {
	registered = ops
}

// Get returns the operations Register recorded, for the types given. It
// panics when nothing was registered or the types differ: the engine
// calls it when it is initialised, so that a mismatch fails every test.
func Get[Env, Campaign, Coupon, Referral, Profile any]() Ops[Env, Campaign, Coupon, Referral, Profile] {
	ops, ok := registered.(Ops[Env, Campaign, Coupon, Referral, Profile])
	if !ok {
		panic(fmt.Sprintf("envops: registered %T, asked for %T", registered, ops))
	}
	return ops
}
