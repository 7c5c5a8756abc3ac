package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/cartfx/cartfx/server"
)

// A server over a campaign file, called as a Talon.One SDK calls it.
func ExampleNew() {
	s, err := server.New(server.Config{
		Campaigns: "testdata/campaigns.yaml",
		APIKeys:   []string{"secret"},
		BasePath:  "/talon",
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(s.Handler()) // or s.Serve(ctx, listener)
	defer ts.Close()

	body := `{"customerSession": {"cartItems": [{"sku": "SH-1", "category": "shoes", "quantity": 1, "price": 50}]}}`
	req, _ := http.NewRequest("PUT", ts.URL+"/talon/v2/customer_sessions/order-1?dry=true", strings.NewReader(body))
	req.Header.Set("Authorization", "ApiKey-v1 secret")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status)
	fmt.Print(string(out))
	// Output:
	// 200 OK
	// {"effects":[{"campaignId":2,"rulesetId":2,"ruleIndex":0,"ruleName":"shoes","effectType":"setDiscountPerItem","props":{"name":"20% off shoes","value":10.00,"position":0,"subPosition":0}}],"createdCoupons":[],"createdReferrals":[]}
}

// Reload swaps in the campaign file again; a file with problems keeps the
// old campaigns serving.
func ExampleServer_Reload() {
	s, err := server.New(server.Config{Campaigns: "testdata/campaigns.yaml", Insecure: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Reload(), len(s.Engine().File().Campaigns))
	// Output: <nil> 5
}
