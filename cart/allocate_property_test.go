package cart

import (
	"cmp"
	"math/big"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Properties of Allocate that hold whatever the algorithm: none of them
// recomputes the allocation the way Allocate does.

// checkProportional checks that parts are proportional to the weights
// within one minor unit, with caps filled first (water filling):
//
//   - two targets below their caps get the same amount per unit of weight,
//     within one minor unit each: |pᵢwⱼ − pⱼwᵢ| < wᵢ + wⱼ;
//   - a target held at its cap would not have got more unheld, within one
//     minor unit: capⱼ/wⱼ < (pᵢ+1)/wᵢ + 1/wⱼ for any target i below its cap;
//   - a target of zero weight gets nothing while a target of positive
//     weight is below its cap; when none is, the open targets share equally
//     (every weight counts as 1).
//
// Weights here are far from the sums beyond 64 bits that Allocate scales
// down.
func checkProportional(t *rapid.T, targets []Target, parts []int64) {
	t.Helper()
	var below, held []int // targets with a positive cap, below it or at it
	equal := true
	for i, tg := range targets {
		if tg.Cap <= 0 {
			continue
		}
		if parts[i] < tg.Cap {
			below = append(below, i)
			if tg.Weight > 0 {
				equal = false
			}
		} else {
			held = append(held, i)
		}
	}
	weight := func(i int) int64 {
		if equal {
			if targets[i].Weight > 0 {
				return 0 // held at its cap: not among the equal shares
			}
			return 1
		}
		return max(targets[i].Weight, 0)
	}
	mul := func(a, b int64) *big.Int { return new(big.Int).Mul(big.NewInt(a), big.NewInt(b)) }
	for _, i := range below {
		wi := weight(i)
		if wi == 0 {
			if parts[i] != 0 {
				t.Fatalf("target %d (weight %d) got %d while a target of positive weight is below its cap", i, targets[i].Weight, parts[i])
			}
			continue
		}
		for _, j := range below {
			wj := weight(j)
			if j <= i || wj == 0 {
				continue
			}
			d := new(big.Int).Sub(mul(parts[i], wj), mul(parts[j], wi))
			if d.Abs(d).Cmp(big.NewInt(wi+wj)) >= 0 {
				t.Fatalf("targets %d and %d, both below their caps: %d for weight %d and %d for weight %d are not proportional within a minor unit",
					i, j, parts[i], wi, parts[j], wj)
			}
		}
		for _, j := range held {
			wj := weight(j)
			if wj == 0 {
				continue
			}
			// capⱼ·wᵢ < (pᵢ+1)·wⱼ + wᵢ
			if mul(targets[j].Cap, wi).Cmp(new(big.Int).Add(mul(parts[i]+1, wj), big.NewInt(wi))) >= 0 {
				t.Fatalf("target %d is held at its cap %d (weight %d) though target %d, below its cap, got %d for weight %d: the cap was not reached",
					j, targets[j].Cap, wj, i, parts[i], wi)
			}
		}
	}
}

// genTargets draws 0–40 targets; weights may be zero or negative, caps zero
// or negative, and SKUs and positions repeat so that content ties. Half the
// lists have few weights and SKUs, so that equal remainders are common and
// the tie order decides.
func genTargets(t *rapid.T, maxCap int64) []Target {
	targets := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) Target {
		return Target{
			Weight:   rapid.OneOf(rapid.Int64Range(-5, 1_000_000), rapid.Int64Range(0, 3)).Draw(t, "weight"),
			Cap:      rapid.Int64Range(-5, maxCap).Draw(t, "cap"),
			SKU:      rapid.SampledFrom([]string{"A", "B", "C"}).Draw(t, "sku"),
			Base:     rapid.Int64Range(0, 2).Draw(t, "base"),
			Position: rapid.Int32Range(0, 3).Draw(t, "position"),
		}
	}), 0, 40).Draw(t, "targets")
	if rapid.Bool().Draw(t, "many ties") {
		for i := range targets {
			targets[i].Weight = rapid.Int64Range(0, 2).Draw(t, "small weight")
			targets[i].SKU = rapid.SampledFrom([]string{"A", "B"}).Draw(t, "sku")
		}
	}
	return targets
}

