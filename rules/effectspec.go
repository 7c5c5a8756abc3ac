package rules

import (
	"encoding/json"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/effects"
)

// This file is the table of the effects a rule can produce: for each type,
// its parameters (with their kinds) and how evaluated parameters become the
// type's props.

// paramKind is how a parameter is written and evaluated.
type paramKind int

const (
	// kText is text with {{ expression }} interpolations.
	kText paramKind = iota
	// kNumber is an expression giving a number (money or points), kept
	// as an exact decimal.
	kNumber
	// kInt is an expression giving a whole number (a position).
	kInt
	// kConstInt is a whole number written in the file (an id).
	kConstInt
	// kScope is one of the effect's scopes, written in the file.
	kScope
	// kValue is an expression of any type, written as JSON (set's value).
	kValue
	// kPayload is a mapping of names to expressions, written as a JSON
	// object (customEffect's payload).
	kPayload
)

type paramSpec struct {
	key      string
	kind     paramKind
	required bool
	scopes   []effects.Scope
}

// effectSpec describes one effect type.
type effectSpec struct {
	params []paramSpec
	// perItem says the effect may iterate over items (items: binding),
	// taking each unit's position and sub-position; needsPosition says it
	// must have a position, from items or a position parameter.
	perItem, needsPosition bool
	// feature is the campaign feature the effect needs, if any.
	feature string
	// failure says the effect may be a failure effect.
	failure bool
	build   func(v *values) effects.Props
}

// values are the evaluated parameters of one effect: a few, so a list
// rather than a map, with text and decimals kept unboxed.
type values struct {
	list []value
	// position and subPosition come from the unit when iterating.
	unit *Item
}

// value is one parameter: text in s, a number in d, anything else in v.
type value struct {
	key  string
	kind valueKind
	s    string
	d    decimal.Decimal
	v    any
}

type valueKind uint8

const (
	valueOther valueKind = iota
	valueText
	valueNumber
)

func (v *values) find(k string) *value {
	for i := range v.list {
		if v.list[i].key == k {
			return &v.list[i]
		}
	}
	return nil
}

// getv returns the parameter k when it is neither text nor a number (those
// have their own getters); nil otherwise.
func (v *values) getv(k string) any {
	if x := v.find(k); x != nil && x.kind == valueOther {
		return x.v
	}
	return nil
}

func (v *values) set(k string, x any) { v.list = append(v.list, value{key: k, v: x}) }

func (v *values) setText(k, s string) {
	v.list = append(v.list, value{key: k, kind: valueText, s: s})
}

func (v *values) setNumber(k string, d decimal.Decimal) {
	v.list = append(v.list, value{key: k, kind: valueNumber, d: d})
}

func (v *values) reset() { clear(v.list); v.list, v.unit = v.list[:0], nil }

func (v *values) text(k string) (string, bool) {
	if x := v.find(k); x != nil && x.kind == valueText {
		return x.s, true
	}
	return "", false
}

func (v *values) str(k string) string {
	s, _ := v.text(k)
	return s
}

func (v *values) strPtr(k string) *string {
	if s, ok := v.text(k); ok {
		return &s
	}
	return nil
}

func (v *values) num(k string) effects.Number {
	if x := v.find(k); x != nil && x.kind == valueNumber {
		return effects.NewNumber(x.d)
	}
	return effects.NewNumber(decimal.Decimal{})
}

func (v *values) int64(k string) int64 {
	i, _ := v.getv(k).(int64)
	return i
}

func (v *values) int64Ptr(k string) *int64 {
	if i, ok := v.getv(k).(int64); ok {
		return &i
	}
	return nil
}

func (v *values) scope(k string) *effects.Scope {
	if s, ok := v.text(k); ok {
		sc := effects.Scope(s)
		return &sc
	}
	return nil
}

func (v *values) raw(k string) json.RawMessage {
	r, _ := v.getv(k).(json.RawMessage)
	return r
}

