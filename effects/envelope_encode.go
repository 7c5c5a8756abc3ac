package effects

import (
	"reflect"
	"slices"
	"strconv"
)

// envelopeMembers are the envelope's members in the order of Effect's
// fields, as appendEnvelope writes them. envelopeFast is true while they
// are the members infoOf finds in Effect (a field added to Effect and not
// here turns the fast path off, and TestEnvelopeFastPath fails).
var (
	envelopeMembers = []string{"campaignId", "rulesetId", "ruleIndex", "ruleName", "effectType", "props",
		"triggeredByCoupon", "triggeredForCatalogItem", "conditionIndex", "evaluationGroupID", "evaluationGroupMode",
		"campaignRevisionId", "campaignRevisionVersionId", "selectedPriceType", "selectedPrice", "adjustmentReferenceId",
		"experimentId", "rewardId"}
	envelopeFast = func() bool {
		var names []string
		for _, m := range infoOf(reflect.TypeFor[Effect]()).members {
			names = append(names, m.name)
		}
		return slices.Equal(names, envelopeMembers)
	}()
)

// appendEnvelope writes an effect without Extra members as the reflective
// encoder does (encodeStruct over Effect: every required member, the
// optional ones that are set, in field order), member by member without
// reflection: an answer writes its envelopes by the dozen. t is the
// props' type; ok is false when the effect needs the reflective encoder
// (a value it cannot write, whose error that encoder places).
func appendEnvelope(b []byte, e *Effect, t Type) (out []byte, ok bool, err error) {
	if e.RuleIndex < 0 || int64(e.RuleIndex) > MaxIndex {
		return b, false, nil
	}
	if e.ConditionIndex != nil && (*e.ConditionIndex < 0 || int64(*e.ConditionIndex) > MaxIndex) {
		return b, false, nil
	}
	start := len(b)
	b = append(b, `{"campaignId":`...)
	b = strconv.AppendInt(b, e.CampaignID, 10)
	b = append(b, `,"rulesetId":`...)
	b = strconv.AppendInt(b, e.RulesetID, 10)
	b = append(b, `,"ruleIndex":`...)
	b = strconv.AppendInt(b, int64(e.RuleIndex), 10)
	b = append(b, `,"ruleName":`...)
	b = appendString(b, e.RuleName)
	b = append(b, `,"effectType":`...)
	b = appendString(b, string(t))
	b = append(b, `,"props":`...)
	if b, err = appendProps(b, e.Props, ""); err != nil {
		// The reflective encoder places the props' error.
		return b[:start], false, nil
	}
	int64s := func(name string, v *int64) {
		if v != nil {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, '"', ':')
			b = strconv.AppendInt(b, *v, 10)
		}
	}
	strs := func(name string, v *string) {
		if v != nil {
			b = append(b, ',', '"')
			b = append(b, name...)
			b = append(b, '"', ':')
			b = appendString(b, *v)
		}
	}
	int64s("triggeredByCoupon", e.TriggeredByCoupon)
	int64s("triggeredForCatalogItem", e.TriggeredForCatalogItem)
	if e.ConditionIndex != nil {
		b = append(b, `,"conditionIndex":`...)
		b = strconv.AppendInt(b, int64(*e.ConditionIndex), 10)
	}
	int64s("evaluationGroupID", e.EvaluationGroupID)
	strs("evaluationGroupMode", e.EvaluationGroupMode)
	int64s("campaignRevisionId", e.CampaignRevisionID)
	int64s("campaignRevisionVersionId", e.CampaignRevisionVersionID)
	strs("selectedPriceType", e.SelectedPriceType)
	if e.SelectedPrice != nil {
		b = append(b, `,"selectedPrice":`...)
		var nerr error
		if b, nerr = appendNumber(b, e.SelectedPrice.Decimal, ""); nerr != nil {
			return b[:start], false, nil
		}
	}
	strs("adjustmentReferenceId", e.AdjustmentReferenceID)
	int64s("experimentId", e.ExperimentID)
	int64s("rewardId", e.RewardID)
	return append(b, '}'), true, nil
}
