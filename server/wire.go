package server

import (
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/engine"
)

// The response bodies, in the shapes of Talon.One's SDK models: the
// engine's response with the fields Talon.One's entities carry beside it
// (internal IDs, creation times, the application and account).

// stateV2 is IntegrationStateV2. effects, createdCoupons and
// createdReferrals are always there; the rest as responseContent asks.
type stateV2 struct {
	Effects            []effects.Effect            `json:"-"` // first: see withEffects
	CreatedCoupons     []couponV2                  `json:"createdCoupons"`
	CreatedReferrals   []referralV2                `json:"createdReferrals"`
	CustomerSession    *sessionV2                  `json:"customerSession,omitempty"`
	CustomerProfile    *profileV2                  `json:"customerProfile,omitempty"`
	Loyalty            *loyaltyV2                  `json:"loyalty,omitempty"`
	TriggeredCampaigns *[]campaignV2               `json:"triggeredCampaigns,omitempty"`
	RuleFailureReasons *[]engine.RuleFailureReason `json:"ruleFailureReasons,omitempty"`
	Return             *returnV2                   `json:"return,omitempty"`
}

// sessionV2 is CustomerSessionV2: the engine's stored session with its
// internal ID, creation and update times, application and update count.
type sessionV2 struct {
	ID            int64     `json:"id"`
	Created       time.Time `json:"created"`
	ApplicationID int64     `json:"applicationId"`
	*engine.SessionState
	FirstSession bool      `json:"firstSession"`
	UpdateCount  int64     `json:"updateCount"`
	Updated      time.Time `json:"updated"`
}

// profileV2 is CustomerProfile.
type profileV2 struct {
	ID      int64     `json:"id"`
	Created time.Time `json:"created"`
	*engine.ProfileState
	AccountID           int64     `json:"accountId"`
	LoyaltyMemberships  []any     `json:"loyaltyMemberships"`
	AudienceMemberships []any     `json:"audienceMemberships"`
	LastActivity        time.Time `json:"lastActivity"`
	Sandbox             bool      `json:"sandbox"`
}

// loyaltyV2 is Loyalty: the programs' ledgers by program ID.
type loyaltyV2 struct {
	Programs map[string]programV2 `json:"programs"`
	Cards    []any                `json:"cards"`
}

// programV2 is LoyaltyProgramLedgers.
type programV2 struct {
	ID         int64                `json:"id"`
	Title      string               `json:"title"`
	Name       string               `json:"name"`
	Ledger     engine.LoyaltyLedger `json:"ledger"`
	SubLedgers map[string]any       `json:"subLedgers"`
}

// campaignV2 is Campaign, made once per loaded campaign file.
type campaignV2 struct {
	ID              int64          `json:"id"`
	Created         time.Time      `json:"created"`
	ApplicationID   int64          `json:"applicationId"`
	UserID          int64          `json:"userId"`
	Name            string         `json:"name"`
	Description     string         `json:"description"`
	StartTime       *time.Time     `json:"startTime,omitempty"`
	EndTime         *time.Time     `json:"endTime,omitempty"`
	Attributes      map[string]any `json:"attributes"`
	State           string         `json:"state"`
	ActiveRulesetID int64          `json:"activeRulesetId"`
	Tags            []string       `json:"tags"`
	Features        []string       `json:"features"`
	Limits          []limitV2      `json:"limits"`
	CampaignGroups  []int64        `json:"campaignGroups"`
	Type            string         `json:"type"`
	Updated         time.Time      `json:"updated"`
}

// limitV2 is LimitConfig.
type limitV2 struct {
	Action   string   `json:"action"`
	Limit    any      `json:"limit"`
	Period   string   `json:"period,omitempty"`
	Entities []string `json:"entities"`
}

// couponV2 is Coupon, for createdCoupons.
type couponV2 struct {
	ID                     int64      `json:"id"`
	Created                time.Time  `json:"created"`
	CampaignID             int64      `json:"campaignId"`
	Value                  string     `json:"value"`
	UsageLimit             int64      `json:"usageLimit"`
	StartDate              *time.Time `json:"startDate,omitempty"`
	ExpiryDate             *time.Time `json:"expiryDate,omitempty"`
	Limits                 []any      `json:"limits"`
	UsageCounter           int64      `json:"usageCounter"`
	Attributes             struct{}   `json:"attributes"`
	RecipientIntegrationID string     `json:"recipientIntegrationId,omitempty"`
	Reservation            bool       `json:"reservation"`
	IsReservationMandatory bool       `json:"isReservationMandatory"`
}

// referralV2 is Referral, for createdReferrals.
type referralV2 struct {
	ID                           int64      `json:"id"`
	Created                      time.Time  `json:"created"`
	StartDate                    *time.Time `json:"startDate,omitempty"`
	ExpiryDate                   *time.Time `json:"expiryDate,omitempty"`
	UsageLimit                   int64      `json:"usageLimit"`
	CampaignID                   int64      `json:"campaignId"`
	AdvocateProfileIntegrationID string     `json:"advocateProfileIntegrationId"`
	FriendProfileIntegrationID   string     `json:"friendProfileIntegrationId,omitempty"`
	Attributes                   struct{}   `json:"attributes"`
	Code                         string     `json:"code"`
	UsageCounter                 int64      `json:"usageCounter"`
}

// returnV2 is Return, with what cartfx adds: each returned unit's refund.
type returnV2 struct {
	ID                   int64                 `json:"id"`
	Created              time.Time             `json:"created"`
	ApplicationID        int64                 `json:"applicationId"`
	AccountID            int64                 `json:"accountId"`
	ReturnedCartItems    []engine.ReturnedItem `json:"returnedCartItems"`
	EventID              int64                 `json:"eventId"`
	SessionID            int64                 `json:"sessionId"`
	SessionIntegrationID string                `json:"sessionIntegrationId"`
	ProfileIntegrationID string                `json:"profileIntegrationId,omitempty"`
	ReturnedUnits        []engine.ReturnedUnit `json:"returnedUnits"`
	RefundTotal          cart.Money            `json:"refundTotal"`
}

// sessionResponseV2 is IntegrationCustomerSessionResponse (GET session).
type sessionResponseV2 struct {
	CustomerSession *sessionV2       `json:"customerSession"`
	Effects         []effects.Effect `json:"-"` // last: see withEffects
}

// effectsV2 is ReopenSessionResponse.
type effectsV2 struct {
	Effects []effects.Effect `json:"-"` // the only member: see withEffects
}

func (v stateV2) effectList() ([]effects.Effect, bool)           { return v.Effects, true }
func (v sessionResponseV2) effectList() ([]effects.Effect, bool) { return v.Effects, false }
func (v effectsV2) effectList() ([]effects.Effect, bool)         { return v.Effects, true }
