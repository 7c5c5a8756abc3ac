package rules

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/internal/closure"
	"github.com/cartfx/cartfx/internal/text"
)

// Rule is a compiled rule: its bindings, conditions and effects. It is
// immutable and safe to evaluate from many goroutines.
type Rule struct {
	// Name is the rule's name; Index its position in the campaign.
	Name  string
	Index int
	// CampaignID is the campaign the rule belongs to.
	CampaignID int64
	// Bindings are the names of the rule's bindings, in evaluation order.
	Bindings []string
	// Conditions are the sources of the rule's conditions; all must hold.
	Conditions []string

	bindings       []*program
	conditions     []*program
	effects        []*effectTemplate
	failureEffects []*effectTemplate
	// coupon and referral are what the conditions say about the codes
	// (codeuse.go), decided at load.
	coupon, referral codeUse
}

// effectTemplate is a compiled effect: its type and parameters.
type effectTemplate struct {
	typ    effects.Type
	spec   *effectSpec
	items  *program // the units to iterate over; nil for one effect
	params []compiledParam
}

type compiledParam struct {
	key      string
	kind     paramKind
	prog     *program
	tmpl     *template
	constInt any // an int64, boxed once at load
	constStr string
	payload  []payloadField
}

type payloadField struct {
	key  string
	prog *program
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// reservedNames cannot name a binding.
var reservedNames = []string{closure.VarSession, closure.VarProfile, closure.VarCoupon, closure.VarReferral, closure.VarCampaign, closure.VarNow, closure.VarItem}

// campaignCtx is what compiling a rule needs to know about its campaign
// and file.
type campaignCtx struct {
	sc       scope
	features Features
	programs map[int64]bool
}

// rule compiles one rule; problems are reported and a partial rule is
// returned.
func (c *compiler) rule(doc *ruleDoc, index int, campaignID int64, cc campaignCtx) *Rule {
	sc := cc.sc
	sc.rule = doc.Name
	r := &Rule{Name: doc.Name, Index: index, CampaignID: campaignID}
	if doc.Name == "" {
		c.ps.add(doc.at("name"), sc, "rule: missing key \"name\"")
	}
	if n := len(doc.Bindings); n > MaxBindings {
		// Nothing of the rule is compiled: its expressions may read
		// any of the bindings.
		c.ps.add(doc.Bindings[MaxBindings].Key.Pos, sc, "bindings: the rule has %d bindings (at most %d)", n, MaxBindings)
		return r
	}
	bound := map[string]any{}
	names := make([]string, len(doc.Bindings))
	for i, b := range doc.Bindings {
		names[i] = b.Key.Text
	}
	for i, b := range doc.Bindings {
		n := b.Key.Text
		switch {
		case !identifier.MatchString(n):
			c.ps.add(b.Key.Pos, sc, "binding %s: a name is a letter followed by letters, digits or underscores", text.Quote(n))
			continue
		case slices.Contains(reservedNames, n):
			c.ps.add(b.Key.Pos, sc, "binding %s: the name is taken by the environment", text.Quote(n))
			continue
		}
		p := c.compileBinding(b.Value, sc, bound, names[i+1:], "binding "+strconv.Quote(n))
		if p == nil {
			bound[n] = failedBinding{}
			continue
		}
		r.Bindings = append(r.Bindings, n)
		r.bindings = append(r.bindings, p)
		if p.out != nil {
			bound[n] = reflect.Zero(p.out).Interface()
		} else {
			bound[n] = nil
		}
	}
	env := c.typeScope(bound, false)
	for i, s := range doc.Condition {
		what := "condition"
		if len(doc.Condition) > 1 {
			what = "condition " + strconv.Itoa(i+1)
		}
		if p := c.compile(s, sc, env, expectBool, what); p != nil {
			r.conditions = append(r.conditions, p)
			r.Conditions = append(r.Conditions, s.Text)
		}
	}
	r.coupon, r.referral = analyseCodes(r.Bindings, r.bindings, r.conditions)
	for _, e := range doc.Effects {
		if t := c.effect(e, sc, bound, cc, false); t != nil {
			r.effects = append(r.effects, t)
		}
	}
	for _, e := range doc.FailureEffects {
		if t := c.effect(e, sc, bound, cc, true); t != nil {
			r.failureEffects = append(r.failureEffects, t)
		}
	}
	return r
}

// compileBinding compiles a binding and explains a use of a later binding.
func (c *compiler) compileBinding(s scalar, sc scope, bound map[string]any, later []string, what string) *program {
	before := len(c.ps.list)
	p := c.compile(s, sc, c.typeScope(bound, false), expectAny, what)
	for i := before; i < len(c.ps.list); i++ {
		msg := c.ps.list[i].Message
		for _, l := range later {
			if strings.HasSuffix(msg, "unknown name "+l) || strings.Contains(msg, "unknown name "+l+" ") {
				c.ps.list[i].Message = what + ": binding " + strconv.Quote(l) + " is used before it is defined (bindings are evaluated in order)"
			}
		}
	}
	return p
}

// effect compiles one effect of a rule.
func (c *compiler) effect(d effectDoc, sc scope, bound map[string]any, cc campaignCtx, failure bool) *effectTemplate {
	if d.Type.Text == "" {
		return nil // reported by the decoder
	}
	t := effects.ParseType(d.Type.Text)
	spec := effectSpecs[t]
	if spec == nil {
		c.ps.add(d.Type.Pos, sc, "unknown effect type %s (expected one of %s)", text.Quote(d.Type.Text), strings.Join(effectTypeNames(), ", "))
		return nil
	}
	ok := true
	bad := func(pos Position, format string, args ...any) {
		c.ps.add(pos, sc, format, args...)
		ok = false
	}
	if failure && !spec.failure {
		bad(d.Type.Pos, "%s cannot be a failure effect (only showNotification and customEffect can)", t)
	}
	if f := spec.feature; f != "" && !hasFeature(cc.features, f) {
		bad(d.Type.Pos, "%s needs the campaign feature %q", t, f)
	}
	et := &effectTemplate{typ: t, spec: spec}
	env := c.typeScope(bound, false)
	if d.Items != nil {
		if !spec.perItem {
			bad(d.Items.Pos, "%s does not take items", t)
		} else if et.items = c.compile(*d.Items, sc, env, expectItems, string(t)+" items"); et.items == nil {
			ok = false
		}
		env = c.typeScope(bound, true)
	}
	given := map[string]bool{}
	// Exactly sized: a loaded campaign keeps its parameters, and a list
	// grown by doubling keeps room for twice as many.
	et.params = make([]compiledParam, 0, len(d.Params))
	for _, p := range d.Params {
		key := p.Key.Text
		given[key] = true
		ps := spec.param(key)
		what := string(t) + " " + key
		if ps == nil {
			keys := make([]string, 0, len(spec.params)+1)
			for _, s := range spec.params {
				keys = append(keys, s.key)
			}
			if spec.perItem {
				keys = append(keys, "items")
			}
			expected := "it takes none"
			if len(keys) > 0 {
				expected = "expected one of " + strings.Join(keys, ", ")
			}
			bad(p.Key.Pos, "%s has no parameter %s (%s)", t, text.Quote(key), expected)
			continue
		}
		if d.Items != nil && (key == "position" || key == "subPosition") {
			bad(p.Key.Pos, "%s: %s comes from items; leave it out", t, key)
			continue
		}
		if p.IsMap != (ps.kind == kPayload) {
			if p.IsMap {
				bad(p.Value.Pos, "%s: expected an expression or text, got a mapping", what)
			} else {
				bad(p.Value.Pos, "%s: expected a mapping of names to expressions", what)
			}
			continue
		}
		cp, good := c.param(p, ps, sc, env, what, cc)
		if !good {
			ok = false
			continue
		}
		et.params = append(et.params, cp)
	}
	for _, ps := range spec.params {
		if ps.required && !given[ps.key] {
			bad(d.Pos, "%s: missing parameter %q", t, ps.key)
		}
	}
	if spec.needsPosition && d.Items == nil && !given["position"] {
		bad(d.Pos, "%s: needs items (a list of cart items, such as a binding) or a position", t)
	}
	if t == effects.TypeSet && ok {
		ok = c.checkSet(et, d, sc, d.Items != nil)
	}
	if !ok {
		return nil
	}
	return et
}

func hasFeature(f Features, name string) bool {
	switch name {
	case featureCoupons:
		return f.Coupons
	case featureReferrals:
		return f.Referrals
	case featureLoyalty:
		return f.Loyalty
	}
	return false
}

// param compiles one parameter.
func (c *compiler) param(p param, ps *paramSpec, sc scope, env typeScope, what string, cc campaignCtx) (compiledParam, bool) {
	cp := compiledParam{key: ps.key, kind: ps.kind}
	switch ps.kind {
	case kText:
		cp.tmpl = c.template(p.Value, sc, env, what)
		return cp, cp.tmpl != nil
	case kNumber:
		if d, err := decimal.NewFromString(strings.TrimSpace(p.Value.Text)); err == nil && d.Sign() < 0 {
			c.ps.add(p.Value.Pos, sc, "%s: %s is negative: expected 0 or more (a discount or a number of points)", what, d.String())
			return cp, false
		}
		cp.prog = c.compile(p.Value, sc, env, expectNumber, what)
		return cp, cp.prog != nil
	case kInt:
		cp.prog = c.compile(p.Value, sc, env, expectInt, what)
		return cp, cp.prog != nil
	case kValue:
		cp.prog = c.compile(p.Value, sc, env, expectAny, what)
		return cp, cp.prog != nil
	case kConstInt:
		i, err := strconv.ParseInt(p.Value.Text, 10, 64)
		if !p.Value.Number || err != nil || i < 0 {
			c.ps.add(p.Value.Pos, sc, "%s: expected a whole number written out (not an expression), got %s", what, text.Quote(p.Value.Text))
			return cp, false
		}
		if ps.key == "program" && !cc.programs[i] {
			c.ps.add(p.Value.Pos, sc, "%s: unknown loyalty program %d (the file's loyaltyPrograms define the ids)", what, i)
			return cp, false
		}
		cp.constInt = i // boxed here, not for every effect
		return cp, true
	case kScope:
		for _, s := range ps.scopes {
			if string(s) == p.Value.Text {
				cp.constStr = p.Value.Text
				return cp, true
			}
		}
		names := make([]string, len(ps.scopes))
		for i, s := range ps.scopes {
			names[i] = string(s)
		}
		c.ps.add(p.Value.Pos, sc, "%s: unknown scope %s (expected one of %s)", what, text.Quote(p.Value.Text), strings.Join(names, ", "))
		return cp, false
	case kPayload:
		ok := true
		for _, e := range p.Mapping {
			prog := c.compile(e.Value, sc, env, expectAny, what+"."+e.Key.Text)
			if prog == nil {
				ok = false
				continue
			}
			cp.payload = append(cp.payload, payloadField{key: e.Key.Text, prog: prog})
		}
		return cp, ok
	}
	return cp, false
}

// checkSet checks a set effect's path against the registry and its
// value's type against the attribute's type.
func (c *compiler) checkSet(et *effectTemplate, d effectDoc, sc scope, perItem bool) bool {
	var path, value *compiledParam
	var pathPos Position
	for i := range et.params {
		switch et.params[i].key {
		case "path":
			path = &et.params[i]
		case "value":
			value = &et.params[i]
		}
	}
	for _, p := range d.Params {
		if p.Key.Text == "path" {
			pathPos = p.Value.Pos
		}
	}
	pathText, constant := path.tmpl.constant()
	if !constant {
		c.ps.add(pathPos, sc, "set path: expected a constant path such as Session.Attributes.name")
		return false
	}
	entities := map[string]cart.Entity{"Session": cart.EntitySession, "Profile": cart.EntityProfile}
	if perItem {
		entities["Item"] = cart.EntityCartItem
	}
	parts := strings.Split(pathText, ".")
	e, known := entities[parts[0]]
	if len(parts) != 3 || parts[1] != "Attributes" || !known {
		where := "Session.Attributes.name or Profile.Attributes.name"
		if perItem {
			where += " or Item.Attributes.name"
		}
		c.ps.add(pathPos, sc, "set path: expected %s, got %s", where, text.Quote(pathText))
		return false
	}
	at, ok := c.reg.Lookup(e, parts[2])
	if !ok {
		c.ps.add(pathPos, sc, "set path: unknown attribute %s of %s", text.Quote(parts[2]), e)
		return false
	}
	if out := value.prog.out; out != nil && !valueFits(at, out) {
		c.ps.add(value.prog.pos, sc, "set value: the attribute %s is of type %s, got %s", text.Quote(parts[2]), at, typeName(out))
		return false
	}
	return true
}

func valueFits(at cart.AttributeType, out reflect.Type) bool {
	switch at {
	case cart.TypeString:
		return out.Kind() == reflect.String
	case cart.TypeNumber:
		return out == decimalType || out.Kind() == reflect.Int
	case cart.TypeBoolean:
		return out.Kind() == reflect.Bool
	case cart.TypeTime:
		return out == timeType
	case cart.TypeStringList:
		return out.Kind() == reflect.Slice && out.Elem().Kind() == reflect.String
	case cart.TypeNumberList:
		return out.Kind() == reflect.Slice && out.Elem() == decimalType
	}
	return false
}
