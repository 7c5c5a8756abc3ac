package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

var couponUsage = store.CounterKey{CampaignID: 2, Action: "couponUsage", Per: "coupon", Subject: "SAVE5"}

func TestCloseCommitsOnceAndCancelRollsBack(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	ctx := context.Background()
	update(t, e, "s1", cart120)
	closed := update(t, e, "s1", `{"state": "closed"}`)
	if closed.CustomerSession.State != cart.StateClosed || counter(t, e.Store(), couponUsage) != 1 {
		t.Fatalf("after close: state %s, coupon used %d times", closed.CustomerSession.State, counter(t, e.Store(), couponUsage))
	}
	if closed.CustomerProfile.ClosedSessions != 1 || closed.CustomerProfile.TotalSales.String() != "120.00" {
		t.Errorf("profile after close: %+v", closed.CustomerProfile)
	}
	// The same close again commits nothing more and answers the same.
	again := update(t, e, "s1", `{"state": "closed"}`)
	if counter(t, e.Store(), couponUsage) != 1 {
		t.Errorf("a repeated close redeemed the coupon again")
	}
	if diff := cmp.Diff(summary(closed.Effects), summary(again.Effects)); diff != "" {
		t.Errorf("a repeated close answers differently:\n%s", diff)
	}
	// Changing a closed session is refused.
	if _, err := e.UpdateSession(ctx, "s1", []byte(`{"couponCodes": []}`), UpdateOptions{}); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("changing a closed session: %v", err)
	}

	cancelled := update(t, e, "s1", `{"state": "cancelled"}`)
	txn := closed.Effects[5].Props.(*effects.AddLoyaltyPoints).TransactionUUID
	// The coupon came first (group "coupons"): 5.00 over 80, 20, 20 by
	// value is 3.33⅓ and 0.83⅓ twice, the odd cent to the heaviest unit;
	// then 10% of 120 over what was left (76.66, 19.17, 19.17).
	want := `2 rollbackDiscount {"name":"Coupon SAVE5","value":3.34,"cartItemPosition":0,"cartItemSubPosition":0,"scope":"sessionTotal"}
1 rollbackDiscount {"name":"10% off","value":8.00,"cartItemPosition":0,"cartItemSubPosition":0,"scope":"cartItems"}
2 rollbackDiscount {"name":"Coupon SAVE5","value":0.83,"cartItemPosition":1,"cartItemSubPosition":0,"scope":"sessionTotal"}
1 rollbackDiscount {"name":"10% off","value":2.00,"cartItemPosition":1,"cartItemSubPosition":0,"scope":"cartItems"}
2 rollbackDiscount {"name":"Coupon SAVE5","value":0.83,"cartItemPosition":1,"cartItemSubPosition":1,"scope":"sessionTotal"}
1 rollbackDiscount {"name":"10% off","value":2.00,"cartItemPosition":1,"cartItemSubPosition":1,"scope":"cartItems"}
2 rollbackCoupon {"value":"SAVE5"}
3 rollbackAddedLoyaltyPoints {"programId":1,"subLedgerId":"","value":120.00,"recipientIntegrationId":"ann","transactionUUID":"` + txn + `"}
`
	if diff := cmp.Diff(want, summary(cancelled.Effects)); diff != "" {
		t.Errorf("rollback effects (-want +got):\n%s", diff)
	}
	if counter(t, e.Store(), couponUsage) != 0 {
		t.Errorf("cancel did not give the coupon back")
	}
	if cancelled.Cart.DiscountTotal.String() != "0.00" || len(cancelled.Cart.Coupons) != 2 || cancelled.Cart.Coupons[0].Accepted || cancelled.Cart.Coupons[1].Accepted {
		t.Errorf("the cancelled cart still carries discounts %s or coupons %v", cancelled.Cart.DiscountTotal, cancelled.Cart.Coupons)
	}
	if cancelled.CustomerProfile.ClosedSessions != 0 || cancelled.CustomerProfile.TotalSales.String() != "0.00" {
		t.Errorf("profile after cancel: %+v", cancelled.CustomerProfile)
	}
	if _, err := e.UpdateSession(ctx, "s1", []byte(`{"state": "open"}`), UpdateOptions{}); !errors.Is(err, ErrInvalidTransition) {
		t.Errorf("reviving a cancelled session: %v", err)
	}
}

