package talonone_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/talonone"
	"github.com/google/go-cmp/cmp"
)

// serveFile answers every request with a recorded Talon.One answer.
func serveFile(t *testing.T, name string, seen *http.Request) http.HandlerFunc {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if seen != nil {
			*seen = *r.Clone(context.Background())
			body, _ := io.ReadAll(r.Body)
			seen.Header.Set("X-Body", string(body))
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	}
}

// TestRecordedTalonOneAnswers decodes real Talon.One answers and applies
// them; the receipts were worked out by hand from the effects.
func TestRecordedTalonOneAnswers(t *testing.T) {
	ctx := context.Background()
	t.Run("coupon and per-item discount", func(t *testing.T) {
		var seen http.Request
		c := stub(t, serveFile(t, "coupon-per-item-discount.json", &seen))
		s := parse(t, `{"couponCodes": ["TEST-1"], "cartItems": [{"sku": "b37fe29d-0742-4045-aae9-9962af9864ed", "name": "Sneakers", "quantity": 1, "price": 99.99}]}`)
		resp, err := c.Update(ctx, "0ea03793-f8c3-400c-82f4-66345c8c141a", s, engine.UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := seen.Header.Get("Authorization"); got != "ApiKey-v1 "+testKey {
			t.Errorf("Authorization %q", got)
		}
		if seen.URL.Path != "/v2/customer_sessions/0ea03793-f8c3-400c-82f4-66345c8c141a" || seen.URL.RawQuery != "dry=false" || seen.Method != "PUT" {
			t.Errorf("request %s %s?%s", seen.Method, seen.URL.Path, seen.URL.RawQuery)
		}
		wantBody := `{"customerSession":{"couponCodes":["TEST-1"],"cartItems":[{"name":"Sneakers","sku":"b37fe29d-0742-4045-aae9-9962af9864ed","quantity":1,"price":99.99}]},"responseContent":["customerSession","customerProfile","triggeredCampaigns","ruleFailureReasons","loyalty"]}`
		if got := seen.Header.Get("X-Body"); got != wantBody {
			t.Errorf("body\n%s\nwant\n%s", got, wantBody)
		}
		// 9.999 off 99.99, half-even to the cent: 10.00.
		want := `{"currency":"EUR","items":[{"position":0,"sku":"b37fe29d-0742-4045-aae9-9962af9864ed","name":"Sneakers ”Interactive” Hogan beige","quantity":1,"unitPrice":99.99,"discounts":[{"name":"10% off per item#0","campaignId":193,"amount":10.00}],"units":[{"quantity":1,"discounts":[{"name":"10% off per item#0","campaignId":193,"amount":10.00}],"unitTotal":89.99}],"total":89.99,"free":false}],"additionalCosts":[],"coupons":[{"code":"TEST-1","campaignId":193,"accepted":true}],"referral":null,"notifications":[],"loyalty":[],"informational":[],"subtotal":99.99,"discountTotal":10.00,"total":89.99}`
		if d := cmp.Diff(jsonValue(t, json.RawMessage(want)), jsonValue(t, resp.Cart)); d != "" {
			t.Errorf("receipt (-want +got):\n%s", d)
		}
		if len(resp.Effects) != 2 || *resp.Effects[0].TriggeredByCoupon != 3749 || resp.CustomerSession.IntegrationID != "0ea03793-f8c3-400c-82f4-66345c8c141a" {
			t.Errorf("response %+v", resp)
		}
	})
	t.Run("referrals created", func(t *testing.T) {
		c := stub(t, serveFile(t, "referrals-created.json", nil))
		resp, err := c.Update(ctx, "s", parse(t, `{"profileId": "p", "cartItems": [{"sku": "A", "quantity": 1, "price": 10}]}`), engine.UpdateOptions{Dry: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonValue(t, resp.Effects); len(got.([]any)) != 2 {
			t.Errorf("effects %v", got)
		}
		if resp.Cart.Total.String() != "10.00" {
			t.Errorf("total %s; want 10.00 (referral codes change no price)", resp.Cart.Total)
		}
	})
	t.Run("setDiscount from the docs", func(t *testing.T) {
		c := stub(t, serveFile(t, "set-discount-docs.json", nil))
		resp, err := c.Update(ctx, "s", parse(t, `{"cartItems": [{"sku": "A", "quantity": 1, "price": 150}, {"sku": "B", "quantity": 2, "price": 25}]}`), engine.UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// 100 off 200, by price: 75 on A, 12.50 on each B.
		got := []string{resp.Cart.DiscountTotal.String(), resp.Cart.Total.String(), resp.Cart.Items[0].Total.String(), resp.Cart.Items[1].Total.String()}
		if d := cmp.Diff([]string{"100.00", "100.00", "75.00", "25.00"}, got); d != "" {
			t.Errorf("discount, total, line totals (-want +got):\n%s", d)
		}
	})
}

// TestInventory reads Talon.One's CustomerInventory from a stub (the
// route is Talon.One's; cartfx serve is getting it too).
func TestInventory(t *testing.T) {
	var seen http.Request
	body := `{"profile": {"id": 7, "integrationId": "p-1", "attributes": {"tier": "gold"}, "closedSessions": 2, "totalSales": 120.5},
	  "coupons": [{"id": 3, "created": "2026-06-01T12:00:00Z", "campaignId": 5, "value": "GOLD-123456", "usageLimit": 1, "usageCounter": 0, "profileRedemptionCount": 0, "state": "active", "recipientIntegrationId": "p-1"}],
	  "referrals": [{"id": 4, "created": "2026-06-01T12:00:00Z", "campaignId": 6, "code": "REF-1", "advocateProfileIntegrationId": "p-1", "usageLimit": 0, "usageCounter": 1, "referredCustomers": ["p-2"]}],
	  "loyalty": {"programs": {"1": {"id": 1, "title": "Club", "name": "club", "ledger": {"currentBalance": 12, "pendingBalance": 0, "expiredBalance": 0, "spentBalance": 0, "tentativeCurrentBalance": 12}}}}}`
	c := stub(t, func(w http.ResponseWriter, r *http.Request) {
		seen = *r
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	})
	inv, err := c.Inventory(context.Background(), "p-1", talonone.InventoryOptions{Profile: true, Coupons: true, Referrals: true, Loyalty: true})
	if err != nil {
		t.Fatal(err)
	}
	if seen.URL.Path != "/v1/customer_profiles/p-1/inventory" || seen.URL.RawQuery != "profile=true&referrals=true&coupons=true&loyalty=true" {
		t.Errorf("request %s?%s", seen.URL.Path, seen.URL.RawQuery)
	}
	got := []any{inv.Profile.IntegrationID, inv.Profile.TotalSales.String(), inv.Coupons[0].Value, inv.Coupons[0].State,
		inv.Referrals[0].Code, inv.Referrals[0].ReferredCustomers, inv.Loyalty.Programs["1"].Name, inv.Loyalty.Programs["1"].Ledger.CurrentBalance.String()}
	want := []any{"p-1", "120.5", "GOLD-123456", "active", "REF-1", []string{"p-2"}, "club", "12"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
}

// TestUpdateProfile against a cartfx serve, and the same on the engine.
func TestUpdateProfile(t *testing.T) {
	c, eng, _ := newServe(t)
	ctx := context.Background()
	for _, dry := range []bool{true, false} {
		p := &engine.Profile{Attributes: map[string]any{"tier": "silver"}}
		want, err := eng.UpdateProfile(ctx, "p-9", p, dry)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.UpdateProfile(ctx, "p-9", p, dry)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(jsonValue(t, want), jsonValue(t, got)); d != "" {
			t.Errorf("dry %v: profile (-engine +client):\n%s", dry, d)
		}
	}
}
