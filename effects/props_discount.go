package effects

// Scope says what a discount applies to.
type Scope string

// Scopes of a session discount (setDiscount), reported only when cascading
// discounts are enabled, and of a rolled back session discount.
const (
	// ScopeSessionTotal is a discount on the session total.
	ScopeSessionTotal Scope = "sessionTotal"
	// ScopeCartItems is a discount on the price of the items.
	ScopeCartItems Scope = "cartItems"
	// ScopeAdditionalCosts is a discount on the additional costs; it is a
	// valid scope for session and for per-item discounts.
	ScopeAdditionalCosts Scope = "additionalCosts"
)

// Scopes of a per-item discount (setDiscountPerItem) and of a rolled back
// per-item discount; ScopeAdditionalCosts applies as well.
const (
	// ScopePrice is a discount on the item's price.
	ScopePrice Scope = "price"
	// ScopeItemTotal is a discount on the item's price plus its additional
	// costs.
	ScopeItemTotal Scope = "itemTotal"
)

// SetDiscount is the props of setDiscount: a discount on the session with
// the given name and amount. Name and Value are required when decoding.
type SetDiscount struct {
	Passthrough
	// Name is the name or description of the discount.
	Name string `json:"name"`
	// Value is the effective discount amount.
	Value Number `json:"value"`
	// Scope is what the discount applies to: ScopeSessionTotal,
	// ScopeCartItems or ScopeAdditionalCosts.
	Scope *Scope `json:"scope,omitempty"`
	// DesiredValue is the discount asked for before budget limits (partial
	// discounts only).
	DesiredValue *Number `json:"desiredValue,omitempty"`
}

// EffectType returns TypeSetDiscount.
func (*SetDiscount) EffectType() Type { return TypeSetDiscount }

// SetDiscountPerItem is the props of setDiscountPerItem: a discount on one
// unit of a cart item (also used for pro rata and bundle discounts). Name,
// Value and Position are required when decoding.
type SetDiscountPerItem struct {
	Passthrough
	// Name is the description of the discount; Talon.One appends
	// "#<position>".
	Name string `json:"name"`
	// Value is the effective discount amount on the item.
	Value Number `json:"value"`
	// Position is the index of the line in the session's cartItems.
	Position Index `json:"position"`
	// SubPosition is the index of the unit within its line.
	SubPosition *Index `json:"subPosition,omitempty"`
	// DesiredValue is the discount asked for before budget limits (partial
	// discounts only).
	DesiredValue *Number `json:"desiredValue,omitempty"`
	// Scope is what the discount applies to: ScopePrice,
	// ScopeAdditionalCosts or ScopeItemTotal.
	Scope *Scope `json:"scope,omitempty"`
	// TotalDiscount is the total effective discount (pro rata only).
	TotalDiscount *Number `json:"totalDiscount,omitempty"`
	// DesiredTotalDiscount is the total discount asked for before budget
	// limits (pro rata only).
	DesiredTotalDiscount *Number `json:"desiredTotalDiscount,omitempty"`
	// BundleIndex is the position of the bundle among the bundles of the
	// same definition (bundles only).
	BundleIndex *Index `json:"bundleIndex,omitempty"`
	// BundleName is the name of the bundle definition (bundles only).
	BundleName *string `json:"bundleName,omitempty"`
	// TargetedItemPosition is the position of the bundle item the discount
	// is based on (individual item in bundles only).
	TargetedItemPosition *Index `json:"targetedItemPosition,omitempty"`
	// TargetedItemSubPosition is the sub-position of that bundle item.
	TargetedItemSubPosition *Index `json:"targetedItemSubPosition,omitempty"`
	// ExcludedFromPriceHistory excludes the discount from the item's price
	// history when true.
	ExcludedFromPriceHistory *bool `json:"excludedFromPriceHistory,omitempty"`
}

// EffectType returns TypeSetDiscountPerItem.
func (*SetDiscountPerItem) EffectType() Type { return TypeSetDiscountPerItem }

