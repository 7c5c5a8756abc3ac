package effects

import (
	"encoding/json"
	"time"
)

// AddLoyaltyPoints is the props of addLoyaltyPoints: points added to a
// profile or a loyalty card (also per cart item). The points persist only
// when the session closes.
type AddLoyaltyPoints struct {
	Passthrough
	// Name is the reason for the addition.
	Name string `json:"name"`
	// ProgramID is the loyalty program the points were added to.
	ProgramID int64 `json:"programId"`
	// SubLedgerID is the subledger the points were added to.
	SubLedgerID string `json:"subLedgerId"`
	// Value is the number of points added.
	Value Number `json:"value"`
	// DesiredValue is the points asked for before budget limits (partial
	// rewards only).
	DesiredValue *Number `json:"desiredValue,omitempty"`
	// RecipientIntegrationID is the customer who receives the points.
	RecipientIntegrationID string `json:"recipientIntegrationId"`
	// StartDate is when the points become valid.
	StartDate *time.Time `json:"startDate,omitempty"`
	// ExpiryDate is when the points expire.
	ExpiryDate *time.Time `json:"expiryDate,omitempty"`
	// TransactionUUID identifies the loyalty transaction.
	TransactionUUID string `json:"transactionUUID"`
	// CartItemPosition is the line the points were added for (per item
	// only).
	CartItemPosition *Index `json:"cartItemPosition,omitempty"`
	// CartItemSubPosition is the unit within that line.
	CartItemSubPosition *Index `json:"cartItemSubPosition,omitempty"`
	// CardIdentifier is the loyalty card the points were added to.
	CardIdentifier *string `json:"cardIdentifier,omitempty"`
	// BundleIndex is the position of the bundle among the bundles of the
	// same definition (bundles only).
	BundleIndex *Index `json:"bundleIndex,omitempty"`
	// BundleName is the name of the bundle definition (bundles only).
	BundleName *string `json:"bundleName,omitempty"`
	// AwaitsActivation tells whether the points have an action-based start
	// date.
	AwaitsActivation *bool `json:"awaitsActivation,omitempty"`
	// ValidityDuration is how long the points stay active after their start
	// date, e.g. "12M".
	ValidityDuration *string `json:"validityDuration,omitempty"`
}

// EffectType returns TypeAddLoyaltyPoints.
func (*AddLoyaltyPoints) EffectType() Type { return TypeAddLoyaltyPoints }

// DeductLoyaltyPoints is the props of deductLoyaltyPoints: points redeemed
// from the active balance.
type DeductLoyaltyPoints struct {
	Passthrough
	// RuleTitle is the title of the rule that deducted the points.
	RuleTitle string `json:"ruleTitle"`
	// ProgramID is the loyalty program the points were deducted from.
	ProgramID int64 `json:"programId"`
	// SubLedgerID is the subledger the points were deducted from.
	SubLedgerID string `json:"subLedgerId"`
	// Value is the number of points deducted.
	Value Number `json:"value"`
	// TransactionUUID identifies the loyalty transaction.
	TransactionUUID string `json:"transactionUUID"`
	// Name is the reason for the deduction.
	Name string `json:"name"`
	// CardIdentifier is the loyalty card the points were deducted from.
	CardIdentifier *string `json:"cardIdentifier,omitempty"`
}

// EffectType returns TypeDeductLoyaltyPoints.
func (*DeductLoyaltyPoints) EffectType() Type { return TypeDeductLoyaltyPoints }

