package rules

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/internal/input"
	"github.com/cartfx/cartfx/internal/text"
)

// Bounds on a campaign file's parts, far beyond what a real file holds;
// a part beyond them is a problem, and what is beyond is not compiled.
const (
	// MaxCampaigns is the most campaigns a file may have.
	MaxCampaigns = 50_000
	// MaxRules is the most rules a campaign may have.
	MaxRules = 100
	// MaxBindings is the most bindings a rule may have.
	MaxBindings = 100
)

// MaxFileSize is the largest campaign file Load and Parse accept, in
// bytes (16 MiB). Load stops reading a longer file (or an endless one,
// such as /dev/zero) after MaxFileSize+1 bytes.
const MaxFileSize = 16 << 20

// Load reads and compiles the campaign file at path (YAML, or JSON, which
// is read as YAML). A file longer than MaxFileSize fails with an error
// matching input.ErrTooLarge, read no further than the limit; a file
// with problems gives a *LoadError.
func Load(path string) (*File, error) {
	data, err := input.ReadFile(path, "campaign file", MaxFileSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse compiles a campaign file's contents; filename names it in
// messages. Every problem is reported at once in a *LoadError, which
// matches ErrInvalidCampaigns.
func Parse(filename string, data []byte) (*File, error) {
	ps := &problems{file: filename}
	if len(data) > MaxFileSize {
		ps.add(Position{1, 1}, scope{}, "the file is %d bytes long (at most %d)", len(data), MaxFileSize)
		return nil, ps.err()
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		ps.add(syntaxPos(err), scope{}, "%s", syntaxMessage(err))
		return nil, ps.err()
	}
	var doc fileDoc
	if len(root.Content) == 0 {
		ps.add(Position{1, 1}, scope{}, "the file is empty (expected a mapping with currency and campaigns)")
		return nil, ps.err()
	}
	if !noAliases(ps, root.Content[0]) {
		return nil, ps.err()
	}
	d := &decoder{ps: ps, lines: strings.Split(string(data), "\n")}
	d.decode(root.Content[0], reflect.ValueOf(&doc).Elem(), "file")
	if doc.invalid {
		return nil, ps.err() // not a mapping: nothing else to check
	}
	f := build(&doc, filename, d.lines, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// noAliases reports every YAML anchor and alias in the tree, and whether
// there were none. Each bound of a campaign file (its size, the number of
// campaigns, rules and bindings) is on what it says, and an alias repeats
// what it names without making the file longer: a 42 KB file of 1,000
// campaigns each `rules: *rs` compiled 100,000 rules. A campaign file has
// no need for them.
func noAliases(ps *problems, root *yaml.Node) bool {
	ok := true
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch {
		case n.Kind == yaml.AliasNode:
			ps.add(nodePos(n), scope{}, "YAML aliases are not allowed in a campaign file: write the rule out, or generate the file")
			ok = false
			return // not followed
		case n.Anchor != "":
			ps.add(nodePos(n), scope{}, "YAML anchors are not allowed in a campaign file: write the rule out, or generate the file")
			ok = false
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return ok
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func syntaxPos(err error) Position {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return Position{Line: n, Col: 1}
	}
	return Position{Line: 1, Col: 1}
}

func syntaxMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = yamlLinePrefix.ReplaceAllString(msg, "")
	return "syntax error: " + msg
}

var yamlLinePrefix = regexp.MustCompile(`^line \d+: `)

var durationText = regexp.MustCompile(`^([1-9][0-9]{0,4})([hDWMY])$`)

func parseDuration(s string) (Duration, bool) {
	m := durationText.FindStringSubmatch(s)
	if m == nil {
		return Duration{}, false
	}
	n, _ := strconv.Atoi(m[1])
	return Duration{Count: n, Unit: m[2][0]}, true
}

// build checks the decoded document and compiles its rules.
func build(doc *fileDoc, filename string, lines []string, ps *problems) *File {
	f := &File{Name: filename, Registry: cart.NewRegistry()}
	none := scope{}
	if doc.Currency == "" {
		ps.add(doc.at("currency"), none, "missing key \"currency\" (an ISO 4217 code such as EUR)")
	} else if c, err := cart.LookupCurrency(doc.Currency); err != nil {
		ps.add(doc.at("currency"), none, "currency: %s", trimKind(err))
	} else {
		f.Currency = c
	}
	if doc.Rounding != "" {
		m, err := cart.ParseRoundingMode(doc.Rounding)
		if err != nil {
			ps.add(doc.at("rounding"), none, "rounding: unknown mode %s (expected halfEven, halfUp, down or up)", text.Quote(doc.Rounding))
		}
		f.Rounding = m
	}
	registry(f.Registry, &doc.Attributes, ps)

	programs := map[int64]bool{}
	for _, p := range doc.LoyaltyPrograms {
		if p.invalid {
			continue // not a mapping, reported by the decoder
		}
		lp := LoyaltyProgram{ID: p.ID, Name: p.Name, ReturnPolicy: ReturnPolicy(p.ReturnPolicy)}
		if p.ID <= 0 {
			ps.add(p.at("id"), none, "loyalty program: id must be a positive whole number")
		} else if programs[p.ID] {
			ps.add(p.at("id"), none, "loyalty program: id %d is used twice", p.ID)
		}
		programs[p.ID] = true
		if p.Name == "" {
			ps.add(p.at("name"), none, "loyalty program %d: missing key \"name\"", p.ID)
		}
		if p.Activation != "" && p.Activation != "immediately" {
			d, ok := parseDuration(p.Activation)
			if !ok {
				ps.add(p.at("activation"), none, "loyalty program %d: activation %s: expected immediately or a duration such as 14D", p.ID, text.Quote(p.Activation))
			}
			lp.Activation = d
		}
		if p.Validity != "" && p.Validity != "unlimited" {
			d, ok := parseDuration(p.Validity)
			if !ok {
				ps.add(p.at("validity"), none, "loyalty program %d: validity %s: expected unlimited or a duration such as 12M", p.ID, text.Quote(p.Validity))
			}
			lp.Validity = d
		}
		switch lp.ReturnPolicy {
		case "":
			lp.ReturnPolicy = ReturnOnlyPending
		case ReturnOnlyPending, ReturnWithinBalance, ReturnUnlimited:
		default:
			ps.add(p.at("returnPolicy"), none, "loyalty program %d: returnPolicy %s: expected only_pending, within_balance or unlimited", p.ID, text.Quote(p.ReturnPolicy))
		}
		f.LoyaltyPrograms = append(f.LoyaltyPrograms, lp)
	}

	groups := map[string]bool{}
	for _, g := range doc.Groups {
		if g.invalid {
			continue
		}
		if g.Name == "" {
			ps.add(g.at("name"), none, "group: missing key \"name\"")
			continue
		}
		if groups[g.Name] {
			ps.add(g.at("name"), none, "group %s is defined twice", text.Quote(g.Name))
			continue
		}
		groups[g.Name] = true
		mode := GroupMode(g.Mode)
		switch mode {
		case "":
			mode = Stackable
		case Stackable, First, HighestDiscount, LowestDiscount:
		default:
			ps.add(g.at("mode"), none, "group %s: unknown mode %s (expected stackable, first, highestDiscount or lowestDiscount)", text.Quote(g.Name), text.Quote(g.Mode))
		}
		f.Groups = append(f.Groups, Group{Name: g.Name, Mode: mode})
	}

	f.Campaigns = loadCampaigns(doc.Campaigns, lines, f.Registry, programs, groups, ps)
	usesDefault := false
	for _, c := range f.Campaigns {
		if c.Group == DefaultGroup && !groups[DefaultGroup] {
			usesDefault = true
		}
	}
	if usesDefault {
		f.Groups = append(f.Groups, Group{Name: DefaultGroup, Mode: Stackable})
	}
	return f
}

// trimKind drops an error's "kind: " prefix.
func trimKind(err error) string {
	msg := err.Error()
	if _, rest, ok := strings.Cut(msg, ": "); ok {
		return rest
	}
	return msg
}

func registry(r *cart.Registry, a *attributesDoc, ps *problems) {
	for _, e := range []struct {
		key    string
		m      orderedMap
		entity cart.Entity
	}{
		{"session", a.Session, cart.EntitySession}, {"item", a.Item, cart.EntityCartItem},
		{"profile", a.Profile, cart.EntityProfile}, {"coupon", a.Coupon, cart.EntityCoupon},
		{"referral", a.Referral, cart.EntityReferral}, {"campaign", a.Campaign, cart.EntityCampaign},
	} {
		for _, kv := range e.m {
			if err := r.Define(e.entity, kv.Key.Text, cart.AttributeType(kv.Value.Text)); err != nil {
				pos := kv.Value.Pos
				if !strings.Contains(err.Error(), "type") {
					pos = kv.Key.Pos
				}
				ps.add(pos, scope{}, "attributes.%s: %s", e.key, err)
			}
		}
	}
}
