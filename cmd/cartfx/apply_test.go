package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

const applySession = `{"cartItems": [
	{"sku": "SHOE", "name": "Sneakers", "quantity": 2, "price": 49.99},
	{"sku": "SOCK", "name": "Socks", "quantity": 1, "price": "4.50"}
], "additionalCosts": {"shipping": {"price": 4.95}}, "couponCodes": ["SAVE10"]}`

const applyResponse = `{"effects": [
	{"campaignId": 1, "rulesetId": 2, "ruleIndex": 0, "ruleName": "coupon", "effectType": "acceptCoupon", "props": {"value": "SAVE10"}},
	{"campaignId": 1, "rulesetId": 2, "ruleIndex": 0, "ruleName": "coupon", "effectType": "setDiscount", "props": {"name": "10% off", "value": 10.448, "scope": "cartItems"}},
	{"campaignId": 4, "rulesetId": 5, "ruleIndex": 0, "ruleName": "ship", "effectType": "setDiscountPerAdditionalCost", "props": {"name": "Free shipping", "additionalCostId": 1, "additionalCost": "shipping", "value": 4.95}},
	{"campaignId": 6, "rulesetId": 7, "ruleIndex": 0, "ruleName": "gift", "effectType": "addFreeItem", "props": {"sku": "PEN", "name": "Free pen"}},
	{"campaignId": 8, "rulesetId": 9, "ruleIndex": 0, "ruleName": "hello", "effectType": "showNotification", "props": {"notificationType": "Info", "title": "Thanks", "body": "Enjoy"}},
	{"campaignId": 10, "rulesetId": 11, "ruleIndex": 0, "ruleName": "points", "effectType": "addLoyaltyPoints", "props": {"name": "points", "programId": 3, "subLedgerId": "", "value": 104, "recipientIntegrationId": "p1", "transactionUUID": "t"}}
]}`

func TestApplyText(t *testing.T) {
	code, out, errOut := runCLI("apply", "--session", writeFile(t, "s.json", applySession), "--effects", writeFile(t, "e.json", applyResponse), "--currency", "EUR")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	want := `Receipt (EUR)

 QTY  SKU            NAME                                      UNIT PRICE       TOTAL
   2  SHOE           Sneakers                                       49.99       89.98
                     - 10% off (#1)                                            -10.00
   1  SOCK           Socks                                           4.50        4.05
                     - 10% off (#1)                                             -0.45
   1  PEN            Free pen (free item)                            0.00        0.00

Additional costs
                     shipping                                        4.95        0.00
                     - Free shipping (#4)                                       -4.95

Coupons
  SAVE10               accepted

Notifications
  [Info] Thanks: Enjoy

Loyalty points (tentative until the session closes)
  program 3: +104

Subtotal                                                                      109.43
Discounts                                                                     -15.40
Total                                                                          94.03
`
	if out != want {
		t.Errorf("receipt:\n%s\nwant:\n%s", out, want)
	}
}

func TestApplyJSONAcceptsABareEffectsArray(t *testing.T) {
	effects := `[{"campaignId": 1, "rulesetId": 2, "ruleIndex": 0, "ruleName": "", "effectType": "setDiscountPerItem", "props": {"name": "10% off per item#0", "value": 9.999, "position": 0, "subPosition": 0}}]`
	code, out, errOut := runCLI("apply", "--json", "--currency", "EUR", "--session", writeFile(t, "s.json", `{"cartItems": [{"sku": "X", "name": "Shoe", "quantity": 1, "price": 99.99}]}`), "--effects", writeFile(t, "e.json", effects))
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{`"unitPrice": 99.99`, `"amount": 10.00`, `"total": 89.99`, `"discountTotal": 10.00`, `"currency": "EUR"`, `"free": false`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON receipt lacks %s:\n%s", want, out)
		}
	}
}

func TestApplyBadInput(t *testing.T) {
	good := writeFile(t, "s.json", applySession)
	effects := writeFile(t, "e.json", applyResponse)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing flags", []string{"apply"}, "cartfx apply: --session and --effects are required (run cartfx help apply)\n"},
		{"unknown currency", []string{"apply", "--session", good, "--effects", effects, "--currency", "EURO"}, "cartfx apply: --currency: unknown currency: \"EURO\" is not an ISO 4217 code (expected three upper-case letters such as EUR)\n"},
		{"bad session", []string{"apply", "--session", writeFile(t, "bad.json", `{"cartItems": [{"sku": "", "quantity": 0, "price": -1}]}`), "--effects", effects},
			"bad.json: invalid customer session: /cartItems/0/sku: a cart item needs a non-empty sku; /cartItems/0/quantity: expected a whole number of 1 or more, got 0; /cartItems/0/price: price -1 is negative: expected 0 or more\n"},
		{"position out of range", []string{"apply", "--session", good, "--effects", writeFile(t, "e2.json", `[{"campaignId": 1, "rulesetId": 2, "ruleIndex": 0, "ruleName": "", "effectType": "setDiscountPerItem", "props": {"name": "x", "value": 1, "position": 9, "subPosition": 0}}]`)},
			"e2.json: /0/props/position (setDiscountPerItem): not found in cart: position 9 (the cart has 2 lines)\n"},
		{"malformed effects", []string{"apply", "--session", good, "--effects", writeFile(t, "e3.json", `[{`)}, "e3.json: malformed JSON: line 1, column 3 (in /0): unexpected end of JSON input\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(tt.args...)
			if code != 2 || out != "" {
				t.Errorf("exit %d, stdout %q; want exit 2 and nothing on stdout", code, out)
			}
			if strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errOut)
			}
			if !strings.HasPrefix(errOut, "cartfx apply: ") || !strings.HasSuffix(errOut, tt.want) {
				t.Errorf("stderr = %q\nwant it to end in %q", errOut, tt.want)
			}
		})
	}
}

func TestColourOnlyWrapsWholeLines(t *testing.T) {
	code, plain, _ := runCLI("apply", "--session", writeFile(t, "s.json", applySession), "--effects", writeFile(t, "e.json", applyResponse), "--currency", "EUR")
	if code != 0 || strings.Contains(plain, "\x1b[") {
		t.Fatalf("output to a buffer is coloured (exit %d)", code)
	}
	var out bytes.Buffer
	sess := writeFile(t, "s2.json", applySession)
	eff := writeFile(t, "e2.json", applyResponse)
	if err := runApplyWith([]string{"--session", sess, "--effects", eff, "--currency", "EUR"}, &out, palette{on: true}); err != nil {
		t.Fatal(err)
	}
	coloured := out.String()
	if !strings.Contains(coloured, "\x1b[32m                     - 10% off (#1)") {
		t.Errorf("discounts are not green:\n%q", coloured)
	}
	stripped := regexp.MustCompile("\x1b\\[[0-9]+m").ReplaceAllString(coloured, "")
	if stripped != plain {
		t.Errorf("without its colour codes the coloured receipt differs:\n%s\nplain:\n%s", stripped, plain)
	}
}
