package effects

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

const dataDir = "../../shared/data/talon-one"

// TestDataFilesRoundTrip decodes every Talon.One sample and checks that the
// re-encoded effects are the same JSON as the sample's effects array.
func TestDataFilesRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(dataDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no samples in %s", dataDir)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			list, err := DecodeList(data)
			if err != nil {
				t.Fatalf("DecodeList: %v", err)
			}
			out, err := EncodeList(list)
			if err != nil {
				t.Fatalf("EncodeList: %v", err)
			}
			var doc struct{ Effects json.RawMessage }
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			sameJSON(t, doc.Effects, out)
		})
	}
}

// TestCouponSampleTyped checks the typed values of the commercetools
// sample exactly.
func TestCouponSampleTyped(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(dataDir, "coupon-per-item-discount.json"))
	if err != nil {
		t.Skip(err)
	}
	list, err := DecodeList(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []Effect{
		{CampaignID: 193, RulesetID: 791, RuleIndex: 0, RuleName: "", EffectType: TypeAcceptCoupon,
			Props: &AcceptCoupon{Value: "TEST-1"}, TriggeredByCoupon: Ptr[int64](3749)},
		{CampaignID: 193, RulesetID: 791, RuleIndex: 0, RuleName: "", EffectType: TypeSetDiscountPerItem,
			Props:             &SetDiscountPerItem{Name: "10% off per item#0", Value: num("9.999"), Position: 0, SubPosition: Ptr[Index](0)},
			TriggeredByCoupon: Ptr[int64](3749)},
	}
	if diff := cmp.Diff(want, list, exactNumbers, ignorePointer); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestFullEnvelope checks every optional envelope field of the generated
// sample, and that the rejectCoupon props without their required
// rejectionReason are accepted and not completed on output.
func TestFullEnvelope(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(dataDir, "full-response-shape.json"))
	if err != nil {
		t.Skip(err)
	}
	list, err := DecodeList(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []Effect{{
		CampaignID: 244, RulesetID: 73, RuleIndex: 2, RuleName: "Give 20% discount", EffectType: TypeRejectCoupon,
		Props:                     &RejectCoupon{Passthrough: Passthrough{Missing: []string{"rejectionReason"}}, Value: "string"},
		TriggeredByCoupon:         Ptr[int64](4928),
		TriggeredForCatalogItem:   Ptr[int64](786),
		ConditionIndex:            Ptr[Index](786),
		EvaluationGroupID:         Ptr[int64](3),
		EvaluationGroupMode:       Ptr("stackable"),
		CampaignRevisionID:        Ptr[int64](1),
		CampaignRevisionVersionID: Ptr[int64](5),
		SelectedPriceType:         Ptr("member"),
		SelectedPrice:             Ptr(num("100")),
		AdjustmentReferenceID:     Ptr("68851723-e6fa-488f-ace9-112581e6c19b"),
	}}
	if diff := cmp.Diff(want, list, exactNumbers, ignorePointer); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Once the caller fills the missing field in, it is written.
	list[0].Props.(*RejectCoupon).RejectionReason = ReasonCouponNotFound
	out, err := MarshalProps(list[0].Props)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), `{"value":"string","rejectionReason":"CouponNotFound"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestAliases(t *testing.T) {
	in := `[
	{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"tier","effectType":"updateAttribute","props":{"path":"Profile.Attributes.tier","value":{"level":2,"name":"Gold"}}},
	{"campaignId":1,"rulesetId":2,"ruleIndex":1,"ruleName":"hook","effectType":"triggerWebhook","props":{"webhookId":7.0,"webhookName":"My Webhook"}}
]`
	list, err := DecodeList([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Effect{
		{CampaignID: 1, RulesetID: 2, RuleIndex: 0, RuleName: "tier", EffectType: TypeSet,
			Props: &UpdateAttribute{Path: "Profile.Attributes.tier", Value: json.RawMessage(`{"level":2,"name":"Gold"}`)}},
		{CampaignID: 1, RulesetID: 2, RuleIndex: 1, RuleName: "hook", EffectType: TypeCallAPI,
			Props: &TriggerWebhook{WebhookID: 7, WebhookName: "My Webhook"}},
	}
	if diff := cmp.Diff(want, list, exactNumbers, ignorePointer); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	out, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	wantOut := `[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"tier","effectType":"set","props":{"path":"Profile.Attributes.tier","value":{"level":2,"name":"Gold"}}},` +
		`{"campaignId":1,"rulesetId":2,"ruleIndex":1,"ruleName":"hook","effectType":"callApi","props":{"webhookId":7,"webhookName":"My Webhook"}}]`
	if string(out) != wantOut {
		t.Errorf("EncodeList =\n%s\nwant\n%s", out, wantOut)
	}
	// An alias in a Go-built effect is accepted and written as the wire
	// name.
	e := Effect{CampaignID: 1, RulesetID: 2, RuleName: "x", EffectType: "updateAttribute", Props: &UpdateAttribute{Path: "p", Value: json.RawMessage(`1`)}}
	b, err := e.MarshalJSON()
	if err != nil || !strings.Contains(string(b), `"effectType":"set"`) {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
}

func TestUnknownTypeByteForByte(t *testing.T) {
	effect := `{ "campaignId" : 9,"rulesetId":8, "ruleIndex":0,"ruleName":"future",
	  "effectType": "teleportCart", "props": {"to":  "moon", "speed": 1.50e0}, "newEnvelopeKey": [true] }`
	in := "[" + effect + " ,\n " + `{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"acceptCoupon","props":{"value":"A"}}` + "]"
	list, err := DecodeList([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	e := list[0]
	want := Effect{
		CampaignID: 9, RulesetID: 8, RuleName: "future", EffectType: "teleportCart",
		Props:   &Unknown{Type: "teleportCart", Raw: json.RawMessage(`{"to":  "moon", "speed": 1.50e0}`)},
		Extra:   map[string]json.RawMessage{"newEnvelopeKey": json.RawMessage(`[true]`)},
		Raw:     json.RawMessage(effect),
		Pointer: "/0",
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if e.Type().Known() {
		t.Errorf("teleportCart is Known")
	}
	b, err := e.MarshalJSON()
	if err != nil || string(b) != effect {
		t.Errorf("MarshalJSON =\n%s, %v\nwant\n%s", b, err, effect)
	}
	out, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[" + effect + `,{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"acceptCoupon","props":{"value":"A"}}]`; string(out) != want {
		t.Errorf("EncodeList =\n%s\nwant\n%s", out, want)
	}

	// Without Raw the effect is rebuilt from its fields.
	e.Raw = nil
	e.RuleName = "changed"
	b, err = e.MarshalJSON()
	wantRebuilt := `{"campaignId":9,"rulesetId":8,"ruleIndex":0,"ruleName":"changed","effectType":"teleportCart","props":{"to":  "moon", "speed": 1.50e0},"newEnvelopeKey":[true]}`
	if err != nil || string(b) != wantRebuilt {
		t.Errorf("MarshalJSON without Raw =\n%s, %v\nwant\n%s", b, err, wantRebuilt)
	}
}

// TestUnknownKeysRoundTrip checks that unknown keys of known props and of
// the envelope, and null optional keys, survive a round trip.
func TestUnknownKeysRoundTrip(t *testing.T) {
	in := `{"campaignId":1,"rulesetId":2,"ruleIndex":3,"ruleName":"r","effectType":"setDiscountPerItem",` +
		`"props":{"name":"n#0","value":"2.50","position":0,"subPosition":null,"futureFlag":{"a":[1,2]},"alpha":1},` +
		`"rewardIntegrationId":"rw-1","conditionIndex":null}`
	var e Effect
	if err := json.Unmarshal([]byte(in), &e); err != nil {
		t.Fatal(err)
	}
	want := Effect{
		CampaignID: 1, RulesetID: 2, RuleIndex: 3, RuleName: "r", EffectType: TypeSetDiscountPerItem,
		Props: &SetDiscountPerItem{
			Passthrough: Passthrough{Extra: map[string]json.RawMessage{
				"futureFlag":  json.RawMessage(`{"a":[1,2]}`),
				"alpha":       json.RawMessage(`1`),
				"subPosition": json.RawMessage(`null`),
			}},
			Name: "n#0", Value: num("2.50"), Position: 0,
		},
		Extra: map[string]json.RawMessage{
			"rewardIntegrationId": json.RawMessage(`"rw-1"`),
			"conditionIndex":      json.RawMessage(`null`),
		},
	}
	if diff := cmp.Diff(want, e, exactNumbers); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	out, err := e.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	wantOut := `{"campaignId":1,"rulesetId":2,"ruleIndex":3,"ruleName":"r","effectType":"setDiscountPerItem",` +
		`"props":{"name":"n#0","value":2.50,"position":0,"alpha":1,"futureFlag":{"a":[1,2]},"subPosition":null},` +
		`"conditionIndex":null,"rewardIntegrationId":"rw-1"}`
	if string(out) != wantOut {
		t.Errorf("MarshalJSON =\n%s\nwant\n%s", out, wantOut)
	}

	// A field set in Go wins over the null kept in Extra.
	e.Props.(*SetDiscountPerItem).SubPosition = Ptr[Index](1)
	e.ConditionIndex = Ptr[Index](4)
	out, err = e.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	wantOut = `{"campaignId":1,"rulesetId":2,"ruleIndex":3,"ruleName":"r","effectType":"setDiscountPerItem",` +
		`"props":{"name":"n#0","value":2.50,"position":0,"subPosition":1,"alpha":1,"futureFlag":{"a":[1,2]}},` +
		`"conditionIndex":4,"rewardIntegrationId":"rw-1"}`
	if string(out) != wantOut {
		t.Errorf("MarshalJSON after setting fields =\n%s\nwant\n%s", out, wantOut)
	}
}

func TestNestedAffectedTransactions(t *testing.T) {
	props := `{"programId":5,"subLedgerId":"main","extensionDuration":"5D_U","affectedTransactions":[` +
		`{"transactionUUID":"t-1","previousExpiryDate":"2024-01-01T00:00:00Z","newExpiryDate":"2024-01-06T23:59:59+02:00","note":"x"}]}`
	p, err := UnmarshalProps(TypeExtendLoyaltyPointsExpiryDate, []byte(props))
	if err != nil {
		t.Fatal(err)
	}
	want := &ExtendLoyaltyPointsExpiryDate{
		ProgramID: 5, SubLedgerID: "main", ExtensionDuration: "5D_U",
		AffectedTransactions: []ExpiryDateChange{{
			Passthrough:        Passthrough{Extra: map[string]json.RawMessage{"note": json.RawMessage(`"x"`)}},
			TransactionUUID:    Ptr("t-1"),
			PreviousExpiryDate: Ptr(date(t, "2024-01-01T00:00:00Z")),
			NewExpiryDate:      Ptr(date(t, "2024-01-06T23:59:59+02:00")),
		}},
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	out, err := MarshalProps(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != props {
		t.Errorf("MarshalProps =\n%s\nwant\n%s", out, props)
	}
}

// TestLenientRequired checks that a non-discount type keeps going without
// a required field and does not invent it on output.
func TestLenientRequired(t *testing.T) {
	p, err := UnmarshalProps(TypeAddLoyaltyPoints, []byte(`{"programId":5,"value":10,"name":null}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &AddLoyaltyPoints{
		Passthrough: Passthrough{
			Extra:   map[string]json.RawMessage{"name": json.RawMessage("null")},
			Missing: []string{"name", "subLedgerId", "recipientIntegrationId", "transactionUUID"},
		},
		ProgramID: 5, Value: num("10"),
	}
	if diff := cmp.Diff(want, p, exactNumbers); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	out, err := MarshalProps(p)
	if err != nil || string(out) != `{"programId":5,"value":10,"name":null}` {
		t.Errorf("MarshalProps = %s, %v", out, err)
	}
}

