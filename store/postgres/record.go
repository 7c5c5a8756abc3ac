package postgres

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/store"
	"github.com/shopspring/decimal"
)

// recordFormat is the first byte of a session record: the version of its
// binary encoding. A later format gets the next number, and decodeRecord
// keeps reading every earlier one.
const recordFormat = 1

// A session's record column holds what a session is besides the columns
// of its own (ID, version, state, effects, returns): its input, the
// triggered campaigns, the unit ledger, the commitment, the returned
// units and its times, exactly (times to the nanosecond, decimals with
// their exponent, nil apart from empty). The ledger is the bulk of a
// closed session: its flat arrays are written as varints, a few bytes a
// unit and a posting.

func encodeRecord(s *store.Session) ([]byte, error) { return appendRecord(nil, s) }

// appendRecord appends a session's record to dst (a buffer to reuse, of
// any length), and returns the extended buffer.
func appendRecord(dst []byte, s *store.Session) ([]byte, error) {
	if cap(dst) == 0 {
		dst = make([]byte, 0, 256+8*len(s.Ledger.Units)+6*len(s.Ledger.Postings))
	}
	w := &writer{b: dst}
	w.byte(recordFormat)
	if err := w.input(s.Input); err != nil {
		return nil, err
	}
	w.length(len(s.Triggered), s.Triggered == nil)
	for _, id := range s.Triggered {
		w.varint(id)
	}
	w.ledger(s.Ledger)
	w.commitment(s.Committed)
	w.length(len(s.Returned), s.Returned == nil)
	for _, pos := range slices.Sorted(maps.Keys(s.Returned)) {
		w.varint(int64(pos))
		w.varint(int64(s.Returned[pos]))
	}
	w.time(s.Created)
	w.time(s.Updated)
	return w.b, nil
}

// decodeRecord fills s from a record.
func decodeRecord(data []byte, s *store.Session) error {
	r := &reader{b: data}
	if f := r.byte(); r.err == nil && f != recordFormat {
		return fmt.Errorf("%w: format %d is not one this cartfx reads (1)", errCorrupt, f)
	}
	s.Input = r.input()
	if n, isNil := r.length(); !isNil {
		s.Triggered = make([]int64, n)
		for i := range s.Triggered {
			s.Triggered[i] = r.varint()
		}
	}
	s.Ledger = r.ledger()
	s.Committed = r.commitment()
	if n, isNil := r.length(); !isNil {
		s.Returned = make(map[int]int, n)
		for range n {
			pos := r.int()
			s.Returned[pos] = r.int()
		}
	}
	s.Created = r.time()
	s.Updated = r.time()
	if r.err == nil && len(r.b) > 0 {
		r.fail("bytes follow the record")
	}
	return r.err
}

func (w *writer) input(in *cart.Session) error {
	w.bool(in != nil)
	if in == nil {
		return nil
	}
	w.str(in.Currency.Code)
	w.varint(int64(in.Currency.Scale))
	w.str(in.ProfileID)
	w.str(string(in.State))
	w.strs(in.CouponCodes)
	w.str(in.ReferralCode)
	w.strs(in.LoyaltyCards)
	w.strs(in.Identifiers)
	if err := w.attributes(in.Attributes); err != nil {
		return fmt.Errorf("session attribute %w", err)
	}
	w.costs(in.AdditionalCosts)
	w.length(len(in.CartItems), in.CartItems == nil)
	for i := range in.CartItems {
		it := &in.CartItems[i]
		w.str(it.SKU)
		w.str(it.Name)
		w.varint(int64(it.Quantity))
		w.varint(it.Price)
		w.str(it.Category)
		w.decimal(it.Weight)
		w.decimal(it.Height)
		w.decimal(it.Width)
		w.decimal(it.Length)
		if err := w.attributes(it.Attributes); err != nil {
			return fmt.Errorf("cart item %d: attribute %w", i, err)
		}
		w.costs(it.AdditionalCosts)
	}
	w.uvarint(uint64(in.Fields))
	return nil
}

func (r *reader) input() *cart.Session {
	if !r.bool() {
		return nil
	}
	in := &cart.Session{}
	in.Currency.Code = r.str()
	in.Currency.Scale = r.int32()
	in.ProfileID = r.str()
	in.State = cart.State(r.str())
	in.CouponCodes = r.strs()
	in.ReferralCode = r.str()
	in.LoyaltyCards = r.strs()
	in.Identifiers = r.strs()
	in.Attributes = r.attributes()
	in.AdditionalCosts = r.costs()
	if n, isNil := r.length(); !isNil {
		in.CartItems = make([]cart.CartItem, n)
		for i := range in.CartItems {
			it := &in.CartItems[i]
			it.SKU = r.str()
			it.Name = r.str()
			it.Quantity = r.int()
			it.Price = r.varint()
			it.Category = r.str()
			it.Weight = r.decimal()
			it.Height = r.decimal()
			it.Width = r.decimal()
			it.Length = r.decimal()
			it.Attributes = r.attributes()
			it.AdditionalCosts = r.costs()
			if r.err != nil {
				return nil
			}
		}
	}
	f := r.uvarint()
	in.Fields = cart.Field(f)
	if uint64(in.Fields) != f {
		r.fail("the session's fields are out of range")
	}
	return in
}

func (w *writer) costs(cs []cart.AdditionalCost) {
	w.length(len(cs), cs == nil)
	for _, c := range cs {
		w.str(c.Name)
		w.varint(c.Price)
	}
}

