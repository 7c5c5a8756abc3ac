package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/cartfx/cartfx/apierror"
	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/internal/text"
	"github.com/cartfx/cartfx/store"
)

// The reads and small writes that Talon.One's Integration API has beside
// session updates, for the server: a session as stored, a return that is
// only planned, a profile's attributes and a profile's loyalty balances.

// Session returns a stored session (Talon.One's GET customer session):
// the session as its updates left it, and the effects that still hold for
// it once its rollbacks are taken out. A cancelled session keeps only the
// effects no rollback undoes (created codes, free items, attribute
// updates, notifications); a partially returned one loses the per-item
// discounts of its returned units. An unknown session is
// ErrSessionNotFound.
func (e *Engine) Session(ctx context.Context, id string) (*Response, error) {
	rec, err := e.store.Session(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("engine: reading session %q: %w", id, err)
	}
	resp, err := e.replayResponse(ctx, rec)
	if err != nil {
		return nil, err
	}
	resp.Effects = validEffects(rec)
	return resp, nil
}

// validEffects are a stored session's effects less those its rollbacks
// undid.
func validEffects(rec *store.Session) []effects.Effect {
	out := make([]effects.Effect, 0, len(rec.Effects))
	switch rec.State {
	case cart.StateCancelled:
		for _, ef := range rec.Effects {
			switch ef.Type() {
			case effects.TypeSetDiscount, effects.TypeSetDiscountPerItem, effects.TypeSetDiscountPerAdditionalCost,
				effects.TypeSetDiscountPerAdditionalCostPerItem, effects.TypeAcceptCoupon, effects.TypeAcceptReferral,
				effects.TypeRedeemReferral, effects.TypeAddLoyaltyPoints, effects.TypeDeductLoyaltyPoints:
				continue
			}
			out = append(out, ef)
		}
	case cart.StatePartiallyReturned:
		type unit struct {
			campaign    int64
			pos, subPos int
		}
		returned := map[unit]bool{}
		for _, r := range rec.Returns {
			if p, ok := r.Props.(*effects.RollbackDiscount); ok && p.CartItemPosition != nil && p.CartItemSubPosition != nil {
				returned[unit{r.CampaignID, int(*p.CartItemPosition), int(*p.CartItemSubPosition)}] = true
			}
		}
		for _, ef := range rec.Effects {
			if p, ok := ef.Props.(*effects.SetDiscountPerItem); ok {
				sub := 0
				if p.SubPosition != nil {
					sub = int(*p.SubPosition)
				}
				if returned[unit{ef.CampaignID, int(p.Position), sub}] {
					continue
				}
			}
			out = append(out, ef)
		}
	default:
		out = append(out, rec.Effects...)
	}
	return out
}

// PreviewReturn plans a return as Return does and answers what it would
// answer, but stores nothing (Talon.One's returns with dry=true).
func (e *Engine) PreviewReturn(ctx context.Context, id string, items []ReturnedItem) (*Response, error) {
	stored, err := e.store.Session(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("engine: reading session %q: %w", id, err)
	}
	resp, _, err := e.planReturn(ctx, stored, items, true)
	return resp, err
}

// UpdateProfile gives a customer profile the attributes of p, on top of
// the ones it has (Talon.One's update customer profile), creating the
// profile if it does not exist; a dry update stores nothing. It returns
// the profile as the update leaves it. It is no activity of the profile
// (Talon.One's update without runRuleEngine): see UpdateProfileWith.
func (e *Engine) UpdateProfile(ctx context.Context, id string, p *Profile, dry bool) (*ProfileState, error) {
	return e.UpdateProfileWith(ctx, id, p, ProfileUpdate{Dry: dry})
}

// ProfileUpdate says how UpdateProfileWith updates a profile.
type ProfileUpdate struct {
	// Dry stores nothing.
	Dry bool
	// Activity makes the update the profile's last activity (its
	// LastActivity becomes now, when stored): Talon.One counts the calls
	// that run the rule engine, so an update with runRuleEngine=true is
	// one and a plain attribute update is not.
	Activity bool
}

