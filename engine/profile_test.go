package engine

import (
	"strings"
	"testing"
)

func TestParseProfileProblems(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	long := strings.Repeat("t", 1<<20)
	tests := []struct{ name, in, want string }{
		{"not JSON", "{\"attributes\": {\n  \"tier\": 'gold'}}", `invalid input: the body is not valid JSON: line 2, column 11 (in /attributes/tier): invalid character '\'' looking for beginning of value`},
		{"trailing garbage", `{"attributes": {}} x`, `invalid input: the body is not valid JSON: line 1, column 20: invalid character 'x' after top-level value`},
		{"a byte order mark", "\ufeff{}", `invalid input: the body is not valid JSON: line 1, column 1: the document starts with a byte order mark (U+FEFF); send JSON without it`},
		{"not an object", `[]`, `invalid input: expected a profile object such as {"attributes": {"tier": "gold"}}`},
		{"a duplicate attribute", "{\"attributes\": {\"tier\": \"gold\",\n \"tier\": \"silver\"}}", `invalid input: /attributes/tier: line 2, column 2: duplicate key "tier" (first at line 1, column 17)`},
		{"attributes twice in other cases", `{"attributes": {}, "Attributes": {"tier": "gold"}}`, `invalid input: /Attributes: line 1, column 20: duplicate key "Attributes" (first at line 1, column 2)`},
		{"a long unknown name", `{"attributes": {"` + long + `": 1}}`, `invalid customer profile: /attributes/` + strings.Repeat("t", 32) + `…: The attribute "` + strings.Repeat("t", 64) + `"… (1048576 bytes) is not defined on CustomerProfile entities.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := e.ParseProfile([]byte(tt.in))
			if p != nil || err == nil || err.Error() != tt.want {
				t.Errorf("ParseProfile = %v, %.300v\nwant the error %s", p, err, tt.want)
			}
		})
	}
	p, err := e.ParseProfile([]byte(`{"attributes": {"tier": "gold"}, "integrationId": "ann"}`))
	if err != nil || p.Attributes["tier"] != "gold" {
		t.Errorf("ParseProfile = %v, %v", p, err)
	}
}
