package effects

import "slices"

// Type is an effect type: the envelope's effectType, as Talon.One writes it
// on the wire.
type Type string

// The 42 effect types of Talon.One's Effect discriminator, in alphabetical
// order.
const (
	// TypeAcceptCoupon is the type of effects with [AcceptCoupon] props.
	TypeAcceptCoupon Type = "acceptCoupon"
	// TypeAcceptReferral is the type of effects with [AcceptReferral] props.
	TypeAcceptReferral Type = "acceptReferral"
	// TypeAddFreeItem is the type of effects with [AddFreeItem] props.
	TypeAddFreeItem Type = "addFreeItem"
	// TypeAddLoyaltyPoints is the type of effects with [AddLoyaltyPoints] props.
	TypeAddLoyaltyPoints Type = "addLoyaltyPoints"
	// TypeAddNegativeLoyaltyPoints is the type of effects with [AddNegativeLoyaltyPoints] props.
	// Its props have no published schema and stay raw.
	TypeAddNegativeLoyaltyPoints Type = "addNegativeLoyaltyPoints"
	// TypeAddToAudience is the type of effects with [AddToAudience] props.
	TypeAddToAudience Type = "addToAudience"
	// TypeAwardGiveaway is the type of effects with [AwardGiveaway] props.
	TypeAwardGiveaway Type = "awardGiveaway"
	// TypeCallAPI is the type of effects with [TriggerWebhook] props.
	// Talon.One documents it as triggerWebhook, which is read as this type too.
	TypeCallAPI Type = "callApi"
	// TypeChangeLoyaltyTierLevel is the type of effects with [ChangeLoyaltyTierLevel] props.
	TypeChangeLoyaltyTierLevel Type = "changeLoyaltyTierLevel"
	// TypeCouponCreated is the type of effects with [CouponCreated] props.
	TypeCouponCreated Type = "couponCreated"
	// TypeCustomEffect is the type of effects with [CustomEffect] props.
	TypeCustomEffect Type = "customEffect"
	// TypeDeductLoyaltyPoints is the type of effects with [DeductLoyaltyPoints] props.
	TypeDeductLoyaltyPoints Type = "deductLoyaltyPoints"
	// TypeError is the type of effects with [ErrorEffect] props.
	TypeError Type = "error"
	// TypeExtendLoyaltyPointsExpiryDate is the type of effects with [ExtendLoyaltyPointsExpiryDate] props.
	TypeExtendLoyaltyPointsExpiryDate Type = "extendLoyaltyPointsExpiryDate"
	// TypeIncreaseAchievementProgress is the type of effects with [IncreaseAchievementProgress] props.
	TypeIncreaseAchievementProgress Type = "increaseAchievementProgress"
	// TypeJoinLoyaltyProgram is the type of effects with [JoinLoyaltyProgram] props.
	TypeJoinLoyaltyProgram Type = "joinLoyaltyProgram"
	// TypeOffsetNegativeLoyaltyPoints is the type of effects with [OffsetNegativeLoyaltyPoints] props.
	// Its props have no published schema and stay raw.
	TypeOffsetNegativeLoyaltyPoints Type = "offsetNegativeLoyaltyPoints"
	// TypeRedeemReferral is the type of effects with [RedeemReferral] props.
	// Talon.One deprecated it in favour of acceptReferral.
	TypeRedeemReferral Type = "redeemReferral"
	// TypeReferralCreated is the type of effects with [ReferralCreated] props.
	TypeReferralCreated Type = "referralCreated"
	// TypeRejectCoupon is the type of effects with [RejectCoupon] props.
	TypeRejectCoupon Type = "rejectCoupon"
	// TypeRejectReferral is the type of effects with [RejectReferral] props.
	TypeRejectReferral Type = "rejectReferral"
	// TypeRemoveFromAudience is the type of effects with [RemoveFromAudience] props.
	TypeRemoveFromAudience Type = "removeFromAudience"
	// TypeReserveCoupon is the type of effects with [ReserveCoupon] props.
	TypeReserveCoupon Type = "reserveCoupon"
	// TypeRollbackAddedLoyaltyPoints is the type of effects with [RollbackAddedLoyaltyPoints] props.
	TypeRollbackAddedLoyaltyPoints Type = "rollbackAddedLoyaltyPoints"
	// TypeRollbackCoupon is the type of effects with [RollbackCoupon] props.
	TypeRollbackCoupon Type = "rollbackCoupon"
	// TypeRollbackDeductedLoyaltyPoints is the type of effects with [RollbackDeductedLoyaltyPoints] props.
	TypeRollbackDeductedLoyaltyPoints Type = "rollbackDeductedLoyaltyPoints"
	// TypeRollbackDiscount is the type of effects with [RollbackDiscount] props.
	TypeRollbackDiscount Type = "rollbackDiscount"
	// TypeRollbackIncreasedAchievementProgress is the type of effects with [RollbackIncreasedAchievementProgress] props.
	TypeRollbackIncreasedAchievementProgress Type = "rollbackIncreasedAchievementProgress"
	// TypeRollbackReferral is the type of effects with [RollbackReferral] props.
	TypeRollbackReferral Type = "rollbackReferral"
	// TypeRollbackUseReward is the type of effects with [RollbackUseReward] props.
	TypeRollbackUseReward Type = "rollbackUseReward"
	// TypeSet is the type of effects with [UpdateAttribute] props.
	// Talon.One documents it as updateAttribute, which is read as this type too.
	TypeSet Type = "set"
	// TypeSetDiscount is the type of effects with [SetDiscount] props.
	TypeSetDiscount Type = "setDiscount"
	// TypeSetDiscountPerAdditionalCost is the type of effects with [SetDiscountPerAdditionalCost] props.
	TypeSetDiscountPerAdditionalCost Type = "setDiscountPerAdditionalCost"
	// TypeSetDiscountPerAdditionalCostPerItem is the type of effects with [SetDiscountPerAdditionalCostPerItem] props.
	TypeSetDiscountPerAdditionalCostPerItem Type = "setDiscountPerAdditionalCostPerItem"
	// TypeSetDiscountPerItem is the type of effects with [SetDiscountPerItem] props.
	TypeSetDiscountPerItem Type = "setDiscountPerItem"
	// TypeSetLoyaltyPointsExpiryDate is the type of effects with [SetLoyaltyPointsExpiryDate] props.
	TypeSetLoyaltyPointsExpiryDate Type = "setLoyaltyPointsExpiryDate"
	// TypeShowBundleMetadata is the type of effects with [ShowBundleMetadata] props.
	// Talon.One deprecated it.
	TypeShowBundleMetadata Type = "showBundleMetadata"
	// TypeShowNotification is the type of effects with [ShowNotification] props.
	TypeShowNotification Type = "showNotification"
	// TypeStartAchievementProgress is the type of effects with [StartAchievementProgress] props.
	TypeStartAchievementProgress Type = "startAchievementProgress"
	// TypeUnlockReward is the type of effects with [UnlockReward] props.
	TypeUnlockReward Type = "unlockReward"
	// TypeUseReward is the type of effects with [UseReward] props.
	TypeUseReward Type = "useReward"
	// TypeWillAwardGiveaway is the type of effects with [WillAwardGiveaway] props.
	TypeWillAwardGiveaway Type = "willAwardGiveaway"
)

