package cart

import (
	"github.com/shopspring/decimal"
)

// State is a customer session's state, as in Talon.One.
type State string

// The session states.
const (
	StateOpen              State = "open"
	StateClosed            State = "closed"
	StateCancelled         State = "cancelled"
	StatePartiallyReturned State = "partially_returned"
)

// Valid reports whether s is one of the four states.
func (s State) Valid() bool {
	switch s {
	case StateOpen, StateClosed, StateCancelled, StatePartiallyReturned:
		return true
	}
	return false
}

// Field is a top-level field of a session, recorded when the input had it so
// that an update can merge as Talon.One's PUT does.
type Field uint16

// The session fields that an update may carry.
const (
	FieldProfileID Field = 1 << iota
	FieldState
	FieldCouponCodes
	FieldReferralCode
	FieldLoyaltyCards
	FieldIdentifiers
	FieldAttributes
	FieldAdditionalCosts
	FieldCartItems
)

// Limits of a session, from Talon.One's API.
const (
	MaxLines         = 1000
	MaxUnits         = 10000
	MaxCodeLength    = 100
	MaxLoyaltyCards  = 1
	MaxIdentifiers   = 5
	MaxQuantity      = MaxUnits
	maxTextLength    = 1000
	maxAttributeSize = 1000
)

// Session is a customer session in Talon.One's NewCustomerSessionV2 shape,
// parsed exactly and validated. Prices are whole minor units of Currency.
type Session struct {
	Currency        Currency
	ProfileID       string
	State           State
	CouponCodes     []string
	ReferralCode    string
	LoyaltyCards    []string
	Identifiers     []string
	Attributes      map[string]any
	AdditionalCosts []AdditionalCost
	CartItems       []CartItem

	// Fields records which fields the input carried.
	Fields Field
}

// Has reports whether the input carried the field.
func (s *Session) Has(f Field) bool { return s.Fields&f != 0 }

// CartItem is one line of the cart as the storefront sent it.
type CartItem struct {
	SKU      string
	Name     string
	Quantity int
	// Price is the price of one unit, in minor units.
	Price    int64
	Category string
	// Weight (grams), Height, Width and Length (millimetres) are zero when
	// the input left them out.
	Weight, Height, Width, Length decimal.Decimal
	Attributes                    map[string]any
	// AdditionalCosts are per unit: each unit of the line carries them.
	AdditionalCosts []AdditionalCost
}

// Free reports whether the line carries the mark of a free item that cartfx
// added (FreeItemAttribute).
func (it *CartItem) Free() bool {
	v, _ := it.Attributes[FreeItemAttribute].(bool)
	return v
}

// AdditionalCost is a named cost such as shipping, in minor units.
type AdditionalCost struct {
	Name  string
	Price int64
}

// Merge returns the session that results from applying update to s as
// Talon.One's PUT does: fields the update carried replace the stored ones
// (an empty coupon list clears the coupons), fields it left out keep their
// value. Neither input is modified.
func (s *Session) Merge(update *Session) *Session {
	out := *s
	u := update
	if u.Has(FieldProfileID) {
		out.ProfileID = u.ProfileID
	}
	if u.Has(FieldState) {
		out.State = u.State
	}
	if u.Has(FieldCouponCodes) {
		out.CouponCodes = u.CouponCodes
	}
	if u.Has(FieldReferralCode) {
		out.ReferralCode = u.ReferralCode
	}
	if u.Has(FieldLoyaltyCards) {
		out.LoyaltyCards = u.LoyaltyCards
	}
	if u.Has(FieldIdentifiers) {
		out.Identifiers = u.Identifiers
	}
	if u.Has(FieldAttributes) {
		out.Attributes = u.Attributes
	}
	if u.Has(FieldAdditionalCosts) {
		out.AdditionalCosts = u.AdditionalCosts
	}
	if u.Has(FieldCartItems) {
		out.CartItems = u.CartItems
	}
	out.Fields |= u.Fields
	return &out
}

// UnitCount is the number of units the cart items flatten into.
func (s *Session) UnitCount() int {
	n := 0
	for i := range s.CartItems {
		n += s.CartItems[i].Quantity
	}
	return n
}
