package effects

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/apierror"
)

// eff builds one effect's JSON with the given type and props.
func eff(typ, props string) string {
	return `{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"` + typ + `","props":` + props + `}`
}

func TestDecodeListErrors(t *testing.T) {
	perItem := func(props string) string { return "[" + eff("setDiscountPerItem", props) + "]" }
	tests := []struct {
		name    string
		in      string
		pointer string
		kind    error
		msg     string
	}{
		{"fractional position", perItem(`{"name":"n","value":1,"position":1.5}`),
			"/0/props/position", ErrValue, `/0/props/position: expected a non-negative integer, got 1.5`},
		{"fractional position in a response", `{"createdCoupons":[],"effects":[` + eff("acceptCoupon", `{"value":"A"}`) + `,` + eff("acceptCoupon", `{"value":"B"}`) + `,` + eff("acceptCoupon", `{"value":"C"}`) + `,` +
			eff("setDiscountPerItem", `{"name":"n","value":1,"position":1.5}`) + `]}`,
			"/effects/3/props/position", ErrValue, `/effects/3/props/position: expected a non-negative integer, got 1.5`},
		{"negative position", perItem(`{"name":"n","value":1,"position":-1}`),
			"/0/props/position", ErrValue, `/0/props/position: expected a non-negative integer, got -1`},
		{"string position", perItem(`{"name":"n","value":1,"position":"3"}`),
			"/0/props/position", ErrType, `/0/props/position: expected a non-negative integer, got "3"`},
		{"fractional subPosition", perItem(`{"name":"n","value":1,"position":0,"subPosition":0.5}`),
			"/0/props/subPosition", ErrValue, `/0/props/subPosition: expected a non-negative integer, got 0.5`},
		{"NaN", perItem(`{"name":"n","value":"NaN","position":0}`),
			"/0/props/value", ErrValue, `/0/props/value: expected a finite number, got "NaN"`},
		{"Infinity", "[" + eff("setDiscount", `{"name":"n","value":"-Infinity"}`) + "]",
			"/0/props/value", ErrValue, `/0/props/value: expected a finite number, got "-Infinity"`},
		{"huge exponent", "[" + eff("setDiscount", `{"name":"n","value":1e1000000000}`) + "]",
			"/0/props/value", ErrValue, `/0/props/value: number 1e1000000000 is out of range: the exponent must be within ±1000`},
		{"string where number expected", "[" + eff("setDiscount", `{"name":"n","value":"ten"}`) + "]",
			"/0/props/value", ErrType, `/0/props/value: expected a number, got "ten"`},
		{"bool where number expected", "[" + eff("addLoyaltyPoints", `{"value":true}`) + "]",
			"/0/props/value", ErrType, `/0/props/value: expected a number, got true`},
		{"number where string expected", "[" + eff("setDiscount", `{"name":12,"value":1}`) + "]",
			"/0/props/name", ErrType, `/0/props/name: expected a string, got 12`},
		{"missing name", "[" + eff("setDiscount", `{"value":1}`) + "]",
			"/0/props/name", ErrMissing, `/0/props/name: missing required field "name"`},
		{"missing value", "[" + eff("setDiscount", `{"name":"n"}`) + "]",
			"/0/props/value", ErrMissing, `/0/props/value: missing required field "value"`},
		{"missing position", perItem(`{"name":"n","value":1}`),
			"/0/props/position", ErrMissing, `/0/props/position: missing required field "position"`},
		{"missing additionalCost", "[" + eff("setDiscountPerAdditionalCost", `{"name":"n","additionalCostId":1,"value":1}`) + "]",
			"/0/props/additionalCost", ErrMissing, `/0/props/additionalCost: missing required field "additionalCost"`},
		{"null name", "[" + eff("setDiscount", `{"name":null,"value":1}`) + "]",
			"/0/props/name", ErrType, `/0/props/name: expected a string, got null`},
		{"missing campaignId", `[{"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"acceptCoupon","props":{"value":"A"}}]`,
			"/0/campaignId", ErrMissing, `/0/campaignId: missing required field "campaignId"`},
		{"missing ruleName", `{"effects":[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"effectType":"acceptCoupon","props":{}}]}`,
			"/effects/0/ruleName", ErrMissing, `/effects/0/ruleName: missing required field "ruleName"`},
		{"missing effectType", `[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","props":{}}]`,
			"/0/effectType", ErrMissing, `/0/effectType: missing required field "effectType"`},
		{"missing props", `[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"fooBar"}]`,
			"/0/props", ErrMissing, `/0/props: missing required field "props"`},
		{"campaignId as string", `[{"campaignId":"1","rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"acceptCoupon","props":{}}]`,
			"/0/campaignId", ErrType, `/0/campaignId: expected an integer, got "1"`},
		{"fractional campaignId", `[{"campaignId":1.25,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"acceptCoupon","props":{}}]`,
			"/0/campaignId", ErrValue, `/0/campaignId: expected an integer, got 1.25`},
		{"negative ruleIndex", `[{"campaignId":1,"rulesetId":2,"ruleIndex":-1,"ruleName":"r","effectType":"acceptCoupon","props":{}}]`,
			"/0/ruleIndex", ErrValue, `/0/ruleIndex: expected a non-negative integer, got -1`},
		{"effectType as number", `[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":5,"props":{}}]`,
			"/0/effectType", ErrType, `/0/effectType: expected a string, got 5`},
		{"empty effectType", `[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"","props":{}}]`,
			"/0/effectType", ErrValue, `/0/effectType: expected an effect type, got ""`},
		{"selectedPrice as NaN", `[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"acceptCoupon","props":{},"selectedPrice":"nan"}]`,
			"/0/selectedPrice", ErrValue, `/0/selectedPrice: expected a finite number, got "nan"`},
		{"props not an object", "[" + eff("setDiscount", `[]`) + "]",
			"/0/props", ErrType, `/0/props: expected an object, got an array`},
		{"props null", "[" + eff("acceptCoupon", `null`) + "]",
			"/0/props", ErrType, `/0/props: expected an object, got null`},
		{"effect not an object", `[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"acceptCoupon","props":{}}, 1]`,
			"/1", ErrType, `/1: expected an object, got 1`},
		{"bad date", "[" + eff("changeLoyaltyTierLevel", `{"expiryDate":"tomorrow"}`) + "]",
			"/0/props/expiryDate", ErrValue, `/0/props/expiryDate: expected an RFC 3339 date-time, got "tomorrow"`},
		{"date as number", "[" + eff("joinLoyaltyProgram", `{"joinDate":20240101}`) + "]",
			"/0/props/joinDate", ErrType, `/0/props/joinDate: expected an RFC 3339 date-time string, got 20240101`},
		{"bool as string", "[" + eff("reserveCoupon", `{"isNewReservation":"yes"}`) + "]",
			"/0/props/isNewReservation", ErrType, `/0/props/isNewReservation: expected true or false, got "yes"`},
		{"nested date", "[" + eff("setLoyaltyPointsExpiryDate", `{"newExpiryDate":"2024-07-24T14:15:22Z","affectedTransactions":[{},{"newExpiryDate":"2024-02-30T00:00:00Z"}]}`) + "]",
			"/0/props/affectedTransactions/1/newExpiryDate", ErrValue, `/0/props/affectedTransactions/1/newExpiryDate: expected an RFC 3339 date-time, got "2024-02-30T00:00:00Z"`},
		{"array element", "[" + eff("showBundleMetadata", `{"itemsIndices":[0,1.5]}`) + "]",
			"/0/props/itemsIndices/1", ErrValue, `/0/props/itemsIndices/1: expected a non-negative integer, got 1.5`},
		{"array expected", "[" + eff("showBundleMetadata", `{"bundleAttributes":"category"}`) + "]",
			"/0/props/bundleAttributes", ErrType, `/0/props/bundleAttributes: expected an array, got "category"`},
		{"long value shortened", "[" + eff("setDiscount", `{"name":"n","value":"`+strings.Repeat("x", 60)+`"}`) + "]",
			"/0/props/value", ErrType, `/0/props/value: expected a number, got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…`},
		{"malformed JSON", `[{"campaignId":1,}]`,
			"", ErrSyntax, `malformed JSON: line 1, column 18 (in /0): invalid character '}' looking for beginning of object key string`},
		{"truncated JSON", `{"effects":[`,
			"", ErrSyntax, `malformed JSON: line 1, column 13 (in /effects/0): unexpected end of JSON input`},
		{"empty input", ``,
			"", ErrSyntax, `malformed JSON: the input is empty`},
		{"trailing garbage", `[] []`,
			"", ErrSyntax, `malformed JSON: line 1, column 4: invalid character '[' after top-level value`},
		{"not a list", `"effects"`,
			"", ErrType, `expected an array of effects or an object with an "effects" array, got "effects"`},
		{"response without effects", `{"createdCoupons":[]}`,
			"/effects", ErrMissing, `/effects: missing required field "effects"`},
		{"effects not an array", `{"effects":{"0":{}}}`,
			"/effects", ErrType, `/effects: expected an array of effects, got an object`},
		{"effects null", `{"effects":null}`,
			"/effects", ErrType, `/effects: expected an array of effects, got null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := DecodeList([]byte(tt.in))
			if err == nil {
				t.Fatalf("no error (got %d effects), want %q", len(list), tt.msg)
			}
			if list != nil {
				t.Errorf("got a list with the error")
			}
			e := asError(t, err)
			if e.Error() != tt.msg {
				t.Errorf("Error() = %q\nwant      %q", e.Error(), tt.msg)
			}
			if e.Source.Pointer != tt.pointer {
				t.Errorf("Pointer = %q, want %q", e.Source.Pointer, tt.pointer)
			}
			if e.Kind != tt.kind || !errors.Is(err, tt.kind) || !errors.Is(err, ErrMalformed) {
				t.Errorf("Kind = %v, want %v (and ErrMalformed)", e.Kind, tt.kind)
			}
			if e.Title != titles[tt.kind] || e.Title == "" {
				t.Errorf("Title = %q", e.Title)
			}
		})
	}
}

func TestUnmarshalErrorsRelativeToEffect(t *testing.T) {
	var e Effect
	err := json.Unmarshal([]byte(eff("setDiscountPerItem", `{"name":"n","value":1,"position":2.5}`)), &e)
	if err == nil || err.Error() != `/props/position: expected a non-negative integer, got 2.5` {
		t.Errorf("Unmarshal error = %v", err)
	}
	var list []Effect
	err = json.Unmarshal([]byte("["+eff("setDiscount", `{"value":1}`)+"]"), &list)
	if !errors.Is(err, ErrMissing) {
		t.Errorf("Unmarshal of a list error = %v, want ErrMissing", err)
	}
	_, err = UnmarshalProps(TypeSetDiscountPerItem, []byte(`{"name":"n","value":1,"position":-3}`))
	if err == nil || err.Error() != `/position: expected a non-negative integer, got -3` {
		t.Errorf("UnmarshalProps error = %v", err)
	}
	_, err = UnmarshalProps(TypeAddNegativeLoyaltyPoints, []byte(`{"a":`))
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("UnmarshalProps of bad raw props error = %v, want ErrSyntax", err)
	}
	p, err := UnmarshalProps("triggerWebhook", []byte(`{"webhookId":1,"webhookName":"w"}`))
	if _, ok := p.(*TriggerWebhook); !ok || err != nil {
		t.Errorf("UnmarshalProps(triggerWebhook) = %T, %v", p, err)
	}
	p, err = UnmarshalProps("later", []byte(` [1] `))
	if u, ok := p.(*Unknown); !ok || err != nil || string(u.Raw) != "[1]" || u.Type != "later" {
		t.Errorf("UnmarshalProps(later) = %#v, %v", p, err)
	}
}

func TestErrorFormatting(t *testing.T) {
	e := &Error{Item: apierror.Item{Title: "Invalid value", Details: "expected a non-negative integer, got 1.5",
		Source: apierror.Source{Pointer: "/effects/3/props/position"}}, Kind: ErrValue}
	if got := e.Error(); got != "/effects/3/props/position: expected a non-negative integer, got 1.5" {
		t.Errorf("Error() = %q", got)
	}
	// An *Error is a Talon.One error item, in JSON too (its Kind is not).
	b, err := json.Marshal(e)
	if want := `{"title":"Invalid value","details":"expected a non-negative integer, got 1.5","source":{"pointer":"/effects/3/props/position"}}`; err != nil || string(b) != want {
		t.Errorf("json.Marshal = %s, %v; want %s", b, err, want)
	}
	e.Source.Pointer = ""
	if got := e.Error(); got != "expected a non-negative integer, got 1.5" {
		t.Errorf("Error() without pointer = %q", got)
	}
	if errors.Is(e, ErrType) || !errors.Is(e, ErrValue) || !errors.Is(e, ErrMalformed) {
		t.Errorf("errors.Is mismatch")
	}
}