// constructors maps each known wire type to a constructor of its zero
// props. It is a plain literal, never modified.
var constructors = map[Type]func() Props{
	TypeAcceptCoupon:                         func() Props { return new(AcceptCoupon) },
	TypeAcceptReferral:                       func() Props { return new(AcceptReferral) },
	TypeAddFreeItem:                          func() Props { return new(AddFreeItem) },
	TypeAddLoyaltyPoints:                     func() Props { return new(AddLoyaltyPoints) },
	TypeAddNegativeLoyaltyPoints:             func() Props { return new(AddNegativeLoyaltyPoints) },
	TypeAddToAudience:                        func() Props { return new(AddToAudience) },
	TypeAwardGiveaway:                        func() Props { return new(AwardGiveaway) },
	TypeCallAPI:                              func() Props { return new(TriggerWebhook) },
	TypeChangeLoyaltyTierLevel:               func() Props { return new(ChangeLoyaltyTierLevel) },
	TypeCouponCreated:                        func() Props { return new(CouponCreated) },
	TypeCustomEffect:                         func() Props { return new(CustomEffect) },
	TypeDeductLoyaltyPoints:                  func() Props { return new(DeductLoyaltyPoints) },
	TypeError:                                func() Props { return new(ErrorEffect) },
	TypeExtendLoyaltyPointsExpiryDate:        func() Props { return new(ExtendLoyaltyPointsExpiryDate) },
	TypeIncreaseAchievementProgress:          func() Props { return new(IncreaseAchievementProgress) },
	TypeJoinLoyaltyProgram:                   func() Props { return new(JoinLoyaltyProgram) },
	TypeOffsetNegativeLoyaltyPoints:          func() Props { return new(OffsetNegativeLoyaltyPoints) },
	TypeRedeemReferral:                       func() Props { return new(RedeemReferral) },
	TypeReferralCreated:                      func() Props { return new(ReferralCreated) },
	TypeRejectCoupon:                         func() Props { return new(RejectCoupon) },
	TypeRejectReferral:                       func() Props { return new(RejectReferral) },
	TypeRemoveFromAudience:                   func() Props { return new(RemoveFromAudience) },
	TypeReserveCoupon:                        func() Props { return new(ReserveCoupon) },
	TypeRollbackAddedLoyaltyPoints:           func() Props { return new(RollbackAddedLoyaltyPoints) },
	TypeRollbackCoupon:                       func() Props { return new(RollbackCoupon) },
	TypeRollbackDeductedLoyaltyPoints:        func() Props { return new(RollbackDeductedLoyaltyPoints) },
	TypeRollbackDiscount:                     func() Props { return new(RollbackDiscount) },
	TypeRollbackIncreasedAchievementProgress: func() Props { return new(RollbackIncreasedAchievementProgress) },
	TypeRollbackReferral:                     func() Props { return new(RollbackReferral) },
	TypeRollbackUseReward:                    func() Props { return new(RollbackUseReward) },
	TypeSet:                                  func() Props { return new(UpdateAttribute) },
	TypeSetDiscount:                          func() Props { return new(SetDiscount) },
	TypeSetDiscountPerAdditionalCost:         func() Props { return new(SetDiscountPerAdditionalCost) },
	TypeSetDiscountPerAdditionalCostPerItem:  func() Props { return new(SetDiscountPerAdditionalCostPerItem) },
	TypeSetDiscountPerItem:                   func() Props { return new(SetDiscountPerItem) },
	TypeSetLoyaltyPointsExpiryDate:           func() Props { return new(SetLoyaltyPointsExpiryDate) },
	TypeShowBundleMetadata:                   func() Props { return new(ShowBundleMetadata) },
	TypeShowNotification:                     func() Props { return new(ShowNotification) },
	TypeStartAchievementProgress:             func() Props { return new(StartAchievementProgress) },
	TypeUnlockReward:                         func() Props { return new(UnlockReward) },
	TypeUseReward:                            func() Props { return new(UseReward) },
	TypeWillAwardGiveaway:                    func() Props { return new(WillAwardGiveaway) },
}

