package talonone

import (
	"encoding/json"
	"fmt"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/internal/cartops"
)

var cartOps = cartops.CartOps[*cart.Cart, *cart.Session, cart.RoundingMode, cart.Adjustment]()

// stateV2 is the part of IntegrationStateV2 (and of the session, reopen
// and profile answers) that the engine's Response holds; the effects are
// decoded by effects.DecodeList.
type stateV2 struct {
	CreatedCoupons     []engine.CreatedCoupon     `json:"createdCoupons"`
	CreatedReferrals   []referralV2               `json:"createdReferrals"`
	CustomerSession    json.RawMessage            `json:"customerSession"`
	CustomerProfile    *engine.ProfileState       `json:"customerProfile"`
	Loyalty            *loyaltyV2                 `json:"loyalty"`
	TriggeredCampaigns []campaignV2               `json:"triggeredCampaigns"`
	RuleFailureReasons []engine.RuleFailureReason `json:"ruleFailureReasons"`
	Return             *struct {
		ReturnedUnits []engine.ReturnedUnit `json:"returnedUnits"`
		RefundTotal   *cart.Money           `json:"refundTotal"`
	} `json:"return"`
}

type referralV2 struct {
	engine.CreatedReferral
	// Talon.One names the advocate so in Referral.
	AdvocateProfileIntegrationID string `json:"advocateProfileIntegrationId"`
}

type loyaltyV2 struct {
	Programs map[string]struct {
		ID     int64                `json:"id"`
		Name   string               `json:"name"`
		Title  string               `json:"title"`
		Ledger engine.LoyaltyLedger `json:"ledger"`
	} `json:"programs"`
}

type campaignV2 struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// decodeState reads an answer into the engine's Response, without the
// receipt; session is the raw customerSession.
func decodeState(body []byte) (*engine.Response, json.RawMessage, error) {
	list, err := effects.DecodeList(body)
	if err != nil {
		return nil, nil, fmt.Errorf("talonone: the answer's effects: %w", err)
	}
	var st stateV2
	if err := json.Unmarshal(body, &st); err != nil {
		return nil, nil, fmt.Errorf("talonone: the answer is not Talon.One's IntegrationStateV2: %w", err)
	}
	r := &engine.Response{Effects: list, CreatedCoupons: nonNilOf(st.CreatedCoupons), CreatedReferrals: []engine.CreatedReferral{},
		CustomerProfile: st.CustomerProfile, Loyalty: engine.LoyaltyState{Programs: map[string]engine.ProgramLedger{}},
		Triggered: []engine.TriggeredCampaign{}, RuleFailures: nonNilOf(st.RuleFailureReasons)}
	if r.Effects == nil {
		r.Effects = []effects.Effect{}
	}
	for _, cr := range st.CreatedReferrals {
		ref := cr.CreatedReferral
		ref.Advocate = cr.AdvocateProfileIntegrationID
		r.CreatedReferrals = append(r.CreatedReferrals, ref)
	}
	for _, c := range st.TriggeredCampaigns {
		r.Triggered = append(r.Triggered, engine.TriggeredCampaign{ID: c.ID, Name: c.Name})
	}
	if st.Loyalty != nil {
		for k, p := range st.Loyalty.Programs {
			name := p.Name
			if name == "" {
				name = p.Title
			}
			r.Loyalty.Programs[k] = engine.ProgramLedger{ID: p.ID, Name: name, Ledger: p.Ledger}
		}
	}
	if len(st.CustomerSession) > 0 && string(st.CustomerSession) != "null" {
		r.CustomerSession = &engine.SessionState{}
		if err := json.Unmarshal(st.CustomerSession, r.CustomerSession); err != nil {
			return nil, nil, fmt.Errorf("talonone: the answer's customerSession: %w", err)
		}
	}
	if st.Return != nil {
		r.Return = &engine.ReturnSummary{Items: nonNilOf(st.Return.ReturnedUnits)}
		if st.Return.RefundTotal != nil {
			r.Return.Refund = *st.Return.RefundTotal
		}
	}
	return r, st.CustomerSession, nil
}

func nonNilOf[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sessionOf rebuilds the cart's session from an answer's customerSession
// (CustomerSessionV2 is NewCustomerSessionV2 with read-only fields, which
// the parser ignores); fallback when the answer has none.
func (c *Client) sessionOf(raw json.RawMessage, fallback *cart.Session) (*cart.Session, error) {
	if len(raw) == 0 || string(raw) == "null" {
		if fallback == nil {
			return nil, fmt.Errorf("talonone: the answer has no customerSession to make the receipt of")
		}
		return fallback, nil
	}
	s, err := cart.ParseSession(raw, cart.ParseOptions{Currency: c.currency})
	if err != nil {
		return nil, fmt.Errorf("talonone: the answer's customerSession: %w", err)
	}
	return s, nil
}

// receipt applies the effects to the session's cart, in order, with the
// client's handlers; then marks the units that were returned (the last
// units of each line, as the engine marks them) and applies the
// effects that only make sense after (rollbacks), giving the receipt.
func (c *Client) receipt(s *cart.Session, state *engine.SessionState, list, after []effects.Effect) (*cart.Receipt, error) {
	crt, err := cart.New(s, c.rounding)
	if err != nil {
		return nil, fmt.Errorf("talonone: the session's cart: %w", err)
	}
	out, _, err := c.handlers.Apply(crt, list)
	if err != nil {
		return nil, fmt.Errorf("talonone: applying the answer's effects: %w", err)
	}
	if state != nil {
		for _, it := range state.CartItems {
			for k := 0; k < it.ReturnedQuantity; k++ {
				i, err := out.UnitIndex(it.Position, it.Quantity-1-k)
				if err == nil {
					err = cartOps.MarkReturned(out, i)
				}
				if err != nil {
					return nil, fmt.Errorf("talonone: marking the returned units of position %d: %w", it.Position, err)
				}
			}
		}
	}
	if len(after) > 0 {
		if out, _, err = c.handlers.Apply(out, after); err != nil {
			return nil, fmt.Errorf("talonone: applying the answer's rollback effects: %w", err)
		}
	}
	return out.Receipt(), nil
}
