package effects

import (
	"strings"
	"testing"
)

// BenchmarkDecodeList decodes a response object holding 10 effects of
// different types.
func BenchmarkDecodeList(b *testing.B) {
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
	data := []byte(`{"effects":[` + strings.Join(parts, ",") + `],"createdCoupons":[],"createdReferrals":[]}`)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		list, err := DecodeList(data)
		if err != nil || len(list) != 10 {
			b.Fatal(len(list), err)
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