func TestPropertyAllocationIsProportionalWithinAMinorUnit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		targets := genTargets(t, 10_000)
		switch rapid.IntRange(0, 2).Draw(t, "shape") {
		case 1: // weighted by what remains, as a cart's discounts are
			for i := range targets {
				targets[i].Weight = max(targets[i].Cap, 0)
			}
		case 2: // small weights, so that few targets reach their caps
			for i := range targets {
				targets[i].Weight = rapid.Int64Range(0, 10).Draw(t, "small weight")
			}
		}
		var caps int64
		for _, tg := range targets {
			caps += max(tg.Cap, 0)
		}
		amount := genAmount(t, caps)
		parts, unapplied := Allocate(amount, targets)
		checkAllocation(t, amount, targets, parts, unapplied, caps)
		checkProportional(t, targets, parts)
	})
}

// byDocumentedTieOrder orders two targets as Target's documentation says
// ties are broken: the larger weight, then SKU, then the larger Base, then
// Name, then position and sub-position.
func byDocumentedTieOrder(a, b Target) int {
	if a.Weight != b.Weight {
		return cmp.Compare(b.Weight, a.Weight)
	}
	if a.SKU != b.SKU {
		return strings.Compare(a.SKU, b.SKU)
	}
	if a.Base != b.Base {
		return cmp.Compare(b.Base, a.Base)
	}
	if a.Name != b.Name {
		return strings.Compare(a.Name, b.Name)
	}
	if a.Position != b.Position {
		return cmp.Compare(a.Position, b.Position)
	}
	return cmp.Compare(a.SubPosition, b.SubPosition)
}

// With no cap in reach, Allocate is the largest-remainder method: each
// target gets the floor of its exact share amount·w/W or one more, the
// ones more go to the largest remainders, and equal remainders go in the
// documented tie order.
func TestPropertyAllocationWithoutCapsIsLargestRemainder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		targets := genTargets(t, 1)
		amount := rapid.OneOf(rapid.Int64Range(0, 100_000), rapid.Int64Range(0, 10)).Draw(t, "amount")
		var open []int
		var total int64
		for i := range targets {
			if targets[i].Cap > 0 || rapid.Bool().Draw(t, "open") {
				targets[i].Cap = amount + 1 + rapid.Int64Range(0, 5).Draw(t, "cap above the amount")
				open = append(open, i)
				total += max(targets[i].Weight, 0)
			}
		}
		parts, unapplied := Allocate(amount, targets)
		if len(open) == 0 {
			if unapplied != amount {
				t.Fatalf("no open target: unapplied %d, want %d", unapplied, amount)
			}
			return
		}
		if unapplied != 0 {
			t.Fatalf("unapplied %d with every cap above the amount", unapplied)
		}
		weight := func(i int) int64 {
			if total == 0 {
				return 1
			}
			return max(targets[i].Weight, 0)
		}
		w := total
		if w == 0 {
			w = int64(len(open))
		}
		type share struct {
			i     int
			floor int64
			rem   int64
		}
		var shares []share
		var sum int64
		for _, i := range open {
			exact := new(big.Int).Mul(big.NewInt(amount), big.NewInt(weight(i)))
			q, r := new(big.Int).QuoRem(exact, big.NewInt(w), new(big.Int))
			shares = append(shares, share{i, q.Int64(), r.Int64()})
			sum += parts[i]
		}
		if sum != amount {
			t.Fatalf("parts sum to %d, want %d", sum, amount)
		}
		// Largest remainder first, then the documented tie order: the
		// first (amount − Σ floors) of that order get one more.
		slices.SortStableFunc(shares, func(a, b share) int {
			if a.rem != b.rem {
				return cmp.Compare(b.rem, a.rem)
			}
			return byDocumentedTieOrder(targets[a.i], targets[b.i])
		})
		extra := amount
		for _, s := range shares {
			extra -= s.floor
		}
		for _, s := range shares {
			if parts[s.i] != s.floor && parts[s.i] != s.floor+1 {
				t.Fatalf("target %d got %d, not the floor %d of its share or one more", s.i, parts[s.i], s.floor)
			}
		}
		// The first extra shares in that order get one more. Targets equal
		// in remainder and in all the tie order compares are
		// interchangeable, so each run of them is checked as a whole.
		for k := 0; k < len(shares); {
			end := k + 1
			for end < len(shares) && shares[end].rem == shares[k].rem && byDocumentedTieOrder(targets[shares[end].i], targets[shares[k].i]) == 0 {
				end++
			}
			var got, want int64
			for m := k; m < end; m++ {
				got += parts[shares[m].i] - shares[m].floor
				if int64(m) < extra {
					want++
				}
			}
			if got != want {
				s := shares[k]
				t.Fatalf("target %d (weight %d, remainder %d/%d, %d like it): %d more than the floor of its share, want %d", s.i, targets[s.i].Weight, s.rem, w, end-k-1, got, want)
			}
			k = end
		}
		for i := range targets {
			if targets[i].Cap <= 0 && parts[i] != 0 {
				t.Fatalf("target %d with cap %d got %d", i, targets[i].Cap, parts[i])
			}
		}
	})
}

