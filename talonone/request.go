package talonone

import (
	"encoding/json"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/shopspring/decimal"
)

// The request bodies, in the shapes the Integration API decodes.

// integrationRequest is IntegrationRequest: the session and what the
// answer should carry.
type integrationRequest struct {
	CustomerSession *newSession `json:"customerSession"`
	ResponseContent []string    `json:"responseContent"`
}

// responseContent is what every session answer is asked for: the session
// as stored (to rebuild the cart the effects apply to) and the blocks the
// engine's Response has.
var responseContent = []string{"customerSession", "customerProfile", "triggeredCampaigns", "ruleFailureReasons", "loyalty"}

// newSession is NewCustomerSessionV2. Fields are written only when the
// session carries them (cart.Session.Fields), so that an update merges as
// Talon.One's PUT does; a session built by hand (Fields 0) is written
// whole.
type newSession struct {
	ProfileID       *string              `json:"profileId,omitempty"`
	State           cart.State           `json:"state,omitempty"`
	CouponCodes     *[]string            `json:"couponCodes,omitempty"`
	ReferralCode    *string              `json:"referralCode,omitempty"`
	LoyaltyCards    *[]string            `json:"loyaltyCards,omitempty"`
	Identifiers     *[]string            `json:"identifiers,omitempty"`
	Attributes      map[string]any       `json:"attributes,omitempty"`
	AdditionalCosts map[string]priceJSON `json:"additionalCosts,omitempty"`
	CartItems       *[]cartItem          `json:"cartItems,omitempty"`
}

// priceJSON is AdditionalCost.
type priceJSON struct {
	Price json.Number `json:"price"`
}

// cartItem is CartItem.
type cartItem struct {
	Name            string               `json:"name,omitempty"`
	SKU             string               `json:"sku"`
	Quantity        int                  `json:"quantity"`
	Price           json.Number          `json:"price"`
	Category        string               `json:"category,omitempty"`
	Weight          *json.Number         `json:"weight,omitempty"`
	Height          *json.Number         `json:"height,omitempty"`
	Width           *json.Number         `json:"width,omitempty"`
	Length          *json.Number         `json:"length,omitempty"`
	Attributes      map[string]any       `json:"attributes,omitempty"`
	AdditionalCosts map[string]priceJSON `json:"additionalCosts,omitempty"`
}

// encodeSession writes s as the body of a session update. Prices are
// written as decimal numbers at the session's currency; decimals and
// times in attributes as JSON numbers and RFC 3339 text.
func encodeSession(s *cart.Session) ([]byte, error) {
	cur := s.Currency
	has := func(f cart.Field) bool { return s.Fields == 0 || s.Has(f) }
	ns := &newSession{}
	if has(cart.FieldProfileID) {
		ns.ProfileID = &s.ProfileID
	}
	if has(cart.FieldState) {
		ns.State = s.State
	}
	if has(cart.FieldCouponCodes) {
		ns.CouponCodes = nonNil(s.CouponCodes)
	}
	if has(cart.FieldReferralCode) {
		ns.ReferralCode = &s.ReferralCode
	}
	if has(cart.FieldLoyaltyCards) {
		ns.LoyaltyCards = nonNil(s.LoyaltyCards)
	}
	if has(cart.FieldIdentifiers) {
		ns.Identifiers = nonNil(s.Identifiers)
	}
	if has(cart.FieldAttributes) {
		ns.Attributes = plainAttributes(s.Attributes)
	}
	if has(cart.FieldAdditionalCosts) {
		ns.AdditionalCosts = costs(cur, s.AdditionalCosts)
	}
	if has(cart.FieldCartItems) {
		items := make([]cartItem, 0, len(s.CartItems))
		for i := range s.CartItems {
			it := &s.CartItems[i]
			items = append(items, cartItem{Name: it.Name, SKU: it.SKU, Quantity: it.Quantity,
				Price: money(cur, it.Price), Category: it.Category,
				Weight: dimension(it.Weight), Height: dimension(it.Height), Width: dimension(it.Width), Length: dimension(it.Length),
				Attributes: plainAttributes(it.Attributes), AdditionalCosts: costs(cur, it.AdditionalCosts)})
		}
		ns.CartItems = &items
	}
	return json.Marshal(&integrationRequest{CustomerSession: ns, ResponseContent: responseContent})
}

func nonNil(s []string) *[]string {
	if s == nil {
		s = []string{}
	}
	return &s
}

func costs(cur cart.Currency, list []cart.AdditionalCost) map[string]priceJSON {
	if len(list) == 0 {
		return nil
	}
	out := make(map[string]priceJSON, len(list))
	for _, ac := range list {
		out[ac.Name] = priceJSON{Price: money(cur, ac.Price)}
	}
	return out
}

func dimension(d decimal.Decimal) *json.Number {
	if d.IsZero() {
		return nil
	}
	n := json.Number(d.String())
	return &n
}

// plainAttributes writes attribute values as encoding/json writes them
// exactly: decimals as JSON numbers (never through float64), times as RFC
// 3339 text.
func plainAttributes(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch x := v.(type) {
		case decimal.Decimal:
			out[k] = json.Number(x.String())
		case []decimal.Decimal:
			ns := make([]json.Number, len(x))
			for i, d := range x {
				ns[i] = json.Number(d.String())
			}
			out[k] = ns
		case time.Time:
			out[k] = x.UTC().Format(time.RFC3339Nano)
		default:
			out[k] = v
		}
	}
	return out
}

// money writes minor units as a JSON number at the currency's scale.
func money(cur cart.Currency, minor int64) json.Number {
	return json.Number(cur.Decimal(minor).StringFixed(cur.Scale))
}
