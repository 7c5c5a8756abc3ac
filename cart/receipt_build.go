package cart

import "sync"

// keyed is a receipt discount while the receipt is built: key stands for a
// campaign and name (receiptScratch.names), so that merging lists compares
// one integer instead of a string and a campaign, and moves 16 bytes
// instead of a ReceiptDiscount's 40.
type keyed struct {
	key    int32
	amount int64
}

// discountName is what a key stands for.
type discountName struct {
	campaignID int64
	name       string
}

// listSpan is a finished list in receiptScratch.lists: [start, end).
type listSpan struct{ start, end int32 }

// pendingList is a receipt field that gets its list once every list is
// known, so that all of them share one array of the exact size.
type pendingList struct {
	dst *[]ReceiptDiscount
	listSpan
}

// receiptScratch is the working space of Receipt, from a pool. Between
// uses it holds no strings and no pointers into a receipt.
type receiptScratch struct {
	// keyOf is the key of each of the cart's adjustment descriptions,
	// names what each key stands for, and byName finds keys when there are
	// many names.
	keyOf  []int32
	names  []discountName
	byName map[discountName]int32

	byCharge [][]keyed
	counts   []int32
	backing  []keyed

	// item and unit are the lists being merged; lists holds the finished
	// ones, pending says where each goes, and groups are the lists of the
	// current line's unit groups.
	item, unit []keyed
	lists      []keyed
	pending    []pendingList
	groups     []listSpan

	// The mergers sum the lists of a line (and of its costs) and of a
	// unit.
	lineM, unitM merger
}

// merger sums discounts into a list by key. With a few keys the lists
// are short and it searches them (addKeyed); with more (stamped), a
// list's search would grow with its length, and an update of a hundred
// discounts over a few hundred units spent half its time there: stamp
// then marks the keys in the list being built (the one begun last) and
// at is where each is. A list must be empty when begun, and be added to
// only through its merger until the next begin.
type merger struct {
	stamped   bool
	stamp, at []int32
	gen       int32
}

// stampedKeys is the number of keys beyond which a merger stamps them
// rather than searching the lists.
const stampedKeys = 16

// reset readies m for lists of keys below keys.
func (m *merger) reset(keys int) {
	m.stamped = keys > stampedKeys
	if !m.stamped {
		return
	}
	if cap(m.stamp) < keys {
		m.stamp, m.at = make([]int32, keys), make([]int32, keys)
	}
	m.stamp, m.at = m.stamp[:keys], m.at[:keys]
	clear(m.stamp)
	m.gen = 0
}

// begin starts a new, empty list.
func (m *merger) begin() { m.gen++ }

// add adds amount to the discount with the key, or appends it.
func (m *merger) add(list []keyed, key int32, amount int64) []keyed {
	if !m.stamped {
		return addKeyed(list, key, amount)
	}
	if m.stamp[key] == m.gen {
		list[m.at[key]].amount += amount
		return list
	}
	m.stamp[key], m.at[key] = m.gen, int32(len(list))
	return append(list, keyed{key: key, amount: amount})
}

// merge adds every discount of more, whose keys are distinct, to list.
func (m *merger) merge(list, more []keyed) []keyed {
	if len(list) == 0 && !m.stamped {
		return append(list, more...)
	}
	if !m.stamped {
		return mergeKeyed(list, more)
	}
	for _, d := range more {
		list = m.add(list, d.key, d.amount)
	}
	return list
}

// addKeyed adds amount to the discount with the key, or appends it.
func addKeyed(list []keyed, key int32, amount int64) []keyed {
	for i := range list {
		if list[i].key == key {
			list[i].amount += amount
			return list
		}
	}
	return append(list, keyed{key: key, amount: amount})
}

// mergeKeyed adds every discount of more to list.
func mergeKeyed(list, more []keyed) []keyed {
	for _, d := range more {
		list = addKeyed(list, d.key, d.amount)
	}
	return list
}

var receiptScratchPool = sync.Pool{New: func() any { return new(receiptScratch) }}

// release forgets the names and the receipt's fields and returns the
// scratch to the pool.
func (s *receiptScratch) release() {
	clear(s.names)
	s.names = s.names[:0]
	clear(s.byName)
	clear(s.pending)
	s.pending = s.pending[:0]
	s.lists = s.lists[:0]
	receiptScratchPool.Put(s)
}