// position returns the unit's position and sub-position, or the position
// and subPosition parameters.
func (v *values) position() (effects.Index, *effects.Index) {
	if v.unit != nil {
		sub := effects.Index(v.unit.SubPosition)
		return effects.Index(v.unit.Position), &sub
	}
	pos, _ := v.getv("position").(int64)
	var sub *effects.Index
	if s, ok := v.getv("subPosition").(int64); ok {
		i := effects.Index(s)
		sub = &i
	}
	return effects.Index(pos), sub
}

func (v *values) positionPtr() (*effects.Index, *effects.Index) {
	if v.unit == nil {
		if v.find("position") == nil {
			return nil, nil
		}
	}
	p, s := v.position()
	return &p, s
}

var (
	pName      = paramSpec{key: "name", kind: kText, required: true}
	pValue     = paramSpec{key: "value", kind: kNumber, required: true}
	pPosition  = paramSpec{key: "position", kind: kInt}
	pSubPos    = paramSpec{key: "subPosition", kind: kInt}
	pCostName  = paramSpec{key: "additionalCost", kind: kText, required: true}
	pCostID    = paramSpec{key: "additionalCostId", kind: kConstInt}
	pProgram   = paramSpec{key: "program", kind: kConstInt, required: true}
	pSubLedger = paramSpec{key: "subLedgerId", kind: kText}
	pRecipient = paramSpec{key: "recipientIntegrationId", kind: kText}
	pAudience  = []paramSpec{{key: "audienceId", kind: kConstInt}, {key: "audienceName", kind: kText}, {key: "profileIntegrationId", kind: kText}}
)

