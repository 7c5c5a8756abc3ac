package cart

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// sameDecimals compares decimals by coefficient and exponent, not just by
// value: 4.950 must stay 4.950.
var sameDecimals = cmp.Comparer(func(a, b decimal.Decimal) bool {
	return a.Equal(b) && a.Exponent() == b.Exponent()
})

// FuzzParseSessionAgreesWithLegacy checks that ParseSession reads every
// input as the encoding/json decoder it replaced did: the same session,
// down to the exponent of a decimal and nil against empty, or the same
// problems, word for word. So do the attribute value functions.
func FuzzParseSessionAgreesWithLegacy(f *testing.F) {
	seeds := []string{
		fullSession, `{"customerSession": ` + fullSession + `}`, string(session50()),
		`{"cartItems": [null, {"SKU": "a", "Quantity": 2, "price": "1.50"}], "couponCodes": [null, "A", 1]}`,
		`{"cartItems": [null, "x", 3], "attributes": {"x": null}, "additionalCosts": {"a-b": 1, "c": {}, "d": {"PRICE": 1}}}`,
		`{"cartItems": [{"sku": "\u00e9", "name": "\ud800", "category": "\\"}], "identifiers": ["` + strings.Repeat("é", 1001) + `"]}`,
		`{"state": "op\u0065n", "profileId": "", "referralCode": null, "loyaltyCards": ["a", "b"]}`,
		`{"cartItems": [{"sku": "A", "quantity": 1e2, "price": 4.950, "weight": "1E+2", "length": -0.0}]}`,
		`{"cartItems": [{"sku": "A", "quantity": 1, "price": 99999999999999999999, "height": 123456789012345678901}]}`,
		`{"cartItems": [{"sku": "A", "quantity": 1, "price": "\u0031.5", "width": "1.50"}]}`,
		"{\"cartItems\": [{\"sku\": \"A\xff\", \"quantity\": 1, \"price\": 1, \"attributes\": {\"color\": \"\xff\", \"sizes\": []}}]}",
		`{"attributes": {"Segments": ["a", 1], "BasketScore": [1], "DeliveryAt": "2026-01-01T00:00:00+01:00", "GiftWrap": "true"}}`,
		`{"cartItems": [{"sku": "A", "quantity": 10000, "price": 1000000000000}, {"sku": "B", "quantity": 1, "price": 0}]}`,
		`{"cartItems": {}, "additionalCosts": [], "attributes": "x", "couponCodes": {}}`,
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
		got, gotErr := ParseSession(data, opts)
		if differsFromLegacy(t, data, got, gotErr) {
			return
		}
		gotErr = asLegacy(gotErr)
		want, wantErr := legacyParseSession(data, opts)
		if d := diff(want, got, sameDecimals); d != "" {
			t.Fatalf("%q: session (-legacy +new):\n%s", data, d)
		}
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%q: error %v, legacy %v", data, gotErr, wantErr)
		}
		if d := diff(wantErr, gotErr); d != "" {
			t.Fatalf("%q: error (-legacy +new):\n%s", data, d)
		}
		for _, typ := range []AttributeType{TypeString, TypeNumber, TypeBoolean, TypeTime, TypeStringList, TypeNumberList} {
			got, gotErr := ParseAttributeValue(typ, data)
			want, wantErr := legacyDecodeValue(typ, data)
			if d := diff(want, got, sameDecimals); d != "" || (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Fatalf("ParseAttributeValue(%s, %q) = %v, %v; legacy %v, %v", typ, data, got, gotErr, want, wantErr)
			}
		}
		gotV, gotErr := ParseUntypedValue(data)
		wantV, wantErr := legacyParseUntypedValue(data)
		if d := diff(wantV, gotV, sameDecimals); d != "" || (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("ParseUntypedValue(%q) = %v, %v; legacy %v, %v", data, gotV, gotErr, wantV, wantErr)
		}
	})
}

