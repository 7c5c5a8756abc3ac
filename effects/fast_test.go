package effects

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// reference is DecodeList without the fast decoder: the package's
// contract, which the fast decoder must agree with.
func reference(data []byte) ([]Effect, error) {
	if !json.Valid(data) {
		return nil, scanFailure("", data)
	}
	out, err := decodeList(data)
	if err != nil {
		return nil, placed(err, data)
	}
	return out, nil
}

// agree checks the fast decoder against the reference on one document:
// whatever it accepts, the reference accepts with a deeply equal result.
func agree(t *testing.T, data []byte) (accepted bool) {
	t.Helper()
	fast, ok := fastList(data)
	if !ok {
		return false
	}
	want, err := reference(data)
	if err != nil {
		t.Fatalf("the fast decoder accepts what the reference refuses (%v):\n%s", err, data)
	}
	if !reflect.DeepEqual(fast, want) {
		got, _ := EncodeList(fast)
		exp, _ := EncodeList(want)
		t.Fatalf("the fast decoder's result differs from the reference's on\n%s\nfast: %s\nreference: %s\nfast %#v\nreference %#v", data, got, exp, fast, want)
	}
	return true
}

// corpus is the documents the agreement is checked on: the shared Talon.One
// answers, every spec example alone and all together, and the edge cases
// of the fuzz seeds.
func corpus(t testing.TB) (docs [][]byte, full []byte) {
	files, _ := filepath.Glob(filepath.Join(dataDir, "*.json"))
	if len(files) == 0 {
		t.Fatalf("no Talon.One samples in %s", dataDir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, data)
	}
	var all []string
	for _, ex := range specExamples(t) {
		e := eff(string(ex.typ), ex.props)
		all = append(all, e)
		docs = append(docs, []byte("["+e+"]"))
	}
	full = []byte(`{"effects":[` + strings.Join(all, ",") + `],"createdCoupons":[]}`)
	docs = append(docs, full)
	for _, s := range []string{
		`[]`, `{}`, `{"effects":[]}`, `null`, `[null]`, `[{}]`, `"x"`, `1e1000000000`,
		"[" + eff("setDiscountPerItem", `{"name":"n","value":"1e-1000","position":3.0,"extra":{"deep":[[[]]]}}`) + "]",
		"[" + eff("set", `{"path":"p","value":null,"subPosition":null}`) + "]",
		"[" + eff("unknownThing", `{"a":"\ud800"}`) + "]",
		"[" + eff("rejectCoupon", `{"value":"\u00e9\u2028"}`) + "]",
		`[{"campaignId":1e2,"rulesetId":2.0,"ruleIndex":0,"ruleName":"r","effectType":"updateAttribute","props":{"value":1}}]`,
		`{"effects":[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"setDiscount","props":{"name":"a","value":1},"x":1,"x":2}]}`,
		`{"effects":[{"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r","effectType":"setDiscount","props":{"name":"a","name":"b","value":1}}]}`,
		`{"effects":[{"campaignId":-1,"rulesetId":2,"ruleIndex":0.5,"ruleName":"r","effectType":"setDiscount","props":{"name":"a","value":"x"}}]}`,
		` { "effects" : [ { "campaignId" : 1 , "rulesetId" : 2 , "ruleIndex" : 0 , "ruleName" : "r\"\\\/\b\f\n\r\t\u0041" , "effectType" : "setDiscount" , "props" : { "name" : "a" , "value" : 1.50 , "scope" : "sessionTotal" } } ] } `,
	} {
		docs = append(docs, []byte(s))
	}
	return docs, full
}

// TestFastAgreesWithReference checks every corpus document, prefixes of
// the full one (truncated documents must be refused) and documents with
// one byte changed.
func TestFastAgreesWithReference(t *testing.T) {
	docs, full := corpus(t)
	accepted := 0
	for _, d := range docs {
		if agree(t, d) {
			accepted++
		}
	}
	if accepted < len(docs)/2 {
		t.Fatalf("the fast decoder accepted %d of %d documents: it is not the fast path", accepted, len(docs))
	}
	// A few hundred cuts and changes, spread over the document, keep the
	// test fast under -race; the fuzz target goes further.
	stride := max(len(full)/300, 1)
	for n := 0; n < len(full); n += stride {
		agree(t, full[:n])
	}
	for i := 0; i < len(full); i += stride {
		for _, b := range []byte{'"', '\\', '}', ']', ',', '0', 'x', ' ', 0x80} {
			m := append([]byte(nil), full...)
			m[i] = b
			agree(t, m)
		}
	}
}

// FuzzFastAgreesWithReference: whatever the fast decoder accepts, the
// reference accepts with the same result.
func FuzzFastAgreesWithReference(f *testing.F) {
	docs, _ := corpus(f)
	for _, d := range docs {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, data []byte) { agree(t, data) })
}
