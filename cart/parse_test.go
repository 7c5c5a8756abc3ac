package cart

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/apierror"
)

// testRegistry defines the attributes that the sessions in these tests use.
func testRegistry(t testing.TB) *Registry {
	t.Helper()
	reg := NewRegistry()
	for _, d := range []struct {
		e    Entity
		name string
		typ  AttributeType
	}{
		{EntitySession, "ShippingCity", TypeString},
		{EntitySession, "Segments", TypeStringList},
		{EntitySession, "BasketScore", TypeNumber},
		{EntitySession, "GiftWrap", TypeBoolean},
		{EntitySession, "DeliveryAt", TypeTime},
		{EntityCartItem, "color", TypeString},
		{EntityCartItem, "sizes", TypeNumberList},
	} {
		if err := reg.Define(d.e, d.name, d.typ); err != nil {
			t.Fatalf("Define(%s, %s): %v", d.e, d.name, err)
		}
	}
	return reg
}

const fullSession = `{
  "profileId": "customer-42",
  "state": "open",
  "couponCodes": ["SUMMER10", "WELCOME"],
  "referralCode": "FRIEND-7",
  "loyaltyCards": ["card-0001"],
  "identifiers": ["device-abc", "10.0.0.1"],
  "attributes": {
    "ShippingCity": "Lyon",
    "Segments": ["new", "vip"],
    "BasketScore": 7.50,
    "GiftWrap": true,
    "DeliveryAt": "2026-12-24T10:00:00Z"
  },
  "additionalCosts": {"shipping": {"price": 4.95}, "handling": {"price": "1.50"}},
  "cartItems": [
    {
      "sku": "SKU-TEE", "name": "T-shirt", "quantity": 2, "price": 19.99,
      "category": "apparel", "weight": 180, "height": 10, "width": 300, "length": 400.5,
      "attributes": {"color": "blue", "sizes": [38, 40.5]},
      "additionalCosts": {"ecoTax": {"price": 0.15}}
    },
    {"sku": "SKU-MUG", "name": "Mug", "quantity": 1, "price": "8.50", "category": "kitchen"}
  ]
}`

func fullSessionWant() *Session {
	return &Session{
		Currency:     eur,
		ProfileID:    "customer-42",
		State:        StateOpen,
		CouponCodes:  []string{"SUMMER10", "WELCOME"},
		ReferralCode: "FRIEND-7",
		LoyaltyCards: []string{"card-0001"},
		Identifiers:  []string{"device-abc", "10.0.0.1"},
		Attributes: map[string]any{
			"ShippingCity": "Lyon",
			"Segments":     []string{"new", "vip"},
			"BasketScore":  decimal.RequireFromString("7.5"),
			"GiftWrap":     true,
			"DeliveryAt":   time.Date(2026, 12, 24, 10, 0, 0, 0, time.UTC),
		},
		// Sorted by name.
		AdditionalCosts: []AdditionalCost{{Name: "handling", Price: 150}, {Name: "shipping", Price: 495}},
		CartItems: []CartItem{
			{
				SKU: "SKU-TEE", Name: "T-shirt", Quantity: 2, Price: 1999, Category: "apparel",
				Weight: decimal.NewFromInt(180), Height: decimal.NewFromInt(10),
				Width: decimal.NewFromInt(300), Length: decimal.RequireFromString("400.5"),
				Attributes:      map[string]any{"color": "blue", "sizes": []decimal.Decimal{decimal.NewFromInt(38), decimal.RequireFromString("40.5")}},
				AdditionalCosts: []AdditionalCost{{Name: "ecoTax", Price: 15}},
			},
			{SKU: "SKU-MUG", Name: "Mug", Quantity: 1, Price: 850, Category: "kitchen"},
		},
		Fields: FieldProfileID | FieldState | FieldCouponCodes | FieldReferralCode | FieldLoyaltyCards |
			FieldIdentifiers | FieldAttributes | FieldAdditionalCosts | FieldCartItems,
	}
}

func TestParseSessionFullSessionWithRegistry(t *testing.T) {
	got, err := ParseSession([]byte(fullSession), ParseOptions{Currency: eur, Registry: testRegistry(t)})
	if err != nil {
		t.Fatalf("ParseSession: %v", err)
	}
	if d := diff(fullSessionWant(), got); d != "" {
		t.Errorf("session (-want +got):\n%s", d)
	}
}

func TestParseSessionWithoutRegistryTakesTheTypeTheJSONShows(t *testing.T) {
	got, err := ParseSession([]byte(fullSession), ParseOptions{Currency: eur})
	if err != nil {
		t.Fatalf("ParseSession: %v", err)
	}
	want := fullSessionWant()
	// Without a registry a time is just a string.
	want.Attributes["DeliveryAt"] = "2026-12-24T10:00:00Z"
	if d := diff(want, got); d != "" {
		t.Errorf("session (-want +got):\n%s", d)
	}
}

func TestParseSessionCustomerSessionWrapper(t *testing.T) {
	wrapped := `{"customerSession": ` + fullSession + `, "responseContent": ["customerSession"]}`
	got, err := ParseSession([]byte(wrapped), ParseOptions{Currency: eur, Registry: testRegistry(t)})
	if err != nil {
		t.Fatalf("ParseSession: %v", err)
	}
	if d := diff(fullSessionWant(), got); d != "" {
		t.Errorf("session (-want +got):\n%s", d)
	}
}

func TestParseSessionWrapperProblemsPointInsideTheWrapper(t *testing.T) {
	_, err := ParseSession([]byte(`{"customerSession": {"cartItems": [{"sku": "A", "quantity": 1, "price": -1}]}}`), ParseOptions{Currency: eur})
	want := &Error{Response: apierror.Response{Message: "invalid customer session", Errors: []apierror.Item{
		{Title: "Invalid", Details: "price -1 is negative: expected 0 or more", Source: apierror.Source{Pointer: "/customerSession/cartItems/0/price"}},
	}}}
	var got *Error
	if !errors.As(err, &got) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if d := diff(want, got); d != "" {
		t.Errorf("error (-want +got):\n%s", d)
	}
}