// TestParseSessionAgreesWithLegacyOnGeneratedSessions is the fuzz test's
// check on sessions made to reach deeper than random bytes do: keys in
// other cases and with escapes, nulls, numbers in every form, lines that
// are right and lines that are not; and duplicate keys, which legacy took
// and ParseSession refuses (differsFromLegacy checks how).
func TestParseSessionAgreesWithLegacyOnGeneratedSessions(t *testing.T) {
	n := uint64(5000)
	if testing.Short() {
		n = 500
	}
	reg := testRegistry(t)
	currencies := []Currency{eur, jpy, kwd, MustCurrency("CLF")}
	refused := uint64(0)
	defer func() {
		t.Logf("%d of %d generated sessions were refused", refused, n)
		// Most sessions must be compared with legacy's reading.
		if refused > n/3 {
			t.Errorf("%d of %d generated sessions were refused as malformed or for a duplicate key", refused, n)
		}
	}()
	for seed := range n {
		g := gen{rand.New(rand.NewPCG(seed, 7))}
		in := g.obj(3, []string{"profileId", "state", "couponCodes", "referralCode", "loyaltyCards", "identifiers",
			"attributes", "additionalCosts", "cartItems", "customerSession", "responseContent"})
		opts := ParseOptions{Currency: currencies[seed%4]}
		if seed%3 != 0 {
			opts.Registry = reg
		}
		got, gotErr := ParseSession([]byte(in), opts)
		if differsFromLegacy(t, []byte(in), got, gotErr) {
			refused++
			continue
		}
		gotErr = asLegacy(gotErr)
		want, wantErr := legacyParseSession([]byte(in), opts)
		if d := diff(want, got, sameDecimals); d != "" {
			t.Fatalf("seed %d %s: session (-legacy +new):\n%s", seed, in, d)
		}
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("seed %d %s:\nerror  %v\nlegacy %v", seed, in, gotErr, wantErr)
		}
	}
}

// gen makes session-like JSON.
type gen struct{ r *rand.Rand }

func (g gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g gen) key(k string) string {
	switch g.r.IntN(12) {
	case 0:
		return `"` + strings.ToUpper(k) + `"`
	case 1:
		return fmt.Sprintf(`"\u%04x%s"`, k[0], k[1:])
	case 2:
		return `"` + strings.Replace(k, "s", "ſ", 1) + `"`
	case 3:
		return `"` + k + `x"`
	}
	return `"` + k + `"`
}

func (g gen) num() string {
	if g.r.IntN(60) == 0 {
		return g.pick("01", "1.", "-", "+1", ".5", "1e", "NaN")
	}
	return g.pick("0", "1", "-1", "4.95", "4.950", "1e2", "1E+2", "0.001", "-0", "-0.0", "10000", "10001", "99999999999999999999",
		"1000000000000", "1000000000000.01", "999999999999.99", "1.5", "\"4.95\"", "\"1e2\"", "\"\\u0031\"", "\"\"", "\"x\"", "null", "true",
		"123456789012345678", "1234567890123456789", "0.000000000000000001", "2", "3", "180", "400.5", "[1]", "{}", "\"-0\"", "\"4.9500\"",
		"1", "2", "4.95", "0.15", "\"8.50\"", "7", "1e-2", "5e-3", "0.5", "12", "3.333", "100000000000000", "1e401", "\"01\"", "\" 1\"")
}

func (g gen) str() string {
	return g.pick(`"A"`, `""`, `"SKU-1"`, `"caf\u00e9"`, "\"\xff\"", `"\ud800"`, `"open"`, `"closed"`, `"op\u0065n"`, `null`, `1`, `[]`, `{}`, `"`+strings.Repeat("C", 101)+`"`, `"a\"b"`, `"x/y~z"`, `"2026-12-24T10:00:00Z"`, `"24/12"`)
}

func (g gen) value(depth int) string {
	switch g.r.IntN(6) {
	case 0:
		return g.num()
	case 1:
		return g.str()
	case 2:
		if depth > 0 {
			n := g.r.IntN(4)
			parts := make([]string, n)
			for i := range parts {
				parts[i] = g.value(depth - 1)
			}
			return "[" + strings.Join(parts, ", ") + "]"
		}
	case 3:
		if depth > 0 {
			return g.obj(depth-1, []string{"a", "price", "color", "sizes", "x-y", "GiftWrap"})
		}
	}
	return g.pick("true", "false", "null")
}

