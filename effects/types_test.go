package effects

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTypes(t *testing.T) {
	types := Types()
	if len(types) != 42 {
		t.Fatalf("Types() has %d types, want 42", len(types))
	}
	if !slices.IsSorted(types) {
		t.Errorf("Types() is not sorted: %v", types)
	}
	for _, typ := range types {
		if !typ.Known() {
			t.Errorf("%s is not Known", typ)
		}
		p, ok := NewProps(typ)
		if !ok {
			t.Fatalf("NewProps(%s) failed", typ)
		}
		if p.EffectType() != typ {
			t.Errorf("NewProps(%s).EffectType() = %s", typ, p.EffectType())
		}
		q, _ := NewProps(typ)
		if p == q {
			t.Errorf("NewProps(%s) returned the same props twice", typ)
		}
	}
	if TypeSet != "set" || TypeCallAPI != "callApi" || TypeSetDiscount != "setDiscount" {
		t.Errorf("wire names changed")
	}
	for alias, want := range map[string]Type{"updateAttribute": TypeSet, "triggerWebhook": TypeCallAPI, "set": TypeSet, "fooBar": "fooBar"} {
		if got := ParseType(alias); got != want {
			t.Errorf("ParseType(%q) = %q, want %q", alias, got, want)
		}
	}
	for _, notWire := range []Type{"updateAttribute", "triggerWebhook", "", "SetDiscount"} {
		if notWire.Known() {
			t.Errorf("%q is Known", notWire)
		}
	}
	if p, ok := NewProps("updateAttribute"); !ok || p.EffectType() != TypeSet {
		t.Errorf("NewProps(updateAttribute) = %v, %v", p, ok)
	}
	if _, ok := NewProps("nope"); ok {
		t.Errorf("NewProps(nope) succeeded")
	}
	if n := len(CouponRejectionReasons()); n != 13 {
		t.Errorf("%d coupon rejection reasons, want 13", n)
	}
	if n := len(ReferralRejectionReasons()); n != 14 {
		t.Errorf("%d referral rejection reasons, want 14", n)
	}
}

