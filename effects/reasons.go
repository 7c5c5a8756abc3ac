package effects

// RejectionReason is why a coupon or referral code was rejected
// (rejectCoupon and rejectReferral props). Decoding accepts any string, so
// that new or misspelt Talon.One values pass through.
type RejectionReason string

// Coupon rejection reasons.
const (
	// ReasonCampaignLimitReached: the campaign-wide redemption limit has been
	// reached (coupons and referrals).
	ReasonCampaignLimitReached RejectionReason = "CampaignLimitReached"
	// ReasonCouponExpired: the coupon is expired.
	ReasonCouponExpired RejectionReason = "CouponExpired"
	// ReasonCouponLimitReached: the coupon redemption limit or a campaign
	// budget was reached.
	ReasonCouponLimitReached RejectionReason = "CouponLimitReached"
	// ReasonCouponNotFound: the coupon code is incorrect.
	ReasonCouponNotFound RejectionReason = "CouponNotFound"
	// ReasonCouponPartOfNotRunningCampaign: the coupon's campaign is not
	// active.
	ReasonCouponPartOfNotRunningCampaign RejectionReason = "CouponPartOfNotRunningCampaign"
	// ReasonCouponRecipientDoesNotMatch: the coupon belongs to another
	// recipient, or to a recipient while the session has no profile.
	ReasonCouponRecipientDoesNotMatch RejectionReason = "CouponRecipientDoesNotMatch"
	// ReasonCouponRejectedByCondition: other conditions of the rule failed,
	// or the "Coupon code is valid" condition is absent.
	ReasonCouponRejectedByCondition RejectionReason = "CouponRejectedByCondition"
	// ReasonCouponStartDateInFuture: the coupon is not active yet.
	ReasonCouponStartDateInFuture RejectionReason = "CouponStartDateInFuture"
	// ReasonEffectCouldNotBeApplied: an effect of the campaign hit its limit
	// (coupons and referrals).
	ReasonEffectCouldNotBeApplied RejectionReason = "EffectCouldNotBeApplied"
	// ReasonProfileLimitReached: the per-profile redemption limit has been
	// reached (coupons and referrals).
	ReasonProfileLimitReached RejectionReason = "ProfileLimitReached"
	// ReasonCouponPartOfNotTriggeredCampaign: the coupon's campaign was not
	// triggered during evaluation; see CampaignExclusionReason.
	ReasonCouponPartOfNotTriggeredCampaign RejectionReason = "CouponPartOfNotTriggeredCampaign"
	// ReasonCouponReservationRequired: the coupon requires a reservation the
	// profile does not have.
	ReasonCouponReservationRequired RejectionReason = "CouponReservationRequired"
	// ReasonProfileRequired: a reservation or a profile budget needs a
	// profile, and the session has none.
	ReasonProfileRequired RejectionReason = "ProfileRequired"
)

// Referral rejection reasons (ReasonCampaignLimitReached,
// ReasonEffectCouldNotBeApplied and ReasonProfileLimitReached apply too).
const (
	// ReasonAdvocateNotFound: the advocate was not found.
	ReasonAdvocateNotFound RejectionReason = "AdvocateNotFound"
	// ReasonReferralCustomerAlreadyReferred: the friend is already referred.
	ReasonReferralCustomerAlreadyReferred RejectionReason = "ReferralCustomerAlreadyReferred"
	// ReasonReferralExpired: the referral code is expired.
	ReasonReferralExpired RejectionReason = "ReferralExpired"
	// ReasonReferralLimitReached: the referral code redemption limit has been
	// reached.
	ReasonReferralLimitReached RejectionReason = "ReferralLimitReached"
	// ReasonReferralNotFound: the referral code is wrong.
	ReasonReferralNotFound RejectionReason = "ReferralNotFound"
	// ReasonReferralPartOfNotRunningCampaign: the referral's campaign is not
	// active.
	ReasonReferralPartOfNotRunningCampaign RejectionReason = "ReferralPartOfNotRunningCampaign"
	// ReasonReferralRecipientDoesNotMatch: the code does not match the
	// recipient.
	ReasonReferralRecipientDoesNotMatch RejectionReason = "ReferralRecipientDoesNotMatch"
	// ReasonReferralRecipientIDSameAsAdvocate: the friend has the same ID as
	// the advocate.
	ReasonReferralRecipientIDSameAsAdvocate RejectionReason = "ReferralRecipientIdSameAsAdvocate"
	// ReasonReferralRejectedByCondition: other conditions of the campaign's
	// rules were not met.
	ReasonReferralRejectedByCondition RejectionReason = "ReferralRejectedByCondition"
	// ReasonReferralStartDateInFuture: the referral code is not active yet.
	ReasonReferralStartDateInFuture RejectionReason = "ReferralStartDateInFuture"
	// ReasonReferralPartOfNotTriggeredCampaign: the referral's campaign was
	// not triggered during evaluation; see CampaignExclusionReason.
	ReasonReferralPartOfNotTriggeredCampaign RejectionReason = "ReferralPartOfNotTriggeredCampaign"
)

// CouponRejectionReasons returns the 13 documented coupon rejection
// reasons, in the catalogue's order.
func CouponRejectionReasons() []RejectionReason {
	return []RejectionReason{
		ReasonCampaignLimitReached, ReasonCouponExpired, ReasonCouponLimitReached,
		ReasonCouponNotFound, ReasonCouponPartOfNotRunningCampaign, ReasonCouponRecipientDoesNotMatch,
		ReasonCouponRejectedByCondition, ReasonCouponStartDateInFuture, ReasonEffectCouldNotBeApplied,
		ReasonProfileLimitReached, ReasonCouponPartOfNotTriggeredCampaign, ReasonCouponReservationRequired,
		ReasonProfileRequired,
	}
}

// ReferralRejectionReasons returns the 14 documented referral rejection
// reasons, in the catalogue's order.
func ReferralRejectionReasons() []RejectionReason {
	return []RejectionReason{
		ReasonAdvocateNotFound, ReasonCampaignLimitReached, ReasonEffectCouldNotBeApplied,
		ReasonProfileLimitReached, ReasonReferralCustomerAlreadyReferred, ReasonReferralExpired,
		ReasonReferralLimitReached, ReasonReferralNotFound, ReasonReferralPartOfNotRunningCampaign,
		ReasonReferralRecipientDoesNotMatch, ReasonReferralRecipientIDSameAsAdvocate,
		ReasonReferralRejectedByCondition, ReasonReferralStartDateInFuture,
		ReasonReferralPartOfNotTriggeredCampaign,
	}
}

// CampaignExclusionReason is why the campaign of a rejected code was left
// out of evaluation, when the rejection reason is
// ReasonCouponPartOfNotTriggeredCampaign or
// ReasonReferralPartOfNotTriggeredCampaign.
type CampaignExclusionReason string

// Campaign exclusion reasons.
const (
	// ExclusionCampaignGaveLowerDiscount: another campaign in a "highest
	// discount value" group gave a higher discount.
	ExclusionCampaignGaveLowerDiscount CampaignExclusionReason = "CampaignGaveLowerDiscount"
	// ExclusionCampaignIsNotFirst: another campaign in a "first campaign"
	// group was picked first.
	ExclusionCampaignIsNotFirst CampaignExclusionReason = "CampaignIsNotFirst"
	// ExclusionCampaignNotInEvaluationSet: the campaign did not meet other
	// evaluation requirements, e.g. it is archived.
	ExclusionCampaignNotInEvaluationSet CampaignExclusionReason = "CampaignNotInEvaluationSet"
)
