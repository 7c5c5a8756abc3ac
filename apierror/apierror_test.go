package apierror_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/cartfx/cartfx/apierror"
)

func TestResponseEncodesAsTalonOnesErrorResponse(t *testing.T) {
	r := apierror.Response{Message: "invalid customer session", Errors: []apierror.Item{
		{Title: "Required", Details: "a cart item needs a non-empty sku", Source: apierror.Source{Pointer: "/cartItems/0/sku"}},
		{Title: "Malformed", Details: "the body is empty"},
	}}
	b, err := json.Marshal(r)
	want := `{"message":"invalid customer session","errors":[` +
		`{"title":"Required","details":"a cart item needs a non-empty sku","source":{"pointer":"/cartItems/0/sku"}},` +
		`{"title":"Malformed","details":"the body is empty","source":{}}]}`
	if err != nil || string(b) != want {
		t.Errorf("json.Marshal = %s, %v\nwant %s", b, err, want)
	}
	var back apierror.Response
	if err := json.Unmarshal(b, &back); err != nil || back.Message != r.Message || len(back.Errors) != 2 || back.Errors[0] != r.Errors[0] || back.Errors[1] != r.Errors[1] {
		t.Errorf("json.Unmarshal = %+v, %v", back, err)
	}
}

func TestStringListsEveryItem(t *testing.T) {
	tests := []struct {
		r    apierror.Response
		want string
	}{
		{apierror.Response{Message: "invalid input"}, "invalid input"},
		{apierror.Response{Message: "invalid input", Errors: []apierror.Item{{Details: "the body is empty"}}}, "invalid input: the body is empty"},
		{apierror.Response{Message: "m", Errors: []apierror.Item{
			{Details: "a", Source: apierror.Source{Pointer: "/x"}},
			{Details: "b"},
			{Details: "c", Source: apierror.Source{Pointer: "/y/0"}},
		}}, "m: /x: a; b; /y/0: c"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestListKeepsTheFirstItemsAndCountsTheRest(t *testing.T) {
	var l, other apierror.List
	for i := range apierror.MaxItems + 3 {
		l.Add(apierror.Item{Title: "Unknown", Details: strconv.Itoa(i)})
	}
	other.Add(apierror.Item{Title: "Invalid", Details: "x"})
	l.Merge(&other)
	items := l.Items()
	if l.Len() != apierror.MaxItems+4 || len(items) != apierror.MaxItems+1 {
		t.Fatalf("Len %d, %d items; want %d and %d", l.Len(), len(items), apierror.MaxItems+4, apierror.MaxItems+1)
	}
	if got, want := items[apierror.MaxItems-1], (apierror.Item{Title: "Unknown", Details: strconv.Itoa(apierror.MaxItems - 1)}); got != want {
		t.Errorf("last kept item %+v, want %+v", got, want)
	}
	if got, want := items[apierror.MaxItems], (apierror.Item{Title: "Too many problems", Details: "and 4 more problems"}); got != want {
		t.Errorf("summary %+v, want %+v", got, want)
	}
	var small apierror.List
	small.Add(apierror.Item{Details: "only"})
	if got := small.Items(); len(got) != 1 || got[0].Details != "only" {
		t.Errorf("a short list: %+v", got)
	}
}
