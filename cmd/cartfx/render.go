package main

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cartfx/cartfx/cart"
)

// renderReceipt formats a receipt for a person: a table of lines with their
// discounts, the additional costs, verdicts, notifications, loyalty points
// and the totals.
func renderReceipt(r *cart.Receipt) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Receipt (%s)\n\n", r.Currency)
	const row = "%4s  %-14s %-40s %11s %11s\n"
	fmt.Fprintf(&b, row, "QTY", "SKU", "NAME", "UNIT PRICE", "TOTAL")
	for _, it := range r.Items {
		name := it.Name
		if it.Free {
			name += " (free item)"
		}
		fmt.Fprintf(&b, row, fmt.Sprint(it.Quantity), clip(it.SKU, 14), clip(name, 40), it.UnitPrice, it.Total)
		for _, c := range it.AdditionalCosts {
			fmt.Fprintf(&b, row, "", "", clip("+ "+c.Name+" per unit", 40), c.Price, "")
		}
		for _, d := range it.Discounts {
			fmt.Fprintf(&b, row, "", "", clip(fmt.Sprintf("- %s (#%d)", d.Name, d.CampaignID), 40), "", "-"+d.Amount.String())
		}
	}
	if len(r.AdditionalCosts) > 0 {
		b.WriteString("\nAdditional costs\n")
		for _, c := range r.AdditionalCosts {
			fmt.Fprintf(&b, row, "", "", clip(c.Name, 40), c.Price, c.Total)
			for _, d := range c.Discounts {
				fmt.Fprintf(&b, row, "", "", clip(fmt.Sprintf("- %s (#%d)", d.Name, d.CampaignID), 40), "", "-"+d.Amount.String())
			}
		}
	}
	verdict := func(v cart.CouponVerdict) string {
		switch {
		case v.Accepted:
			return "accepted"
		case v.RejectionReason == "":
			return "rejected"
		}
		return "rejected: " + v.RejectionReason
	}
	if len(r.Coupons) > 0 {
		b.WriteString("\nCoupons\n")
		for _, v := range r.Coupons {
			fmt.Fprintf(&b, "  %-20s %s\n", v.Code, verdict(v))
		}
	}
	if r.Referral != nil {
		fmt.Fprintf(&b, "\nReferral\n  %-20s %s\n", r.Referral.Code, verdict(*r.Referral))
	}
	if len(r.Notifications) > 0 {
		b.WriteString("\nNotifications\n")
		for _, n := range r.Notifications {
			fmt.Fprintf(&b, "  [%s] %s: %s\n", n.Type, n.Title, n.Body)
		}
	}
	if len(r.Loyalty) > 0 {
		b.WriteString("\nLoyalty points (tentative until the session closes)\n")
		for _, l := range r.Loyalty {
			program := fmt.Sprintf("program %d", l.ProgramID)
			if l.SubLedgerID != "" {
				program += " (" + l.SubLedgerID + ")"
			}
			fmt.Fprintf(&b, "  %s: +%s, -%s\n", program, l.Added.String(), l.Deducted.String())
		}
	}
	if len(r.Informational) > 0 {
		b.WriteString("\nFor the storefront\n")
		for _, i := range r.Informational {
			fmt.Fprintf(&b, "  %s (#%d): %s\n", i.EffectType, i.CampaignID, string(i.Props))
		}
	}
	const total = "%-72s %11s\n"
	b.WriteString("\n")
	fmt.Fprintf(&b, total, "Subtotal", r.Subtotal)
	fmt.Fprintf(&b, total, "Discounts", "-"+r.DiscountTotal.String())
	fmt.Fprintf(&b, total, "Total", r.Total)
	return trimLines(b.String())
}

// trimLines drops the spaces that empty columns leave at the ends of lines.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// clip shortens s to n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
