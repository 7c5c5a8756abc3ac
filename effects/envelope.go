package effects

import "encoding/json"

// Props is the type-specific payload of an effect. Every known effect type
// has a pointer-to-struct implementation named after it (*SetDiscount for
// setDiscount, *UpdateAttribute for set, *TriggerWebhook for callApi,
// *ErrorEffect for error); an effect of an unknown type has *Unknown props.
type Props interface {
	// EffectType returns the wire type of the effect these props belong to.
	EffectType() Type
}

// Passthrough is embedded in every typed props struct. It keeps what the
// typed fields cannot hold, so that decoded props encode back to the same
// JSON value. The encoding functions of this package ([Effect.MarshalJSON],
// [EncodeList], [MarshalProps]) honour it; encoding/json applied directly to
// a props struct uses the struct tags and ignores it.
type Passthrough struct {
	// Extra holds the props keys this package does not model, with their
	// raw JSON values; a modelled optional key that was null is kept here
	// too. They are written after the modelled keys, sorted by key; a
	// modelled field of the same name that is set takes precedence.
	Extra map[string]json.RawMessage `json:"-"`
	// Missing lists the required keys that were absent (or null) in the
	// decoded props, in field order. While such a field still holds its
	// zero value it is left out when encoding, so that output never invents
	// a value the input did not have. Only types whose required fields are
	// not enforced can have Missing keys (see [UnmarshalProps]).
	Missing []string `json:"-"`
}

// Unknown holds the props of an effect whose type this package does not
// know, as raw JSON.
type Unknown struct {
	// Type is the effect type as it was read.
	Type Type
	// Raw is the props value exactly as it was read.
	Raw json.RawMessage
}

// EffectType returns u.Type.
func (u *Unknown) EffectType() Type { return u.Type }

// Effect is one element of a Talon.One response's effects array: the
// envelope of §1 of the catalogue with typed props.
//
// Required fields are plain values; optional ones are pointers, nil when
// absent. The struct tags document the JSON names; encoding and decoding go
// through MarshalJSON and UnmarshalJSON.
type Effect struct {
	// CampaignID is the campaign that triggered the effect.
	CampaignID int64 `json:"campaignId"`
	// RulesetID is the ruleset active in the campaign when it triggered.
	RulesetID int64 `json:"rulesetId"`
	// RuleIndex is the position of the rule within the ruleset.
	RuleIndex Index `json:"ruleIndex"`
	// RuleName is the rule's name; it may be "".
	RuleName string `json:"ruleName"`
	// EffectType is the effect's wire type. When decoding, an alias is
	// normalised ("updateAttribute" becomes TypeSet). When encoding, an
	// empty EffectType is taken from Props; a non-empty one must agree with
	// Props.EffectType().
	EffectType Type `json:"effectType"`
	// Props is the type-specific payload, a pointer to the props struct of
	// the type (or *Unknown).
	Props Props `json:"props"`

	// TriggeredByCoupon is the ID of the coupon being evaluated when the
	// effect fired.
	TriggeredByCoupon *int64 `json:"triggeredByCoupon,omitempty"`
	// TriggeredForCatalogItem is the ID of the catalog item being evaluated.
	TriggeredForCatalogItem *int64 `json:"triggeredForCatalogItem,omitempty"`
	// ConditionIndex is the index of the condition that was triggered.
	ConditionIndex *Index `json:"conditionIndex,omitempty"`
	// EvaluationGroupID is the campaign evaluation group ID (capital ID on
	// the wire).
	EvaluationGroupID *int64 `json:"evaluationGroupID,omitempty"`
	// EvaluationGroupMode is that group's evaluation mode, e.g. "stackable".
	EvaluationGroupMode *string `json:"evaluationGroupMode,omitempty"`
	// CampaignRevisionID is the campaign revision used.
	CampaignRevisionID *int64 `json:"campaignRevisionId,omitempty"`
	// CampaignRevisionVersionID is the revision version used.
	CampaignRevisionVersionID *int64 `json:"campaignRevisionVersionId,omitempty"`
	// SelectedPriceType is the selected price type for the SKU, e.g.
	// "member".
	SelectedPriceType *string `json:"selectedPriceType,omitempty"`
	// SelectedPrice is the value of the selected price type, before
	// discounts.
	SelectedPrice *Number `json:"selectedPrice,omitempty"`
	// AdjustmentReferenceID is the price-adjustment reference (a UUID), only
	// when SelectedPrice came from an adjustment.
	AdjustmentReferenceID *string `json:"adjustmentReferenceId,omitempty"`
	// ExperimentID is the experiment the campaign belongs to.
	ExperimentID *int64 `json:"experimentId,omitempty"`
	// RewardID is the reward being evaluated when the effect triggered.
	RewardID *int64 `json:"rewardId,omitempty"`

	// Extra holds envelope keys this package does not model (and modelled
	// optional keys that were null), with their raw values. They are
	// written after the modelled keys, sorted; a modelled field that is set
	// takes precedence over an Extra key of the same name.
	Extra map[string]json.RawMessage `json:"-"`
	// Raw is the whole effect exactly as read, kept only when its type is
	// unknown. While Props is *Unknown and Raw is not empty, MarshalJSON
	// writes Raw byte for byte and ignores the other fields: set Raw to nil
	// to encode changes to such an effect.
	Raw json.RawMessage `json:"-"`
	// Pointer is the JSON pointer to the effect in the document
	// [DecodeList] read it from: /effects/3 in a response object, /3 in a
	// bare array. It is "" for an effect made otherwise, and is never
	// encoded. It lets an error about the effect found later (applying it)
	// point into the document the user gave.
	Pointer string `json:"-"`
}

// Type returns e's effect type: EffectType, or Props.EffectType() when
// EffectType is empty, normalised with [ParseType].
func (e *Effect) Type() Type {
	if e.EffectType == "" && e.Props != nil {
		return e.Props.EffectType()
	}
	return ParseType(string(e.EffectType))
}

// Ptr returns a pointer to a copy of v, for filling optional fields:
// Scope: effects.Ptr(effects.ScopePrice).
func Ptr[T any](v T) *T {
	return &v
}

func (u *Unknown) rawJSON() *json.RawMessage { return &u.Raw }