func (r *reader) costs() []cart.AdditionalCost {
	n, isNil := r.length()
	if isNil {
		return nil
	}
	out := make([]cart.AdditionalCost, n)
	for i := range out {
		out[i] = cart.AdditionalCost{Name: r.str(), Price: r.varint()}
	}
	return out
}

// The kinds of attribute value: those a cart session's and a profile's
// attributes hold (cart.AttributeType).
const (
	valueNil = iota
	valueString
	valueNumber
	valueFalse
	valueTrue
	valueTime
	valueStringList
	valueNumberList
)

// attributes writes a map of attribute values, in the order of their
// names; a value of a type that cart does not give attributes is an
// error that names the attribute.
func (w *writer) attributes(m map[string]any) error {
	w.length(len(m), m == nil)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.str(k)
		switch v := m[k].(type) {
		case nil:
			w.byte(valueNil)
		case string:
			w.byte(valueString)
			w.str(v)
		case decimal.Decimal:
			w.byte(valueNumber)
			w.decimal(v)
		case bool:
			if v {
				w.byte(valueTrue)
			} else {
				w.byte(valueFalse)
			}
		case time.Time:
			w.byte(valueTime)
			w.time(v)
		case []string:
			w.byte(valueStringList)
			w.strs(v)
		case []decimal.Decimal:
			w.byte(valueNumberList)
			w.length(len(v), v == nil)
			for _, d := range v {
				w.decimal(d)
			}
		default:
			return unstorable(k, v)
		}
	}
	return nil
}

func unstorable(name string, v any) error {
	return fmt.Errorf("%q: a value of type %T cannot be stored (a string, decimal.Decimal, bool, time.Time, []string or []decimal.Decimal can)", name, v)
}

func (r *reader) attributes() map[string]any {
	n, isNil := r.length()
	if isNil {
		return nil
	}
	m := make(map[string]any, n)
	for range n {
		k := r.str()
		switch r.byte() {
		case valueNil:
			m[k] = nil
		case valueString:
			m[k] = r.str()
		case valueNumber:
			m[k] = r.decimal()
		case valueFalse:
			m[k] = false
		case valueTrue:
			m[k] = true
		case valueTime:
			m[k] = r.time()
		case valueStringList:
			m[k] = r.strs()
		case valueNumberList:
			var list []decimal.Decimal
			if n, isNil := r.length(); !isNil {
				list = make([]decimal.Decimal, n)
				for i := range list {
					list[i] = r.decimal()
				}
			}
			m[k] = list
		default:
			r.fail("an attribute value has an unknown kind")
		}
		if r.err != nil {
			return nil
		}
	}
	return m
}

func (w *writer) ledger(l store.Ledger) {
	w.length(len(l.Units), l.Units == nil)
	for _, u := range l.Units {
		w.varint(int64(u.Position))
		w.varint(int64(u.SubPosition))
		w.varint(u.Price)
		w.varint(int64(u.Name))
		w.bool(u.Returned)
	}
	w.strs(l.Names)
	w.length(len(l.Discounts), l.Discounts == nil)
	for _, d := range l.Discounts {
		w.varint(d.CampaignID)
		w.str(d.Name)
		w.str(d.Scope)
	}
	w.length(len(l.Postings), l.Postings == nil)
	for _, p := range l.Postings {
		w.varint(int64(p.Unit))
		w.varint(int64(p.Discount))
		w.varint(p.Amount)
	}
}

func (r *reader) ledger() store.Ledger {
	var l store.Ledger
	if n, isNil := r.length(); !isNil {
		l.Units = make([]store.UnitLedger, n)
		for i := range l.Units {
			l.Units[i] = store.UnitLedger{Position: r.int(), SubPosition: r.int(), Price: r.varint(), Name: r.int32(), Returned: r.bool()}
		}
	}
	l.Names = r.strs()
	if n, isNil := r.length(); !isNil {
		l.Discounts = make([]store.Discount, n)
		for i := range l.Discounts {
			l.Discounts[i] = store.Discount{CampaignID: r.varint(), Name: r.str(), Scope: r.str()}
		}
	}
	if n, isNil := r.length(); !isNil {
		l.Postings = make([]store.Posting, n)
		for i := range l.Postings {
			l.Postings[i] = store.Posting{Unit: r.int32(), Discount: r.int32(), Amount: r.varint()}
		}
	}
	return l
}

func (w *writer) commitment(c *store.Commitment) {
	w.bool(c != nil)
	if c == nil {
		return
	}
	w.length(len(c.Counters), c.Counters == nil)
	for _, a := range c.Counters {
		w.key(a.Key)
		w.varint(a.Delta)
		w.varint(a.Limit)
	}
	w.strs(c.Coupons)
	w.str(c.Referral)
	w.strs(c.LoyaltyTxns)
	w.varint(c.TotalSales)
}

func (r *reader) commitment() *store.Commitment {
	if !r.bool() {
		return nil
	}
	c := &store.Commitment{}
	if n, isNil := r.length(); !isNil {
		c.Counters = make([]store.CounterAdd, n)
		for i := range c.Counters {
			c.Counters[i] = store.CounterAdd{Key: r.key(), Delta: r.varint(), Limit: r.varint()}
		}
	}
	c.Coupons = r.strs()
	c.Referral = r.str()
	c.LoyaltyTxns = r.strs()
	c.TotalSales = r.varint()
	return c
}

func (w *writer) key(k store.CounterKey) {
	w.varint(k.CampaignID)
	w.str(k.Action)
	w.str(k.Per)
	w.str(k.Subject)
	w.str(k.Period)
}

func (r *reader) key() store.CounterKey {
	return store.CounterKey{CampaignID: r.varint(), Action: r.str(), Per: r.str(), Subject: r.str(), Period: r.str()}
}