// TestBuildAndEncode builds effects in Go and checks the exact bytes.
func TestBuildAndEncode(t *testing.T) {
	list := []Effect{
		{
			CampaignID: 7, RulesetID: 70, RuleIndex: 1, RuleName: "10% off",
			Props:             &SetDiscount{Name: "10% off", Value: NewNumber(decimal.New(1000, -2)), Scope: Ptr(ScopeSessionTotal)},
			TriggeredByCoupon: Ptr[int64](12),
		},
		{
			CampaignID: 7, RulesetID: 70, RuleIndex: 2, RuleName: "gift",
			Props: &AddFreeItem{SKU: "GIFT-1", Name: "Free mug"},
		},
		{
			CampaignID: 7, RulesetID: 70, RuleIndex: 3, RuleName: "note",
			Props: &ShowNotification{NotificationType: "Info", Title: "<Hi> & \"bye\"", Body: "line\nbreak\u2028"},
		},
		{
			CampaignID: 7, RulesetID: 70, RuleIndex: 4, RuleName: "custom",
			Props: &CustomEffect{EffectID: 3, Name: "banner"},
		},
		{
			CampaignID: 7, RulesetID: 70, RuleIndex: 5, RuleName: "neg",
			Props: &AddNegativeLoyaltyPoints{},
		},
	}
	out, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"campaignId":7,"rulesetId":70,"ruleIndex":1,"ruleName":"10% off","effectType":"setDiscount","props":{"name":"10% off","value":10.00,"scope":"sessionTotal"},"triggeredByCoupon":12},` +
		`{"campaignId":7,"rulesetId":70,"ruleIndex":2,"ruleName":"gift","effectType":"addFreeItem","props":{"sku":"GIFT-1","name":"Free mug"}},` +
		`{"campaignId":7,"rulesetId":70,"ruleIndex":3,"ruleName":"note","effectType":"showNotification","props":{"notificationType":"Info","title":"<Hi> & \"bye\"","body":"line\nbreak\u2028"}},` +
		`{"campaignId":7,"rulesetId":70,"ruleIndex":4,"ruleName":"custom","effectType":"customEffect","props":{"effectId":3,"name":"banner","payload":null}},` +
		`{"campaignId":7,"rulesetId":70,"ruleIndex":5,"ruleName":"neg","effectType":"addNegativeLoyaltyPoints","props":{}}]`
	if string(out) != want {
		t.Errorf("EncodeList =\n%s\nwant\n%s", out, want)
	}
	back, err := DecodeList(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := back[2].Props.(*ShowNotification).Body; got != "line\nbreak\u2028" {
		t.Errorf("body read back as %q", got)
	}
	if empty, err := EncodeList(nil); err != nil || string(empty) != "[]" {
		t.Errorf("EncodeList(nil) = %s, %v", empty, err)
	}
	if l, err := DecodeList([]byte(` [ ] `)); err != nil || l == nil || len(l) != 0 {
		t.Errorf("DecodeList([]) = %#v, %v", l, err)
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		e    Effect
		msg  string
	}{
		{"no props", Effect{RuleName: "x"}, `/0/props: effect has no props`},
		{"typed nil props", Effect{Props: (*SetDiscount)(nil)}, `/0/props: effect has no props`},
		{"type mismatch", Effect{EffectType: TypeSetDiscount, Props: &AcceptCoupon{Value: "A"}}, `/0/effectType: effect type "setDiscount" does not match props of type "acceptCoupon"`},
		{"unknown without type", Effect{Props: &Unknown{Raw: json.RawMessage(`{}`)}}, `/0/effectType: effect has no type`},
		{"negative index", Effect{Props: &SetDiscountPerItem{Name: "n", Position: -1}}, `/0/props/position: index -1 is not between 0 and 2147483647`},
		{"negative envelope index", Effect{RuleIndex: -2, Props: &AcceptCoupon{}}, `/0/ruleIndex: index -2 is not between 0 and 2147483647`},
		{"bad raw value", Effect{Props: &UpdateAttribute{Path: "p", Value: json.RawMessage(`{`)}}, `/0/props/value: raw value is not valid JSON`},
		{"bad extra", Effect{Props: &AcceptCoupon{Passthrough: Passthrough{Extra: map[string]json.RawMessage{"a/b": json.RawMessage(`nope`)}}}}, `/0/props/a~1b: extra member is not valid JSON`},
		{"bad raw effect", Effect{Props: &Unknown{Type: "x"}, Raw: json.RawMessage(`{"a":`)}, `/0: raw effect is not valid JSON`},
		{"huge exponent", Effect{Props: &SetDiscount{Value: NewNumber(decimal.New(1, 5000))}}, `/0/props/value: number exponent 5000 is beyond ±1000`},
		{"year out of range", Effect{Props: &JoinLoyaltyProgram{JoinDate: date(t, "0001-01-01T00:00:00Z").AddDate(-5, 0, 0)}}, `/0/props/joinDate: date-time cannot be written: Time.MarshalJSON: year outside of range [0,9999]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EncodeList([]Effect{tt.e})
			if err == nil {
				t.Fatalf("no error, want %q", tt.msg)
			}
			if err.Error() != tt.msg {
				t.Errorf("error = %q, want %q", err, tt.msg)
			}
			if !errors.Is(err, ErrUnencodable) || errors.Is(err, ErrMalformed) {
				t.Errorf("error kind = %v", asError(t, err).Kind)
			}
		})
	}
	// Through encoding/json the *Error is still reachable.
	_, err := json.Marshal(Effect{})
	if e := asError(t, err); e.Source.Pointer != "/props" {
		t.Errorf("json.Marshal error pointer = %q", e.Source.Pointer)
	}
}