// ParseType returns the effect type spelled s, mapping the documented
// aliases to their wire discriminator: "updateAttribute" gives [TypeSet] and
// "triggerWebhook" gives [TypeCallAPI]. Any other string is returned as a
// Type unchanged, known or not.
func ParseType(s string) Type {
	switch s {
	case "updateAttribute":
		return TypeSet
	case "triggerWebhook":
		return TypeCallAPI
	}
	return Type(s)
}

// Known reports whether t is one of the 42 wire types. The aliases
// "updateAttribute" and "triggerWebhook" are not wire types; pass them
// through [ParseType] first.
func (t Type) Known() bool {
	_, ok := constructors[t]
	return ok
}

// Types returns the 42 known wire types, sorted.
func Types() []Type {
	types := make([]Type, 0, len(constructors))
	for t := range constructors {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

// NewProps returns new zero props for the wire type t (for example a
// *SetDiscount for TypeSetDiscount), or false if t is not known. Aliases are
// accepted.
func NewProps(t Type) (Props, bool) {
	ctor, ok := constructors[ParseType(string(t))]
	if !ok {
		return nil, false
	}
	return ctor(), true
}

// requiresAll reports whether decoding props of type t fails when a
// required field is missing. It is so for the discount types, whose handlers
// move money; other types record the missing keys in their Passthrough.
func requiresAll(t Type) bool {
	switch t {
	case TypeSetDiscount, TypeSetDiscountPerItem, TypeSetDiscountPerAdditionalCost, TypeSetDiscountPerAdditionalCostPerItem:
		return true
	}
	return false
}