// SetDiscountPerAdditionalCost is the props of setDiscountPerAdditionalCost:
// a discount on a session-level additional cost. All fields but
// DesiredValue are required when decoding.
type SetDiscountPerAdditionalCost struct {
	Passthrough
	// Name is the name of the discount.
	Name string `json:"name"`
	// AdditionalCostID is the identifier of the additional cost.
	AdditionalCostID int64 `json:"additionalCostId"`
	// AdditionalCost is the API name of the additional cost, e.g.
	// "shipping".
	AdditionalCost string `json:"additionalCost"`
	// Value is the effective discount amount.
	Value Number `json:"value"`
	// DesiredValue is the discount asked for before budget limits.
	DesiredValue *Number `json:"desiredValue,omitempty"`
}

// EffectType returns TypeSetDiscountPerAdditionalCost.
func (*SetDiscountPerAdditionalCost) EffectType() Type { return TypeSetDiscountPerAdditionalCost }

// SetDiscountPerAdditionalCostPerItem is the props of
// setDiscountPerAdditionalCostPerItem: a discount on an additional cost of
// one cart item unit. All fields but SubPosition and DesiredValue are
// required when decoding.
type SetDiscountPerAdditionalCostPerItem struct {
	Passthrough
	// Name is the description of the discount; Talon.One appends
	// "#<position>".
	Name string `json:"name"`
	// AdditionalCostID is the identifier of the additional cost.
	AdditionalCostID int64 `json:"additionalCostId"`
	// Value is the effective discount amount on the item's additional cost.
	Value Number `json:"value"`
	// Position is the index of the line in the session's cartItems.
	Position Index `json:"position"`
	// SubPosition is the index of the unit within its line.
	SubPosition *Index `json:"subPosition,omitempty"`
	// AdditionalCost is the API name of the additional cost.
	AdditionalCost string `json:"additionalCost"`
	// DesiredValue is the discount asked for before budget limits.
	DesiredValue *Number `json:"desiredValue,omitempty"`
}

// EffectType returns TypeSetDiscountPerAdditionalCostPerItem.
func (*SetDiscountPerAdditionalCostPerItem) EffectType() Type {
	return TypeSetDiscountPerAdditionalCostPerItem
}

// RollbackDiscount is the props of rollbackDiscount: a discount that was
// rolled back by a cancellation or a partial return.
type RollbackDiscount struct {
	Passthrough
	// Name is the name of the rolled back discount effect.
	Name string `json:"name"`
	// Value is the amount of the discount that was rolled back.
	Value Number `json:"value"`
	// CartItemPosition is the index of the item (or of the unit holding the
	// additional cost) whose discount was rolled back.
	CartItemPosition *Index `json:"cartItemPosition,omitempty"`
	// CartItemSubPosition is the index of the unit within its line.
	CartItemSubPosition *Index `json:"cartItemSubPosition,omitempty"`
	// AdditionalCostID is the additional cost's ID (additional cost
	// discounts only).
	AdditionalCostID *int64 `json:"additionalCostId,omitempty"`
	// AdditionalCost is the API name of the additional cost.
	AdditionalCost *string `json:"additionalCost,omitempty"`
	// Scope is the scope of the rolled back discount: a session scope or a
	// per-item scope.
	Scope *Scope `json:"scope,omitempty"`
}

// EffectType returns TypeRollbackDiscount.
func (*RollbackDiscount) EffectType() Type { return TypeRollbackDiscount }

// AddFreeItem is the props of addFreeItem: an item to add to the cart for
// free.
type AddFreeItem struct {
	Passthrough
	// SKU is the SKU of the item to add.
	SKU string `json:"sku"`
	// Name is the description of the effect.
	Name string `json:"name"`
	// DesiredQuantity is the quantity asked for when a partial reward was
	// applied.
	DesiredQuantity *int64 `json:"desiredQuantity,omitempty"`
}

// EffectType returns TypeAddFreeItem.
func (*AddFreeItem) EffectType() Type { return TypeAddFreeItem }
