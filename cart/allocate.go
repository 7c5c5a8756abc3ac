package cart

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Target is one recipient of an allocation: its weight, the most it can take
// (its cap), and the content that breaks ties between equal remainders.
type Target struct {
	// Weight is the target's share of the amount; typically its remaining
	// value. When every open target weighs zero they share equally.
	Weight int64
	// Cap is the most minor units the target can take; typically its
	// remaining value, so that nothing goes below zero.
	Cap int64
	// SKU, Base, Name, Position and SubPosition break ties between equal
	// remainders: the larger weight first, then SKU, then the larger Base
	// (the price before any discount), then Name (of an additional cost),
	// then position and sub-position. Two units that tie on all but position
	// are interchangeable, so the result never depends on line order or on
	// how a quantity was split into lines.
	SKU         string
	Base        int64
	Name        string
	Position    int32
	SubPosition int32
}

// Allocate splits amount minor units over targets in proportion to their
// weights with the largest-remainder method, never giving a target more than
// its cap; what a capped target cannot absorb goes to the others (water
// filling). The parts sum exactly to amount − unapplied, and unapplied is
// what could not be placed because every cap was reached. A negative amount
// places nothing and is returned as unapplied.
func Allocate(amount int64, targets []Target) (parts []int64, unapplied int64) {
	parts = make([]int64, len(targets))
	return parts, AllocateInto(parts, amount, targets)
}

// stackTargets is how many targets AllocateInto handles without allocating.
const stackTargets = 128

// AllocateInto is Allocate writing into parts, which must have the length of
// targets. It allocates nothing for up to 128 targets.
func AllocateInto(parts []int64, amount int64, targets []Target) (unapplied int64) {
	var weightBuf, capBuf [stackTargets]int64
	weights, caps := weightBuf[:0], capBuf[:0]
	if len(targets) > stackTargets {
		weights = make([]int64, 0, len(targets))
		caps = make([]int64, 0, len(targets))
	}
	for i := range targets {
		weights = append(weights, targets[i].Weight)
		caps = append(caps, targets[i].Cap)
	}
	var remBuf, keyBuf [stackTargets]uint64
	var idxBuf, tieBuf [stackTargets]int32
	s := allocScratch{rems: remBuf[:0], keys: keyBuf[:0], idx: idxBuf[:0], ties: tieBuf[:0]}
	return allocate(&s, parts, amount, weights, caps, func(a, b int32) int { return compareContent(&targets[a], &targets[b]) })
}

// allocScratch is the working space of allocate: slices whose capacity it
// uses, growing them (and keeping the grown ones) when it needs more.
type allocScratch struct {
	rems, keys []uint64
	idx, ties  []int32
}

// allocate is AllocateInto over the targets' weights and caps; content
// orders two targets that tie on remainder and weight (it is called only
// for those, so building what it compares may be slow). weights and caps
// may be the same slice, which is the common case (a discount by what
// remains, capped by the same) and the fast one.
func allocate(s *allocScratch, parts []int64, amount int64, weights, caps []int64, content func(a, b int32) int) (unapplied int64) {
	n := len(weights)
	parts = parts[:n]
	if amount <= 0 {
		clear(parts)
		return amount
	}
	const open = -1
	var capTotal, weightTotal uint64
	capsSaturated, weightsOverflow := false, false
	sameSlice := n > 0 && &weights[0] == &caps[0]
	for i, c := range caps[:n] {
		if c <= 0 {
			parts[i] = 0
			continue
		}
		parts[i] = open
		capTotal += uint64(c)
		if capTotal > math.MaxInt64 {
			capTotal, capsSaturated = math.MaxInt64, true
		}
	}
	// The open targets' weights; weights that are the caps can overflow
	// only where the caps saturate, and are summed only then.
	if !sameSlice || capsSaturated {
		for i, w := range weights[:n] {
			if caps[i] > 0 {
				var carry uint64
				weightTotal, carry = bits.Add64(weightTotal, uint64(max(w, 0)), 0)
				weightsOverflow = weightsOverflow || carry != 0
			}
		}
	}
	if !capsSaturated && uint64(amount) >= capTotal {
		for i, c := range caps[:n] {
			parts[i] = max(c, 0)
		}
		return amount - int64(capTotal)
	}

	left := uint64(amount)
	// Weights that sum beyond 64 bits are scaled down: n weights below 2^63,
	// each shifted right by bits.Len(n), sum below 2^63.
	var shift uint
	if weightsOverflow {
		shift = uint(bits.Len(uint(n)))
	}
	weight := func(i int, equal bool) uint64 {
		if equal {
			return 1
		}
		return uint64(max(weights[i], 0)) >> shift
	}
	var total uint64
	equal := false
	direct := sameSlice && !capsSaturated && !weightsOverflow
	if direct {
		// Weights equal to caps: every open target's share,
		// amount·cap/capTotal, is below its cap because amount < capTotal,
		// so none is fixed at its cap and the total is capTotal.
		total = capTotal
	} else {
		for {
			total, equal = 0, false
			for i := range n {
				if parts[i] == open {
					total += weight(i, false)
				}
			}
			if total == 0 {
				equal = true
				for i := range n {
					if parts[i] == open {
						total++
					}
				}
			}
			// Every target whose proportional share reaches its cap takes
			// the cap. Fixing one only raises the others' shares, so all of
			// this round's can be fixed together.
			fixed := false
			for i := range n {
				if parts[i] != open {
					continue
				}
				shareHi, shareLo := bits.Mul64(left, weight(i, equal))
				capHi, capLo := bits.Mul64(uint64(caps[i]), total)
				if shareHi > capHi || (shareHi == capHi && shareLo >= capLo) {
					parts[i] = caps[i]
					left -= uint64(caps[i])
					fixed = true
				}
			}
			if !fixed {
				break
			}
		}
	}

	if cap(s.rems) < n {
		s.rems = make([]uint64, 0, n)
	}
	if cap(s.idx) < n {
		s.idx = make([]int32, 0, n)
	}
	if cap(s.keys) < n {
		s.keys = make([]uint64, 0, n)
	}
	// keys are the candidates' remainders, collected here for giveExtra's
	// selection rather than in a pass of their own. The candidates are
	// written by index into slices of n, which the compiler checks once
	// rather than at every append.
	rems, idx, keys := s.rems[:n], s.idx[:n], s.keys[:n]
	parts, caps = parts[:n], caps[:n]
	k := 0
	placed := uint64(0)
	for i := range n {
		if parts[i] != open {
			continue
		}
		w := uint64(caps[i]) // the weight when direct: the cap, which is positive
		if !direct {
			w = weight(i, equal)
		}
		hi, lo := bits.Mul64(left, w)
		q, r := bits.Div64(hi, lo, total)
		parts[i] = int64(q)
		placed += q
		rems[i] = r
		if r > 0 {
			idx[k], keys[k] = int32(i), r
			k++
		}
	}
	idx, keys = idx[:k], keys[:k]
	extra := int(left - placed)
	if extra > 0 {
		giveExtra(s, parts, weights, rems, idx, keys, extra, content)
	}
	return 0
}

