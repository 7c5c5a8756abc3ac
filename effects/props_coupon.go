package effects

// AcceptCoupon is the props of acceptCoupon: the coupon code supplied is
// valid; it is redeemed when the session closes.
type AcceptCoupon struct {
	Passthrough
	// Value is the accepted coupon code.
	Value string `json:"value"`
}

// EffectType returns TypeAcceptCoupon.
func (*AcceptCoupon) EffectType() Type { return TypeAcceptCoupon }

// RejectCoupon is the props of rejectCoupon: the coupon code supplied cannot
// be used.
type RejectCoupon struct {
	Passthrough
	// Value is the rejected coupon code.
	Value string `json:"value"`
	// RejectionReason is why the code was rejected.
	RejectionReason RejectionReason `json:"rejectionReason"`
	// ConditionIndex is the index of the condition that caused the
	// rejection.
	ConditionIndex *Index `json:"conditionIndex,omitempty"`
	// EffectIndex is the index of the effect that caused the rejection.
	EffectIndex *Index `json:"effectIndex,omitempty"`
	// Details gives more details about the failure.
	Details *string `json:"details,omitempty"`
	// CampaignExclusionReason is why the coupon's campaign was left out of
	// evaluation, with ReasonCouponPartOfNotTriggeredCampaign.
	CampaignExclusionReason *CampaignExclusionReason `json:"campaignExclusionReason,omitempty"`
}

// EffectType returns TypeRejectCoupon.
func (*RejectCoupon) EffectType() Type { return TypeRejectCoupon }

// CouponCreated is the props of couponCreated: a coupon was created for a
// customer.
type CouponCreated struct {
	Passthrough
	// Value is the created coupon code.
	Value string `json:"value"`
	// ProfileID is the integration ID of the customer the coupon was
	// created for.
	ProfileID string `json:"profileId"`
}

// EffectType returns TypeCouponCreated.
func (*CouponCreated) EffectType() Type { return TypeCouponCreated }

// ReserveCoupon is the props of reserveCoupon: a coupon code was reserved
// for a customer.
type ReserveCoupon struct {
	Passthrough
	// CouponValue is the reserved coupon code.
	CouponValue string `json:"couponValue"`
	// ProfileIntegrationID is the customer the coupon was reserved for.
	ProfileIntegrationID string `json:"profileIntegrationId"`
	// IsNewReservation tells whether the reservation is new.
	IsNewReservation bool `json:"isNewReservation"`
}

// EffectType returns TypeReserveCoupon.
func (*ReserveCoupon) EffectType() Type { return TypeReserveCoupon }

// RollbackCoupon is the props of rollbackCoupon: a coupon redemption was
// rolled back and the code is redeemable again.
type RollbackCoupon struct {
	Passthrough
	// Value is the coupon code whose redemption was rolled back.
	Value string `json:"value"`
}

// EffectType returns TypeRollbackCoupon.
func (*RollbackCoupon) EffectType() Type { return TypeRollbackCoupon }

// AcceptReferral is the props of acceptReferral: the referral code supplied
// is valid; it is redeemed when the session closes.
type AcceptReferral struct {
	Passthrough
	// Value is the referral code of the session.
	Value string `json:"value"`
}

// EffectType returns TypeAcceptReferral.
func (*AcceptReferral) EffectType() Type { return TypeAcceptReferral }

// RedeemReferral is the props of redeemReferral, deprecated by Talon.One in
// favour of acceptReferral: the referral code is valid and was redeemed.
type RedeemReferral struct {
	Passthrough
	// ID is the ID of the redeemed referral code.
	ID int64 `json:"id"`
	// Value is the redeemed referral code.
	Value string `json:"value"`
}

// EffectType returns TypeRedeemReferral.
func (*RedeemReferral) EffectType() Type { return TypeRedeemReferral }

// RejectReferral is the props of rejectReferral: the referral code supplied
// is invalid.
type RejectReferral struct {
	Passthrough
	// Value is the rejected referral code.
	Value string `json:"value"`
	// RejectionReason is why the code was rejected.
	RejectionReason RejectionReason `json:"rejectionReason"`
	// ConditionIndex is the index of the condition that caused the
	// rejection.
	ConditionIndex *Index `json:"conditionIndex,omitempty"`
	// EffectIndex is the index of the effect that caused the rejection.
	EffectIndex *Index `json:"effectIndex,omitempty"`
	// Details gives more details about the failure.
	Details *string `json:"details,omitempty"`
	// CampaignExclusionReason is why the referral's campaign was left out of
	// evaluation, with ReasonReferralPartOfNotTriggeredCampaign.
	CampaignExclusionReason *CampaignExclusionReason `json:"campaignExclusionReason,omitempty"`
}

// EffectType returns TypeRejectReferral.
func (*RejectReferral) EffectType() Type { return TypeRejectReferral }

// ReferralCreated is the props of referralCreated: a referral code was
// created.
type ReferralCreated struct {
	Passthrough
	// Value is the created referral code.
	Value string `json:"value"`
}

// EffectType returns TypeReferralCreated.
func (*ReferralCreated) EffectType() Type { return TypeReferralCreated }

// RollbackReferral is the props of rollbackReferral: a referral redemption
// was rolled back and the code is redeemable again.
type RollbackReferral struct {
	Passthrough
	// Value is the referral code whose redemption was rolled back.
	Value string `json:"value"`
}

// EffectType returns TypeRollbackReferral.
func (*RollbackReferral) EffectType() Type { return TypeRollbackReferral }