// specExamples holds one example of the props of each of the 42 types: the
// "Spec example props" of the catalogue, and for the types it has no example
// for (marked), props built from the catalogue's field list.
func specExamples(t testing.TB) []struct {
	typ   Type
	props string
	want  Props
} {
	return []struct {
		typ   Type
		props string
		want  Props
	}{
		{TypeAcceptCoupon, `{"value": "COUP-XYZ789"}`, &AcceptCoupon{Value: "COUP-XYZ789"}},
		{TypeAcceptReferral, `{"value": "REF-ABC123"}`, &AcceptReferral{Value: "REF-ABC123"}},
		{TypeAddFreeItem, `{"sku": "SKU1241028", "name": "Free Gift Item", "desiredQuantity": 1}`,
			&AddFreeItem{SKU: "SKU1241028", Name: "Free Gift Item", DesiredQuantity: Ptr[int64](1)}},
		{TypeAddLoyaltyPoints, `{"name": "Points for purchase", "programId": 5, "subLedgerId": "main", "value": 100, "desiredValue": 100, "recipientIntegrationId": "URNGV8294NV", "startDate": "2024-01-01T00:00:00Z", "expiryDate": "2025-01-01T00:00:00Z", "transactionUUID": "8c2d3670-6ea5-4e9e-b5c6-e7e7b4a10111", "cartItemPosition": 1, "cartItemSubPosition": 1, "cardIdentifier": "loyalty-card-001", "bundleIndex": 1, "bundleName": "my_bundle", "awaitsActivation": false, "validityDuration": "12M"}`,
			&AddLoyaltyPoints{
				Name: "Points for purchase", ProgramID: 5, SubLedgerID: "main", Value: num("100"), DesiredValue: Ptr(num("100")),
				RecipientIntegrationID: "URNGV8294NV", StartDate: Ptr(date(t, "2024-01-01T00:00:00Z")), ExpiryDate: Ptr(date(t, "2025-01-01T00:00:00Z")),
				TransactionUUID: "8c2d3670-6ea5-4e9e-b5c6-e7e7b4a10111", CartItemPosition: Ptr[Index](1), CartItemSubPosition: Ptr[Index](1),
				CardIdentifier: Ptr("loyalty-card-001"), BundleIndex: Ptr[Index](1), BundleName: Ptr("my_bundle"), AwaitsActivation: Ptr(false),
				ValidityDuration: Ptr("12M"),
			}},
		// No published schema: the props stay raw.
		{TypeAddNegativeLoyaltyPoints, `{"programId": 5, "value": 25.50}`,
			&AddNegativeLoyaltyPoints{Raw: json.RawMessage(`{"programId": 5, "value": 25.50}`)}},
		{TypeAddToAudience, `{"audienceId": 10, "audienceName": "My audience", "profileIntegrationId": "URNGV8294NV", "profileId": 150}`,
			&AddToAudience{AudienceID: Ptr[int64](10), AudienceName: Ptr("My audience"), ProfileIntegrationID: Ptr("URNGV8294NV"), ProfileID: Ptr[int64](150)}},
		{TypeAwardGiveaway, `{"poolId": 2, "poolName": "My pool", "recipientIntegrationId": "URNGV8294NV", "giveawayId": 5, "code": "57638t-67439hty"}`,
			&AwardGiveaway{PoolID: 2, PoolName: "My pool", RecipientIntegrationID: "URNGV8294NV", GiveawayID: 5, Code: "57638t-67439hty"}},
		{TypeCallAPI, `{"webhookId": 7, "webhookName": "My Webhook"}`, &TriggerWebhook{WebhookID: 7, WebhookName: "My Webhook"}},
		{TypeChangeLoyaltyTierLevel, `{"ruleTitle": "Tier upgrade on purchase", "programId": 5, "subLedgerId": "main", "previousTierName": "Silver", "newTierName": "Gold", "expiryDate": "2025-12-31T23:59:59Z"}`,
			&ChangeLoyaltyTierLevel{RuleTitle: "Tier upgrade on purchase", ProgramID: 5, SubLedgerID: "main", PreviousTierName: Ptr("Silver"), NewTierName: "Gold", ExpiryDate: Ptr(date(t, "2025-12-31T23:59:59Z"))}},
		{TypeCouponCreated, `{"value": "COUP-NEW123", "profileId": "customer_profile_id_1"}`, &CouponCreated{Value: "COUP-NEW123", ProfileID: "customer_profile_id_1"}},
		{TypeCustomEffect, `{"effectId": 1, "name": "my_custom_effect", "cartItemPosition": 1, "cartItemSubPosition": 2, "bundleIndex": 1, "bundleName": "my_bundle", "payload": {"key": "value"}}`,
			&CustomEffect{EffectID: 1, Name: "my_custom_effect", CartItemPosition: Ptr[Index](1), CartItemSubPosition: Ptr[Index](2), BundleIndex: Ptr[Index](1), BundleName: Ptr("my_bundle"), Payload: json.RawMessage(`{"key": "value"}`)}},
		{TypeDeductLoyaltyPoints, `{"ruleTitle": "Deduct points on return", "programId": 5, "subLedgerId": "main", "value": 50, "transactionUUID": "9f3e4781-7fb6-5f0f-c6d7-f8f8c5b21222", "name": "Points deducted for return", "cardIdentifier": "loyalty-card-001"}`,
			&DeductLoyaltyPoints{RuleTitle: "Deduct points on return", ProgramID: 5, SubLedgerID: "main", Value: num("50"), TransactionUUID: "9f3e4781-7fb6-5f0f-c6d7-f8f8c5b21222", Name: "Points deducted for return", CardIdentifier: Ptr("loyalty-card-001")}},
		{TypeError, `{"message": "An unexpected error occurred during rule evaluation."}`, &ErrorEffect{Message: "An unexpected error occurred during rule evaluation."}},
		{TypeExtendLoyaltyPointsExpiryDate, `{"programId": 5, "subLedgerId": "main", "extensionDuration": "12h", "affectedTransactions": []}`,
			&ExtendLoyaltyPointsExpiryDate{ProgramID: 5, SubLedgerID: "main", ExtensionDuration: "12h", AffectedTransactions: []ExpiryDateChange{}}},
		{TypeIncreaseAchievementProgress, `{"achievementId": 10, "achievementName": "FreeCoffee10Orders", "progressTrackerId": 42, "delta": 1, "value": 7, "target": 10, "isJustCompleted": false}`,
			&IncreaseAchievementProgress{AchievementID: 10, AchievementName: "FreeCoffee10Orders", ProgressTrackerID: Ptr[int64](42), Delta: num("1"), Value: num("7"), Target: num("10")}},
		// Not in the docs spec: fields from the Python SDK.
		{TypeJoinLoyaltyProgram, `{"programId": 5, "joinDate": "2024-03-01T09:30:00+01:00"}`,
			&JoinLoyaltyProgram{ProgramID: 5, JoinDate: date(t, "2024-03-01T09:30:00+01:00")}},
		// No published schema: the props stay raw.
		{TypeOffsetNegativeLoyaltyPoints, `{}`, &OffsetNegativeLoyaltyPoints{Raw: json.RawMessage(`{}`)}},
		{TypeRedeemReferral, `{"id": 12, "value": "REF-ABC123"}`, &RedeemReferral{ID: 12, Value: "REF-ABC123"}},
		{TypeReferralCreated, `{"value": "REF-NEW456"}`, &ReferralCreated{Value: "REF-NEW456"}},
		// The spec example misspells CouponRejectedByCondition; it passes
		// through.
		{TypeRejectCoupon, `{"value": "COUP-XYZ789", "rejectionReason": "CouponRejectedCondition", "conditionIndex": 2, "effectIndex": 0, "details": "Coupon usage limit reached", "campaignExclusionReason": "CampaignGaveLowerDiscount"}`,
			&RejectCoupon{Value: "COUP-XYZ789", RejectionReason: "CouponRejectedCondition", ConditionIndex: Ptr[Index](2), EffectIndex: Ptr[Index](0), Details: Ptr("Coupon usage limit reached"), CampaignExclusionReason: Ptr(ExclusionCampaignGaveLowerDiscount)}},
		{TypeRejectReferral, `{"value": "REF-ABC123", "rejectionReason": "ReferralRejectedCondition", "conditionIndex": 1, "effectIndex": 0, "details": "Referral code already used", "campaignExclusionReason": "CampaignGaveLowerDiscount"}`,
			&RejectReferral{Value: "REF-ABC123", RejectionReason: "ReferralRejectedCondition", ConditionIndex: Ptr[Index](1), EffectIndex: Ptr[Index](0), Details: Ptr("Referral code already used"), CampaignExclusionReason: Ptr(ExclusionCampaignGaveLowerDiscount)}},
		{TypeRemoveFromAudience, `{"audienceId": 10, "audienceName": "My audience", "profileIntegrationId": "URNGV8294NV", "profileId": 150}`,
			&RemoveFromAudience{AudienceID: Ptr[int64](10), AudienceName: Ptr("My audience"), ProfileIntegrationID: Ptr("URNGV8294NV"), ProfileID: Ptr[int64](150)}},
		{TypeReserveCoupon, `{"couponValue": "COUP-XYZ789", "profileIntegrationId": "customer_profile_id_1", "isNewReservation": true}`,
			&ReserveCoupon{CouponValue: "COUP-XYZ789", ProfileIntegrationID: "customer_profile_id_1", IsNewReservation: true}},
		{TypeRollbackAddedLoyaltyPoints, `{"programId": 5, "subLedgerId": "main", "value": 100, "recipientIntegrationId": "URNGV8294NV", "transactionUUID": "8c2d3670-6ea5-4e9e-b5c6-e7e7b4a10111", "cartItemPosition": 1, "cartItemSubPosition": 1, "cardIdentifier": "loyalty-card-001"}`,
			&RollbackAddedLoyaltyPoints{ProgramID: 5, SubLedgerID: "main", Value: num("100"), RecipientIntegrationID: "URNGV8294NV", TransactionUUID: "8c2d3670-6ea5-4e9e-b5c6-e7e7b4a10111", CartItemPosition: Ptr[Index](1), CartItemSubPosition: Ptr[Index](1), CardIdentifier: Ptr("loyalty-card-001")}},
		{TypeRollbackCoupon, `{"value": "COUP-XYZ789"}`, &RollbackCoupon{Value: "COUP-XYZ789"}},
		{TypeRollbackDeductedLoyaltyPoints, `{"programId": 5, "subLedgerId": "main", "value": 50, "recipientIntegrationId": "URNGV8294NV", "startDate": "2024-01-01T00:00:00Z", "expiryDate": "2025-01-01T00:00:00Z", "transactionUUID": "9f3e4781-7fb6-5f0f-c6d7-f8f8c5b21222", "cardIdentifier": "loyalty-card-001"}`,
			&RollbackDeductedLoyaltyPoints{ProgramID: 5, SubLedgerID: "main", Value: num("50"), RecipientIntegrationID: "URNGV8294NV", StartDate: Ptr(date(t, "2024-01-01T00:00:00Z")), ExpiryDate: Ptr(date(t, "2025-01-01T00:00:00Z")), TransactionUUID: "9f3e4781-7fb6-5f0f-c6d7-f8f8c5b21222", CardIdentifier: Ptr("loyalty-card-001")}},
		{TypeRollbackDiscount, `{"name": "10% Off", "value": 2.5, "cartItemPosition": 1, "cartItemSubPosition": 1, "additionalCostId": 1, "additionalCost": "shipping", "scope": "sessionTotal"}`,
			&RollbackDiscount{Name: "10% Off", Value: num("2.5"), CartItemPosition: Ptr[Index](1), CartItemSubPosition: Ptr[Index](1), AdditionalCostID: Ptr[int64](1), AdditionalCost: Ptr("shipping"), Scope: Ptr(ScopeSessionTotal)}},
		{TypeRollbackIncreasedAchievementProgress, `{"achievementId": 10, "achievementName": "FreeCoffee10Orders", "progressTrackerId": 42, "decreaseProgressBy": 1, "currentProgress": 6, "target": 10}`,
			&RollbackIncreasedAchievementProgress{AchievementID: 10, AchievementName: "FreeCoffee10Orders", ProgressTrackerID: 42, DecreaseProgressBy: num("1"), CurrentProgress: num("6"), Target: num("10")}},
		{TypeRollbackReferral, `{"value": "REF-ABC123"}`, &RollbackReferral{Value: "REF-ABC123"}},
		// Not in the docs spec: fields from the Ruby SDK.
		{TypeRollbackUseReward, `{"integrationId": "reward-int-1", "rewardId": 3, "applicationId": 1}`,
			&RollbackUseReward{IntegrationID: "reward-int-1", RewardID: 3, ApplicationID: 1}},
		{TypeSet, `{"path": "Session.Attributes.loyaltyTier", "value": "Gold"}`,
			&UpdateAttribute{Path: "Session.Attributes.loyaltyTier", Value: json.RawMessage(`"Gold"`)}},
		{TypeSetDiscount, `{"name": "10% Off", "value": 2.5, "scope": "sessionTotal", "desiredValue": 2.5}`,
			&SetDiscount{Name: "10% Off", Value: num("2.5"), Scope: Ptr(ScopeSessionTotal), DesiredValue: Ptr(num("2.5"))}},
		{TypeSetDiscountPerAdditionalCost, `{"name": "Shipping discount", "additionalCostId": 1, "additionalCost": "shipping", "value": 4.99, "desiredValue": 4.99}`,
			&SetDiscountPerAdditionalCost{Name: "Shipping discount", AdditionalCostID: 1, AdditionalCost: "shipping", Value: num("4.99"), DesiredValue: Ptr(num("4.99"))}},
		{TypeSetDiscountPerAdditionalCostPerItem, `{"name": "Shipping discount on item #1", "additionalCostId": 1, "value": 4.99, "position": 1, "subPosition": 1, "additionalCost": "shipping", "desiredValue": 4.99}`,
			&SetDiscountPerAdditionalCostPerItem{Name: "Shipping discount on item #1", AdditionalCostID: 1, Value: num("4.99"), Position: 1, SubPosition: Ptr[Index](1), AdditionalCost: "shipping", DesiredValue: Ptr(num("4.99"))}},
		{TypeSetDiscountPerItem, `{"name": "Discount on item #1", "value": 1.5, "position": 1, "subPosition": 1, "desiredValue": 1.5, "scope": "price", "totalDiscount": 1.5, "desiredTotalDiscount": 1.5, "bundleIndex": 1, "bundleName": "my_bundle", "targetedItemPosition": 1, "targetedItemSubPosition": 1, "excludedFromPriceHistory": false}`,
			&SetDiscountPerItem{
				Name: "Discount on item #1", Value: num("1.5"), Position: 1, SubPosition: Ptr[Index](1), DesiredValue: Ptr(num("1.5")),
				Scope: Ptr(ScopePrice), TotalDiscount: Ptr(num("1.5")), DesiredTotalDiscount: Ptr(num("1.5")), BundleIndex: Ptr[Index](1),
				BundleName: Ptr("my_bundle"), TargetedItemPosition: Ptr[Index](1), TargetedItemSubPosition: Ptr[Index](1), ExcludedFromPriceHistory: Ptr(false),
			}},
		{TypeSetLoyaltyPointsExpiryDate, `{"programId": 5, "subLedgerId": "main", "newExpiryDate": "2024-07-24T14:15:22Z", "affectedTransactions": []}`,
			&SetLoyaltyPointsExpiryDate{ProgramID: 5, SubLedgerID: "main", NewExpiryDate: date(t, "2024-07-24T14:15:22Z"), AffectedTransactions: []ExpiryDateChange{}}},
		{TypeShowBundleMetadata, `{"description": "Buy 2 get 1 free bundle", "bundleAttributes": ["category", "brand"], "itemsIndices": [0, 1, 2]}`,
			&ShowBundleMetadata{Description: "Buy 2 get 1 free bundle", BundleAttributes: []string{"category", "brand"}, ItemsIndices: []Index{0, 1, 2}}},
		{TypeShowNotification, `{"notificationType": "info", "title": "Discount applied", "body": "You have received a 10% discount on your order."}`,
			&ShowNotification{NotificationType: "info", Title: "Discount applied", Body: "You have received a 10% discount on your order."}},
		// Not in the docs spec: fields from the Ruby SDK.
		{TypeStartAchievementProgress, `{"achievementId": 10, "achievementName": "FreeCoffee10Orders", "progressTrackerId": 42, "target": 10, "startDate": "2024-01-01T00:00:00Z", "endDate": "2024-12-31T23:59:59Z"}`,
			&StartAchievementProgress{AchievementID: 10, AchievementName: "FreeCoffee10Orders", ProgressTrackerID: 42, Target: num("10"), StartDate: date(t, "2024-01-01T00:00:00Z"), EndDate: Ptr(date(t, "2024-12-31T23:59:59Z"))}},
		// Not in the docs spec: fields from the Ruby SDK.
		{TypeUnlockReward, `{"integrationId": "reward-int-1", "rewardId": 3, "applicationId": 1, "profileIntegrationId": "URNGV8294NV", "unlockedAt": "2024-05-01T12:00:00Z"}`,
			&UnlockReward{IntegrationID: "reward-int-1", RewardID: 3, ApplicationID: 1, ProfileIntegrationID: "URNGV8294NV", UnlockedAt: date(t, "2024-05-01T12:00:00Z")}},
		// Not in the docs spec: fields from the Ruby SDK.
		{TypeUseReward, `{"integrationId": "reward-int-1", "rewardId": 3, "applicationId": 1}`,
			&UseReward{IntegrationID: "reward-int-1", RewardID: 3, ApplicationID: 1}},
		{TypeWillAwardGiveaway, `{"poolId": 2, "poolName": "My pool", "recipientIntegrationId": "URNGV8294NV"}`,
			&WillAwardGiveaway{PoolID: 2, PoolName: "My pool", RecipientIntegrationID: "URNGV8294NV"}},
	}
}

