package effects

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEnvelopeFastPath: the envelope's members are the ones appendEnvelope
// writes, and it writes every effect of every type, with each optional
// member set or not, byte for byte as the reflective encoder does; an
// effect it cannot write (an index out of range, props that cannot be
// encoded, an Extra member) goes to the reflective encoder, whose error
// it is.
func TestEnvelopeFastPath(t *testing.T) {
	if !envelopeFast {
		t.Fatal("Effect's fields are not the members appendEnvelope writes: add the new field to envelopeMembers and appendEnvelope")
	}
	all := `,"triggeredByCoupon":7,"triggeredForCatalogItem":8,"conditionIndex":2,"evaluationGroupID":9,"evaluationGroupMode":"stackable",` +
		`"campaignRevisionId":10,"campaignRevisionVersionId":11,"selectedPriceType":"member","selectedPrice":12.50,` +
		`"adjustmentReferenceId":"ad\"j","experimentId":13,"rewardId":14}`
	var docs []string
	for _, ex := range specExamples(t) {
		plain := eff(string(ex.typ), ex.props)
		docs = append(docs, plain, strings.TrimSuffix(plain, "}")+all, strings.Replace(plain, `"ruleName":"r"`, `"ruleName":"<ä\n>"`, 1))
	}
	list, err := DecodeList([]byte("[" + strings.Join(docs, ",") + "]"))
	if err != nil {
		t.Fatal(err)
	}
	fast, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	envelopeFast = false
	defer func() { envelopeFast = true }()
	slow, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(slow), string(fast)); diff != "" {
		t.Errorf("the fast path writes otherwise (-reflective +fast):\n%s", diff)
	}

	// What the fast path leaves to the reflective encoder: the same
	// errors, with or without it.
	bad := Index(-1)
	for _, e := range []Effect{
		{CampaignID: 1, RuleIndex: -1, Props: &AcceptCoupon{Value: "X"}},
		{CampaignID: 1, ConditionIndex: &bad, Props: &AcceptCoupon{Value: "X"}},
		{CampaignID: 1, Props: &Unknown{}, EffectType: "mystery"},
	} {
		envelopeFast = false
		_, slowErr := EncodeList([]Effect{e})
		envelopeFast = true
		_, fastErr := EncodeList([]Effect{e})
		if slowErr == nil || fastErr == nil || slowErr.Error() != fastErr.Error() {
			t.Errorf("%+v: fast %v, reflective %v; want the same error", e, fastErr, slowErr)
		}
	}
}