func TestPartialReturnRefundsTheLedger(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	ctx := context.Background()
	update(t, e, "s1", cart120)
	update(t, e, "s1", `{"state": "closed"}`)
	r, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 1, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	// The last unit of line 1 is returned: 20.00 less exactly its 0.83 and
	// 2.00 of discounts.
	wantReturn := &ReturnSummary{Items: []ReturnedUnit{{Position: 1, SubPosition: 1, SKU: "B",
		Price: cart.Money{Minor: 2000, Scale: 2}, Discount: cart.Money{Minor: 283, Scale: 2}, Refund: cart.Money{Minor: 1717, Scale: 2}}},
		Refund: cart.Money{Minor: 1717, Scale: 2}}
	if diff := cmp.Diff(wantReturn, r.Return); diff != "" {
		t.Errorf("return (-want +got):\n%s", diff)
	}
	// Points are pending (14 days), so only_pending takes back the share
	// of what was paid that is returned: 120 × 17.17 / 103.00 = 20.0038…
	txn := r.Effects[2].Props.(*effects.RollbackAddedLoyaltyPoints).TransactionUUID
	want := `2 rollbackDiscount {"name":"Coupon SAVE5","value":0.83,"cartItemPosition":1,"cartItemSubPosition":1,"scope":"sessionTotal"}
1 rollbackDiscount {"name":"10% off","value":2.00,"cartItemPosition":1,"cartItemSubPosition":1,"scope":"cartItems"}
3 rollbackAddedLoyaltyPoints {"programId":1,"subLedgerId":"","value":20.00,"recipientIntegrationId":"ann","transactionUUID":"` + txn + `"}
`
	if diff := cmp.Diff(want, summary(r.Effects)); diff != "" {
		t.Errorf("effects (-want +got):\n%s", diff)
	}
	if r.CustomerSession.State != cart.StatePartiallyReturned || r.CustomerSession.CartItems[1].ReturnedQuantity != 1 {
		t.Errorf("session after return: %+v", r.CustomerSession)
	}
	if r.CustomerProfile.TotalSales.String() != "100.00" {
		t.Errorf("total sales after return = %s, want 100.00", r.CustomerProfile.TotalSales)
	}
	// Returning more than is left is refused and changes nothing.
	if _, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 1, Quantity: 2}}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("over-return: %v", err)
	}
	// Cancelling now rolls back only what was not returned.
	c := update(t, e, "s1", `{"state": "cancelled"}`)
	for _, eff := range c.Effects {
		if p, ok := eff.Props.(*effects.RollbackDiscount); ok && *p.CartItemPosition == 1 && *p.CartItemSubPosition == 1 {
			t.Errorf("cancel rolled back a returned unit again: %+v", p)
		}
	}
}

