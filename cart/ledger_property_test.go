package cart

import (
	"testing"

	"pgregory.net/rapid"
)

// TestPropertyOneEntryPerCampaignAndName: whatever discounts, free lines,
// removals and clones a cart goes through, a charge holds at most one
// ledger entry of a campaign and name (Discount replaces the earlier
// one), and so every discount list of the receipt names each campaign and
// name once. The receipt relies on the first to skip summing a charge's
// entries (chargeDiscounts).
func TestPropertyOneEntryPerCampaignAndName(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, err := New(&Session{Currency: genCurrency.Draw(t, "currency"), CartItems: drawItemsWithCosts(t),
			AdditionalCosts: []AdditionalCost{{Name: "shipping", Price: 300}}}, HalfEven)
		if err != nil {
			t.Fatal(err)
		}
		for range rapid.IntRange(1, 25).Draw(t, "steps") {
			adj := Adjustment{
				CampaignID: rapid.Int64Range(1, 3).Draw(t, "campaign"),
				Name:       rapid.SampledFrom([]string{"a", "b"}).Draw(t, "name"),
				RuleIndex:  rapid.IntRange(0, 2).Draw(t, "rule"),
				Effect:     rapid.SampledFrom([]string{"setDiscount", "setDiscountPerItem"}).Draw(t, "effect"),
			}
			switch rapid.IntRange(0, 4).Draw(t, "op") {
			case 0, 1:
				charges := rapid.SliceOfN(rapid.Int32Range(0, int32(len(c.Charges())-1)), 0, 8).Draw(t, "charges")
				c.Discount(adj, rapid.Int64Range(0, 5000).Draw(t, "amount"), charges)
			case 2:
				if _, err := c.AddFreeLine("FREE", "free", rapid.IntRange(1, 3).Draw(t, "quantity"), rapid.Int64Range(0, 500).Draw(t, "price"), adj); err != nil {
					t.Fatal(err)
				}
			case 3:
				c.RemoveAdjustments(func(e Entry) bool { return e.CampaignID == adj.CampaignID && e.Charge%2 == 0 })
			case 4:
				c = c.Clone()
			}
		}
		type key struct {
			charge   int32
			campaign int64
			name     string
		}
		seen := map[key]bool{}
		for _, e := range c.Ledger() {
			k := key{e.Charge, e.CampaignID, e.Name}
			if seen[k] {
				t.Fatalf("charge %d holds two entries of campaign %d, name %q", e.Charge, e.CampaignID, e.Name)
			}
			seen[k] = true
		}
		once := func(where string, list []ReceiptDiscount) {
			named := map[key]bool{}
			for _, d := range list {
				k := key{campaign: d.CampaignID, name: d.Name}
				if named[k] {
					t.Fatalf("%s lists campaign %d, name %q twice: %v", where, d.CampaignID, d.Name, list)
				}
				named[k] = true
			}
		}
		r := c.Receipt()
		for _, it := range r.Items {
			once("line", it.Discounts)
			for _, g := range it.Units {
				once("unit group", g.Discounts)
			}
			for _, ac := range it.AdditionalCosts {
				once("line cost", ac.Discounts)
			}
		}
		for _, ac := range r.AdditionalCosts {
			once("session cost", ac.Discounts)
		}
	})
}
