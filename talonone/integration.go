package talonone

import (
	"context"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/engine"
)

// Integration is what a cart service asks of its decision maker. The
// in-process *engine.Engine, a Client pointed at a cartfx serve and a
// Client pointed at Talon.One all satisfy it, with the same answers: the
// effects, and the receipt the same handlers make of them.
type Integration interface {
	Update(ctx context.Context, id string, s *cart.Session, opts engine.UpdateOptions) (*engine.Response, error)
	UpdateSession(ctx context.Context, id string, body []byte, opts engine.UpdateOptions) (*engine.Response, error)
	Session(ctx context.Context, id string) (*engine.Response, error)
	Return(ctx context.Context, id string, items []engine.ReturnedItem) (*engine.Response, error)
	Reopen(ctx context.Context, id string) (*engine.Response, error)
	UpdateProfile(ctx context.Context, id string, p *engine.Profile, dry bool) (*engine.ProfileState, error)
	Balances(ctx context.Context, profileID string, programID int64) (*engine.LoyaltyBalances, error)
}

var (
	_ Integration = (*engine.Engine)(nil)
	_ Integration = (*Client)(nil)
)
