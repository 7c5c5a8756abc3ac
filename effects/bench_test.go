package effects

import (
	"encoding/json"
	"strings"
	"testing"
)

// tenEffects is a response object holding 10 effects of different types,
// the document of the DecodeList benchmark pair.
func tenEffects(b *testing.B) []byte {
	examples := specExamples(b)
	pick := []Type{
		TypeAcceptCoupon, TypeSetDiscount, TypeSetDiscountPerItem, TypeSetDiscountPerAdditionalCost,
		TypeAddFreeItem, TypeAddLoyaltyPoints, TypeRejectCoupon, TypeShowNotification, TypeSet, TypeCustomEffect,
	}
	var parts []string
	for _, typ := range pick {
		for _, ex := range examples {
			if ex.typ == typ {
				parts = append(parts, eff(string(typ), ex.props))
			}
		}
	}
	if len(parts) != 10 {
		b.Fatalf("%d effects, want 10", len(parts))
	}
	return []byte(`{"effects":[` + strings.Join(parts, ",") + `],"createdCoupons":[],"createdReferrals":[]}`)
}

// BenchmarkDecodeList decodes a response object holding 10 effects of
// different types. BenchmarkDecodeListEncodingJSON is its yardstick, run
// side by side: go test ./effects -run '^$' -bench 'DecodeList'.
func BenchmarkDecodeList(b *testing.B) {
	data := tenEffects(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		list, err := DecodeList(data)
		if err != nil || len(list) != 10 {
			b.Fatal(len(list), err)
		}
	}
}

// BenchmarkDecodeListEncodingJSON decodes the same document with
// encoding/json into generic maps (json.Unmarshal into any, floats for
// numbers): what DecodeList's typed, exact decoding is measured against.
func BenchmarkDecodeListEncodingJSON(b *testing.B) {
	data := tenEffects(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		if list, _ := v["effects"].([]any); len(list) != 10 {
			b.Fatal(len(list))
		}
	}
}

// BenchmarkEncodeList encodes the same 10 effects.
func BenchmarkEncodeList(b *testing.B) {
	var parts []string
	for _, ex := range specExamples(b)[:10] {
		parts = append(parts, eff(string(ex.typ), ex.props))
	}
	list, err := DecodeList([]byte("[" + strings.Join(parts, ",") + "]"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeList(list); err != nil {
			b.Fatal(err)
		}
	}
}