// ChangeLoyaltyTierLevel is the props of changeLoyaltyTierLevel: the
// customer moved up a loyalty tier.
type ChangeLoyaltyTierLevel struct {
	Passthrough
	// RuleTitle is the title of the rule that triggered the upgrade.
	RuleTitle string `json:"ruleTitle"`
	// ProgramID is the loyalty program.
	ProgramID int64 `json:"programId"`
	// SubLedgerID is the subledger where the points were added.
	SubLedgerID string `json:"subLedgerId"`
	// PreviousTierName is the tier the customer left.
	PreviousTierName *string `json:"previousTierName,omitempty"`
	// NewTierName is the tier the customer reached.
	NewTierName string `json:"newTierName"`
	// ExpiryDate is when the new tier expires.
	ExpiryDate *time.Time `json:"expiryDate,omitempty"`
}

// EffectType returns TypeChangeLoyaltyTierLevel.
func (*ChangeLoyaltyTierLevel) EffectType() Type { return TypeChangeLoyaltyTierLevel }

// RollbackAddedLoyaltyPoints is the props of rollbackAddedLoyaltyPoints:
// added points were rolled back by a cancellation or a return.
type RollbackAddedLoyaltyPoints struct {
	Passthrough
	// ProgramID is the loyalty program.
	ProgramID int64 `json:"programId"`
	// SubLedgerID is the subledger.
	SubLedgerID string `json:"subLedgerId"`
	// Value is the number of points rolled back.
	Value Number `json:"value"`
	// RecipientIntegrationID is the customer whose points were rolled back.
	RecipientIntegrationID string `json:"recipientIntegrationId"`
	// TransactionUUID identifies the loyalty transaction.
	TransactionUUID string `json:"transactionUUID"`
	// CartItemPosition is the line the points were rolled back for (per
	// item only).
	CartItemPosition *Index `json:"cartItemPosition,omitempty"`
	// CartItemSubPosition is the unit within that line.
	CartItemSubPosition *Index `json:"cartItemSubPosition,omitempty"`
	// CardIdentifier is the card the points were originally added to.
	CardIdentifier *string `json:"cardIdentifier,omitempty"`
}

// EffectType returns TypeRollbackAddedLoyaltyPoints.
func (*RollbackAddedLoyaltyPoints) EffectType() Type { return TypeRollbackAddedLoyaltyPoints }

// RollbackDeductedLoyaltyPoints is the props of
// rollbackDeductedLoyaltyPoints: deducted points were given back.
type RollbackDeductedLoyaltyPoints struct {
	Passthrough
	// ProgramID is the loyalty program.
	ProgramID int64 `json:"programId"`
	// SubLedgerID is the subledger.
	SubLedgerID string `json:"subLedgerId"`
	// Value is the number of points given back.
	Value Number `json:"value"`
	// RecipientIntegrationID is the customer the points were given back to.
	RecipientIntegrationID string `json:"recipientIntegrationId"`
	// StartDate is when the given-back points become valid.
	StartDate *time.Time `json:"startDate,omitempty"`
	// ExpiryDate is when the given-back points expire.
	ExpiryDate *time.Time `json:"expiryDate,omitempty"`
	// TransactionUUID identifies the loyalty transaction.
	TransactionUUID string `json:"transactionUUID"`
	// CardIdentifier is the card the points were originally deducted from.
	CardIdentifier *string `json:"cardIdentifier,omitempty"`
}

// EffectType returns TypeRollbackDeductedLoyaltyPoints.
func (*RollbackDeductedLoyaltyPoints) EffectType() Type { return TypeRollbackDeductedLoyaltyPoints }

// ExpiryDateChange is one loyalty transaction whose expiry date an
// extendLoyaltyPointsExpiryDate or setLoyaltyPointsExpiryDate effect
// changed.
type ExpiryDateChange struct {
	Passthrough
	// TransactionUUID identifies the transaction.
	TransactionUUID *string `json:"transactionUUID,omitempty"`
	// PreviousExpiryDate is the expiry date before the change.
	PreviousExpiryDate *time.Time `json:"previousExpiryDate,omitempty"`
	// NewExpiryDate is the expiry date after the change.
	NewExpiryDate *time.Time `json:"newExpiryDate,omitempty"`
}