// effectSpecs is the table of effect types a rule can produce. It is a
// plain literal, never modified.
var effectSpecs = map[effects.Type]*effectSpec{
	effects.TypeSetDiscount: {
		params: []paramSpec{pName, pValue, {key: "scope", kind: kScope, scopes: []effects.Scope{effects.ScopeSessionTotal, effects.ScopeCartItems, effects.ScopeAdditionalCosts}}},
		build: func(v *values) effects.Props {
			return &effects.SetDiscount{Name: v.str("name"), Value: v.num("value"), Scope: v.scope("scope")}
		},
	},
	effects.TypeSetDiscountPerItem: {
		params:  []paramSpec{pName, pValue, pPosition, pSubPos, {key: "scope", kind: kScope, scopes: []effects.Scope{effects.ScopePrice, effects.ScopeAdditionalCosts, effects.ScopeItemTotal}}},
		perItem: true, needsPosition: true,
		build: func(v *values) effects.Props {
			p, s := v.position()
			return &effects.SetDiscountPerItem{Name: v.str("name"), Value: v.num("value"), Position: p, SubPosition: s, Scope: v.scope("scope")}
		},
	},
	effects.TypeSetDiscountPerAdditionalCost: {
		params: []paramSpec{pName, pValue, pCostName, pCostID},
		build: func(v *values) effects.Props {
			return &effects.SetDiscountPerAdditionalCost{Name: v.str("name"), Value: v.num("value"), AdditionalCost: v.str("additionalCost"), AdditionalCostID: v.int64("additionalCostId")}
		},
	},
	effects.TypeSetDiscountPerAdditionalCostPerItem: {
		params:  []paramSpec{pName, pValue, pCostName, pCostID, pPosition, pSubPos},
		perItem: true, needsPosition: true,
		build: func(v *values) effects.Props {
			p, s := v.position()
			return &effects.SetDiscountPerAdditionalCostPerItem{Name: v.str("name"), Value: v.num("value"), AdditionalCost: v.str("additionalCost"), AdditionalCostID: v.int64("additionalCostId"), Position: p, SubPosition: s}
		},
	},
	effects.TypeAddFreeItem: {
		params: []paramSpec{{key: "sku", kind: kText, required: true}, pName, {key: "desiredQuantity", kind: kInt}},
		build: func(v *values) effects.Props {
			p := &effects.AddFreeItem{SKU: v.str("sku"), Name: v.str("name")}
			if q, ok := v.getv("desiredQuantity").(int64); ok {
				p.DesiredQuantity = &q
			}
			return p
		},
	},
	effects.TypeAddLoyaltyPoints: {
		params:  []paramSpec{pName, pProgram, pValue, pSubLedger, pRecipient, pPosition, pSubPos},
		perItem: true, feature: featureLoyalty,
		build: func(v *values) effects.Props {
			p, s := v.positionPtr()
			return &effects.AddLoyaltyPoints{Name: v.str("name"), ProgramID: v.int64("program"), Value: v.num("value"), SubLedgerID: v.str("subLedgerId"), RecipientIntegrationID: v.str("recipientIntegrationId"), CartItemPosition: p, CartItemSubPosition: s}
		},
	},
	effects.TypeDeductLoyaltyPoints: {
		params:  []paramSpec{{key: "name", kind: kText}, pProgram, pValue, pSubLedger},
		feature: featureLoyalty,
		build: func(v *values) effects.Props {
			return &effects.DeductLoyaltyPoints{Name: v.str("name"), ProgramID: v.int64("program"), Value: v.num("value"), SubLedgerID: v.str("subLedgerId"), RuleTitle: v.str("ruleTitle")}
		},
	},
	effects.TypeShowNotification: {
		params:  []paramSpec{{key: "notificationType", kind: kText}, {key: "title", kind: kText, required: true}, {key: "body", kind: kText, required: true}},
		failure: true,
		build: func(v *values) effects.Props {
			t := v.str("notificationType")
			if t == "" {
				t = "info"
			}
			return &effects.ShowNotification{NotificationType: t, Title: v.str("title"), Body: v.str("body")}
		},
	},
	effects.TypeSet: {
		params: []paramSpec{{key: "path", kind: kText, required: true}, {key: "value", kind: kValue, required: true}},
		build: func(v *values) effects.Props {
			return &effects.UpdateAttribute{Path: v.str("path"), Value: v.raw("value")}
		},
	},
	effects.TypeCallAPI: {
		params: []paramSpec{{key: "webhookId", kind: kConstInt, required: true}, {key: "webhookName", kind: kText, required: true}},
		build: func(v *values) effects.Props {
			return &effects.TriggerWebhook{WebhookID: v.int64("webhookId"), WebhookName: v.str("webhookName")}
		},
	},
	effects.TypeCustomEffect: {
		params:  []paramSpec{{key: "effectId", kind: kConstInt, required: true}, pName, {key: "payload", kind: kPayload}, pPosition, pSubPos},
		perItem: true, failure: true,
		build: func(v *values) effects.Props {
			p, s := v.positionPtr()
			payload := v.raw("payload")
			if payload == nil {
				payload = json.RawMessage("{}")
			}
			return &effects.CustomEffect{EffectID: v.int64("effectId"), Name: v.str("name"), Payload: payload, CartItemPosition: p, CartItemSubPosition: s}
		},
	},
	effects.TypeCouponCreated: {
		params:  []paramSpec{{key: "profileId", kind: kText, required: true}},
		feature: featureCoupons,
		build: func(v *values) effects.Props {
			return &effects.CouponCreated{ProfileID: v.str("profileId")}
		},
	},
	effects.TypeReferralCreated: {
		feature: featureReferrals,
		build: func(*values) effects.Props {
			return &effects.ReferralCreated{}
		},
	},
	effects.TypeAddToAudience: {
		params: pAudience,
		build: func(v *values) effects.Props {
			return &effects.AddToAudience{AudienceID: v.int64Ptr("audienceId"), AudienceName: v.strPtr("audienceName"), ProfileIntegrationID: v.strPtr("profileIntegrationId")}
		},
	},
	effects.TypeRemoveFromAudience: {
		params: pAudience,
		build: func(v *values) effects.Props {
			return &effects.RemoveFromAudience{AudienceID: v.int64Ptr("audienceId"), AudienceName: v.strPtr("audienceName"), ProfileIntegrationID: v.strPtr("profileIntegrationId")}
		},
	},
}

// effectTypeNames lists the types of effectSpecs, sorted, for messages.
func effectTypeNames() []string {
	names := make([]string, 0, len(effectSpecs))
	for t := range effectSpecs {
		names = append(names, string(t))
	}
	slices.Sort(names)
	return names
}

func (s *effectSpec) param(key string) *paramSpec {
	for i := range s.params {
		if s.params[i].key == key {
			return &s.params[i]
		}
	}
	return nil
}
