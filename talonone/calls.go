package talonone

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/engine"
)

const sessionsPath = "/v2/customer_sessions/"

// Update sends a session update (Talon.One's updateCustomerSessionV2;
// opts.Dry is dry=true) and returns the answer as the engine's Response:
// the effects, and the receipt of the session's cart (as the answer shows
// the stored session) with them applied. A cancel of a closed session is
// answered with rollback effects: the client reads the session first, so
// that the receipt is of the cart the rollbacks undo.
//
// opts.Profile is sent first as a profile update; with Dry it is refused
// (the Integration API has no dry session update with a profile's
// attributes).
func (c *Client) Update(ctx context.Context, id string, s *cart.Session, opts engine.UpdateOptions) (*engine.Response, error) {
	path := sessionsPath + url.PathEscape(id)
	if id == "" {
		return nil, invalid("PUT", path, "", "a customer session needs an integration ID")
	}
	if s == nil {
		return nil, invalid("PUT", path, "", "the session is nil")
	}
	if s.Currency.Code == "" {
		cp := *s
		cp.Currency = c.currency
		s = &cp
	}
	if s.Currency != c.currency {
		return nil, invalid("PUT", path, "", "the session's prices are in %s but the client's are in %s", s.Currency.Code, c.currency.Code)
	}
	if opts.Profile != nil {
		if opts.Dry {
			return nil, invalid("PUT", path, "", "a dry update with a profile cannot be sent: update the profile, then the session")
		}
		if s.ProfileID == "" {
			return nil, invalid("PUT", path, "/profileId", "a profile is given but the session has no profileId")
		}
		if _, err := c.UpdateProfile(ctx, s.ProfileID, opts.Profile, false); err != nil {
			return nil, err
		}
	}
	body, err := encodeSession(s)
	if err != nil {
		return nil, invalid("PUT", path, "", "the session cannot be written as JSON: %v", err)
	}
	var before *engine.Response
	var beforeSession *cart.Session
	if !opts.Dry && s.State == cart.StateCancelled && (s.Fields == 0 || s.Has(cart.FieldState)) {
		before, beforeSession, err = c.session(ctx, id)
		switch {
		case errors.Is(err, ErrNotFound):
			before = nil
		case err != nil:
			return nil, err
		case before.CustomerSession.State != cart.StateClosed && before.CustomerSession.State != cart.StatePartiallyReturned:
			before = nil
		}
	}
	data, err := c.do(ctx, request{method: "PUT", path: path, query: "dry=" + strconv.FormatBool(opts.Dry), body: body, safe: true})
	if err != nil {
		return nil, err
	}
	resp, raw, err := decodeState(data)
	if err != nil {
		return nil, err
	}
	switch {
	case before != nil && before.CustomerSession.State == cart.StatePartiallyReturned:
		// The session's read leaves out the discounts of the returned
		// units, which the cart-wide discounts were allocated beside, so
		// the rollbacks cannot be applied to it exactly: the receipt is of
		// the session as the cancel left it, read again.
		var after *engine.Response
		if after, _, err = c.session(ctx, id); err == nil {
			resp.Cart = after.Cart
		}
	case before != nil:
		resp.Cart, err = c.receipt(beforeSession, before.CustomerSession, before.Effects, resp.Effects)
	default:
		var sess *cart.Session
		if sess, err = c.sessionOf(raw, s); err == nil {
			resp.Cart, err = c.receipt(sess, resp.CustomerSession, resp.Effects, nil)
		}
	}
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// UpdateSession is Update for a session given as JSON, in Talon.One's
// NewCustomerSessionV2 shape (bare or as {"customerSession": ...}): it
// is read, in the client's currency, before it is sent, and a session
// that does not read is refused with every problem (cart.Error).
func (c *Client) UpdateSession(ctx context.Context, id string, body []byte, opts engine.UpdateOptions) (*engine.Response, error) {
	s, err := cart.ParseSession(body, cart.ParseOptions{Currency: c.currency})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	return c.Update(ctx, id, s, opts)
}

// Session reads a stored session (getCustomerSession): the session and
// the effects that hold for it, with the receipt of its cart.
func (c *Client) Session(ctx context.Context, id string) (*engine.Response, error) {
	resp, _, err := c.session(ctx, id)
	return resp, err
}

func (c *Client) session(ctx context.Context, id string) (*engine.Response, *cart.Session, error) {
	data, err := c.do(ctx, request{method: "GET", path: sessionsPath + url.PathEscape(id), safe: true})
	if err != nil {
		return nil, nil, err
	}
	resp, raw, err := decodeState(data)
	if err != nil {
		return nil, nil, err
	}
	sess, err := c.sessionOf(raw, nil)
	if err != nil {
		return nil, nil, err
	}
	if resp.Cart, err = c.receipt(sess, resp.CustomerSession, resp.Effects, nil); err != nil {
		return nil, nil, err
	}
	return resp, sess, nil
}

type idempotencyKey struct{}

// WithIdempotencyKey gives the returns made with ctx this Idempotency-Key
// instead of a new random one per call: a cart service that keeps the
// key with its own record of the return can send it again after a crash,
// and Talon.One answers the first return again instead of making another.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKey{}, key)
}

