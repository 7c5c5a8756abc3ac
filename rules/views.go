package rules

import "github.com/cartfx/cartfx/internal/closure"

// The views are what expressions read: their fields are the names a rule
// writes (Session.Total, Item.Category, Profile.Attributes.tier). They
// are defined in internal/closure, with the compiler whose programs read
// them, and named here for the users who build an [Env] or read the
// units of a per-item effect.

// Attributes holds an entity's custom attributes by name, in the Go form
// of their registry type (string, decimal.Decimal, bool, time.Time,
// []string, []decimal.Decimal). In an expression, X.Attributes.name is
// checked against the registry at load and has the attribute's type; an
// attribute the session does not carry reads as its type's zero value.
type Attributes = closure.Attributes

// Item is one unit of the cart after flattening, as expressions see it
// (Item inside per-item effects, and each element of Session.CartItems):
// Sku, Name, Category, Price, PriceAfterDiscounts (what is left of the
// price after the discounts recorded so far in this evaluation), Weight,
// Height, Width, Length, Quantity (of the unit's line), Position (the
// line's index), SubPosition (the unit's index in its line), Attributes
// and AdditionalCosts (the unit's own, by name).
type Item = closure.Item

// SessionView is the customer session as expressions see it (Session):
// Total, CartItemTotal, AdditionalCostTotal, DiscountTotal,
// TotalAfterDiscounts, CartItems (the units, in position and
// sub-position order; shared: read them, do not change them), ItemCount,
// CouponCodes, ReferralCode, ProfileId, State, Identifiers, LoyaltyCards,
// Attributes, AdditionalCosts. Names and meanings follow Talon.One;
// DiscountTotal and TotalAfterDiscounts are cartfx's.
type SessionView = closure.SessionView

// ProfileView is the customer profile (Profile): Id, Attributes,
// ClosedSessions, TotalSales, LoyaltyPoints (active balances by program
// name). The engine fills it from its store.
type ProfileView = closure.ProfileView

// CouponView is the coupon being evaluated (Coupon): Code, Valid,
// Attributes. The engine decides validity; couponValid() reads Valid.
type CouponView = closure.CouponView

// ReferralView is the referral code being evaluated (Referral): Code,
// Valid, AdvocateProfileId, FriendProfileId, Attributes; referralValid()
// reads Valid.
type ReferralView = closure.ReferralView

// CampaignView is the campaign being evaluated (Campaign): Id, Name,
// Attributes.
type CampaignView = closure.CampaignView

// Bounds on what one evaluation of a rule may do (see the package doc).
const (
	// MaxNodes is the most AST nodes an expression may have.
	MaxNodes = closure.MaxNodes
	// MemoryBudget is the memory (in expr's units: roughly, elements of
	// the collections an expression builds) one run of an expression may
	// use before it fails. No text a run builds may be longer than
	// MemoryBudget bytes either, nor a number have more than MaxDigits
	// digits.
	MemoryBudget = closure.MemoryBudget
	// MaxDigits is the most digits a number computed by an expression
	// may have. Money has a few dozen at most.
	MaxDigits = closure.MaxDigits
	// MaxSteps is the most steps a rule evaluation may take: each run of
	// a closure of expr's builtins, each unit a compiled filter or sum
	// visits, each element of a list or map a builtin goes through
	// without a closure, each 64 bytes of text a text builtin goes
	// through. It fits a hundred loops over the largest cart, or one loop
	// nested in another over 999 units.
	MaxSteps = closure.MaxSteps
	// DivisionScale is the number of decimal places a division inside
	// an expression keeps (rounded half-even). Money is rounded to the
	// currency's minor unit later, by the handlers.
	DivisionScale = closure.DivisionScale
)