// foreignProps is a Props implementation defined outside the package.
type foreignProps struct {
	Colour string `json:"colour"`
}

func (foreignProps) EffectType() Type { return "paintCart" }

func TestForeignProps(t *testing.T) {
	b, err := Effect{CampaignID: 1, Props: foreignProps{Colour: "red"}}.MarshalJSON()
	want := `{"campaignId":1,"rulesetId":0,"ruleIndex":0,"ruleName":"","effectType":"paintCart","props":{"colour":"red"}}`
	if err != nil || string(b) != want {
		t.Errorf("MarshalJSON = %s, %v; want %s", b, err, want)
	}
}

// TestScannerEdgeCases feeds the member scanner strings holding brackets
// and escaped quotes and odd whitespace.
func TestScannerEdgeCases(t *testing.T) {
	in := "\t[ {\"campaignId\" :1 , \"rulesetId\":2,\"ruleIndex\":0,\"ruleName\":\"a \\\"}]\\\" b\",\r\n" +
		`"effectType":"setDiscount","props":{"name":"second","value":1,"y":{"s":"]}[{\\\""},"x":[]}}` + "\n]\n"
	list, err := DecodeList([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Effect{{
		CampaignID: 1, RulesetID: 2, RuleName: `a "}]" b`, EffectType: TypeSetDiscount,
		Props: &SetDiscount{Passthrough: Passthrough{Extra: map[string]json.RawMessage{"x": json.RawMessage(`[]`), "y": json.RawMessage(`{"s":"]}[{\\\""}`)}}, Name: "second", Value: num("1")},
	}}
	if diff := cmp.Diff(want, list, exactNumbers, ignorePointer); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Escaped keys are unescaped.
	list, err = DecodeList([]byte(`{"eff\u0065cts":[` + eff("acceptCoupon", `{"valu\u0065":"A"}`) + `]}`))
	if err != nil || list[0].Props.(*AcceptCoupon).Value != "A" {
		t.Errorf("escaped keys: %v, %v", list, err)
	}
}

func TestDecodeListSetsPointers(t *testing.T) {
	one := eff("acceptCoupon", `{"value":"A"}`)
	for _, tt := range []struct{ in, want string }{
		{"[" + one + "," + one + "]", "/0 /1"},
		{`{"effects": [` + one + "," + one + "]}", "/effects/0 /effects/1"},
	} {
		list, err := DecodeList([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := list[0].Pointer + " " + list[1].Pointer; got != tt.want {
			t.Errorf("pointers %q, want %q", got, tt.want)
		}
	}
	var e Effect
	if err := e.UnmarshalJSON([]byte(one)); err != nil || e.Pointer != "" {
		t.Errorf("UnmarshalJSON: pointer %q, %v", e.Pointer, err)
	}
}