// giveExtra gives one more minor unit to each of the extra candidates (idx)
// with the largest remainders; keys are the candidates' remainders, in any
// order (giveExtra reorders them). Only the candidates that tie on the deciding
// remainder are ordered, by the larger weight and then by content, which
// keeps the common case free of string comparisons.
func giveExtra(s *allocScratch, parts, weights []int64, rems []uint64, idx []int32, keys []uint64, extra int, content func(a, b int32) int) {
	if cap(s.ties) < len(idx) {
		s.ties = make([]int32, 0, len(idx))
	}
	threshold := kthLargest(keys, extra)
	ties := s.ties[:0]
	for _, i := range idx {
		switch r := rems[i]; {
		case r > threshold:
			parts[i]++
			extra--
		case r == threshold:
			ties = append(ties, i)
		}
	}
	if extra == len(ties) {
		for _, i := range ties {
			parts[i]++
		}
		return
	}
	slices.SortFunc(ties, func(a, b int32) int {
		if c := cmp.Compare(weights[b], weights[a]); c != 0 {
			return c
		}
		return content(a, b)
	})
	for _, i := range ties[:extra] {
		parts[i]++
	}
}

// CompareTies orders two targets by content, as Allocate breaks ties
// between equal remainders: the larger weight, then SKU, then the larger
// base, then name, then position and sub-position. Other choices among
// units that must not depend on line order (the rules' cheapest and
// mostExpensive, among equal prices) use it too.
func CompareTies(a, b *Target) int { return compareContent(a, b) }

// compareContent orders targets that tie on remainder: the larger weight,
// then SKU, then the larger base, then name, then position.
func compareContent(ta, tb *Target) int {
	if c := cmp.Compare(tb.Weight, ta.Weight); c != 0 {
		return c
	}
	if c := strings.Compare(ta.SKU, tb.SKU); c != 0 {
		return c
	}
	if c := cmp.Compare(tb.Base, ta.Base); c != 0 {
		return c
	}
	if c := strings.Compare(ta.Name, tb.Name); c != 0 {
		return c
	}
	if c := cmp.Compare(ta.Position, tb.Position); c != 0 {
		return c
	}
	return cmp.Compare(ta.SubPosition, tb.SubPosition)
}

// kthLargest returns the k-th largest of keys (1-based), reordering keys.
func kthLargest(keys []uint64, k int) uint64 {
	lo, hi, want := 0, len(keys)-1, k-1
	for lo < hi {
		pivot := keys[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for keys[i] > pivot {
				i++
			}
			for keys[j] < pivot {
				j--
			}
			if i <= j {
				keys[i], keys[j] = keys[j], keys[i]
				i++
				j--
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return keys[want]
		}
	}
	return keys[want]
}
