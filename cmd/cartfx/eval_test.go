package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

var (
	exampleCampaigns = filepath.Join("..", "..", "fixtures", "campaigns", "example.yaml")
	exampleSession   = filepath.Join("..", "..", "fixtures", "sessions", "example.json")
)

func TestEvalExample(t *testing.T) {
	code, out, errOut := runCLI("eval", "--campaigns", exampleCampaigns, "--session", exampleSession, "--now", "2026-11-26T12:00:00Z", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var resp struct {
		Cart struct {
			Subtotal, DiscountTotal, Total json.Number
			Coupons                        []struct {
				Code     string
				Accepted bool
			}
		}
		Effects []struct {
			CampaignID int64  `json:"campaignId"`
			EffectType string `json:"effectType"`
		}
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatal(err)
	}
	// 129.84 before discounts; WELCOME5's 5.00, 10% of the 124.89 of items
	// (12.49), 20% of the sneakers (17.98) and the 4.76 of shipping the
	// coupon left: 40.23.
	if resp.Cart.Subtotal != "129.84" || resp.Cart.DiscountTotal != "40.23" || resp.Cart.Total != "89.61" {
		t.Errorf("totals %s − %s = %s", resp.Cart.Subtotal, resp.Cart.DiscountTotal, resp.Cart.Total)
	}
	if len(resp.Cart.Coupons) != 1 || !resp.Cart.Coupons[0].Accepted {
		t.Errorf("coupons %+v", resp.Cart.Coupons)
	}
	var types []string
	for _, e := range resp.Effects {
		types = append(types, e.EffectType)
	}
	want := "acceptCoupon setDiscount showNotification setDiscount setDiscountPerItem setDiscountPerAdditionalCost addLoyaltyPoints set callApi"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("effect types:\n%s\nwant\n%s", got, want)
	}
}

func TestEvalBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no flags", []string{"eval"}, "cartfx eval: --campaigns and --session are required (run cartfx help eval)\n"},
		{"bad clock", []string{"eval", "--campaigns", exampleCampaigns, "--session", exampleSession, "--now", "tomorrow"},
			"cartfx eval: --now \"tomorrow\": expected an RFC 3339 time such as 2026-11-26T12:00:00Z\n"},
		{"unknown attribute", []string{"eval", "--campaigns", exampleCampaigns, "--session", writeFile(t, "s.json", `{"attributes": {"MyAttribute": 1}}`)},
			"s.json: invalid customer session: /attributes/MyAttribute: The attribute \"MyAttribute\" is not defined on CustomerSession entities.\n"},
		{"bad profile", []string{"eval", "--campaigns", exampleCampaigns, "--session", exampleSession, "--profile", writeFile(t, "p.json", `{"attributes": {"tier": 3}}`)},
			"p.json: invalid customer profile: /attributes/tier: The attribute \"tier\" is of type string: expected a string, got 3.\n"},
		{"a state only a return reaches", []string{"eval", "--campaigns", exampleCampaigns, "--session", writeFile(t, "r.json", `{"state": "partially_returned", "cartItems": []}`)},
			"r.json: invalid state transition: /state: a new session cannot become partially_returned: a new session is open or closed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(tt.args...)
			if code != 2 || out != "" || !strings.HasPrefix(errOut, "cartfx eval: ") || !strings.HasSuffix(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and a stderr ending %q", code, out, errOut, tt.want)
			}
		})
	}
}
