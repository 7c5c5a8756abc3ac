package cart

import (
	"fmt"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// The receipt's fast paths against the reference builder
// (receipt_ref_test.go) where the random carts of
// TestPropertyReceiptEqualsReference rarely go.

// Names that repeat in descriptions that differ (another rule), few and
// more than manyNames (keys are found through the map).
func TestPropertyReceiptWithRepeatedNamesEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		items := rapid.SliceOfN(genItem, 1, 8).Draw(t, "items")
		c := cartOf(t, eur, items)
		units := len(c.Units())
		for i := range rapid.IntRange(1, 3*manyNames).Draw(t, "discounts") {
			// Names repeat now and then, in other campaigns and rules too.
			adj := Adjustment{
				CampaignID: rapid.Int64Range(1, 3).Draw(t, "campaign"),
				RuleIndex:  rapid.IntRange(0, 2).Draw(t, "rule"),
				Name:       fmt.Sprintf("n%d", rapid.IntRange(0, i).Draw(t, "name")),
			}
			u := rapid.IntRange(0, units-1).Draw(t, "unit")
			c.Discount(adj, rapid.Int64Range(0, 50).Draw(t, "amount"), []int32{c.Units()[u].Price})
		}
		got, want := c.Receipt(), c.receiptRef()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("receipt differs:\n got %+v\nwant %+v", got, want)
		}
	})
}

// Every unit its own group, more groups than lines: the unit groups need a
// second array.
func TestReceiptWithAGroupForEveryUnitEqualsReference(t *testing.T) {
	c := mustNew(t, eur, []CartItem{item("A", 1, 1000), item("B", 40, 1000), item("C", 3, 1000)})
	for u := range c.Units() {
		c.Discount(campaign(1, "each"), int64(u), []int32{c.Units()[u].Price})
	}
	got, want := c.Receipt(), c.receiptRef()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("receipt differs:\n got %+v\nwant %+v", got, want)
	}
	if n := len(got.Items[1].Units); n != 40 {
		t.Errorf("line B has %d unit groups, want 40", n)
	}
}

// A receipt leaves nothing of itself in the pooled scratch: no names, no
// pointers into the receipt, no finished lists.
func TestReceiptLeavesTheScratchClean(t *testing.T) {
	c := receiptCart(t)
	c.Receipt()
	s := receiptScratchPool.Get().(*receiptScratch)
	defer receiptScratchPool.Put(s)
	if len(s.names) != 0 || len(s.pending) != 0 || len(s.lists) != 0 || len(s.byName) != 0 {
		t.Errorf("scratch after a receipt: %d names, %d pending, %d lists, %d mapped", len(s.names), len(s.pending), len(s.lists), len(s.byName))
	}
	for _, n := range s.names[:cap(s.names)] {
		if n.name != "" {
			t.Fatalf("scratch keeps the name %q", n.name)
		}
	}
	for _, p := range s.pending[:cap(s.pending)] {
		if p.dst != nil {
			t.Fatal("scratch keeps a pointer into a receipt")
		}
	}
}
