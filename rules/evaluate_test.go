package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/expr-lang/expr/file"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/effects"
)

// eval compiles expression as a binding and returns its value.
func eval(t *testing.T, expression string) any {
	t.Helper()
	f := mustParse(t, rule1("        bindings:\n          x: "+quoteYAML(expression)+"\n"))
	r := f.Campaigns[0].Rules[0]
	env := testEnv(t, f, testSession).ForCampaign(f.Campaigns[0], CouponView{Code: "WELCOME5", Valid: true}, ReferralView{})
	rn := testRunner(env)
	v, err := rn.run(r.bindings[0])
	if err != nil {
		t.Fatalf("%s: %v", expression, err)
	}
	return v
}

func quoteYAML(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var decimalComparer = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func TestExpressionSemantics(t *testing.T) {
	tests := []struct {
		expr string
		want any
	}{
		{"0.1 + 0.2 == 0.3", true},
		{"0.1 + 0.2", dec("0.3")},
		{"Session.CartItemTotal", dec("154.95")},
		{"Session.Total", dec("159.90")},
		{"Session.AdditionalCostTotal", dec("4.95")},
		{"Session.Total * 10 / 100", dec("15.99")},
		{"Session.CartItemTotal * 0.1", dec("15.495")},
		{"7 / 2", dec("3.5")},
		{"1 / 3", dec("0.3333333333333333")},
		{"10 % 3", 1},
		{"Session.Total % 1", dec("0.90")},
		{"-0.5 + 1", dec("0.5")},
		{"-Session.Total", dec("-159.90")},
		{"Session.Total > 159", true},
		{"Session.Total == 159.9", true},
		{"2 * Session.Total >= 319.8", true},
		{"Session.ItemCount", 6},
		{"countItems(Session.CartItems)", 6},
		{"len(filter(Session.CartItems, .Category == \"socks\"))", 3},
		{"sumPrice(filter(Session.CartItems, .Category == \"socks\"))", dec("14.97")},
		{"sumOf(Session.CartItems, \"Price\")", dec("154.95")},
		{"map(cheapest(Session.CartItems, 2), .Sku)", []any{"SOCK", "SOCK"}},
		{"map(mostExpensive(Session.CartItems, 3), #.Sku + string(#.SubPosition))", []any{"SHOE0", "SHOE1", "HAT0"}},
		{"map(take(filter(Session.CartItems, .Price > 10), 3), .Position)", []any{0, 0, 2}},
		{"cheapest(Session.CartItems, 1)[0].Price", dec("4.99")},
		{"any(Session.CartItems, .Attributes.color == \"red\")", true},
		{"Session.Attributes.shippingCountry", "DE"},
		{"Profile.Attributes.tier == \"gold\"", true},
		{"Session.AdditionalCosts.shipping", dec("4.95")},
		{"couponValid() && Coupon.Code == \"WELCOME5\"", true},
		{"referralValid()", false},
		{"\"WELCOME5\" in Session.CouponCodes", true},
		{"minOf(Session.Total, 100)", dec("100")},
		{"maxOf(Session.Total, 100)", dec("159.90")},
		{"toInt(7 / 2)", 3},
		{"Now.Year()", 2026},
		{"Campaign.Id", int64(7)},
		{"1.000000000000000000001 > 1", true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			got := eval(t, tt.expr)
			if diff := cmp.Diff(tt.want, got, decimalComparer); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTypedAttributesAtLoad(t *testing.T) {
	_, err := Parse("t.yaml", []byte(testHeader+rule1("        condition: Session.Attributes.shippingCountry == 3\n")))
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 {
		t.Fatalf("got %v", err)
	}
	want := Problem{File: "t.yaml", Line: 21, Col: 55, Campaign: "C", Rule: "r", Message: "condition: invalid operation: == (mismatched types string and int)"}
	if diff := cmp.Diff(want, le.Problems[0], cmpopts.IgnoreFields(Problem{}, "Err")); diff != "" {
		t.Error(diff)
	}
	// expr's error is the cause, with its position in the expression
	// and its snippet.
	var fe *file.Error
	if !errors.As(err, &fe) {
		t.Fatalf("errors.As found no *file.Error in %v", err)
	}
	if fe.Message != "invalid operation: == (mismatched types string and int)" || fe.Line != 1 || fe.Column != 35 || !strings.Contains(fe.Snippet, "shippingCountry == 3") {
		t.Errorf("cause = %+v", fe)
	}
}

// TestEvalErrorCause checks that a run-time error of expr's VM keeps
// expr's *file.Error as the cause of the rule's EvalError.
func TestEvalErrorCause(t *testing.T) {
	f := mustParse(t, rule1("        condition: Session.CartItems[7].Sku == \"x\"\n        effects: []\n"))
	res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
	var ee *EvalError
	var fe *file.Error
	if !errors.As(res.Err, &ee) || !errors.As(res.Err, &fe) {
		t.Fatalf("Err = %#v, want an *EvalError with an expr *file.Error as its cause", res.Err)
	}
	if ee.Part != "condition 1" || ee.Message != fe.Message {
		t.Errorf("EvalError %+v, cause %q", ee, fe.Message)
	}
}

func TestEvaluateEffects(t *testing.T) {
	f := mustParse(t, rule1(`        bindings:
          shoes: filter(Session.CartItems, .Category == "shoes")
        condition:
          - len(shoes) > 0
          - couponValid()
        effects:
          - type: setDiscount
            name: "10% off {{ Session.CartItemTotal }} EUR"
            value: Session.CartItemTotal * 10 / 100
            scope: cartItems
          - type: setDiscountPerItem
            items: shoes
            name: "Shoe {{ Item.Position }}.{{ Item.SubPosition }}"
            value: Item.Price / 3
          - type: addLoyaltyPoints
            name: points
            program: 1
            value: toInt(Session.TotalAfterDiscounts)
          - type: customEffect
            effectId: 9
            name: banner
            payload:
              count: len(shoes)
              total: sumPrice(shoes)
          - type: set
            path: Session.Attributes.giftWrap
            value: "true"
`))
	env := testEnv(t, f, testSession).ForCampaign(f.Campaigns[0], CouponView{Code: "WELCOME5", Valid: true}, ReferralView{})
	res := f.Campaigns[0].Rules[0].Evaluate(env)
	if !res.Triggered || res.Err != nil {
		t.Fatalf("%+v", res)
	}
	scope := effects.ScopeCartItems
	sub0, sub1 := effects.Index(0), effects.Index(1)
	env1 := func(typ effects.Type, p effects.Props) effects.Effect {
		return effects.Effect{CampaignID: 7, RuleIndex: 0, RuleName: "r", EffectType: typ, Props: p}
	}
	third := effects.NewNumber(dec("19.9966666666666667"))
	want := []effects.Effect{
		env1(effects.TypeSetDiscount, &effects.SetDiscount{Name: "10% off 154.95 EUR", Value: effects.NewNumber(dec("15.495")), Scope: &scope}),
		env1(effects.TypeSetDiscountPerItem, &effects.SetDiscountPerItem{Name: "Shoe 0.0", Value: third, Position: 0, SubPosition: &sub0}),
		env1(effects.TypeSetDiscountPerItem, &effects.SetDiscountPerItem{Name: "Shoe 0.1", Value: third, Position: 0, SubPosition: &sub1}),
		env1(effects.TypeAddLoyaltyPoints, &effects.AddLoyaltyPoints{Name: "points", ProgramID: 1, Value: effects.NewNumberFromInt(159)}),
		env1(effects.TypeCustomEffect, &effects.CustomEffect{EffectID: 9, Name: "banner", Payload: json.RawMessage(`{"count":2,"total":119.98}`)}),
		env1(effects.TypeSet, &effects.UpdateAttribute{Path: "Session.Attributes.giftWrap", Value: json.RawMessage(`true`)}),
	}
	if diff := cmp.Diff(want, res.Effects, decimalComparer); diff != "" {
		t.Errorf("effects (-want +got):\n%s", diff)
	}
}

func TestEvaluateFailure(t *testing.T) {
	f := mustParse(t, rule1(`        condition:
          - Session.Total > 0
          - Session.Total > 1000
        effects:
          - type: setDiscount
            name: x
            value: 1
        failureEffects:
          - type: showNotification
            title: Almost
            body: "{{ 1000 - Session.Total }} EUR to go"
`))
	res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession).ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{}))
	want := Result{FailedCondition: 1, Effects: []effects.Effect{{CampaignID: 7, RuleName: "r", EffectType: effects.TypeShowNotification,
		Props: &effects.ShowNotification{NotificationType: "info", Title: "Almost", Body: "840.10 EUR to go"}}}}
	if diff := cmp.Diff(want, res, decimalComparer); diff != "" {
		t.Error(diff)
	}
}

func TestRuntimeErrorsAreFailures(t *testing.T) {
	tests := []struct {
		name, body, part, msg string
	}{
		{"division by zero", "        condition: Session.Total / (Session.ItemCount - 6) > 1\n", "condition 1", "division by zero"},
		{"empty list", "        condition: cheapest(filter(Session.CartItems, .Category == \"none\"), 1)[0].Price > 1\n", "condition 1", "index out of range: 0 (array length is 0)"},
		{"memory budget", "        condition: 'len(map(1..1000000, #)) > 0'\n", "condition 1", "memory budget exceeded"},
		{"effect value", "        effects:\n          - type: setDiscount\n            name: x\n            value: 1 / (Session.ItemCount - 6)\n", "setDiscount value", "division by zero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, rule1(tt.body))
			res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession))
			var ee *EvalError
			if res.Triggered || !errors.As(res.Err, &ee) {
				t.Fatalf("%+v", res)
			}
			if ee.Part != tt.part || !strings.Contains(ee.Message, tt.msg) {
				t.Errorf("got %q %q, want %q %q", ee.Part, ee.Message, tt.part, tt.msg)
			}
		})
	}
}