func TestReopenRollsBackThenClosesAgain(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	ctx := context.Background()
	update(t, e, "s1", cart120)
	update(t, e, "s1", `{"state": "closed"}`)
	r, err := e.Reopen(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if r.CustomerSession.State != cart.StateOpen || counter(t, e.Store(), couponUsage) != 0 {
		t.Errorf("after reopen: state %s, coupon used %d", r.CustomerSession.State, counter(t, e.Store(), couponUsage))
	}
	closed := update(t, e, "s1", `{"state": "closed"}`)
	if counter(t, e.Store(), couponUsage) != 1 || closed.Cart.Total.String() != "103.00" {
		t.Errorf("after closing again: coupon used %d, total %s", counter(t, e.Store(), couponUsage), closed.Cart.Total)
	}
}

// 64 sessions close at once with a coupon of usage limit 10: exactly 10
// get it, the others are told CouponLimitReached.
func TestConcurrentClosesNeverPassTheCouponLimit(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	var wg sync.WaitGroup
	results := make([]*Response, 64)
	errs := make([]error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"profileId": "p%d", "state": "closed", "couponCodes": ["SAVE5"], "cartItems": [{"sku": "A", "quantity": 1, "price": 30}]}`, i)
			results[i], errs[i] = e.UpdateSession(context.Background(), fmt.Sprintf("s%d", i), []byte(body), UpdateOptions{})
		}()
	}
	wg.Wait()
	accepted, limited := 0, 0
	for i, r := range results {
		if errs[i] != nil {
			t.Fatalf("session %d: %v", i, errs[i])
		}
		switch v := r.Cart.Coupons[0]; {
		case v.Accepted:
			accepted++
		case v.RejectionReason == string(effects.ReasonCouponLimitReached):
			limited++
		}
	}
	if accepted != 10 || limited != 54 || counter(t, e.Store(), couponUsage) != 10 {
		t.Errorf("accepted %d, limit reached %d, counter %d; want 10, 54, 10", accepted, limited, counter(t, e.Store(), couponUsage))
	}
}

func TestConcurrentUpdatesOfOneSessionConflict(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	s := e.Store().(*store.Memory)
	// Simulate the race: read, then another update commits first.
	rec := &store.Session{ID: "s1", Input: &cart.Session{Currency: cart.MustCurrency("EUR"), State: cart.StateOpen}, State: cart.StateOpen}
	if err := s.Commit(context.Background(), &store.ChangeSet{Session: rec}); err != nil {
		t.Fatal(err)
	}
	err := s.Commit(context.Background(), &store.ChangeSet{Session: rec, ExpectVersion: 0})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second commit at the same version: %v", err)
	}
	var ee *Error
	cerr := conflict("s1", err)
	if !errors.As(cerr, &ee) || ee.Status != 409 || !errors.Is(cerr, ErrConflict) || !errors.Is(cerr, store.ErrConflict) {
		t.Errorf("conflict error %v: status %d", cerr, ee.Status)
	}
}

func TestDryRunStoresNothing(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	ctx := context.Background()
	r, err := e.UpdateSession(ctx, "d1", []byte(`{"state": "closed", "profileId": "zoe", "couponCodes": ["SAVE5"], "cartItems": [{"sku": "A", "quantity": 1, "price": 150}]}`), UpdateOptions{Dry: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Cart.Total.String() != "130.00" {
		t.Errorf("dry total = %s, want 130.00 (150 − 5 − 15)", r.Cart.Total)
	}
	if _, err := e.Store().Session(ctx, "d1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a dry run stored the session: %v", err)
	}
	if _, err := e.Store().Profile(ctx, "zoe"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a dry run stored the profile: %v", err)
	}
	if counter(t, e.Store(), couponUsage) != 0 {
		t.Errorf("a dry run redeemed the coupon")
	}
}

func TestBadSessionIsAnErrorWithPointers(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	_, err := e.UpdateSession(context.Background(), "s1", []byte(`{"attributes": {"MyAttribute": 1}, "cartItems": [{"sku": "", "quantity": 1, "price": 1}]}`), UpdateOptions{})
	var ee *Error
	if !errors.As(err, &ee) || ee.Status != 400 || !errors.Is(err, ErrInvalidInput) || !errors.Is(err, cart.ErrInvalidSession) {
		t.Fatalf("err = %v", err)
	}
	want := `{"message":"invalid customer session","errors":[{"title":"Unknown","details":"The attribute \"MyAttribute\" is not defined on CustomerSession entities.","source":{"pointer":"/attributes/MyAttribute"}},{"title":"Required","details":"a cart item needs a non-empty sku","source":{"pointer":"/cartItems/0/sku"}}]}`
	if got := mustJSON(t, ee); got != want {
		t.Errorf("error JSON:\n%s\nwant\n%s", got, want)
	}
}

// A return marks units by their place in the ledger: with more than a
// thousand units on line 0, returning line 1 returns line 1's unit alone.
func TestReturnOnALargeLine(t *testing.T) {
	e := newEngine(t, "currency: EUR\ncampaigns: []\n")
	ctx := context.Background()
	update(t, e, "s1", `{"state": "closed", "cartItems": [{"sku": "A", "quantity": 1001, "price": 1.00}, {"sku": "B", "quantity": 1, "price": 5.00}]}`)
	r, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 1, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	five := cart.Money{Minor: 500, Scale: 2}
	want := &ReturnSummary{Items: []ReturnedUnit{{Position: 1, SubPosition: 0, SKU: "B", Price: five, Discount: cart.Money{Scale: 2}, Refund: five}}, Refund: five}
	if diff := cmp.Diff(want, r.Return); diff != "" {
		t.Errorf("return (-want +got):\n%s", diff)
	}
}
