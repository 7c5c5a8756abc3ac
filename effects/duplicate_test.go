package effects

import (
	"errors"
	"strings"
	"testing"
)

// checkError fails unless err is the *Error of kind with exactly msg.
func checkError(t *testing.T, err error, kind error, pointer, msg string) {
	t.Helper()
	e := asError(t, err)
	if e.Error() != msg || e.Source.Pointer != pointer || e.Kind != kind || !errors.Is(err, ErrMalformed) {
		t.Errorf("error %q (pointer %q, kind %v)\nwant  %q (pointer %q, kind %v)", e.Error(), e.Source.Pointer, e.Kind, msg, pointer, kind)
	}
}

func TestDecodeListRefusesDuplicateKeys(t *testing.T) {
	envelope := `"campaignId":1,"rulesetId":2,"ruleIndex":0,"ruleName":"r"`
	tests := []struct{ name, in, pointer, msg string }{
		{"effectType", "[{" + envelope + ",\n\"effectType\":\"setDiscount\",\"effectType\":\"acceptCoupon\",\"props\":{\"value\":\"A\"}}]",
			"/0/effectType", `/0/effectType: line 2, column 28: duplicate key "effectType" (first at line 2, column 1)`},
		{"a props value", "{\"effects\": [\n  " + eff("acceptCoupon", `{"value":"A","value":"B"}`) + "]}",
			"/effects/0/props/value", `/effects/0/props/value: line 2, column 111: duplicate key "value" (first at line 2, column 99)`},
		{"props", "[{" + envelope + `,"effectType":"acceptCoupon","props":{"value":"A"},"props":{"value":"B"}}]`,
			"/0/props", `/0/props: line 1, column 111: duplicate key "props" (first at line 1, column 89)`},
		{"effects", `{"effects":[],"effects":[]}`,
			"/effects", `/effects: line 1, column 15: duplicate key "effects" (first at line 1, column 2)`},
		{"a nested object", "[" + eff("setDiscountPerAdditionalCostPerItem", `{"name":"n","value":1,"position":0,"subPosition":0,"additionalCostId":1,"additionalCost":"x","nested":{"a":1,"a":2}}`) + "]",
			"/0/props/nested/a", ""},
		{"a long key", "[" + eff("acceptCoupon", `{"value":"A","`+strings.Repeat("k", 1<<20)+`":1,"`+strings.Repeat("k", 1<<20)+`":2}`) + "]",
			"/0/props/" + strings.Repeat("k", 32) + "…", `/0/props/` + strings.Repeat("k", 32) + `…: line 1, column 1048691: duplicate key "` + strings.Repeat("k", 64) + `"… (1048576 bytes) (first at line 1, column 110)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeList([]byte(tt.in))
			if tt.msg == "" { // an Extra member's value: not looked into
				if err != nil {
					t.Errorf("err = %v", err)
				}
				return
			}
			checkError(t, err, ErrDuplicate, tt.pointer, tt.msg)
			if len(tt.msg) > 250 {
				t.Errorf("the message is %d bytes long", len(tt.msg))
			}
		})
	}
}

func TestUnmarshalRefusesDuplicateKeys(t *testing.T) {
	var e Effect
	err := e.UnmarshalJSON([]byte(eff("acceptCoupon", `{"value":"A",`+"\n"+`"value":"B"}`)))
	checkError(t, err, ErrDuplicate, "/props/value", `/props/value: line 2, column 1: duplicate key "value" (first at line 1, column 97)`)
	_, err = UnmarshalProps(TypeSetDiscount, []byte(`{"name":"a","value":1,"name":"b"}`))
	checkError(t, err, ErrDuplicate, "/name", `/name: line 1, column 23: duplicate key "name" (first at line 1, column 2)`)
}

func TestSyntaxErrorsSayWhere(t *testing.T) {
	tests := []struct{ name, in, msg string }{
		{"byte order mark", "\ufeff[]", "malformed JSON: line 1, column 1: the document starts with a byte order mark (U+FEFF); send JSON without it"},
		{"two documents", "[]\n[]", "malformed JSON: line 2, column 1: invalid character '[' after top-level value"},
		{"a comment", "[\n  // none\n]", "malformed JSON: line 2, column 3 (in /0): invalid character '/' looking for beginning of value"},
		{"single quotes", `{'effects': []}`, "malformed JSON: line 1, column 2: invalid character '\\'' looking for beginning of object key string"},
		{"a trailing comma", "{\"effects\": [\n  {\"campaignId\": 1,}]}", "malformed JSON: line 2, column 20 (in /effects/0): invalid character '}' looking for beginning of object key string"},
		{"NaN", "[{\"campaignId\": NaN}]", "malformed JSON: line 1, column 17 (in /0/campaignId): invalid character 'N' looking for beginning of value"},
		{"NUL", "[]\x00", "malformed JSON: line 1, column 3: invalid character '\\x00' after top-level value"},
		{"a control character", "[{\"ruleName\": \"a\nb\"}]", "malformed JSON: line 1, column 17 (in /0/ruleName): invalid character '\\n' in string literal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeList([]byte(tt.in))
			checkError(t, err, ErrSyntax, "", tt.msg)
		})
	}
	var e Effect
	checkError(t, e.UnmarshalJSON([]byte("{\n\"props\": {]}")), ErrSyntax, "", "malformed JSON: line 2, column 11 (in /props): invalid character ']' looking for beginning of object key string")
	_, err := UnmarshalProps(TypeSetDiscount, []byte("\ufeff{}"))
	checkError(t, err, ErrSyntax, "", "malformed JSON: line 1, column 1: the document starts with a byte order mark (U+FEFF); send JSON without it")
}
