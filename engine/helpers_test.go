package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
)

var testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// shopCampaigns is the campaign file most scenarios use.
const shopCampaigns = `
currency: EUR
attributes:
  profile:
    tier: string
loyaltyPrograms:
  - id: 1
    name: Club
    activation: 14D
    validity: 12M
    returnPolicy: only_pending
groups:
  - name: coupons
    mode: first
  - name: basket
    mode: stackable
campaigns:
  - id: 1
    name: Ten percent over 100
    group: basket
    rules:
      - name: ten percent
        condition: Session.CartItemTotal >= 100
        effects:
          - type: setDiscount
            name: 10% off
            value: Session.CartItemTotal * 10 / 100
            scope: cartItems
  - id: 2
    name: SAVE5
    group: coupons
    features: [coupons]
    coupons:
      codes: [SAVE5]
      usageLimit: 10
    rules:
      - name: five off
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Coupon SAVE5
            value: 5
  - id: 3
    name: Points
    group: basket
    features: [loyalty]
    rules:
      - name: a point per euro
        condition: Session.ProfileId != ""
        effects:
          - type: addLoyaltyPoints
            name: Points
            program: 1
            value: Session.CartItemTotal - Session.CartItemTotal % 1
  - id: 4
    name: Expired
    group: coupons
    state: disabled
    features: [coupons]
    coupons:
      codes: [OLD]
    rules:
      - name: old
        condition: couponValid()
        effects:
          - type: setDiscount
            name: Old
            value: 1
`

func newEngine(t testing.TB, campaigns string, opts ...Option) *Engine {
	t.Helper()
	f, err := rules.Parse("test.yaml", []byte(campaigns))
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]Option{WithClock(func() time.Time { return testNow })}, opts...)
	e, err := New(f, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func update(t testing.TB, e *Engine, id, session string) *Response {
	t.Helper()
	r, err := e.UpdateSession(context.Background(), id, []byte(session), UpdateOptions{})
	if err != nil {
		t.Fatalf("update %s: %v", id, err)
	}
	return r
}

// summary renders effects one per line, compactly, for exact comparison.
func summary(list []effects.Effect) string {
	var b strings.Builder
	for _, e := range list {
		props, err := effects.MarshalProps(e.Props)
		if err != nil {
			props = []byte(err.Error())
		}
		fmt.Fprintf(&b, "%d %s %s\n", e.CampaignID, e.Type(), props)
	}
	return b.String()
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func counter(t testing.TB, s store.Store, k store.CounterKey) int64 {
	t.Helper()
	v, err := s.Counter(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