// obj makes an object of some of keys, each used once but in one object
// of sixty, where a key repeats, so that some sessions have a duplicate.
func (g gen) obj(depth int, keys []string) string {
	n := g.r.IntN(len(keys) + 1)
	perm := g.r.Perm(len(keys))[:n]
	if g.r.IntN(60) == 0 {
		perm = append(perm, g.r.IntN(len(keys)))
	}
	parts := make([]string, 0, len(perm))
	for _, j := range perm {
		k := keys[j]
		var v string
		switch k {
		case "sku", "name", "category", "profileId", "state", "referralCode", "ShippingCity", "color", "DeliveryAt":
			v = g.str()
		case "quantity", "price", "weight", "height", "width", "length", "BasketScore":
			v = g.num()
		case "attributes":
			v = g.obj(depth, []string{"color", "sizes", "ShippingCity", "Segments", "BasketScore", "GiftWrap", "DeliveryAt", "cartfxFreeItem", "MyAttr", "a/b~c"})
		case "additionalCosts":
			v = g.obj(depth, []string{"shipping", "ecoTax", "ship-ping", "1x"})
		case "shipping", "ecoTax", "ship-ping", "1x":
			v = g.pick(`{"price": `+g.num()+`}`, `{"PRICE": `+g.num()+`}`, `{}`, `null`, g.num(), `{"price": 1, "other": null}`)
			if g.r.IntN(60) == 0 {
				v = g.pick(`{"price": 1, "price": null}`, `{"price": 1, "Price": 2}`)
			}
		case "sizes", "Segments", "couponCodes", "loyaltyCards", "identifiers":
			m := g.r.IntN(4)
			xs := make([]string, m)
			for i := range xs {
				if g.r.IntN(2) == 0 {
					xs[i] = g.num()
				} else {
					xs[i] = g.str()
				}
			}
			v = "[" + strings.Join(xs, ",") + "]"
		case "cartItems":
			m := g.r.IntN(4)
			xs := make([]string, m)
			for i := range xs {
				switch g.r.IntN(10) {
				case 0:
					xs[i] = g.value(1)
				case 1, 2, 3:
					xs[i] = g.obj(depth, []string{"sku", "name", "quantity", "price", "category", "weight", "height", "width", "length", "attributes", "additionalCosts", "other"})
				default:
					extra := g.obj(depth, []string{"name", "category", "weight", "height", "width", "length", "attributes", "additionalCosts", "other"})
					xs[i] = `{"sku": "S` + g.pick("1", "2", "-3") + `", "quantity": ` + g.pick("1", "2", "3") + `, "price": ` + g.pick("1", "4.95", `"8.50"`, "0")
					if extra == "{}" {
						xs[i] += "}"
					} else {
						xs[i] += ", " + extra[1:]
					}
				}
			}
			v = "[" + strings.Join(xs, ",\n") + "]"
			if g.r.IntN(15) == 0 {
				v = g.value(1)
			}
		case "customerSession":
			v = g.obj(depth, []string{"profileId", "state", "cartItems", "customerSession", "attributes"})
			if g.r.IntN(4) == 0 {
				v = g.value(1)
			}
		case "GiftWrap", "cartfxFreeItem":
			v = g.pick("true", "false", `"yes"`, "null")
		default:
			v = g.value(depth)
		}
		parts = append(parts, g.key(k)+g.pick(":", ": ", " : ")+v)
	}
	s := "{" + strings.Join(parts, g.pick(",", ", ", ",\n\t")) + "}"
	if g.r.IntN(400) == 0 && len(s) > 2 {
		i := g.r.IntN(len(s))
		s = s[:i] + s[i+1:] // break it
	}
	return s
}

func TestParseSessionDoesNotKeepTheInput(t *testing.T) {
	data := session50()
	opts := ParseOptions{Currency: eur, Registry: testRegistry(t)}
	got, err := ParseSession(data, opts)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := ParseSession(session50(), opts)
	for i := range data {
		data[i] = 'x'
	}
	if d := diff(want, got, sameDecimals); d != "" {
		t.Errorf("the session changed with its input (-want +got):\n%s", d)
	}
}

func TestParseSessionConcurrently(t *testing.T) {
	opts := ParseOptions{Currency: eur, Registry: testRegistry(t)}
	inputs := [][]byte{session50(), []byte(fullSession), []byte(`{"customerSession": ` + fullSession + `}`)}
	wants := make([]*Session, len(inputs))
	for i, in := range inputs {
		wants[i], _ = ParseSession(in, opts)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 30 {
				i := (g + k) % len(inputs)
				got, err := ParseSession(inputs[i], opts)
				if err != nil {
					t.Error(err)
					return
				}
				if d := diff(wants[i], got, sameDecimals); d != "" {
					t.Errorf("input %d (-want +got):\n%s", i, d)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestParseSessionBigObjects reads objects with many members (all of
// different names), which must not take quadratic time, and agrees with
// legacy on them.
func TestParseSessionBigObjects(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"attributes": {`)
	for i := range 30000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `"a%d": %d`, (i*7919)%30000, i)
	}
	b.WriteString(`}, "additionalCosts": {`)
	for i := range 30000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `"c%d": {"price": %d}`, (i*7919)%30000, i%100)
	}
	b.WriteString(`}}`)
	got, gotErr := ParseSession(b.Bytes(), ParseOptions{Currency: eur})
	want, wantErr := legacyParseSession(b.Bytes(), ParseOptions{Currency: eur})
	if gotErr != nil || wantErr != nil {
		t.Fatalf("errors %v, legacy %v", gotErr, wantErr)
	}
	if d := diff(want, got, sameDecimals); d != "" {
		t.Errorf("session (-legacy +new):\n%s", d)
	}
}

// differsFromLegacy checks ParseSession's answer where it means to differ
// from legacy's, and reports whether data is such an input: see
// checkRefusal.
func differsFromLegacy(t *testing.T, data []byte, s *Session, err error) bool {
	t.Helper()
	return checkRefusal(t, data, s, err)
}
