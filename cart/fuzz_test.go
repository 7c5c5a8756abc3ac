package cart

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzParseSession checks that any input either parses into a session that
// builds a cart whose receipt adds up, or is refused with a *Error whose
// every problem says what is wrong and where. Never a panic.
func FuzzParseSession(f *testing.F) {
	seeds := []string{
		fullSession,
		`{"customerSession": ` + fullSession + `}`,
		`{}`,
		`{"cartItems": [{"sku": "A", "quantity": 3, "price": "0.10"}], "additionalCosts": {"shipping": {"price": 4.95}}}`,
		`{"cartItems": [{"sku": "GIFT", "quantity": 1, "price": 0, "attributes": {"cartfxFreeItem": true}}]}`,
		`{"couponCodes": [], "state": "closed", "attributes": {"MyAttribute": 1}}`,
		`{"cartItems": [{"sku": "", "quantity": 1.5, "price": 9.999}, {"sku": "B", "quantity": "2", "price": "-1"}]}`,
		`{"cartItems": [{"sku": "A", "quantity": 1, "price": 1e1000000000}]}`,
		`{"cartItems": [{"sku": "A", "quantity": 1, "price": NaN}]}`,
		`{"cartItems": {}, "attributes": [], "additionalCosts": {"x": {}}}`,
		`{"customerSession": "open"}`,
		`[1, 2`,
		``,
	}
	for i, s := range seeds {
		f.Add([]byte(s), i%2 == 0, uint8(i))
	}
	currencies := []Currency{eur, jpy, kwd, MustCurrency("CLF")}
	reg := testRegistry(f)
	f.Fuzz(func(t *testing.T, data []byte, withRegistry bool, currency uint8) {
		opts := ParseOptions{Currency: currencies[int(currency)%len(currencies)]}
		if withRegistry {
			opts.Registry = reg
		}
		s, err := ParseSession(data, opts)
		if err != nil {
			checkParseError(t, s, err)
			return
		}
		c, err := New(s, HalfEven)
		if err != nil {
			t.Fatalf("ParseSession accepted the session but New failed: %v", err)
		}
		checkReceiptAddsUp(t, c.Receipt(), c.Totals())

		// Half the subtotal off everything, then the receipt still adds up.
		all := make([]int32, len(c.Charges()))
		for i := range all {
			all[i] = int32(i)
		}
		before := c.Totals()
		applied := c.Discount(campaign(1, "half"), before.Subtotal/2, all)
		after := c.Totals()
		if applied != before.Subtotal/2 || after.Discount != applied || after.Total != before.Total-applied || after.Total < 0 {
			t.Fatalf("half off %+v applied %d and gave %+v", before, applied, after)
		}
		checkReceiptAddsUp(t, c.Receipt(), after)
		if _, err := json.Marshal(c.Receipt()); err != nil {
			t.Fatalf("receipt JSON: %v", err)
		}
	})
}

func checkParseError(t *testing.T, s *Session, err error) {
	t.Helper()
	if s != nil {
		t.Errorf("ParseSession returned a session and an error")
	}
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrInvalidSession) {
		t.Fatalf("err = %T %v, want a *Error matching ErrInvalidSession", err, err)
	}
	if e.Message == "" || len(e.Errors) == 0 {
		t.Fatalf("error without a message or problems: %#v", e)
	}
	for i, p := range e.Errors {
		if p.Title == "" || p.Details == "" {
			t.Errorf("problem %d has no title or details: %#v", i, p)
		}
		switch {
		case p.Source.Pointer == "":
			if p.Title != "Malformed" {
				t.Errorf("problem %d has no pointer but is not about malformed JSON: %#v", i, p)
			}
		case !strings.HasPrefix(p.Source.Pointer, "/"):
			t.Errorf("problem %d pointer %q does not start with /", i, p.Source.Pointer)
		}
	}
	if _, err := json.Marshal(e); err != nil {
		t.Errorf("error JSON: %v", err)
	}
}
