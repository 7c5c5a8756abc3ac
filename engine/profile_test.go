package engine

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cartfx/cartfx/apierror"
	"github.com/google/go-cmp/cmp"
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

// A profile with thousands of problems is answered with the first hundred
// and a count of the rest, in linear time (each object's keys in a map).
func TestParseProfileWithManyProblems(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	var b strings.Builder
	b.WriteString(`{"attributes": {`)
	const n = 50_000
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"a%05d": 1`, i)
	}
	b.WriteString(`}}`)
	_, err := e.ParseProfile([]byte(b.String()))
	var ee *Error
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v, want an *Error", err)
	}
	if len(ee.Errors) != apierror.MaxItems+1 {
		t.Fatalf("%d items, want %d", len(ee.Errors), apierror.MaxItems+1)
	}
	want := []apierror.Item{
		{Title: "Unknown", Details: `The attribute "a00000" is not defined on CustomerProfile entities.`, Source: apierror.Source{Pointer: "/attributes/a00000"}},
		{Title: "Too many problems", Details: fmt.Sprintf("and %d more problems", n-apierror.MaxItems)},
	}
	if diff := cmp.Diff(want, []apierror.Item{ee.Errors[0], ee.Errors[apierror.MaxItems]}); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	// The same keys twice over: the duplicate is found, and said at once.
	_, err = e.ParseProfile([]byte(strings.Replace(b.String(), `}}`, `,"a49999": 2}}`, 1)))
	if want := `/attributes/a49999: line 1, column`; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `duplicate key "a49999"`) {
		t.Errorf("err = %.200v, want a duplicate at %s", err, want)
	}
}
