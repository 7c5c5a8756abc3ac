package rules

import (
	"encoding/json"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/text"
)

// checkIdentity reports a campaign's missing name and its missing,
// invalid or repeated id; ids are the ids of the campaigns before it. It
// runs over the campaigns in file order before they are compiled
// (loadCampaigns), which may be several at once.
func checkIdentity(d *campaignDoc, ids map[int64]bool, ps *problems) {
	sc := scope{campaign: d.Name}
	if d.Name == "" {
		ps.add(d.at("name"), sc, "campaign: missing key \"name\"")
	}
	switch {
	case !d.has("id"):
		ps.add(d.at("id"), sc, "missing key \"id\" (a positive whole number)")
	case ps.hasAt(d.at("id")):
		return // not a whole number, reported by the decoder: not an id to repeat
	case d.ID <= 0:
		ps.add(d.at("id"), sc, "id must be a positive whole number, got %d", d.ID)
	case ids[d.ID]:
		ps.add(d.at("id"), sc, "campaign id %d is used twice", d.ID)
	}
	ids[d.ID] = true
}

// campaign checks one campaign's settings, its name and id aside
// (checkIdentity), and compiles its rules. It reads reg, programs and
// groups, and writes only to comp and ps.
func campaign(d *campaignDoc, reg *cart.Registry, comp *compiler, programs map[int64]bool, groups map[string]bool, ps *problems) *Campaign {
	sc := scope{campaign: d.Name}
	c := &Campaign{
		ID: d.ID, Name: d.Name, Description: d.Description, State: State(d.State),
		StartTime: d.StartTime, EndTime: d.EndTime, Group: d.Group,
		PartialDiscounts: d.PartialDiscounts,
	}
	switch c.State {
	case "":
		c.State = Enabled
	case Enabled, Disabled, Archived:
	default:
		ps.add(d.at("state"), sc, "unknown state %s (expected enabled, disabled or archived)", text.Quote(d.State))
	}
	if d.StartTime != nil && d.EndTime != nil && !d.StartTime.Before(*d.EndTime) {
		ps.add(d.at("endTime"), sc, "endTime %s is not after startTime %s", d.EndTime.Format("2006-01-02T15:04:05Z07:00"), d.StartTime.Format("2006-01-02T15:04:05Z07:00"))
	}
	if c.Group == "" {
		c.Group = DefaultGroup
	} else if !groups[c.Group] {
		ps.add(d.at("group"), sc, "group %s does not exist (the file's groups define them)", text.Quote(c.Group))
	}
	for i, f := range d.Features {
		pos := d.at("features")
		switch f {
		case featureCoupons:
			c.Features.Coupons = true
		case featureReferrals:
			c.Features.Referrals = true
		case featureLoyalty:
			c.Features.Loyalty = true
		default:
			ps.add(pos, sc, "features[%d]: unknown feature %s (expected coupons, referrals or loyalty)", i, text.Quote(f))
		}
	}
	c.Attributes = campaignAttributes(d.Attributes, reg, sc, ps)
	if d.Coupons != nil && !d.Coupons.invalid {
		if !c.Features.Coupons {
			ps.add(d.at("coupons"), sc, "coupons: the campaign needs the feature \"coupons\"")
		}
		cs := d.Coupons
		if (len(cs.Codes) == 0) == (cs.Pattern == "") {
			ps.add(d.at("coupons"), sc, "coupons: expected either codes or a pattern")
		}
		seen := map[string]bool{}
		for _, code := range cs.Codes {
			if code == "" || len(code) > cart.MaxCodeLength {
				ps.add(cs.at("codes"), sc, "coupons: code %s must be 1 to %d characters", text.Quote(code), cart.MaxCodeLength)
			} else if seen[code] {
				ps.add(cs.at("codes"), sc, "coupons: code %s is listed twice", text.Quote(code))
			}
			seen[code] = true
		}
		if cs.Pattern != "" && !validPattern(cs.Pattern) {
			ps.add(cs.at("pattern"), sc, "coupons: pattern %s must contain # (a digit) or ? (a letter)", text.Quote(cs.Pattern))
		}
		if cs.UsageLimit < 0 || cs.PerProfileLimit < 0 {
			ps.add(cs.pos, sc, "coupons: limits must not be negative")
		}
		if cs.StartTime != nil && cs.ExpiryTime != nil && !cs.StartTime.Before(*cs.ExpiryTime) {
			ps.add(cs.at("expiryTime"), sc, "coupons: expiryTime is not after startTime")
		}
		c.Coupons = &CouponSettings{Codes: cs.Codes, Pattern: cs.Pattern, UsageLimit: cs.UsageLimit, PerProfileLimit: cs.PerProfileLimit, StartTime: cs.StartTime, ExpiryTime: cs.ExpiryTime, Recipient: cs.Recipient}
	} else if c.Features.Coupons && d.Coupons == nil {
		ps.add(d.at("features"), sc, "the feature \"coupons\" needs a coupons section (codes or a pattern)")
	}
	if d.Referrals != nil && !d.Referrals.invalid {
		if !c.Features.Referrals {
			ps.add(d.at("referrals"), sc, "referrals: the campaign needs the feature \"referrals\"")
		}
		r := d.Referrals
		if r.Pattern != "" && !validPattern(r.Pattern) {
			ps.add(r.at("pattern"), sc, "referrals: pattern %s must contain # (a digit) or ? (a letter)", text.Quote(r.Pattern))
		}
		if r.StartTime != nil && r.ExpiryTime != nil && !r.StartTime.Before(*r.ExpiryTime) {
			ps.add(r.at("expiryTime"), sc, "referrals: expiryTime is not after startTime")
		}
		c.Referrals = &ReferralSettings{Pattern: r.Pattern, UsageLimit: r.UsageLimit, StartTime: r.StartTime, ExpiryTime: r.ExpiryTime}
	}
	for i := range d.Limits {
		if d.Limits[i].invalid {
			continue // not a mapping, reported by the decoder
		}
		c.Limits = append(c.Limits, limit(&d.Limits[i], i, c.Features, sc, ps))
	}
	cc := campaignCtx{sc: sc, features: c.Features, programs: programs}
	names := map[string]bool{}
	if n := len(d.Rules); n > MaxRules {
		ps.add(d.Rules[MaxRules].pos, sc, "rules: the campaign has %d rules (at most %d)", n, MaxRules)
		d.Rules = d.Rules[:MaxRules]
	}
	for i := range d.Rules {
		rd := &d.Rules[i]
		if rd.invalid {
			continue
		}
		if rd.Name != "" && names[rd.Name] {
			ps.add(rd.at("name"), scope{campaign: d.Name, rule: rd.Name}, "rule name is used twice in the campaign")
		}
		names[rd.Name] = true
		c.Rules = append(c.Rules, comp.rule(rd, i, d.ID, cc))
	}
	c.view = c.boxedView()
	return c
}