// Return returns cart items of a closed session (returnCartItems). It is
// sent with an Idempotency-Key that stays the same across its retries, so
// a return whose answer was lost is never made twice. The answer's
// receipt is of the session's cart with its returned units marked; the
// client reads the session first for the effects that made that cart.
func (c *Client) Return(ctx context.Context, id string, items []engine.ReturnedItem) (*engine.Response, error) {
	path := sessionsPath + url.PathEscape(id) + "/returns"
	if len(items) == 0 {
		return nil, invalid("POST", path, "/return/returnedCartItems", "a return needs at least one returned cart item")
	}
	key, _ := ctx.Value(idempotencyKey{}).(string)
	if key == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		key = hex.EncodeToString(b[:])
	}
	before, beforeSession, err := c.session(ctx, id)
	if err != nil {
		return nil, err
	}
	type returned struct {
		Position int `json:"position"`
		Quantity int `json:"quantity"`
	}
	var req struct {
		Return struct {
			ReturnedCartItems []returned `json:"returnedCartItems"`
		} `json:"return"`
		ResponseContent []string `json:"responseContent"`
	}
	for _, it := range items {
		req.Return.ReturnedCartItems = append(req.Return.ReturnedCartItems, returned(it))
	}
	req.ResponseContent = responseContent
	body, _ := json.Marshal(&req)
	data, err := c.do(ctx, request{method: "POST", path: path, body: body, safe: true, headers: []string{"Idempotency-Key", key}})
	if err != nil {
		return nil, err
	}
	resp, raw, err := decodeState(data)
	if err != nil {
		return nil, err
	}
	sess, err := c.sessionOf(raw, beforeSession)
	if err != nil {
		return nil, err
	}
	state := resp.CustomerSession
	if state == nil {
		state = before.CustomerSession
	}
	// The discounts of the returned units stay in their ledger (what the
	// refund is); the points a return takes back leave the receipt.
	var points []effects.Effect
	for _, e := range resp.Effects {
		if t := e.Type(); t == effects.TypeRollbackAddedLoyaltyPoints || t == effects.TypeRollbackDeductedLoyaltyPoints {
			points = append(points, e)
		}
	}
	if resp.Cart, err = c.receipt(sess, state, before.Effects, points); err != nil {
		return nil, err
	}
	return resp, nil
}

// Reopen makes a closed session open again (reopenCustomerSession) and
// returns the rollback effects of what its close committed, with the
// receipt of the cart they undo (the client reads the session first).
// A reopen is not repeated after an error, but when its connection could
// not be made.
func (c *Client) Reopen(ctx context.Context, id string) (*engine.Response, error) {
	before, beforeSession, err := c.session(ctx, id)
	if err != nil {
		return nil, err
	}
	data, err := c.do(ctx, request{method: "PUT", path: sessionsPath + url.PathEscape(id) + "/reopen"})
	if err != nil {
		return nil, err
	}
	resp, _, err := decodeState(data)
	if err != nil {
		return nil, err
	}
	if st := before.CustomerSession; st != nil {
		cp := *st
		cp.State = cart.StateOpen
		resp.CustomerSession = &cp
	}
	if resp.Cart, err = c.receipt(beforeSession, before.CustomerSession, before.Effects, resp.Effects); err != nil {
		return nil, err
	}
	return resp, nil
}

// UpdateProfile sets attributes of a customer profile, creating it if it
// does not exist (updateCustomerProfileV2), and returns the profile as
// the update leaves it. A dry update is sent with runRuleEngine=true and
// dry=true, which stores nothing.
func (c *Client) UpdateProfile(ctx context.Context, id string, p *engine.Profile, dry bool) (*engine.ProfileState, error) {
	path := "/v2/customer_profiles/" + url.PathEscape(id)
	if id == "" {
		return nil, invalid("PUT", path, "", "a customer profile needs an integration ID")
	}
	attrs := map[string]any{}
	if p != nil && p.Attributes != nil {
		attrs = plainAttributes(p.Attributes)
	}
	body, err := json.Marshal(map[string]any{"attributes": attrs, "responseContent": []string{"customerProfile"}})
	if err != nil {
		return nil, invalid("PUT", path, "/attributes", "the attributes cannot be written as JSON: %v", err)
	}
	query := "runRuleEngine=false"
	if dry {
		query = "runRuleEngine=true&dry=true"
	}
	data, err := c.do(ctx, request{method: "PUT", path: path, query: query, body: body, safe: true})
	if err != nil {
		return nil, err
	}
	var out struct {
		CustomerProfile *engine.ProfileState `json:"customerProfile"`
	}
	if err := json.Unmarshal(data, &out); err != nil || out.CustomerProfile == nil {
		return nil, fmt.Errorf("talonone: PUT %s: the answer has no customerProfile (%v)", path, err)
	}
	return out.CustomerProfile, nil
}

// Balances returns a profile's balances in a loyalty program
// (getLoyaltyBalances).
func (c *Client) Balances(ctx context.Context, profileID string, programID int64) (*engine.LoyaltyBalances, error) {
	path := "/v1/loyalty_programs/" + strconv.FormatInt(programID, 10) + "/profile/" + url.PathEscape(profileID) + "/balances"
	data, err := c.do(ctx, request{method: "GET", path: path, safe: true})
	if err != nil {
		return nil, err
	}
	out := &engine.LoyaltyBalances{}
	if err := json.Unmarshal(data, out); err != nil {
		return nil, fmt.Errorf("talonone: GET %s: the answer is not LoyaltyBalances: %w", path, err)
	}
	if out.SubLedgers == nil {
		out.SubLedgers = map[string]engine.LoyaltyBalance{}
	}
	return out, nil
}