// manyNames is the number of names beyond which keys are found through a
// map rather than by scanning the names.
const manyNames = 32

// nameAdjustments gives every adjustment description the key of its
// campaign and name, in the order the names first appear.
func (s *receiptScratch) nameAdjustments(adjs []Adjustment) {
	if cap(s.keyOf) < len(adjs) {
		s.keyOf = make([]int32, len(adjs))
	}
	s.keyOf = s.keyOf[:len(adjs)]
	s.names = s.names[:0]
	for i := range adjs {
		dn := discountName{campaignID: adjs[i].CampaignID, name: adjs[i].Name}
		key := int32(-1)
		if len(s.names) <= manyNames {
			for k := range s.names {
				if s.names[k] == dn {
					key = int32(k)
					break
				}
			}
		} else {
			if len(s.byName) == 0 {
				if s.byName == nil {
					s.byName = make(map[discountName]int32, len(adjs))
				}
				for k, known := range s.names {
					s.byName[known] = int32(k)
				}
			}
			if k, ok := s.byName[dn]; ok {
				key = k
			} else {
				s.byName[dn] = int32(len(s.names))
			}
		}
		if key < 0 {
			key = int32(len(s.names))
			s.names = append(s.names, dn)
		}
		s.keyOf[i] = key
	}
}

// chargeDiscounts returns each charge's discounts in ledger order, nil for
// a charge without any. The lists are the scratch's, valid until it is
// reused.
//
// A charge holds at most one posting of a campaign and name: Discount
// removes the earlier ones of the same campaign and name from the charges
// it posts to, and AddFreeLine posts to new charges. So a charge's list
// is its postings with their keys, and nothing in it needs summing.
func (c *Cart) chargeDiscounts(s *receiptScratch) [][]keyed {
	if cap(s.byCharge) < len(c.charges) {
		s.byCharge = make([][]keyed, len(c.charges))
	}
	byCharge := s.byCharge[:len(c.charges)]
	clear(byCharge)
	if len(c.ledger) == 0 {
		return byCharge
	}
	// Count each charge's postings first, then give each charge a window
	// of that many entries.
	if cap(s.counts) < len(c.charges) {
		s.counts = make([]int32, len(c.charges))
	}
	counts := s.counts[:len(c.charges)]
	clear(counts)
	for _, p := range c.ledger {
		counts[p.Charge]++
	}
	if cap(s.backing) < len(c.ledger) {
		s.backing = make([]keyed, len(c.ledger))
	}
	backing := s.backing[:len(c.ledger)]
	at := int32(0)
	for ch, n := range counts {
		if n > 0 {
			byCharge[ch] = backing[at : at : at+n]
			at += n
		}
	}
	for _, p := range c.ledger {
		byCharge[p.Charge] = append(byCharge[p.Charge], keyed{key: s.keyOf[p.Adj], amount: p.Amount})
	}
	return byCharge
}

// keep sets *dst to a copy of list once finish runs (an empty list at
// once: never nil) and returns where the copy is.
func (s *receiptScratch) keep(dst *[]ReceiptDiscount, list []keyed) listSpan {
	if len(list) == 0 {
		*dst = []ReceiptDiscount{}
		return listSpan{}
	}
	sp := listSpan{start: int32(len(s.lists))}
	s.lists = append(s.lists, list...)
	sp.end = int32(len(s.lists))
	s.pending = append(s.pending, pendingList{dst: dst, listSpan: sp})
	return sp
}

// share sets *dst to the same list as an earlier keep.
func (s *receiptScratch) share(dst *[]ReceiptDiscount, sp listSpan) {
	if sp.start == sp.end {
		*dst = []ReceiptDiscount{}
		return
	}
	s.pending = append(s.pending, pendingList{dst: dst, listSpan: sp})
}

// finish makes the kept lists ReceiptDiscounts in one array and hands each
// field its part.
func (s *receiptScratch) finish(scale int32) {
	if len(s.lists) == 0 {
		return
	}
	arena := make([]ReceiptDiscount, len(s.lists))
	for i, d := range s.lists {
		n := &s.names[d.key]
		arena[i] = ReceiptDiscount{Name: n.name, CampaignID: n.campaignID, Amount: Money{Minor: d.amount, Scale: scale}}
	}
	for _, p := range s.pending {
		*p.dst = arena[p.start:p.end:p.end]
	}
}
