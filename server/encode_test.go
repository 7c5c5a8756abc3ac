package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/engine"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// TestEncodeBody: a body with effects is what encoding/json would write
// with the effects as a member, the effects first (or last for a session
// read), and "<" in an effect written as it is.
func TestEncodeBody(t *testing.T) {
	list := []effects.Effect{
		{CampaignID: 1, RulesetID: 1, RuleName: "a <b> & c", EffectType: effects.TypeSetDiscount,
			Props: &effects.SetDiscount{Name: "10% <off>", Value: effects.NewNumber(decimal.NewFromInt(10))}},
		{CampaignID: 2, RulesetID: 2, EffectType: effects.TypeAcceptCoupon, Props: &effects.AcceptCoupon{Value: "X"}},
	}
	failures := []engine.RuleFailureReason{{CampaignID: 3, CampaignName: "n", RuleName: "r"}}
	for _, tc := range []struct {
		name   string
		body   any
		prefix string
		suffix string
	}{
		{"a state", &stateV2{Effects: list, CreatedCoupons: []couponV2{}, CreatedReferrals: []referralV2{}, RuleFailureReasons: &failures},
			`{"effects":[{"campaignId":1,`, `}]}`},
		{"a session read", sessionResponseV2{CustomerSession: nil, Effects: list}, `{"customerSession":null,"effects":[`, `}}]}`},
		{"effects alone", effectsV2{Effects: list}, `{"effects":[`, `}}]}`},
		{"no effects", effectsV2{}, `{"effects":[]}`, `[]}`},
	} {
		got, err := encodeBody(tc.body)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !strings.HasPrefix(string(got), tc.prefix) || !strings.HasSuffix(string(got), tc.suffix) || !json.Valid(got) {
			t.Errorf("%s: %s\nwant JSON from %s to %s", tc.name, got, tc.prefix, tc.suffix)
		}
		if !strings.Contains(string(got), `"a <b> & c"`) && tc.name != "no effects" {
			t.Errorf("%s: %s\nwant the rule name written as it is", tc.name, got)
		}
		// The same members as encoding/json writes with effects a member.
		rest, _ := json.Marshal(tc.body)
		var want map[string]any
		if err := json.Unmarshal(rest, &want); err != nil {
			t.Fatal(err)
		}
		l, _ := tc.body.(withEffects).effectList()
		enc, _ := json.Marshal(l)
		var effs any
		if err := json.Unmarshal(enc, &effs); err != nil {
			t.Fatal(err)
		}
		if l == nil {
			effs = []any{}
		}
		want["effects"] = effs
		var have map[string]any
		if err := json.Unmarshal(got, &have); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, have); diff != "" {
			t.Errorf("%s (-encoding/json +encodeBody):\n%s", tc.name, diff)
		}
	}
}
