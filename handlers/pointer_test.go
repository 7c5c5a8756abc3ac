package handlers

import (
	"testing"

	"github.com/cartfx/cartfx/effects"
)

// TestApplyPointsIntoTheDocumentGiven: an effect decoded from a bare array
// is /N, one from a response object /effects/N.
func TestApplyPointsIntoTheDocumentGiven(t *testing.T) {
	bad := `{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"setDiscountPerItem","props":{"name":"x","value":1,"position":7,"subPosition":0}}`
	for _, tt := range []struct{ in, want string }{
		{"[" + bad + "]", "/0/props/position (setDiscountPerItem): not found in cart: position 7 (the cart has 3 lines)"},
		{`{"effects": [` + bad + "]}", "/effects/0/props/position (setDiscountPerItem): not found in cart: position 7 (the cart has 3 lines)"},
	} {
		list, err := effects.DecodeList([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = New().Apply(newCart(t, "EUR", threeLines), list)
		if err == nil || err.Error() != tt.want {
			t.Errorf("error = %v\nwant    %s", err, tt.want)
		}
	}
}