// UpdateProfileWith is UpdateProfile with the options of u.
func (e *Engine) UpdateProfileWith(ctx context.Context, id string, p *Profile, u ProfileUpdate) (*ProfileState, error) {
	dry := u.Dry
	if id == "" {
		return nil, badField("", "Required", "a customer profile needs an integration ID")
	}
	cur, err := e.store.Profile(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		cur = &store.Profile{ID: id, Created: e.clock()}
	case err != nil:
		return nil, fmt.Errorf("engine: reading profile %q: %w", id, err)
	}
	attrs := maps.Clone(cur.Attributes)
	if attrs == nil {
		attrs = map[string]any{}
	}
	if p != nil {
		maps.Copy(attrs, p.Attributes)
	}
	after := *cur
	after.Attributes = attrs
	if !dry {
		// The attributes given are merged in by the commit, on the ones
		// stored then: an update of other attributes that committed since
		// the read above is kept.
		var given map[string]any
		if p != nil {
			given = p.Attributes
		}
		cs := &store.ChangeSet{
			Profiles:      []*store.Profile{{ID: id, Attributes: map[string]any{}, Created: cur.Created}},
			ProfileDeltas: []store.ProfileDelta{{ID: id, MergeAttributes: given}},
		}
		if u.Activity {
			cs.ProfileDeltas[0].Activity = e.clock()
		}
		if err := e.store.Commit(ctx, cs); err != nil {
			return nil, fmt.Errorf("engine: storing profile %q: %w", id, err)
		}
		// The answer is the profile as stored, with those updates.
		if stored, err := e.store.Profile(ctx, id); err == nil {
			after = *stored
			if after.Attributes == nil {
				after.Attributes = map[string]any{}
			}
		}
	}
	return profileState(&after, e.file.Currency), nil
}

// LoyaltyBalance is a profile's points in a program or one of its
// sub-ledgers, now (Talon.One's LoyaltyBalance).
type LoyaltyBalance struct {
	ActivePoints  Points `json:"activePoints"`
	PendingPoints Points `json:"pendingPoints"`
	SpentPoints   Points `json:"spentPoints"`
	ExpiredPoints Points `json:"expiredPoints"`
}

// LoyaltyBalances are a profile's balances in a program: the whole
// program's and each sub-ledger's by ID (Talon.One's LoyaltyBalances).
type LoyaltyBalances struct {
	Balance    LoyaltyBalance            `json:"balance"`
	SubLedgers map[string]LoyaltyBalance `json:"subledgerBalances"`
}

// ErrProgramNotFound is a loyalty program the campaign file does not have
// (Talon.One answers 404).
var ErrProgramNotFound = errors.New("loyalty program not found")

// Balances returns a profile's loyalty balances in a program of the
// campaign file, now. A profile without points has zero balances.
func (e *Engine) Balances(ctx context.Context, profileID string, programID int64) (*LoyaltyBalances, error) {
	return e.BalancesAt(ctx, profileID, programID, e.clock())
}

// BalancesAt returns a profile's loyalty balances in a program as of at
// (Talon.One's endDate): only the transactions made by then (at at or
// before) count, and which points are active, pending or expired is said
// at at, so at may also be in the future (when pending points activate,
// or active ones expire).
func (e *Engine) BalancesAt(ctx context.Context, profileID string, programID int64, at time.Time) (*LoyaltyBalances, error) {
	if _, ok := e.programs[programID]; !ok {
		return nil, &Error{Status: 404, Response: apierror.Response{Message: fmt.Sprintf("no loyalty program %d", programID)}, kind: ErrProgramNotFound}
	}
	txns, err := e.store.Loyalty(ctx, profileID, programID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("engine: reading the loyalty of profile %q: %w", profileID, err)
	}
	txns = slices.DeleteFunc(txns, func(t store.LoyaltyTxn) bool { return t.Created.After(at) })
	now := at
	of := func(b balance) LoyaltyBalance {
		return LoyaltyBalance{ActivePoints: points(b.current), PendingPoints: points(b.pending),
			SpentPoints: points(b.spent), ExpiredPoints: points(b.expired)}
	}
	out := &LoyaltyBalances{Balance: of(balanceOf(txns, now)), SubLedgers: map[string]LoyaltyBalance{}}
	bySub := map[string][]store.LoyaltyTxn{}
	for _, t := range txns {
		if t.SubLedgerID != "" {
			bySub[t.SubLedgerID] = append(bySub[t.SubLedgerID], t)
		}
	}
	for sub, ts := range bySub {
		out.SubLedgers[sub] = of(balanceOf(ts, now))
	}
	return out, nil
}