func TestBounds(t *testing.T) {
	long := "Session.Total > 0" + strings.Repeat(" + 1", 1100)
	_, err := Parse("t.yaml", []byte(testHeader+rule1("        condition: "+long+"\n")))
	if err == nil || !strings.Contains(err.Error(), "bytes long (at most 4096)") {
		t.Errorf("long expression: %v", err)
	}
	deep := "0 < " + strings.Repeat("1+", 1500) + "1"
	_, err = Parse("t.yaml", []byte(testHeader+rule1("        condition: "+deep+"\n")))
	if err == nil || !strings.Contains(err.Error(), "exceeds maximum allowed nodes") {
		t.Errorf("many nodes: %v", err)
	}
}

func TestConcurrentEvaluate(t *testing.T) {
	f := mustParse(t, rule1(`        bindings:
          socks: filter(Session.CartItems, .Category == "socks")
        condition: countItems(socks) >= 2
        effects:
          - type: setDiscountPerItem
            items: cheapest(socks, 1)
            name: free sock
            value: Item.Price
`))
	env := testEnv(t, f, testSession)
	r := f.Campaigns[0].Rules[0]
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 100 {
				res := r.Evaluate(env)
				if !res.Triggered || len(res.Effects) != 1 {
					t.Errorf("%+v", res)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestFailureEffectsOwnBudget: a rule that fails on the step budget
// still gives its failure effects, which count their steps afresh; an
// error in the failure effects drops them and is the result's
// FailureEffectsErr.
func TestFailureEffectsOwnBudget(t *testing.T) {
	const stepsOut = "condition 1: step budget exceeded: more than 1000000 steps (nested loops over the cart?)"
	for _, tc := range []struct {
		body, errs string
		want       []effects.Effect
	}{
		{
			body: `"{{ count(1..10, {true}) }} left"`,
			errs: "<nil>",
			want: []effects.Effect{{CampaignID: 7, RuleName: "r", EffectType: effects.TypeShowNotification,
				Props: &effects.ShowNotification{NotificationType: "info", Title: "Busy", Body: "10 left"}}},
		},
		{
			body: `"{{ all(xs, {all(xs, {true})}) }}"`,
			errs: "showNotification body: " + stepFailure,
		},
	} {
		f := mustParse(t, rule1(`        bindings:
          xs: 1..2000
        condition: all(xs, {all(xs, {true})})
        effects: []
        failureEffects:
          - type: showNotification
            title: Busy
            body: `+tc.body+"\n"))
		res := f.Campaigns[0].Rules[0].Evaluate(testEnv(t, f, testSession).ForCampaign(f.Campaigns[0], CouponView{}, ReferralView{}))
		if res.Err == nil || res.Err.Error() != stepsOut {
			t.Errorf("%s: Err = %v, want %s", tc.body, res.Err, stepsOut)
		}
		if got := fmt.Sprint(res.FailureEffectsErr); got != tc.errs {
			t.Errorf("%s: FailureEffectsErr = %s, want %s", tc.body, got, tc.errs)
		}
		if diff := cmp.Diff(tc.want, res.Effects, decimalComparer); diff != "" {
			t.Errorf("%s: effects (-want +got):\n%s", tc.body, diff)
		}
	}
}