// The order of the targets does not change what each gets: a permuted list
// gives every target the same part (targets that are equal in everything
// may swap theirs).
func TestPropertyAllocationDoesNotDependOnTargetOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		targets := genTargets(t, 10_000)
		var caps int64
		for _, tg := range targets {
			caps += max(tg.Cap, 0)
		}
		amount := genAmount(t, caps)
		order := rapid.Permutation(func() []int {
			idx := make([]int, len(targets))
			for i := range idx {
				idx[i] = i
			}
			return idx
		}()).Draw(t, "order")
		permuted := make([]Target, len(targets))
		for k, i := range order {
			permuted[k] = targets[i]
		}
		parts, unapplied := Allocate(amount, targets)
		pparts, punapplied := Allocate(amount, permuted)
		if unapplied != punapplied {
			t.Fatalf("unapplied %d in one order, %d in the other", unapplied, punapplied)
		}
		type got struct {
			Target
			part int64
		}
		var a, b []got
		for i := range targets {
			a = append(a, got{targets[i], parts[i]})
		}
		for k, i := range order {
			b = append(b, got{targets[i], pparts[k]})
		}
		byContent := func(x, y got) int { return byDocumentedTieOrder(x.Target, y.Target) }
		slices.SortStableFunc(a, byContent)
		slices.SortStableFunc(b, byContent)
		// Targets equal in everything ties are broken by may trade parts
		// (their caps may differ): each run of them must get the same sum.
		for k := 0; k < len(a); {
			end := k + 1
			for end < len(a) && byContent(a[end], a[k]) == 0 {
				end++
			}
			var x, y int64
			for m := k; m < end; m++ {
				if byContent(b[m], a[k]) != 0 {
					t.Fatalf("the permuted targets are not the same targets: %v, %v", a[m], b[m])
				}
				x += a[m].part
				y += b[m].part
			}
			if x != y {
				t.Fatalf("targets like %+v get %d in one order, %d in the other:\n%v\n%v", a[k].Target, x, y, a, b)
			}
			k = end
		}
	})
}

// A cart discount keeps the proportions over the units it is spread on.
func TestPropertyCartDiscountIsProportionalToWhatRemains(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := cartOf(t, genCurrency.Draw(t, "currency"), genItems.Draw(t, "items"))
		charges := priceCharges(c)
		amount := genAmount(t, c.Totals().CartItems)
		targets := make([]Target, len(charges))
		for i, ch := range charges {
			targets[i] = Target{Weight: c.Charges()[ch].Remaining(), Cap: c.Charges()[ch].Remaining()}
		}
		c.Discount(campaign(1, "off"), amount, charges)
		parts := make([]int64, len(charges))
		for i, ch := range charges {
			parts[i] = c.Charges()[ch].Discount
		}
		checkProportional(t, targets, parts)
	})
}
