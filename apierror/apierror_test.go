package apierror_test

import (
	"encoding/json"
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