func TestParseSessionPrices(t *testing.T) {
	tests := []struct {
		name  string
		cur   Currency
		price string // the JSON text of the price
		want  int64
	}{
		{"number with cents", eur, `4.95`, 495},
		{"string with cents", eur, `"4.95"`, 495},
		{"number with a trailing zero", eur, `4.950`, 495},
		{"string with a trailing zero", eur, `"8.50"`, 850},
		{"whole number", eur, `5`, 500},
		{"whole number as a string", eur, `"5"`, 500},
		{"zero", eur, `0`, 0},
		{"exponent", eur, `495e-2`, 495},
		{"upper-case exponent with sign", eur, `4.95E+1`, 4950},
		{"just below the largest unit price", eur, `999999999999.99`, 99999999999999},
		{"JPY has no decimals", jpy, `1500`, 1500},
		{"JPY as a string", jpy, `"1500"`, 1500},
		{"KWD has three decimals", kwd, `1.234`, 1234},
		{"KWD as a string", kwd, `"0.005"`, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := `{"cartItems": [{"sku": "A", "quantity": 1, "price": ` + tt.price + `}]}`
			s, err := ParseSession([]byte(in), ParseOptions{Currency: tt.cur})
			if err != nil {
				t.Fatalf("ParseSession: %v", err)
			}
			if got := s.CartItems[0].Price; got != tt.want {
				t.Errorf("price = %d minor units, want %d", got, tt.want)
			}
		})
	}
}

func TestParseSessionFieldsRecordWhatTheInputCarried(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Field
	}{
		{"empty object", `{}`, 0},
		{"null is absent", `{"profileId": null, "couponCodes": null, "cartItems": null}`, 0},
		{"empty coupon list is present", `{"couponCodes": []}`, FieldCouponCodes},
		{"state and items", `{"state": "closed", "cartItems": []}`, FieldState | FieldCartItems},
		{"attributes and costs", `{"attributes": {}, "additionalCosts": {}}`, FieldAttributes | FieldAdditionalCosts},
		{"codes and cards", `{"referralCode": "R", "loyaltyCards": [], "identifiers": [], "profileId": ""}`,
			FieldReferralCode | FieldLoyaltyCards | FieldIdentifiers | FieldProfileID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSession([]byte(tt.in), ParseOptions{Currency: eur})
			if err != nil {
				t.Fatalf("ParseSession: %v", err)
			}
			if s.Fields != tt.want {
				t.Errorf("Fields = %b, want %b", s.Fields, tt.want)
			}
			for f := FieldProfileID; f <= FieldCartItems; f <<= 1 {
				if s.Has(f) != (tt.want&f != 0) {
					t.Errorf("Has(%b) = %v, want %v", f, s.Has(f), tt.want&f != 0)
				}
			}
		})
	}
}

func TestSessionMergeFollowsPUTSemantics(t *testing.T) {
	stored, err := ParseSession([]byte(fullSession), ParseOptions{Currency: eur, Registry: testRegistry(t)})
	if err != nil {
		t.Fatalf("ParseSession: %v", err)
	}
	tests := []struct {
		name   string
		update string
		want   func(s *Session)
	}{
		{
			name:   "an empty update keeps everything",
			update: `{}`,
			want:   func(s *Session) {},
		},
		{
			name:   "an empty coupon list clears the coupons",
			update: `{"couponCodes": []}`,
			want:   func(s *Session) { s.CouponCodes = []string{} },
		},
		{
			name:   "null keeps the stored value",
			update: `{"couponCodes": null, "cartItems": null}`,
			want:   func(s *Session) {},
		},
		{
			name:   "given fields replace, omitted ones stay",
			update: `{"state": "closed", "referralCode": "", "cartItems": [{"sku": "SKU-CAP", "quantity": 3, "price": 12}]}`,
			want: func(s *Session) {
				s.State = StateClosed
				s.ReferralCode = ""
				s.CartItems = []CartItem{{SKU: "SKU-CAP", Quantity: 3, Price: 1200}}
			},
		},
		{
			name:   "attributes are replaced as a whole",
			update: `{"attributes": {"GiftWrap": false}, "additionalCosts": {}}`,
			want: func(s *Session) {
				s.Attributes = map[string]any{"GiftWrap": false}
				s.AdditionalCosts = []AdditionalCost{}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			update, err := ParseSession([]byte(tt.update), ParseOptions{Currency: eur, Registry: testRegistry(t)})
			if err != nil {
				t.Fatalf("ParseSession(update): %v", err)
			}
			updateBefore := *update
			want := fullSessionWant()
			tt.want(want)
			got := stored.Merge(update)
			if d := diff(want, got); d != "" {
				t.Errorf("merged (-want +got):\n%s", d)
			}
			if d := diff(fullSessionWant(), stored); d != "" {
				t.Errorf("Merge changed the stored session (-want +got):\n%s", d)
			}
			if d := diff(&updateBefore, update); d != "" {
				t.Errorf("Merge changed the update (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseSessionWithoutCurrencyIsAnUsageError(t *testing.T) {
	_, err := ParseSession([]byte(`{}`), ParseOptions{})
	if !errors.Is(err, ErrUnknownCurrency) {
		t.Errorf("err = %v, want ErrUnknownCurrency", err)
	}
	var e *Error
	if errors.As(err, &e) {
		t.Errorf("err is a *Error (%v): a missing currency is the caller's mistake, not bad input", err)
	}
}
