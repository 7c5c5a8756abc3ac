package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/text"
)

// palette colours a receipt on a terminal; its zero value prints plain.
type palette struct{ on bool }

func (p palette) paint(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) bold(s string) string  { return p.paint("1", s) }
func (p palette) green(s string) string { return p.paint("32", s) }
func (p palette) red(s string) string   { return p.paint("31", s) }
func (p palette) dim(s string) string   { return p.paint("2", s) }

// colorFor says whether to colour output to w: only on a terminal, and not
// when NO_COLOR is set (https://no-color.org).
func colorFor(w io.Writer) palette {
	if os.Getenv("NO_COLOR") != "" {
		return palette{}
	}
	f, ok := w.(*os.File)
	if !ok {
		return palette{}
	}
	info, err := f.Stat()
	return palette{on: err == nil && info.Mode()&os.ModeCharDevice != 0}
}

// renderReceipt formats a receipt for a person: a table of lines with their
// discounts, the additional costs, verdicts, notifications, loyalty points
// and the totals. Colour codes wrap whole lines, so columns stay aligned.
func renderReceipt(r *cart.Receipt, p palette) string {
	var b strings.Builder
	plain := func(s string) string { return s }
	// line writes one line, painted whole so that colour codes never shift
	// the columns, without the spaces that empty columns leave at its end.
	// Every string from the receipt is printed with its control characters
	// escaped: an item name must not be able to drive the terminal.
	line := func(paint func(string) string, format string, args ...any) {
		for i, a := range args {
			if s, ok := a.(string); ok {
				args[i] = text.Printable(s)
			}
		}
		b.WriteString(paint(strings.TrimRight(fmt.Sprintf(format, args...), " ")))
		b.WriteByte('\n')
	}
	const row = "%4s  %-14s %-40s %11s %11s"
	discount := func(d cart.ReceiptDiscount) {
		line(p.green, row, "", "", clip(fmt.Sprintf("- %s (#%d)", d.Name, d.CampaignID), 40), "", "-"+d.Amount.String())
	}
	line(p.bold, "Receipt (%s)", r.Currency)
	b.WriteByte('\n')
	line(p.bold, row, "QTY", "SKU", "NAME", "UNIT PRICE", "TOTAL")
	for _, it := range r.Items {
		name := it.Name
		if it.Free {
			name += " (free item)"
		}
		if it.ReturnedQuantity > 0 {
			name += fmt.Sprintf(" (%d returned)", it.ReturnedQuantity)
		}
		line(plain, row, fmt.Sprint(it.Quantity), clip(it.SKU, 14), clip(name, 40), it.UnitPrice, it.Total)
		for _, c := range it.AdditionalCosts {
			line(p.dim, row, "", "", clip("+ "+c.Name+" per unit", 40), c.Price, "")
		}
		for _, d := range it.Discounts {
			discount(d)
		}
	}
	if len(r.AdditionalCosts) > 0 {
		b.WriteByte('\n')
		line(p.bold, "Additional costs")
		spread := cartWide(r)
		for _, c := range r.AdditionalCosts {
			line(plain, row, "", "", clip(c.Name, 40), c.Price, c.Total)
			for _, d := range c.Discounts {
				discount(d)
				// A cart-wide discount spread over the items and the costs
				// takes a share of a cost before a discount of the cost
				// itself sees it: say so, or the cost's own discount looks
				// short.
				if total, ok := spread[discountKey{d.CampaignID, d.Name}]; ok {
					line(p.dim, row, "", "", clip("  its share of "+total.String()+" across the cart", 40), "", "")
				}
			}
		}
	}
	verdict := func(v cart.CouponVerdict) {
		switch {
		case v.Accepted:
			line(p.green, "  %-20s %s", v.Code, "accepted")
		case v.RejectionReason == "":
			line(p.red, "  %-20s %s", v.Code, "rejected")
		default:
			line(p.red, "  %-20s %s", v.Code, "rejected: "+v.RejectionReason)
		}
	}
	if len(r.Coupons) > 0 {
		b.WriteByte('\n')
		line(p.bold, "Coupons")
		for _, v := range r.Coupons {
			verdict(v)
		}
	}
	if r.Referral != nil {
		b.WriteByte('\n')
		line(p.bold, "Referral")
		verdict(*r.Referral)
	}
	if len(r.Notifications) > 0 {
		b.WriteByte('\n')
		line(p.bold, "Notifications")
		for _, n := range r.Notifications {
			line(plain, "  [%s] %s: %s", n.Type, n.Title, n.Body)
		}
	}
	if len(r.Loyalty) > 0 {
		b.WriteByte('\n')
		line(p.bold, "Loyalty points (tentative until the session closes)")
		for _, l := range r.Loyalty {
			program := fmt.Sprintf("program %d", l.ProgramID)
			if l.SubLedgerID != "" {
				program += " (" + l.SubLedgerID + ")"
			}
			line(plain, "  %s: %s", program, pointsChange(l))
		}
	}
	if len(r.Informational) > 0 {
		b.WriteByte('\n')
		line(p.bold, "For the storefront")
		for _, i := range r.Informational {
			line(p.dim, "  %s (#%d): %s", i.EffectType, i.CampaignID, string(i.Props))
		}
	}
	const total = "%-72s %11s"
	b.WriteByte('\n')
	line(plain, total, "Subtotal", r.Subtotal)
	if r.DiscountTotal.Minor != 0 {
		line(p.green, total, "Discounts", "-"+r.DiscountTotal.String())
	}
	line(p.bold, total, "Total", r.Total)
	return b.String()
}

// clip shortens s, its control characters escaped, to n characters,
// marking the cut.
func clip(s string, n int) string {
	s = text.Printable(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// discountKey names one discount across a receipt: a campaign's discount
// of that name.
type discountKey struct {
	campaignID int64
	name       string
}

// cartWide returns the discounts that items and additional costs share,
// with what each took in all.
func cartWide(r *cart.Receipt) map[discountKey]cart.Money {
	onItems := map[discountKey]bool{}
	for _, it := range r.Items {
		for _, d := range it.Discounts {
			onItems[discountKey{d.CampaignID, d.Name}] = true
		}
	}
	spread := map[discountKey]cart.Money{}
	for _, c := range r.AdditionalCosts {
		for _, d := range c.Discounts {
			if k := (discountKey{d.CampaignID, d.Name}); onItems[k] {
				spread[k] = cart.Money{}
			}
		}
	}
	add := func(ds []cart.ReceiptDiscount) {
		for _, d := range ds {
			k := discountKey{d.CampaignID, d.Name}
			if sum, ok := spread[k]; ok {
				spread[k] = cart.Money{Minor: sum.Minor + d.Amount.Minor, Scale: d.Amount.Scale}
			}
		}
	}
	for _, it := range r.Items {
		add(it.Discounts)
		for _, c := range it.AdditionalCosts {
			add(c.Discounts)
		}
	}
	for _, c := range r.AdditionalCosts {
		add(c.Discounts)
	}
	return spread
}

// pointsChange writes a tentative change of points as +added, -deducted,
// leaving out a side that is zero.
func pointsChange(l cart.LoyaltyBalance) string {
	switch {
	case l.Deducted.IsZero():
		return "+" + l.Added.String()
	case l.Added.IsZero():
		return "-" + l.Deducted.String()
	default:
		return "+" + l.Added.String() + ", -" + l.Deducted.String()
	}
}
