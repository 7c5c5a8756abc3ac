package cart

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/apierror"
	"github.com/google/go-cmp/cmp"
)

// parseProblems is the problems of ParseSession's error for in, or fails.
func parseProblems(t *testing.T, in string) []apierror.Item {
	t.Helper()
	s, err := ParseSession([]byte(in), ParseOptions{Currency: eur, Registry: testRegistry(t)})
	if err == nil || s != nil {
		t.Fatalf("%q: ParseSession gave a session and error %v", in, err)
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("%q: error %T %v", in, err, err)
	}
	return e.Errors
}

func TestParseSessionSaysWhereTheSyntaxIsWrong(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"trailing garbage", "{\"state\": \"open\"}\n x", "line 2, column 2: invalid character 'x' after top-level value"},
		{"two objects", `{"state": "open"} {}`, "line 1, column 19: invalid character '{' after top-level value"},
		{"byte order mark", "\ufeff{}", "line 1, column 1: the document starts with a byte order mark (U+FEFF); send JSON without it"},
		{"NUL byte", "{\"state\": \"open\"}\x00", "line 1, column 18: invalid character '\\x00' after top-level value"},
		{"raw control character in a string", "{\"cartItems\": [{\"sku\": \"A\tB\"}]}", "line 1, column 26 (in /cartItems/0/sku): invalid character '\\t' in string literal"},
		{"single quotes", `{'state': 'open'}`, "line 1, column 2: invalid character '\\'' looking for beginning of object key string"},
		{"a comment", "{\n  // the state\n  \"state\": \"open\"}", "line 2, column 3: invalid character '/' looking for beginning of object key string"},
		{"trailing comma in an object", "{\"cartItems\": [\n  {\"sku\": \"A\",\n  }]}", "line 3, column 3 (in /cartItems/0): invalid character '}' looking for beginning of object key string"},
		{"trailing comma in an array", `{"couponCodes": ["A",]}`, "line 1, column 22 (in /couponCodes/1): invalid character ']' looking for beginning of value"},
		{"NaN", "{\"cartItems\": [\n  {\"sku\": \"A\",\n   \"price\": NaN}]}", "line 3, column 13 (in /cartItems/0/price): invalid character 'N' looking for beginning of value"},
		{"a missing colon", "{\"cartItems\": [\n  {\"sku\": \"A\",\n   \"price\" 1}]}", "line 3, column 12 (in /cartItems/0): invalid character '1' after object key"},
		{"columns count characters", `{"cartItems": [{"name": "café", "sku" "A"}]}`, "line 1, column 39 (in /cartItems/0): invalid character '\"' after object key"},
		{"a long key in the pointer is cut", `{"attributes": {"` + strings.Repeat("k", 1000) + `": tru}}`, "line 1, column 1024 (in /attributes/" + strings.Repeat("k", 32) + "…): invalid character '}' in literal true (expecting 'e')"},
		{"the end", "{\"cartItems\": [\n", "line 2, column 1 (in /cartItems/0): unexpected end of JSON input"},
		{"not an object and not JSON", `nope`, "line 1, column 2: invalid character 'o' in literal null (expecting 'u')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := parseProblems(t, tt.in)
			want := []apierror.Item{problem("", "Malformed", "the body is not valid JSON: "+tt.want)}
			if d := diff(want, ps); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseSessionRefusesDuplicateKeys(t *testing.T) {
	item := `{"sku": "A", "quantity": 1, "price": 1`
	tests := []struct{ name, in, pointer, details string }{
		{"a session field", "{\"state\": \"open\",\n \"state\": null}", "/state",
			`line 2, column 2: duplicate key "state" (first at line 1, column 2)`},
		{"a session field in another case", `{"cartItems": [], "CartItems": []}`, "/CartItems",
			`line 1, column 19: duplicate key "CartItems" (first as "cartItems" at line 1, column 2)`},
		{"a wrapped session's field", `{"customerSession": {"profileId": "a", "profileId": "b"}}`, "/customerSession/profileId",
			`line 1, column 40: duplicate key "profileId" (first at line 1, column 22)`},
		{"the wrapper", `{"customerSession": {}, "CustomerSession": null}`, "/CustomerSession",
			`line 1, column 25: duplicate key "CustomerSession" (first as "customerSession" at line 1, column 2)`},
		{"a cart item's sku", "{\"cartItems\": [\n  {\"sku\": \"A\",\n   \"sku\": \"B\", \"quantity\": 1, \"price\": 1}]}", "/cartItems/0/sku",
			`line 3, column 4: duplicate key "sku" (first at line 2, column 4)`},
		{"a cart item's price in another case", `{"cartItems": [` + item + `}, ` + item + `, "PRICE": 2}]}`, "/cartItems/1/PRICE",
			`line 1, column 97: duplicate key "PRICE" (first as "price" at line 1, column 85)`},
		{"an escaped key", `{"cartItems": [{"sku": "A", "\u0073ku": "B"}]}`, "/cartItems/0/sku",
			`line 1, column 29: duplicate key "sku" (first at line 1, column 17)`},
		{"an attribute of a cart item", `{"cartItems": [` + item + `, "attributes": {"color": "red", "color": "blue"}}]}`, "/cartItems/0/attributes/color",
			`line 1, column 87: duplicate key "color" (first at line 1, column 71)`},
		{"a session attribute", `{"attributes": {"GiftWrap": true, "GiftWrap": false}}`, "/attributes/GiftWrap",
			`line 1, column 35: duplicate key "GiftWrap" (first at line 1, column 17)`},
		{"an additional cost", `{"additionalCosts": {"shipping": {"price": 1}, "shipping": {"price": 2}}}`, "/additionalCosts/shipping",
			`line 1, column 48: duplicate key "shipping" (first at line 1, column 22)`},
		{"an additional cost's price in another case", `{"cartItems": [` + item + `, "additionalCosts": {"shipping": {"price": 1, "Price": 2}}}]}`, "/cartItems/0/additionalCosts/shipping/Price",
			`line 1, column 101: duplicate key "Price" (first as "price" at line 1, column 89)`},
		{"an object nobody reads", `{"responseContent": [{"a": {"b": 1, "b": 2}}]}`, "/responseContent/0/a/b",
			`line 1, column 37: duplicate key "b" (first at line 1, column 29)`},
		{"a big object", `{"attributes": {` + bigMembers(40) + `, "a7": 1}}`, "/attributes/a7",
			`line 1, column 437: duplicate key "a7" (first at line 1, column 80)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := parseProblems(t, tt.in)
			want := []apierror.Item{problem(tt.pointer, "Duplicate key", tt.details)}
			if d := diff(want, ps); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

// bigMembers is n members "a0": 0, "a1": 1...
func bigMembers(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `"a` + strconv.Itoa(i) + `": ` + strconv.Itoa(i)
	}
	return strings.Join(parts, ", ")
}

// TestParseSessionKeepsDifferentlyCasedAttributes: attribute names are
// matched exactly, so GiftWrap and giftWrap are two attributes, not a
// duplicate.
func TestParseSessionKeepsDifferentlyCasedAttributes(t *testing.T) {
	s, err := ParseSession([]byte(`{"attributes": {"GiftWrap": true, "giftWrap": false}, "responseContent": {"a": 1, "A": 2}}`), ParseOptions{Currency: eur})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Attributes) != 2 || s.Attributes["GiftWrap"] != true || s.Attributes["giftWrap"] != false {
		t.Errorf("attributes %v", s.Attributes)
	}
}

func TestParseSessionQuotesALongNameShortly(t *testing.T) {
	name := strings.Repeat("n", 1<<20)
	_, err := ParseSession([]byte(`{"attributes": {"`+name+`": 1}}`), ParseOptions{Currency: eur, Registry: testRegistry(t)})
	want := `invalid customer session: /attributes/` + strings.Repeat("n", 32) + `…: The attribute "` + strings.Repeat("n", 64) + `"… (1048576 bytes) is not defined on CustomerSession entities.`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %.300v, want %s", err, want)
	}
	if len(want) > 220 {
		t.Errorf("the message is %d bytes long", len(want))
	}
	_, err = ParseSession([]byte(`{"additionalCosts": {"`+name+`-": {"price": 1}}}`), ParseOptions{Currency: eur})
	want = `invalid customer session: /additionalCosts/` + strings.Repeat("n", 32) + `…: additional cost name "` + strings.Repeat("n", 64) + `"… (1048577 bytes): expected a letter followed by letters, digits or underscores`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %.300v, want %s", err, want)
	}
	_, err = ParseSession([]byte(`{"state": "`+name+`"}`), ParseOptions{Currency: eur})
	want = `invalid customer session: /state: 1048576 characters: at most 1000 are allowed`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %.300v, want %s", err, want)
	}
	_, err = ParseSession([]byte(`{"attributes": {"`+name+`": 1, "`+name+`": 2}}`), ParseOptions{Currency: eur})
	want = `invalid customer session: /attributes/` + strings.Repeat("n", 32) + `…: line 1, column 1048600: duplicate key "` + strings.Repeat("n", 64) + `"… (1048576 bytes) (first at line 1, column 17)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %.300v, want %s", err, want)
	}
}

// A session with a thousand bad lines gets the first hundred problems and a
// count of the rest.
func TestParseSessionReportsAHundredProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"cartItems": [`)
	for i := range MaxLines {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"sku": "A", "quantity": 1, "price": -1}`)
	}
	b.WriteString(`]}`)
	got := parseProblems(t, b.String())
	if len(got) != apierror.MaxItems+1 {
		t.Fatalf("%d problems, want %d", len(got), apierror.MaxItems+1)
	}
	want := []apierror.Item{
		{Title: "Invalid", Details: "price -1 is negative: expected 0 or more", Source: apierror.Source{Pointer: "/cartItems/0/price"}},
		{Title: "Invalid", Details: "price -1 is negative: expected 0 or more", Source: apierror.Source{Pointer: "/cartItems/99/price"}},
		{Title: "Too many problems", Details: "and 900 more problems"},
	}
	if diff := cmp.Diff(want, []apierror.Item{got[0], got[99], got[100]}); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