// TestSpecExamplesRoundTrip decodes an effect of every type, checks its
// typed props exactly, and checks that it encodes back to the same JSON.
func TestSpecExamplesRoundTrip(t *testing.T) {
	examples := specExamples(t)
	seen := map[Type]bool{}
	for _, ex := range examples {
		t.Run(string(ex.typ), func(t *testing.T) {
			seen[ex.typ] = true
			in := `{"campaignId": 1, "rulesetId": 2, "ruleIndex": 0, "ruleName": "r", "effectType": "` + string(ex.typ) + `", "props": ` + ex.props + `}`
			var e Effect
			if err := json.Unmarshal([]byte(in), &e); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if e.EffectType != ex.typ || e.Props.EffectType() != ex.typ {
				t.Errorf("EffectType = %s, props type %s", e.EffectType, e.Props.EffectType())
			}
			if diff := cmp.Diff(ex.want, e.Props, exactNumbers); diff != "" {
				t.Errorf("props (-want +got):\n%s", diff)
			}
			out, err := e.MarshalJSON()
			if err != nil {
				t.Fatalf("MarshalJSON: %v", err)
			}
			sameJSON(t, []byte(in), out)

			// The expected props, built in Go, encode to the same JSON.
			built, err := MarshalProps(ex.want)
			if err != nil {
				t.Fatalf("MarshalProps: %v", err)
			}
			sameJSON(t, []byte(ex.props), built)
			p, err := UnmarshalProps(ex.typ, []byte(ex.props))
			if err != nil {
				t.Fatalf("UnmarshalProps: %v", err)
			}
			if diff := cmp.Diff(ex.want, p, exactNumbers); diff != "" {
				t.Errorf("UnmarshalProps (-want +got):\n%s", diff)
			}
		})
	}
	for _, typ := range Types() {
		if !seen[typ] {
			t.Errorf("no example for %s", typ)
		}
	}
	if len(examples) != 42 {
		t.Errorf("%d examples, want 42", len(examples))
	}
}
