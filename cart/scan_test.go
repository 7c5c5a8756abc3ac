package cart

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/internal/jsonpos"
)

// scanError is what the scanner says of data ("" when it is valid) and
// the offset it says it at.
func scanError(data []byte) (string, int) {
	s := scanner{data: data}
	s.value()
	s.end()
	return s.err, s.errAt
}

// syntaxCases are inputs that stop at every state of encoding/json's
// scanner, and some that are fine.
var syntaxCases = []string{
	``, ` `, `{`, `{ `, `{"a"`, `{"a" `, `{"a":`, `{"a":1`, `{"a":1,`, `{"a":1 `,
	`{"a":tru`, `{"a":t}`, `{"a":tx`, `{"a":fals`, `{"a":fa1}`, `{"a":nul`, `{"a":nu}`, `{"a":truex}`,
	`{"a":-}`, `{"a":-`, `{"a":-a}`, `{"a":1.}`, `{"a":1.`, `{"a":1.e1}`, `{"a":1e}`, `{"a":1e`,
	`{"a":1e+}`, `{"a":1e+`, `{"a":1E-5}`, `{"a":01}`, `{"a":-01}`, `{"a":00}`, `{"a":1.5x}`,
	`{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12`, `{"a":"\u12G4"}`, `{"a":"\`, `{"a":"\"`, `{"a":"b`,
	"{\"a\":\"\x01\"}", "{\"a\":\"\n\"}", "{\"a\x1f\":1}", `{,}`, `{"a":1,}`, `{"a" 1}`, `{"a":1 "b":2}`,
	`{1:2}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":[`, `{"a":[1`, `{"a":[1,`, `{"a":{}}x`,
	`{} {}`, `{}]`, `{"a":]}`, `{"a":}`, `{"a":NaN}`, `{"a":Infinity}`, `{"a":+1}`, `{"a":.5}`,
	`{"a":"é"}`, "{\"a\":\"\xff\xfe\"}", `{"\u00e9":1}`, `{"a":"\ud800"}`, `{"a":"\ud83d\ude00"}`,
	`{"a":[1,{"b":[true,false,null,"x",-0.5e+3]}]}`, "{}\u00a0", "\u00a0{}", "{}\x00", `{}'`, `{"'":1}`,
	"{\t\r\n \"a\"\t:\r1\n}", `[]`, `[1, 2]`, `"x"`, `1`, `-`, `0`, `01`, `tru`, `nul`, `1E700`, `{"a":-1e-700}`,
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	`{"a":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`,
	`{"a":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
	`{"a":` + strings.Repeat(`{"b":`, 9999) + `1` + strings.Repeat("}", 9999) + `}`,
}

func TestScannerWordsErrorsAsEncodingJSON(t *testing.T) {
	for _, in := range syntaxCases {
		data := []byte(in)
		got, gotAt := scanError(data)
		want, wantAt := jsonErrorAt(data)
		if got != want || want != "" && gotAt != wantAt {
			t.Errorf("%.60q: scanner says %q at %d, encoding/json %q at %d", in, got, gotAt, want, wantAt)
		}
		if got, want := validValue(data), json.Valid(data); got != want {
			t.Errorf("%.60q: validValue = %v, json.Valid = %v", in, got, want)
		}
	}
}

// TestParseSessionReportsMalformedJSONAsEncodingJSON checks that the what
// of a Malformed problem is encoding/json's, at the line and column of the
// offset encoding/json gives.
func TestParseSessionReportsMalformedJSONAsEncodingJSON(t *testing.T) {
	for _, in := range syntaxCases {
		data := []byte(in)
		want := wantMalformed(data)
		if i := skip(data, 0); i == len(data) || want == "" && data[i] != '{' {
			continue // not a syntax error: see TestParseSessionReportsProblems
		}
		_, err := ParseSession(data, ParseOptions{Currency: eur})
		if got := malformedDetails(err); got != want {
			t.Errorf("%.60q: Malformed problem %q, want %q (err %.200v)", in, got, want, err)
		}
	}
}

// malformedDetails is the details of err's one Malformed problem without a
// pointer, or "".
func malformedDetails(err error) string {
	if e, ok := err.(*Error); ok && len(e.Errors) == 1 && e.Errors[0].Title == "Malformed" && e.Errors[0].Source.Pointer == "" {
		return e.Errors[0].Details
	}
	return ""
}

func TestStringBytesDecodesAsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`""`, `"plain"`, `"caf\u00e9"`, `"café"`, `"\"\\\/\b\f\n\r\t"`, `"\ud83d\ude00"`, `"\ud83d"`,
		`"\ud83dx"`, `"\ude00\ud83d"`, `"\ud83d\u0041"`, "\"\xff\"", "\"a\xc3\"", "\"\xed\xa0\x80\"", `"\u0000"`,
		`"0123456789abcdef\u0041"`, "\"0123456789abcdef\xe9\"",
	} {
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got := string(stringBytes([]byte(in))); got != want {
			t.Errorf("stringBytes(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParseSessionMatchesKeysAsEncodingJSON pins what encoding/json did with
// keys: exact names first, else names under Unicode case folding; escapes
// in keys are decoded. (Duplicates: TestParseSessionRefusesDuplicateKeys.)
func TestParseSessionMatchesKeysAsEncodingJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want func(s *Session) bool
	}{
		{"upper-case key", `{"cartItems": [{"SKU": "A", "Quantity": 1, "PRICE": 1}]}`,
			func(s *Session) bool { return s.CartItems[0].SKU == "A" && s.CartItems[0].Price == 100 }},
		{"long s and Kelvin sign fold to s and k", `{"cartItems": [{"ſKu": "A", "quantity": 1, "price": 1}]}`,
			func(s *Session) bool { return s.CartItems[0].SKU == "A" }},
		{"escaped key", `{"cartItems": [{"\u0073ku": "A", "quantity": 1, "price": 1}]}`,
			func(s *Session) bool { return s.CartItems[0].SKU == "A" }},
		{"null is absent", `{"state": null}`,
			func(s *Session) bool { return !s.Has(FieldState) }},
		{"the wrapper's own customerSession is ignored", `{"customerSession": {"customerSession": {"state": "closed"}, "state": "open"}}`,
			func(s *Session) bool { return s.State == StateOpen }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSession([]byte(tt.in), ParseOptions{Currency: eur, Registry: testRegistry(t)})
			if err != nil {
				t.Fatalf("ParseSession: %v", err)
			}
			if !tt.want(s) {
				t.Errorf("session %+v", s)
			}
		})
	}
}

func TestParseSessionAllocatesAFewTimesPerLine(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts are not measured in -short mode")
	}
	data := session50()
	opts := ParseOptions{Currency: eur, Registry: testRegistry(t)}
	n := testing.AllocsPerRun(20, func() {
		if _, err := ParseSession(data, opts); err != nil {
			t.Fatal(err)
		}
	})
	// Per line: the attribute map (two), the boxed list of sizes, and a
	// share of the strings, lists and costs cut from shared arrays.
	if n > 5*50 {
		t.Errorf("ParseSession of 50 lines allocates %v times, want at most %d", n, 5*50)
	}
}

// FuzzParseSessionAgreesWithEncodingJSON checks that the scanner accepts
// exactly what json.Valid accepts, refuses the rest with encoding/json's
// words at encoding/json's offset, and decodes strings as encoding/json
// does; and that ParseSession calls a body malformed exactly when
// encoding/json would, saying encoding/json's words at the line and column
// of that offset, and refuses a valid body with a duplicate key (as
// firstDuplicate finds them with encoding/json's tokens) with the
// duplicate's pointer and position.
func FuzzParseSessionAgreesWithEncodingJSON(f *testing.F) {
	for _, s := range syntaxCases {
		if len(s) < 1000 { // the deep ones would slow every run of the fuzzer
			f.Add([]byte(s))
		}
	}
	f.Add([]byte(fullSession))
	f.Add([]byte(`{"cartItems": [{"sku": "A", "SKU": "B"}], "attributes": {"a": 1, "a": 2}}`))
	f.Add([]byte(`{"customerSession": {"additionalCosts": {"x": {"price": 1, "Price": 2}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantAt := jsonErrorAt(data)
		if got, gotAt := scanError(data); got != want || want != "" && gotAt != wantAt {
			t.Fatalf("%q: scanner says %q at %d, encoding/json %q at %d", data, got, gotAt, want, wantAt)
		}
		if validValue(data) != json.Valid(data) {
			t.Fatalf("%q: validValue = %v, json.Valid = %v", data, validValue(data), json.Valid(data))
		}
		body := bytes.TrimSpace(data)
		if want == "" && len(body) > 0 && body[0] == '"' {
			var s string
			if err := json.Unmarshal(body, &s); err != nil {
				t.Fatal(err)
			}
			if got := string(stringBytes(body)); got != s {
				t.Fatalf("stringBytes(%q) = %q, want %q", body, got, s)
			}
		}
		if i := skip(data, 0); i == len(data) || want == "" && data[i] != '{' {
			return
		}
		s, err := ParseSession(data, ParseOptions{Currency: eur})
		if !checkRefusal(t, data, s, err) && malformedDetails(err) != "" {
			t.Fatalf("%q: err %v, but encoding/json finds it valid", data, err)
		}
	})
}

// checkRefusal checks ParseSession's answer s, err for data where it goes
// beyond encoding/json, and reports whether data is such an input: a body
// that is empty or not JSON (one Malformed problem that says where, with
// encoding/json's words for what: see wantMalformed) or that has a
// duplicate key before any byte at fault (one Duplicate key problem with
// the duplicate's pointer and position: see firstDuplicate).
func checkRefusal(t *testing.T, data []byte, s *Session, err error) bool {
	t.Helper()
	if skip(data, 0) == len(data) {
		if got, want := malformedDetails(err), "the body is empty: expected a JSON object"; got != want {
			t.Fatalf("%q: err %v, want the Malformed problem %q", data, err, want)
		}
		return true
	}
	msg, at := jsonErrorAt(data)
	if dup, has := firstDuplicate(data); has && (msg == "" || dup.at < at) {
		var e *Error
		if !errors.As(err, &e) || s != nil || len(e.Errors) != 1 || e.Errors[0].Title != "Duplicate key" {
			t.Fatalf("%q: session %v, err %v; want the Duplicate key problem of %+v", data, s != nil, err, dup)
		}
		if p := e.Errors[0]; p.Source.Pointer != dup.pointer || !strings.HasPrefix(p.Details, jsonpos.At(data, dup.at)+": duplicate key ") {
			t.Fatalf("%q: problem %+v, want pointer %q at %s", data, p, dup.pointer, jsonpos.At(data, dup.at))
		}
		return true
	}
	if msg != "" {
		if got, want := malformedDetails(err), wantMalformed(data); got != want {
			t.Fatalf("%q: err %v, want the Malformed problem %q", data, err, want)
		}
		return true
	}
	return false
}

func BenchmarkScanSession50(b *testing.B) {
	data := session50()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if !validValue(data) {
			b.Fatal("invalid")
		}
	}
}
