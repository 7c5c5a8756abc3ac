package cart

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/apierror"
)

// lines returns the JSON of n cart items of the given quantity.
func lines(n, quantity int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"sku": "SKU-%d", "quantity": %d, "price": 1}`, i, quantity)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// oneItem is a session with one cart item whose fields are given as JSON.
func oneItem(fields string) string {
	return `{"cartItems": [{` + fields + `}]}`
}

func problem(pointer, title, details string) apierror.Item {
	return apierror.Item{Title: title, Details: details, Source: apierror.Source{Pointer: pointer}}
}

func TestParseSessionRefusesInvalidInput(t *testing.T) {
	code101 := strings.Repeat("C", 101)
	tests := []struct {
		name string
		in   string
		cur  Currency // EUR when zero
		want []apierror.Item
	}{
		{
			name: "malformed JSON",
			in:   "{\"cartItems\": [\n",
			want: []apierror.Item{problem("", "Malformed", "the body is not valid JSON: line 2, column 1 (in /cartItems/0): unexpected end of JSON input")},
		},
		{
			name: "a JSON array is not a session",
			in:   `[]`,
			want: []apierror.Item{problem("", "Malformed", "the body is not a JSON object: expected '{'")},
		},
		{
			name: "an empty body",
			in:   " \n",
			want: []apierror.Item{problem("", "Malformed", "the body is empty: expected a JSON object")},
		},
		{
			name: "a wrapper that holds no object",
			in:   `{"customerSession": "open"}`,
			want: []apierror.Item{problem("/customerSession", "Malformed", "expected a JSON object: expected '{'")},
		},
		{
			name: "empty sku",
			in:   oneItem(`"sku": "", "quantity": 1, "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/sku", "Required", "a cart item needs a non-empty sku")},
		},
		{
			name: "missing sku",
			in:   oneItem(`"quantity": 1, "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/sku", "Required", "a cart item needs a non-empty sku")},
		},
		{
			name: "sku that is not a string",
			in:   oneItem(`"sku": 12, "quantity": 1, "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/sku", "Invalid", "expected a string, got 12")},
		},
		{
			name: "quantity 0",
			in:   oneItem(`"sku": "A", "quantity": 0, "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/quantity", "Invalid", "expected a whole number of 1 or more, got 0")},
		},
		{
			name: "quantity 1.5",
			in:   oneItem(`"sku": "A", "quantity": 1.5, "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/quantity", "Invalid", "expected a whole number of 1 or more, got 1.5")},
		},
		{
			name: "quantity as a string",
			in:   oneItem(`"sku": "A", "quantity": "2", "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/quantity", "Invalid", `expected a whole number of 1 or more, got "2"`)},
		},
		{
			name: "negative quantity",
			in:   oneItem(`"sku": "A", "quantity": -1, "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/quantity", "Invalid", "expected a whole number of 1 or more, got -1")},
		},
		{
			name: "missing quantity",
			in:   oneItem(`"sku": "A", "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/quantity", "Required", "a cart item needs a quantity of 1 or more")},
		},
		{
			name: "quantity above the unit limit",
			in:   oneItem(`"sku": "A", "quantity": 10001, "price": 1`),
			want: []apierror.Item{problem("/cartItems/0/quantity", "Invalid", "quantity 10001: at most 10000 units are allowed")},
		},
		{
			name: "missing price",
			in:   oneItem(`"sku": "A", "quantity": 1`),
			want: []apierror.Item{problem("/cartItems/0/price", "Required", "a cart item needs a price (cartfx has no catalog to look it up)")},
		},
		{
			name: "negative price",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": -0.01`),
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", "price -0.01 is negative: expected 0 or more")},
		},
		{
			name: "price 9.999 in EUR has too many decimals",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 9.999`),
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", "price 9.999 has more decimals than EUR allows: expected at most 2")},
		},
		{
			name: "price 1.5 in JPY has too many decimals",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 1.5`),
			cur:  jpy,
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", "price 1.5 has more decimals than JPY allows: expected at most 0")},
		},
		{
			name: "NaN as a string",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": "NaN"`),
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", `expected a price such as 4.95: "NaN" is not a decimal number (expected digits)`)},
		},
		{
			name: "NaN as a bare token is not JSON",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": NaN`),
			want: []apierror.Item{problem("", "Malformed", "the body is not valid JSON: line 1, column 53 (in /cartItems/0/price): invalid character 'N' looking for beginning of value")},
		},
		{
			name: "Infinity as a string",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": "Infinity"`),
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", `expected a price such as 4.95: "Infinity" is not a decimal number (expected digits)`)},
		},
		{
			name: "a huge exponent is refused before any arithmetic",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 1e1000000000`),
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", `expected a price such as 4.95: "1e1000000000" is not a decimal number (exponent beyond ±400)`)},
		},
		{
			name: "a huge negative exponent is refused too",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": "1e-1000000000"`),
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", `expected a price such as 4.95: "1e-1000000000" is not a decimal number (exponent beyond ±400)`)},
		},
		{
			name: "a price above the largest unit price",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 1000000000000.01`),
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", "price 1000000000000.01 is too large: at most 1000000000000 EUR")},
		},
		{
			name: "a price that is not a number",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": true`),
			want: []apierror.Item{problem("/cartItems/0/price", "Invalid", `expected a price such as 4.95: "true" is not a decimal number (expected digits)`)},
		},
		{
			name: "more than 1000 lines",
			in:   `{"cartItems": ` + lines(1001, 1) + `}`,
			want: []apierror.Item{problem("/cartItems", "Too many", "1001 cart items: at most 1000 are allowed")},
		},
		{
			name: "more than 10000 units",
			in:   `{"cartItems": [{"sku": "A", "quantity": 5000, "price": 1}, {"sku": "B", "quantity": 5001, "price": 1}]}`,
			want: []apierror.Item{problem("/cartItems", "Too many", "10001 units in all: the quantities may add up to at most 10000")},
		},
		{
			name: "cart items that are not a list",
			in:   `{"cartItems": {}}`,
			want: []apierror.Item{problem("/cartItems", "Invalid", "expected a list of cart items, got {}")},
		},
		{
			name: "a cart item that is not an object",
			in:   `{"cartItems": [{"sku": "A", "quantity": 1, "price": 1}, "B"]}`,
			want: []apierror.Item{problem("/cartItems/1", "Invalid", `expected a cart item object, got "B"`)},
		},
		{
			name: "coupon code of 101 characters",
			in:   `{"couponCodes": ["OK", "` + code101 + `"]}`,
			want: []apierror.Item{problem("/couponCodes/1", "Too long", "101 characters: at most 100 are allowed")},
		},
		{
			name: "referral code of 101 characters",
			in:   `{"referralCode": "` + code101 + `"}`,
			want: []apierror.Item{problem("/referralCode", "Too long", "101 characters: at most 100 are allowed")},
		},
		{
			name: "coupon codes that are not a list",
			in:   `{"couponCodes": "SUMMER10"}`,
			want: []apierror.Item{problem("/couponCodes", "Invalid", `expected a list of strings, got "SUMMER10"`)},
		},
		{
			name: "more than one loyalty card",
			in:   `{"loyaltyCards": ["a", "b"]}`,
			want: []apierror.Item{problem("/loyaltyCards", "Too many", "2 items: at most 1 are allowed")},
		},
		{
			name: "more than five identifiers",
			in:   `{"identifiers": ["1", "2", "3", "4", "5", "6"]}`,
			want: []apierror.Item{problem("/identifiers", "Too many", "6 items: at most 5 are allowed")},
		},
		{
			name: "profile id that is not a string",
			in:   `{"profileId": 42}`,
			want: []apierror.Item{problem("/profileId", "Invalid", "expected a string, got 42")},
		},
		{
			name: "unknown state",
			in:   `{"state": "pending"}`,
			want: []apierror.Item{problem("/state", "Invalid", `unknown state "pending": expected open, closed, cancelled or partially_returned`)},
		},
		{
			// An empty state would pass, and Merge would then wipe the
			// stored state to "", which is no state at all.
			name: "empty state",
			in:   `{"state": ""}`,
			want: []apierror.Item{problem("/state", "Invalid", `unknown state "": expected open, closed, cancelled or partially_returned`)},
		},
		{
			name: "session additional cost without a price",
			in:   `{"additionalCosts": {"shipping": {}}}`,
			want: []apierror.Item{problem("/additionalCosts/shipping/price", "Required", "an additional cost needs a price")},
		},
		{
			name: "item additional cost with a null price",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 1, "additionalCosts": {"giftBox": {"price": null}}`),
			want: []apierror.Item{problem("/cartItems/0/additionalCosts/giftBox/price", "Required", "an additional cost needs a price")},
		},
		{
			name: "additional cost that is not an object",
			in:   `{"additionalCosts": {"shipping": 4.95}}`,
			want: []apierror.Item{problem("/additionalCosts/shipping", "Invalid", `expected an object such as {"price": 4.95}, got 4.95`)},
		},
		{
			name: "additional cost with a name Talon.One refuses",
			in:   `{"additionalCosts": {"ship-ping": {"price": 1}}}`,
			want: []apierror.Item{problem("/additionalCosts/ship-ping", "Invalid", `additional cost name "ship-ping": expected a letter followed by letters, digits or underscores`)},
		},
		{
			name: "additional cost with too many decimals",
			in:   `{"additionalCosts": {"shipping": {"price": "4.955"}}}`,
			want: []apierror.Item{problem("/additionalCosts/shipping/price", "Invalid", "price 4.955 has more decimals than EUR allows: expected at most 2")},
		},
		{
			name: "unknown session attribute (Talon.One's wording)",
			in:   `{"attributes": {"MyAttribute": "x"}}`,
			want: []apierror.Item{problem("/attributes/MyAttribute", "Unknown", `The attribute "MyAttribute" is not defined on CustomerSession entities.`)},
		},
		{
			name: "unknown cart item attribute",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 1, "attributes": {"MyAttribute": 1}`),
			want: []apierror.Item{problem("/cartItems/0/attributes/MyAttribute", "Unknown", `The attribute "MyAttribute" is not defined on CartItem entities.`)},
		},
		{
			name: "a session attribute is not a cart item attribute",
			in:   `{"attributes": {"color": "blue"}}`,
			want: []apierror.Item{problem("/attributes/color", "Unknown", `The attribute "color" is not defined on CustomerSession entities.`)},
		},
		{
			name: "attribute names are escaped in the pointer",
			in:   `{"attributes": {"a/b~c": 1}}`,
			want: []apierror.Item{problem("/attributes/a~1b~0c", "Unknown", `The attribute "a/b~c" is not defined on CustomerSession entities.`)},
		},
		{
			name: "string given for a number attribute",
			in:   `{"attributes": {"BasketScore": "7.5"}}`,
			want: []apierror.Item{problem("/attributes/BasketScore", "Invalid", `The attribute "BasketScore" is of type number: expected a number, got "7.5".`)},
		},
		{
			name: "number given for a string attribute",
			in:   `{"attributes": {"ShippingCity": 75001}}`,
			want: []apierror.Item{problem("/attributes/ShippingCity", "Invalid", `The attribute "ShippingCity" is of type string: expected a string, got 75001.`)},
		},
		{
			name: "a time that is not RFC 3339",
			in:   `{"attributes": {"DeliveryAt": "24/12/2026"}}`,
			want: []apierror.Item{problem("/attributes/DeliveryAt", "Invalid", `The attribute "DeliveryAt" is of type time: expected an RFC 3339 time such as 2026-11-26T12:00:00Z, got "24/12/2026".`)},
		},
		{
			name: "a list of numbers with a string in it",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 1, "attributes": {"sizes": [38, "40"]}`),
			want: []apierror.Item{problem("/cartItems/0/attributes/sizes", "Invalid", `The attribute "sizes" is of type (list number): item 1: expected a number, got "40".`)},
		},
		{
			name: "the free-item mark must be a boolean",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 1, "attributes": {"cartfxFreeItem": "yes"}`),
			want: []apierror.Item{problem("/cartItems/0/attributes/cartfxFreeItem", "Invalid", `expected true or false, got "yes"`)},
		},
		{
			name: "attributes that are not an object",
			in:   `{"attributes": ["a"]}`,
			want: []apierror.Item{problem("/attributes", "Invalid", `expected a JSON object, got ["a"]`)},
		},
		{
			name: "negative weight",
			in:   oneItem(`"sku": "A", "quantity": 1, "price": 1, "weight": -1`),
			want: []apierror.Item{problem("/cartItems/0/weight", "Invalid", "-1 is negative: expected 0 or more")},
		},
		{
			name: "several problems at once, in document order whatever the key order",
			in: `{
				"cartItems": [
					{"price": 9.999, "quantity": 0, "sku": ""},
					{"quantity": "2", "sku": "B", "price": -1}
				],
				"attributes": {"Zeta": 1, "BasketScore": "x"},
				"couponCodes": ["` + code101 + `"],
				"state": "pending"
			}`,
			want: []apierror.Item{
				problem("/state", "Invalid", `unknown state "pending": expected open, closed, cancelled or partially_returned`),
				problem("/couponCodes/0", "Too long", "101 characters: at most 100 are allowed"),
				problem("/attributes/BasketScore", "Invalid", `The attribute "BasketScore" is of type number: expected a number, got "x".`),
				problem("/attributes/Zeta", "Unknown", `The attribute "Zeta" is not defined on CustomerSession entities.`),
				problem("/cartItems/0/sku", "Required", "a cart item needs a non-empty sku"),
				problem("/cartItems/0/quantity", "Invalid", "expected a whole number of 1 or more, got 0"),
				problem("/cartItems/0/price", "Invalid", "price 9.999 has more decimals than EUR allows: expected at most 2"),
				problem("/cartItems/1/quantity", "Invalid", `expected a whole number of 1 or more, got "2"`),
				problem("/cartItems/1/price", "Invalid", "price -1 is negative: expected 0 or more"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := tt.cur
			if cur.Code == "" {
				cur = eur
			}
			s, err := ParseSession([]byte(tt.in), ParseOptions{Currency: cur, Registry: testRegistry(t)})
			if s != nil {
				t.Errorf("ParseSession returned a session with an error")
			}
			if !errors.Is(err, ErrInvalidSession) {
				t.Fatalf("err = %v, want one matching ErrInvalidSession", err)
			}
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("err = %T, want *Error", err)
			}
			want := &Error{Response: apierror.Response{Message: "invalid customer session", Errors: tt.want}}
			if d := diff(want, got); d != "" {
				t.Errorf("error (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseSessionAcceptsTheLimitsExactly(t *testing.T) {
	code100 := strings.Repeat("C", 100)
	tests := []struct {
		name string
		in   string
	}{
		{"1000 lines", `{"cartItems": ` + lines(1000, 1) + `}`},
		{"10000 units", `{"cartItems": ` + lines(2, 5000) + `}`},
		{"a coupon code of 100 characters", `{"couponCodes": ["` + code100 + `"], "referralCode": "` + code100 + `"}`},
		{"five identifiers and one loyalty card", `{"identifiers": ["1", "2", "3", "4", "5"], "loyaltyCards": ["c"]}`},
		{"a price of exactly the largest unit price", oneItem(`"sku": "A", "quantity": 1, "price": 1000000000000`)},
		{"the free-item mark needs no registry entry", oneItem(`"sku": "A", "quantity": 1, "price": 0, "attributes": {"cartfxFreeItem": true}`)},
		{"every state", `{"state": "partially_returned"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseSession([]byte(tt.in), ParseOptions{Currency: eur, Registry: testRegistry(t)}); err != nil {
				t.Errorf("ParseSession: %v", err)
			}
		})
	}
}

func TestErrorTextAndJSONFollowTalonOne(t *testing.T) {
	_, err := ParseSession([]byte(`{"state": "x", "attributes": {"MyAttribute": 1}}`), ParseOptions{Currency: eur, Registry: testRegistry(t)})
	if err == nil {
		t.Fatal("ParseSession accepted an unknown state")
	}
	wantText := `invalid customer session: /state: unknown state "x": expected open, closed, cancelled or partially_returned; ` +
		`/attributes/MyAttribute: The attribute "MyAttribute" is not defined on CustomerSession entities.`
	if got := err.Error(); got != wantText {
		t.Errorf("Error() =\n%s\nwant\n%s", got, wantText)
	}
	b, jerr := json.Marshal(err)
	if jerr != nil {
		t.Fatalf("json.Marshal: %v", jerr)
	}
	wantJSON := `{"message":"invalid customer session","errors":[` +
		`{"title":"Invalid","details":"unknown state \"x\": expected open, closed, cancelled or partially_returned","source":{"pointer":"/state"}},` +
		`{"title":"Unknown","details":"The attribute \"MyAttribute\" is not defined on CustomerSession entities.","source":{"pointer":"/attributes/MyAttribute"}}]}`
	if string(b) != wantJSON {
		t.Errorf("JSON =\n%s\nwant\n%s", b, wantJSON)
	}
}

func TestErrorOfMalformedBodyHasNoPointer(t *testing.T) {
	_, err := ParseSession([]byte(`nope`), ParseOptions{Currency: eur})
	b, jerr := json.Marshal(err)
	if jerr != nil {
		t.Fatalf("json.Marshal: %v", jerr)
	}
	want := `{"message":"invalid customer session","errors":[{"title":"Malformed","details":"the body is not valid JSON: line 1, column 2: invalid character 'o' in literal null (expecting 'u')","source":{}}]}`
	if string(b) != want {
		t.Errorf("JSON =\n%s\nwant\n%s", b, want)
	}
	if got, want := err.Error(), "invalid customer session: the body is not valid JSON: line 1, column 2: invalid character 'o' in literal null (expecting 'u')"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