// ExtendLoyaltyPointsExpiryDate is the props of
// extendLoyaltyPointsExpiryDate: the expiry of active and pending points was
// extended.
type ExtendLoyaltyPointsExpiryDate struct {
	Passthrough
	// ProgramID is the loyalty program.
	ProgramID int64 `json:"programId"`
	// SubLedgerID is the subledger.
	SubLedgerID string `json:"subLedgerId"`
	// ExtensionDuration is the extension: "immediate" or an integer and a
	// unit, e.g. "30s", "5D", "10M", optionally with _D or _U rounding.
	ExtensionDuration string `json:"extensionDuration"`
	// AffectedTransactions lists the transactions whose expiry changed; nil
	// when absent, empty when the input had [].
	AffectedTransactions []ExpiryDateChange `json:"affectedTransactions,omitempty"`
}

// EffectType returns TypeExtendLoyaltyPointsExpiryDate.
func (*ExtendLoyaltyPointsExpiryDate) EffectType() Type { return TypeExtendLoyaltyPointsExpiryDate }

// SetLoyaltyPointsExpiryDate is the props of setLoyaltyPointsExpiryDate:
// active, pending and unlimited points now expire at a given date.
type SetLoyaltyPointsExpiryDate struct {
	Passthrough
	// ProgramID is the loyalty program.
	ProgramID int64 `json:"programId"`
	// SubLedgerID is the subledger.
	SubLedgerID string `json:"subLedgerId"`
	// NewExpiryDate is the new expiry date.
	NewExpiryDate time.Time `json:"newExpiryDate"`
	// AffectedTransactions lists the transactions whose expiry changed; nil
	// when absent, empty when the input had [].
	AffectedTransactions []ExpiryDateChange `json:"affectedTransactions,omitempty"`
}

// EffectType returns TypeSetLoyaltyPointsExpiryDate.
func (*SetLoyaltyPointsExpiryDate) EffectType() Type { return TypeSetLoyaltyPointsExpiryDate }

// JoinLoyaltyProgram is the props of joinLoyaltyProgram: the customer
// profile joined a loyalty program.
type JoinLoyaltyProgram struct {
	Passthrough
	// ProgramID is the loyalty program joined.
	ProgramID int64 `json:"programId"`
	// JoinDate is when the profile joined.
	JoinDate time.Time `json:"joinDate"`
}

// EffectType returns TypeJoinLoyaltyProgram.
func (*JoinLoyaltyProgram) EffectType() Type { return TypeJoinLoyaltyProgram }

// AddNegativeLoyaltyPoints is the props of addNegativeLoyaltyPoints.
// Talon.One publishes no props schema for it, so they are kept as raw JSON.
type AddNegativeLoyaltyPoints struct {
	// Raw is the props value as read; nil is written as {}.
	Raw json.RawMessage `json:"-"`
}

// EffectType returns TypeAddNegativeLoyaltyPoints.
func (*AddNegativeLoyaltyPoints) EffectType() Type { return TypeAddNegativeLoyaltyPoints }

func (p *AddNegativeLoyaltyPoints) rawJSON() *json.RawMessage { return &p.Raw }

// OffsetNegativeLoyaltyPoints is the props of offsetNegativeLoyaltyPoints.
// Talon.One publishes no props schema for it, so they are kept as raw JSON.
type OffsetNegativeLoyaltyPoints struct {
	// Raw is the props value as read; nil is written as {}.
	Raw json.RawMessage `json:"-"`
}

// EffectType returns TypeOffsetNegativeLoyaltyPoints.
func (*OffsetNegativeLoyaltyPoints) EffectType() Type { return TypeOffsetNegativeLoyaltyPoints }

func (p *OffsetNegativeLoyaltyPoints) rawJSON() *json.RawMessage { return &p.Raw }

// rawProps is implemented by the props kept as raw JSON.
type rawProps interface {
	Props
	rawJSON() *json.RawMessage
}
