package cart

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestRegistryDefineRefusesBadDefinitions(t *testing.T) {
	tests := []struct {
		name   string
		entity Entity
		attr   string
		typ    AttributeType
		want   string
	}{
		{"unknown entity", "Basket", "x", TypeString,
			`unknown attribute: entity "Basket" (expected one of [CustomerSession CartItem CustomerProfile Coupon Referral Campaign])`},
		{"name starting with a digit", EntitySession, "1st", TypeString,
			`attribute name "1st": expected a letter followed by letters, digits or underscores`},
		{"name with a dash", EntitySession, "ship-to", TypeString,
			`attribute name "ship-to": expected a letter followed by letters, digits or underscores`},
		{"unknown type", EntitySession, "x", "integer", `attribute "x": unknown type "integer" (expected string, number, boolean, time, (list string) or (list number))`},
		{"the reserved free-item mark", EntityCartItem, FreeItemAttribute, TypeBoolean, `attribute "cartfxFreeItem" is reserved by cartfx`},
		{"defined twice", EntitySession, "ShippingCity", TypeNumber, `attribute "ShippingCity" is defined twice on CustomerSession`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := testRegistry(t)
			err := reg.Define(tt.entity, tt.attr, tt.typ)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Define = %v, want %q", err, tt.want)
			}
		})
	}
	if err := NewRegistry().Define("Basket", "x", TypeString); !errors.Is(err, ErrUnknownAttribute) {
		t.Errorf("unknown entity error = %v, want ErrUnknownAttribute", err)
	}
}

func TestRegistryLookupAndNames(t *testing.T) {
	reg := testRegistry(t)
	if typ, ok := reg.Lookup(EntitySession, "BasketScore"); !ok || typ != TypeNumber {
		t.Errorf("Lookup(BasketScore) = %q, %v", typ, ok)
	}
	if _, ok := reg.Lookup(EntityCartItem, "BasketScore"); ok {
		t.Errorf("a session attribute was found on cart items")
	}
	if d := diff([]string{"BasketScore", "DeliveryAt", "GiftWrap", "Segments", "ShippingCity"}, reg.Names(EntitySession)); d != "" {
		t.Errorf("Names (-want +got):\n%s", d)
	}
	if d := diff([]string{}, reg.Names(EntityCoupon)); d != "" {
		t.Errorf("Names of an entity without attributes (-want +got):\n%s", d)
	}
}

func TestParseAttributeValue(t *testing.T) {
	tests := []struct {
		typ     AttributeType
		raw     string
		want    any
		wantErr string
	}{
		{typ: TypeString, raw: `"Lyon"`, want: "Lyon"},
		{typ: TypeString, raw: `1`, wantErr: "expected a string, got 1"},
		{typ: TypeNumber, raw: `0.1`, want: decimal.RequireFromString("0.1")},
		{typ: TypeNumber, raw: `"0.1"`, wantErr: `expected a number, got "0.1"`},
		{typ: TypeNumber, raw: `null`, wantErr: "expected a number, got null"},
		{typ: TypeBoolean, raw: `false`, want: false},
		{typ: TypeBoolean, raw: `"true"`, wantErr: `expected true or false, got "true"`},
		{typ: TypeTime, raw: `"2026-11-26T12:00:00.5+01:00"`, want: time.Date(2026, 11, 26, 11, 0, 0, 500_000_000, time.UTC)},
		{typ: TypeTime, raw: `"2026-11-26"`, wantErr: `expected an RFC 3339 time such as 2026-11-26T12:00:00Z, got "2026-11-26"`},
		{typ: TypeStringList, raw: `["a", "b"]`, want: []string{"a", "b"}},
		{typ: TypeStringList, raw: `[]`, want: []string{}},
		{typ: TypeStringList, raw: `"a"`, wantErr: `expected a list of strings, got "a"`},
		{typ: TypeNumberList, raw: `[1, 2.50]`, want: []decimal.Decimal{decimal.NewFromInt(1), decimal.RequireFromString("2.5")}},
		{typ: TypeNumberList, raw: `[1, true]`, wantErr: "item 1: expected a number, got true"},
		{typ: "integer", raw: `1`, wantErr: `unknown attribute type "integer"`},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ)+" "+tt.raw, func(t *testing.T) {
			got, err := ParseAttributeValue(tt.typ, json.RawMessage(tt.raw))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("ParseAttributeValue = %v, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAttributeValue: %v", err)
			}
			if d := diff(tt.want, got); d != "" {
				t.Errorf("value (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseUntypedValueTakesTheTypeTheJSONShows(t *testing.T) {
	tests := []struct {
		raw     string
		want    any
		wantErr string
	}{
		{raw: `"x"`, want: "x"},
		{raw: `12.50`, want: decimal.RequireFromString("12.5")},
		{raw: `true`, want: true},
		{raw: `["a"]`, want: []string{"a"}},
		{raw: `[1, 2]`, want: []decimal.Decimal{decimal.NewFromInt(1), decimal.NewFromInt(2)}},
		{raw: ` "padded" `, want: "padded"},
		{raw: `null`, wantErr: "expected a string, number, boolean, or a list of strings or numbers, got null"},
		{raw: `{"a": 1}`, wantErr: `expected a string, number, boolean, or a list of strings or numbers, got {"a": 1}`},
		{raw: `["a", 1]`, wantErr: `expected a string, number, boolean, or a list of strings or numbers, got ["a", 1]`},
		{raw: ``, wantErr: "expected a value"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := ParseUntypedValue(json.RawMessage(tt.raw))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("ParseUntypedValue = %v, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseUntypedValue: %v", err)
			}
			if d := diff(tt.want, got); d != "" {
				t.Errorf("value (-want +got):\n%s", d)
			}
		})
	}
}
