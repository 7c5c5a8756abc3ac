package effects

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecodeList checks that DecodeList never panics, that its errors are
// *Error values matching ErrMalformed, that whatever it accepts encodes,
// decodes again and encodes to the same bytes, and that its fast path
// takes only valid JSON and agrees with the reference decoder (agree).
func FuzzDecodeList(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(dataDir, "*.json"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for _, ex := range specExamples(f) {
		f.Add([]byte("[" + eff(string(ex.typ), ex.props) + "]"))
	}
	for _, s := range []string{
		`[]`, `{}`, `{"effects":[]}`, `null`, `[null]`, `[{}]`, `"x"`, `1e1000000000`,
		"[" + eff("setDiscountPerItem", `{"name":"n","value":"1e-1000","position":3.0,"extra":{"deep":[[[]]]}}`) + "]",
		"[" + eff("set", `{"path":"p","value":null,"subPosition":null}`) + "]",
		"[" + eff("unknownThing", `{"a":"\ud800"}`) + "]",
		"[" + eff("rejectCoupon", `{"value":"\u00e9\u2028"}`) + "]",
		`[{"campaignId":1e2,"rulesetId":2.0,"ruleIndex":0,"ruleName":"r","effectType":"updateAttribute","props":{"value":1}}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, data)
		list, err := DecodeList(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrMalformed) {
				t.Fatalf("DecodeList error %v (%T) is not a decoding *Error", err, err)
			}
			// A syntax error says encoding/json's words after the position.
			if jerr := json.Unmarshal(data, new(json.RawMessage)); jerr != nil && len(bytes.TrimSpace(data)) > 0 && !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) &&
				(e.Kind != ErrSyntax || !strings.HasSuffix(e.Details, ": "+jerr.Error())) {
				t.Fatalf("%q: error %v; encoding/json says %v", data, err, jerr)
			}
			return
		}
		out, err := EncodeList(list)
		if err != nil {
			t.Fatalf("EncodeList of decoded %q: %v", data, err)
		}
		again, err := DecodeList(out)
		if err != nil {
			t.Fatalf("DecodeList of encoded %q: %v", out, err)
		}
		out2, err := EncodeList(again)
		if err != nil {
			t.Fatalf("EncodeList again: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("encoding is not stable:\n%s\n%s", out, out2)
		}
	})
}
