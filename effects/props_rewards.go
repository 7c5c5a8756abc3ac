package effects

import "time"

// IncreaseAchievementProgress is the props of increaseAchievementProgress:
// the customer's progress in an achievement grew in this session.
type IncreaseAchievementProgress struct {
	Passthrough
	// AchievementID is the achievement's internal ID.
	AchievementID int64 `json:"achievementId"`
	// AchievementName is the achievement's name.
	AchievementName string `json:"achievementName"`
	// ProgressTrackerID is the customer's progress tracker; each iteration
	// of an on-completion achievement has its own.
	ProgressTrackerID *int64 `json:"progressTrackerId,omitempty"`
	// Delta is how much the progress grew.
	Delta Number `json:"delta"`
	// Value is the customer's current progress.
	Value Number `json:"value"`
	// Target is the value that completes the achievement.
	Target Number `json:"target"`
	// IsJustCompleted tells whether the achievement was completed in this
	// session.
	IsJustCompleted bool `json:"isJustCompleted"`
}

// EffectType returns TypeIncreaseAchievementProgress.
func (*IncreaseAchievementProgress) EffectType() Type { return TypeIncreaseAchievementProgress }

// RollbackIncreasedAchievementProgress is the props of
// rollbackIncreasedAchievementProgress: achievement progress was rolled back
// by a cancellation or a reopen.
type RollbackIncreasedAchievementProgress struct {
	Passthrough
	// AchievementID is the achievement's internal ID.
	AchievementID int64 `json:"achievementId"`
	// AchievementName is the achievement's name.
	AchievementName string `json:"achievementName"`
	// ProgressTrackerID is the customer's progress tracker.
	ProgressTrackerID int64 `json:"progressTrackerId"`
	// DecreaseProgressBy is how much the progress decreased.
	DecreaseProgressBy Number `json:"decreaseProgressBy"`
	// CurrentProgress is the customer's current progress.
	CurrentProgress Number `json:"currentProgress"`
	// Target is the value that completes the achievement.
	Target Number `json:"target"`
}

// EffectType returns TypeRollbackIncreasedAchievementProgress.
func (*RollbackIncreasedAchievementProgress) EffectType() Type {
	return TypeRollbackIncreasedAchievementProgress
}

// StartAchievementProgress is the props of startAchievementProgress:
// progress tracking of an achievement started for the customer.
type StartAchievementProgress struct {
	Passthrough
	// AchievementID is the achievement's internal ID.
	AchievementID int64 `json:"achievementId"`
	// AchievementName is the achievement's name.
	AchievementName string `json:"achievementName"`
	// ProgressTrackerID is the customer's progress tracker, shared with the
	// increaseAchievementProgress effects of the same iteration.
	ProgressTrackerID int64 `json:"progressTrackerId"`
	// Target is the value that completes the achievement.
	Target Number `json:"target"`
	// StartDate is when tracking started.
	StartDate time.Time `json:"startDate"`
	// EndDate is when tracking ends, for fixed-end achievements only.
	EndDate *time.Time `json:"endDate,omitempty"`
}

// EffectType returns TypeStartAchievementProgress.
func (*StartAchievementProgress) EffectType() Type { return TypeStartAchievementProgress }

// AwardGiveaway is the props of awardGiveaway: a giveaway code was awarded
// to a profile (only once the session is closed).
type AwardGiveaway struct {
	Passthrough
	// PoolID is the giveaway pool's internal ID.
	PoolID int64 `json:"poolId"`
	// PoolName is the giveaway pool's name.
	PoolName string `json:"poolName"`
	// RecipientIntegrationID is the customer who receives the giveaway.
	RecipientIntegrationID string `json:"recipientIntegrationId"`
	// GiveawayID is the giveaway's internal ID.
	GiveawayID int64 `json:"giveawayId"`
	// Code is the awarded giveaway code.
	Code string `json:"code"`
}

// EffectType returns TypeAwardGiveaway.
func (*AwardGiveaway) EffectType() Type { return TypeAwardGiveaway }

// WillAwardGiveaway is the props of willAwardGiveaway: awardGiveaway's
// counterpart while the session is not closed, without the code.
type WillAwardGiveaway struct {
	Passthrough
	// PoolID is the giveaway pool's internal ID.
	PoolID int64 `json:"poolId"`
	// PoolName is the giveaway pool's name.
	PoolName string `json:"poolName"`
	// RecipientIntegrationID is the customer who will receive the giveaway.
	RecipientIntegrationID string `json:"recipientIntegrationId"`
}

// EffectType returns TypeWillAwardGiveaway.
func (*WillAwardGiveaway) EffectType() Type { return TypeWillAwardGiveaway }

// UseReward is the props of useReward: a rule used one of the customer's
// unlocked rewards.
type UseReward struct {
	Passthrough
	// IntegrationID is the integration ID of the customer reward used.
	IntegrationID string `json:"integrationId"`
	// RewardID is the ID of the reward used.
	RewardID int64 `json:"rewardId"`
	// ApplicationID is the Application the reward belongs to.
	ApplicationID int64 `json:"applicationId"`
}

// EffectType returns TypeUseReward.
func (*UseReward) EffectType() Type { return TypeUseReward }

// UnlockReward is the props of unlockReward: a rule unlocked a reward for a
// customer profile.
type UnlockReward struct {
	Passthrough
	// IntegrationID is the integration ID of the unlocked customer reward.
	IntegrationID string `json:"integrationId"`
	// RewardID is the ID of the reward.
	RewardID int64 `json:"rewardId"`
	// ApplicationID is the Application the reward belongs to.
	ApplicationID int64 `json:"applicationId"`
	// ProfileIntegrationID is the customer the reward was unlocked for.
	ProfileIntegrationID string `json:"profileIntegrationId"`
	// UnlockedAt is when the reward was unlocked.
	UnlockedAt time.Time `json:"unlockedAt"`
}

// EffectType returns TypeUnlockReward.
func (*UnlockReward) EffectType() Type { return TypeUnlockReward }

// RollbackUseReward is the props of rollbackUseReward: a reward usage was
// rolled back by a session cancellation.
type RollbackUseReward struct {
	Passthrough
	// IntegrationID is the integration ID of the customer reward.
	IntegrationID string `json:"integrationId"`
	// RewardID is the ID of the reward.
	RewardID int64 `json:"rewardId"`
	// ApplicationID is the Application the reward belongs to.
	ApplicationID int64 `json:"applicationId"`
}

// EffectType returns TypeRollbackUseReward.
func (*RollbackUseReward) EffectType() Type { return TypeRollbackUseReward }
