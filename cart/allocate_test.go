package cart

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAllocate(t *testing.T) {
	tests := []struct {
		name          string
		amount        int64
		targets       []Target
		wantParts     []int64
		wantUnapplied int64
	}{
		{
			name:   "ten cents over three equal lines: the extra cent goes to the first SKU",
			amount: 10,
			targets: []Target{
				{Weight: 100, Cap: 100, SKU: "C", Position: 0},
				{Weight: 100, Cap: 100, SKU: "A", Position: 1},
				{Weight: 100, Cap: 100, SKU: "B", Position: 2},
			},
			wantParts: []int64{3, 4, 3},
		},
		{
			name:      "one cent over two equal lines is not lost",
			amount:    1,
			targets:   []Target{{Weight: 500, Cap: 500, SKU: "X", Position: 0}, {Weight: 500, Cap: 500, SKU: "X", Position: 1}},
			wantParts: []int64{1, 0},
		},
		{
			name:          "more than the cart: every cap reached, the rest reported",
			amount:        1000,
			targets:       []Target{{Weight: 300, Cap: 300}, {Weight: 200, Cap: 200}},
			wantParts:     []int64{300, 200},
			wantUnapplied: 500,
		},
		{
			name:   "a capped target passes the rest on (water filling)",
			amount: 100,
			// Weighted by price but capped by what is left: the first can
			// take only 10 of its 50-share.
			targets:   []Target{{Weight: 100, Cap: 10, SKU: "A"}, {Weight: 100, Cap: 1000, SKU: "B"}},
			wantParts: []int64{10, 90},
		},
		{
			name:      "zero weights share equally",
			amount:    5,
			targets:   []Target{{Cap: 10, SKU: "A"}, {Cap: 10, SKU: "B"}},
			wantParts: []int64{3, 2},
		},
		{
			name:      "zero cap takes nothing",
			amount:    5,
			targets:   []Target{{Weight: 10, Cap: 0, SKU: "A"}, {Weight: 10, Cap: 10, SKU: "B"}},
			wantParts: []int64{0, 5},
		},
		{
			name:      "larger weight wins a tie of remainders",
			amount:    1,
			targets:   []Target{{Weight: 100, Cap: 100, SKU: "A"}, {Weight: 300, Cap: 300, SKU: "B"}},
			wantParts: []int64{0, 1},
		},
		{
			name:          "negative amount places nothing",
			amount:        -5,
			targets:       []Target{{Weight: 1, Cap: 1}},
			wantParts:     []int64{0},
			wantUnapplied: -5,
		},
		{
			name:      "huge amounts do not overflow the proportion",
			amount:    9_000_000_000_000_000_000,
			targets:   []Target{{Weight: 9_000_000_000_000_000_000, Cap: 9_000_000_000_000_000_000, SKU: "A"}, {Weight: 9_000_000_000_000_000_000, Cap: 9_000_000_000_000_000_000, SKU: "B"}},
			wantParts: []int64{4_500_000_000_000_000_000, 4_500_000_000_000_000_000},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, unapplied := Allocate(tt.amount, tt.targets)
			if diff := cmp.Diff(tt.wantParts, parts); diff != "" {
				t.Errorf("parts (-want +got):\n%s", diff)
			}
			if unapplied != tt.wantUnapplied {
				t.Errorf("unapplied = %d, want %d", unapplied, tt.wantUnapplied)
			}
		})
	}
}

// Weights whose sum does not fit in 64 bits (Allocate is exported, and
// ChargeTarget is meant for callers that allocate by other weights) must
// still give parts that sum to the amount, none negative, none above its cap,
// and must never panic.
func TestAllocateWithWeightsThatSumBeyond64Bits(t *testing.T) {
	const big = math.MaxInt64
	tests := []struct {
		name          string
		amount        int64
		targets       []Target
		wantParts     []int64
		wantUnapplied int64
	}{
		{
			name:      "three maximal weights share three cents",
			amount:    3,
			targets:   []Target{{Weight: big, Cap: big, SKU: "A"}, {Weight: big, Cap: big, SKU: "B"}, {Weight: big, Cap: big, SKU: "C"}},
			wantParts: []int64{1, 1, 1},
		},
		{
			name:      "two maximal weights and a tiny one",
			amount:    10,
			targets:   []Target{{Weight: big, Cap: big, SKU: "A"}, {Weight: big, Cap: big, SKU: "B"}, {Weight: 3, Cap: 3, SKU: "C"}},
			wantParts: []int64{5, 5, 0},
		},
		{
			name:      "a thousand over maximal weights with small caps",
			amount:    1000,
			targets:   []Target{{Weight: big, Cap: 5, SKU: "A"}, {Weight: big, Cap: big, SKU: "B"}, {Weight: 3, Cap: big, SKU: "C"}},
			wantParts: []int64{5, 995, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []int64
			var unapplied int64
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("Allocate panicked: %v", r)
					}
				}()
				parts, unapplied = Allocate(tt.amount, tt.targets)
			}()
			if diff := cmp.Diff(tt.wantParts, parts); diff != "" {
				t.Errorf("parts (-want +got):\n%s", diff)
			}
			if unapplied != tt.wantUnapplied {
				t.Errorf("unapplied = %d, want %d", unapplied, tt.wantUnapplied)
			}
		})
	}
}

// Caps that sum beyond int64 must not be mistaken for "everything fits":
// the parts would then sum to more than the amount.
func TestAllocateWithCapsThatSumBeyondInt64(t *testing.T) {
	parts, unapplied := Allocate(math.MaxInt64, []Target{{Weight: 1, Cap: math.MaxInt64, SKU: "A"}, {Weight: 1, Cap: 1, SKU: "B"}})
	if diff := cmp.Diff([]int64{math.MaxInt64 - 1, 1}, parts); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
	if unapplied != 0 {
		t.Errorf("unapplied = %d, want 0", unapplied)
	}
}

func TestAllocateOverNoTargets(t *testing.T) {
	parts, unapplied := Allocate(10, nil)
	if len(parts) != 0 || unapplied != 10 {
		t.Errorf("Allocate(10, nil) = %v, %d; want [], 10", parts, unapplied)
	}
}

func TestAllocateIntoOverwritesEarlierParts(t *testing.T) {
	parts := []int64{7, 7, 7}
	unapplied := AllocateInto(parts, 5, []Target{{Weight: 1, Cap: 10, SKU: "A"}, {Weight: 1, Cap: 0, SKU: "B"}, {Weight: 1, Cap: 10, SKU: "C"}})
	if diff := cmp.Diff([]int64{3, 0, 2}, parts); diff != "" || unapplied != 0 {
		t.Errorf("parts (-want +got):\n%s\nunapplied = %d", diff, unapplied)
	}
	AllocateInto(parts, 0, []Target{{Cap: 1}, {Cap: 1}, {Cap: 1}})
	if diff := cmp.Diff([]int64{0, 0, 0}, parts); diff != "" {
		t.Errorf("after a zero amount (-want +got):\n%s", diff)
	}
}