func validPattern(p string) bool {
	for _, r := range p {
		if r == '#' || r == '?' {
			return true
		}
	}
	return false
}

func limit(l *limitDoc, i int, f Features, sc scope, ps *problems) Limit {
	out := Limit{Action: LimitAction(l.Action), Limit: l.Limit, Per: LimitScope(l.Per), Period: l.Period}
	where := "limits[" + strconv.Itoa(i) + "]"
	switch out.Action {
	case LimitRedeemCoupon, LimitRedeemReferral, LimitSetDiscount, LimitAddLoyaltyPoints, LimitAddFreeItem:
	default:
		ps.add(l.at("action"), sc, "%s: unknown action %s (expected redeemCoupon, redeemReferral, setDiscount, addLoyaltyPoints or addFreeItem)", where, text.Quote(l.Action))
	}
	if !l.has("limit") {
		ps.add(l.pos, sc, "%s: missing key \"limit\"", where)
	} else if l.Limit.Sign() <= 0 {
		ps.add(l.at("limit"), sc, "%s: limit must be more than 0", where)
	} else if out.Action != LimitSetDiscount && out.Action != LimitAddLoyaltyPoints && !l.Limit.Equal(l.Limit.Truncate(0)) {
		ps.add(l.at("limit"), sc, "%s: a %s limit counts and must be a whole number, got %s", where, l.Action, l.Limit)
	}
	switch out.Per {
	case "":
		out.Per = PerCampaign
	case PerCampaign, PerProfile, PerIdentifier:
	case PerCoupon:
		if !f.Coupons {
			ps.add(l.at("per"), sc, "%s: per coupon needs the feature \"coupons\"", where)
		}
	case PerReferral:
		if !f.Referrals {
			ps.add(l.at("per"), sc, "%s: per referral needs the feature \"referrals\"", where)
		}
	default:
		ps.add(l.at("per"), sc, "%s: unknown scope %s (expected campaign, profile, coupon, referral or identifier)", where, text.Quote(l.Per))
	}
	switch out.Period {
	case "", "daily", "weekly", "monthly", "yearly":
	default:
		ps.add(l.at("period"), sc, "%s: unknown period %s (expected daily, weekly, monthly or yearly)", where, text.Quote(l.Period))
	}
	return out
}

// campaignAttributes reads a campaign's custom attributes by their
// registry types.
func campaignAttributes(m orderedMap, reg *cart.Registry, sc scope, ps *problems) Attributes {
	if len(m) == 0 {
		return nil
	}
	out := make(Attributes, len(m))
	for _, kv := range m {
		t, ok := reg.Lookup(cart.EntityCampaign, kv.Key.Text)
		if !ok {
			ps.add(kv.Key.Pos, sc, "attributes: unknown campaign attribute %s (define it under attributes.campaign)", text.Quote(kv.Key.Text))
			continue
		}
		raw := json.RawMessage(kv.Value.Text)
		if t == cart.TypeString || t == cart.TypeTime {
			raw, _ = json.Marshal(kv.Value.Text)
		} else if t == cart.TypeNumber {
			if _, err := decimal.NewFromString(kv.Value.Text); err != nil {
				raw = json.RawMessage(strconv.Quote(kv.Value.Text))
			}
		}
		v, err := cart.ParseAttributeValue(t, raw)
		if err != nil {
			ps.add(kv.Value.Pos, sc, "attributes.%s: %v", kv.Key.Text, err)
			continue
		}
		out[kv.Key.Text] = v
	}
	return out
}
