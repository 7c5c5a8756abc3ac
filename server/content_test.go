package server

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzTopMember: on every JSON object, topMember finds the responseContent
// that encoding/json decodes into a struct field, byte for byte; on
// anything else it finds none or says it cannot tell.
func FuzzTopMember(f *testing.F) {
	for _, seed := range []string{
		`{}`, ` { } `, `[]`, `"x"`, `{"responseContent": ["customerSession"]}`,
		`{"customerSession": {"responseContent": 1, "a": "}\"{"}, "ResponseContent": [1, {"b": [2]}]}`,
		`{"responseContent": 1, "RESPONSECONTENT": "last"}`,
		`{"responseCont\u0065nt": true, "x": -1.5e3, "y": null, "z": false}`,
		`{"a": "\\", "responseContent":"\"quoted\""}`,
		`{"responſecontent": 1}`,
		`{"responseContent": [1,2]`, `{"responseContent" 1}`, `{"a": 1,}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		raw, ok := topMember(body, "responseContent")
		var whole struct {
			ResponseContent json.RawMessage `json:"responseContent"`
		}
		if bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n"), []byte("{")) && json.Unmarshal(body, &whole) == nil {
			if !ok {
				t.Fatalf("%q: topMember cannot tell; encoding/json finds %q", body, whole.ResponseContent)
			}
			if !bytes.Equal(raw, whole.ResponseContent) {
				t.Fatalf("%q: topMember finds %q, encoding/json %q", body, raw, whole.ResponseContent)
			}
		}
	})
}
