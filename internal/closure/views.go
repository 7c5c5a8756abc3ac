package closure

import "github.com/shopspring/decimal"

// Attributes holds an entity's custom attributes by name, in the Go form of
// their registry type (string, decimal.Decimal, bool, time.Time, []string,
// []decimal.Decimal). In an expression, X.Attributes.name is checked against
// the registry at load and has the attribute's type; an attribute the
// session does not carry reads as its type's zero value.
type Attributes map[string]any

// Item is one unit of the cart after flattening, as expressions see it
// (Item inside per-item effects, and each element of Session.CartItems).
type Item struct {
	Sku      string
	Name     string
	Category string
	// Price is the unit's price before discounts.
	Price decimal.Decimal
	// PriceAfterDiscounts is what is left of the unit's price after the
	// discounts recorded so far in this evaluation.
	PriceAfterDiscounts decimal.Decimal
	// Weight, Height, Width and Length are zero when the session left them
	// out.
	Weight, Height, Width, Length decimal.Decimal
	// Quantity is the quantity of the unit's line.
	Quantity int
	// Position is the line's index; SubPosition the unit's index in its
	// line.
	Position, SubPosition int
	Attributes            Attributes
	// AdditionalCosts are the unit's own additional costs by name.
	AdditionalCosts map[string]decimal.Decimal

	// index is the index of the Env's units (nil for a unit made
	// elsewhere); expressions do not see it.
	index *Index
}

// SessionView is the customer session as expressions see it (Session).
// Names and meanings follow Talon.One; DiscountTotal and
// TotalAfterDiscounts are cartfx's.
type SessionView struct {
	// Total is the cart items plus all additional costs, before discounts
	// (Talon.One's Session.Total).
	Total decimal.Decimal
	// CartItemTotal is the sum of the units' prices before discounts.
	CartItemTotal decimal.Decimal
	// AdditionalCostTotal is the sum of the session-level additional costs
	// before discounts.
	AdditionalCostTotal decimal.Decimal
	// DiscountTotal is the sum of the discounts that the campaigns
	// evaluated before this one have recorded in this evaluation.
	DiscountTotal decimal.Decimal
	// TotalAfterDiscounts is Total − DiscountTotal.
	TotalAfterDiscounts decimal.Decimal
	// CartItems are the flattened units, in position and sub-position
	// order. The units are shared: read them, do not change them.
	CartItems []*Item
	// ItemCount is the number of units.
	ItemCount    int
	CouponCodes  []string
	ReferralCode string
	ProfileId    string //nolint:revive // Talon.One's name
	State        string
	Identifiers  []string
	LoyaltyCards []string
	Attributes   Attributes
	// AdditionalCosts are the session-level additional costs by name,
	// before discounts.
	AdditionalCosts map[string]decimal.Decimal
}

// ProfileView is the customer profile (Profile). The engine fills it from
// its store.
type ProfileView struct {
	Id             string //nolint:revive // Talon.One's name
	Attributes     Attributes
	ClosedSessions int
	TotalSales     decimal.Decimal
	// LoyaltyPoints are the active balances by loyalty program name.
	LoyaltyPoints map[string]decimal.Decimal
}

// CouponView is the coupon being evaluated (Coupon), for campaigns with the
// coupons feature. The engine decides validity; Valid carries its verdict
// and couponValid() reads it.
type CouponView struct {
	Code       string
	Valid      bool
	Attributes Attributes
}

// ReferralView is the referral code being evaluated (Referral), for
// campaigns with the referrals feature; referralValid() reads Valid.
type ReferralView struct {
	Code              string
	Valid             bool
	AdvocateProfileId string //nolint:revive // Talon.One's spelling
	FriendProfileId   string //nolint:revive // Talon.One's spelling
	Attributes        Attributes
}

// CampaignView is the campaign being evaluated (Campaign).
type CampaignView struct {
	Id         int64 //nolint:revive // Talon.One's name
	Name       string
	Attributes Attributes
}

// Names of the environment's variables.
const (
	VarSession  = "Session"
	VarProfile  = "Profile"
	VarCoupon   = "Coupon"
	VarReferral = "Referral"
	VarCampaign = "Campaign"
	VarNow      = "Now"
	VarItem     = "Item"
)