// ParseReturn reads a return in Talon.One's ReturnIntegrationRequest
// shape, {"return": {"returnedCartItems": [{"position": 0, "quantity":
// 1}]}}: each item's position (required, 0 or more) and quantity (1 or
// more; 1 when absent). Every problem is reported at once with its JSON
// pointer. Keys match as encoding/json matches struct fields (exactly, or
// else case-insensitively), and two keys that match one field ("position"
// twice, or "position" and "Position") are refused with the pointer and
// position of the second, as ParseSession and ParseProfile refuse
// duplicates. Other members (responseContent) are left to the caller.
func (e *Engine) ParseReturn(data []byte) ([]ReturnedItem, error) {
	if err := checkBody(data, true); err != nil {
		return nil, err
	}
	const example = `{"return": {"returnedCartItems": [{"position": 0, "quantity": 1}]}}`
	var body struct {
		Return json.RawMessage `json:"return"`
	}
	if json.Unmarshal(data, &body) != nil {
		return nil, badField("", "Malformed", "expected a return request such as %s", example)
	}
	var problems apierror.List
	bad := func(ptr, title, format string, args ...any) {
		problems.Add(apierror.Item{Title: title, Details: fmt.Sprintf(format, args...), Source: apierror.Source{Pointer: ptr}})
	}
	invalid := func() error {
		return &Error{Status: 400, Response: apierror.Response{Message: "invalid return", Errors: problems.Items()}, kind: ErrInvalidInput}
	}
	if isNull(body.Return) {
		bad("/return", "Required", "return is required, such as %s", example)
		return nil, invalid()
	}
	var ret struct {
		ReturnedCartItems json.RawMessage `json:"returnedCartItems"`
	}
	if json.Unmarshal(body.Return, &ret) != nil {
		bad("/return", "Invalid", "return must be an object")
		return nil, invalid()
	}
	var list []json.RawMessage
	switch {
	case isNull(ret.ReturnedCartItems):
		bad("/return/returnedCartItems", "Required", "a return needs at least one returned cart item")
	case json.Unmarshal(ret.ReturnedCartItems, &list) != nil:
		bad("/return/returnedCartItems", "Invalid", "returnedCartItems must be a list")
	case len(list) == 0:
		bad("/return/returnedCartItems", "Required", "a return needs at least one returned cart item")
	}
	items := make([]ReturnedItem, 0, len(list))
	for i, raw := range list {
		ptr := "/return/returnedCartItems/" + strconv.Itoa(i)
		var it struct {
			Position, Quantity, SKU json.RawMessage
		}
		if json.Unmarshal(raw, &it) != nil {
			bad(ptr, "Invalid", "a returned cart item must be an object such as {\"position\": 0, \"quantity\": 1}")
			continue
		}
		item := ReturnedItem{Quantity: 1}
		ok := true
		switch {
		case isNull(it.Position) && !isNull(it.SKU):
			bad(ptr+"/position", "Required", "position is required: cartfx knows returned items by their position in the session's cartItems, not by sku")
			ok = false
		case isNull(it.Position):
			bad(ptr+"/position", "Required", "position is required")
			ok = false
		case json.Unmarshal(it.Position, &item.Position) != nil:
			bad(ptr+"/position", "Invalid", "position must be a whole number, not %s", text.Quote(string(it.Position)))
			ok = false
		case item.Position < 0:
			bad(ptr+"/position", "Invalid", "position must not be negative")
			ok = false
		}
		if !isNull(it.Quantity) {
			switch {
			case json.Unmarshal(it.Quantity, &item.Quantity) != nil:
				bad(ptr+"/quantity", "Invalid", "quantity must be a whole number, not %s", text.Quote(string(it.Quantity)))
				ok = false
			case item.Quantity < 1:
				bad(ptr+"/quantity", "Invalid", "quantity must be at least 1")
				ok = false
			}
		}
		if ok {
			items = append(items, item)
		}
	}
	if problems.Len() > 0 {
		return nil, invalid()
	}
	return items, nil
}

// isNull reports whether a member is absent or null.
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
}
