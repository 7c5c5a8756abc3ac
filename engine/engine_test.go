package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/cartfx/cartfx/apierror"
	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

const cart120 = `{"profileId": "ann", "couponCodes": ["SAVE5", "NOPE", "OLD"], "cartItems": [
	{"sku": "A", "name": "Boots", "quantity": 1, "price": 80.00},
	{"sku": "B", "name": "Laces", "quantity": 2, "price": 20.00}
]}`

func TestEvaluationOrderVerdictsAndTotals(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	r := update(t, e, "s1", cart120)
	uuid := r.Effects[5].Props.(*effects.AddLoyaltyPoints).TransactionUUID
	want := `0 rejectCoupon {"value":"NOPE","rejectionReason":"CouponNotFound"}
4 rejectCoupon {"value":"OLD","rejectionReason":"CouponPartOfNotRunningCampaign"}
2 acceptCoupon {"value":"SAVE5"}
2 setDiscount {"name":"Coupon SAVE5","value":5.00}
1 setDiscount {"name":"10% off","value":12.00,"scope":"cartItems"}
3 addLoyaltyPoints {"name":"Points","programId":1,"subLedgerId":"","value":120.00,"recipientIntegrationId":"ann","startDate":"2026-12-10T12:00:00Z","expiryDate":"2027-12-10T12:00:00Z","transactionUUID":"` + uuid + `"}
`
	if diff := cmp.Diff(want, summary(r.Effects)); diff != "" {
		t.Errorf("effects (-want +got):\n%s", diff)
	}
	// The snapshot is stable: the same session gives the same effects.
	again := update(t, e, "s1", cart120)
	if diff := cmp.Diff(summary(r.Effects), summary(again.Effects)); diff != "" {
		t.Errorf("a second update differs:\n%s", diff)
	}
	if r.Cart.Total.String() != "103.00" || r.Cart.DiscountTotal.String() != "17.00" {
		t.Errorf("total %s discount %s", r.Cart.Total, r.Cart.DiscountTotal)
	}
	if diff := cmp.Diff([]TriggeredCampaign{{ID: 2, Name: "SAVE5", Group: "coupons"}, {ID: 1, Name: "Ten percent over 100", Group: "basket"}, {ID: 3, Name: "Points", Group: "basket"}}, r.Triggered); diff != "" {
		t.Errorf("triggered (-want +got):\n%s", diff)
	}
}

func TestInvalidTransitionsChangeNothing(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	ctx := context.Background()
	update(t, e, "s1", `{"cartItems": [{"sku": "A", "quantity": 1, "price": 10}]}`)
	before, _ := e.Store().Session(ctx, "s1")
	_, err := e.UpdateSession(ctx, "s1", []byte(`{"state": "partially_returned"}`), UpdateOptions{})
	if !errors.Is(err, ErrInvalidTransition) {
		t.Fatalf("err = %v, want ErrInvalidTransition", err)
	}
	after, _ := e.Store().Session(ctx, "s1")
	if after.Version != before.Version || after.State != cart.StateOpen {
		t.Errorf("the session changed: %+v", after)
	}
	_, err = e.Reopen(ctx, "s1")
	if !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("reopen of an open session: %v", err)
	}
	_, err = e.Return(ctx, "nobody", []ReturnedItem{{Position: 0, Quantity: 1}})
	if !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("return of an unknown session: %v", err)
	}
	_ = store.ErrNotFound
}

// Condition indexes come from chunks: each failure reason keeps its own,
// across chunks, however many campaigns fail.
func TestConditionIndexesStayPut(t *testing.T) {
	ev := &evaluation{}
	var got []*int
	for i := range 100 {
		got = append(got, ev.index(i))
	}
	for i, p := range got {
		if *p != i {
			t.Fatalf("index %d reads %d", i, *p)
		}
	}
}

// A dry run evaluates the session it is given as a new one, and a new
// session is open or closed: a dry run of any other state is refused, as an
// update of a new session in that state is.
func TestDryRunRefusesStatesANewSessionCannotHave(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	ctx := context.Background()
	for _, state := range []string{"partially_returned", "cancelled"} {
		for _, dry := range []bool{true, false} {
			_, err := e.UpdateSession(ctx, "new-"+state, []byte(`{"state": "`+state+`", "cartItems": [{"sku": "A", "quantity": 1, "price": 10}]}`), UpdateOptions{Dry: dry})
			var ee *Error
			if !errors.As(err, &ee) || !errors.Is(err, ErrInvalidTransition) {
				t.Fatalf("%s (dry %v): err = %v, want ErrInvalidTransition", state, dry, err)
			}
			want := []apierror.Item{{Title: "Invalid state transition", Details: "a new session cannot become " + state + ": a new session is open or closed", Source: apierror.Source{Pointer: "/state"}}}
			if diff := cmp.Diff(want, ee.Errors); ee.Status != 400 || diff != "" {
				t.Errorf("%s (dry %v): status %d, problems (-want +got):\n%s", state, dry, ee.Status, diff)
			}
		}
		if got, _ := e.Store().Session(ctx, "new-"+state); got != nil {
			t.Errorf("%s: a session was stored: %+v", state, got)
		}
	}
	for _, state := range []string{"open", "closed"} {
		if _, err := e.UpdateSession(ctx, "dry-"+state, []byte(`{"state": "`+state+`", "cartItems": []}`), UpdateOptions{Dry: true}); err != nil {
			t.Errorf("dry run of a new %s session: %v", state, err)
		}
	}
}
