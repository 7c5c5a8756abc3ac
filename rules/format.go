package rules

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// This file holds the campaign file's format: what the YAML (or JSON)
// document decodes into. The JSON tags name the keys for both syntaxes.
// Checking and compiling happen in load.go and compile.go.

// fileDoc is the top level of a campaign file.
type fileDoc struct {
	meta
	Currency        string              `json:"currency"`
	Rounding        string              `json:"rounding"`
	Attributes      attributesDoc       `json:"attributes"`
	LoyaltyPrograms []loyaltyProgramDoc `json:"loyaltyPrograms"`
	Groups          []groupDoc          `json:"groups"`
	Campaigns       campaignList        `json:"campaigns"`
}

// campaignList is the campaigns' list as the document has it, each
// campaign still a node: they are decoded with their compile, several
// at once (compile_campaigns.go). what names the list in messages.
type campaignList struct {
	nodes []*yaml.Node
	what  string
}

// attributesDoc is the attribute registry: attribute name → type, per
// entity.
type attributesDoc struct {
	meta
	Session  orderedMap `json:"session"`
	Item     orderedMap `json:"item"`
	Profile  orderedMap `json:"profile"`
	Coupon   orderedMap `json:"coupon"`
	Referral orderedMap `json:"referral"`
	Campaign orderedMap `json:"campaign"`
}

type loyaltyProgramDoc struct {
	meta
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Activation   string `json:"activation"`
	Validity     string `json:"validity"`
	ReturnPolicy string `json:"returnPolicy"`
}

type groupDoc struct {
	meta
	Name string `json:"name"`
	Mode string `json:"mode"`
}

type campaignDoc struct {
	meta
	ID               int64        `json:"id"`
	Name             string       `json:"name"`
	Description      string       `json:"description"`
	State            string       `json:"state"`
	StartTime        *time.Time   `json:"startTime"`
	EndTime          *time.Time   `json:"endTime"`
	Group            string       `json:"group"`
	Features         []string     `json:"features"`
	Attributes       orderedMap   `json:"attributes"`
	Coupons          *couponsDoc  `json:"coupons"`
	Referrals        *referralDoc `json:"referrals"`
	Limits           []limitDoc   `json:"limits"`
	PartialDiscounts bool         `json:"partialDiscounts"`
	Rules            []ruleDoc    `json:"rules"`
}

type couponsDoc struct {
	meta
	Codes           []string   `json:"codes"`
	Pattern         string     `json:"pattern"`
	UsageLimit      int64      `json:"usageLimit"`
	PerProfileLimit int64      `json:"perProfileLimit"`
	StartTime       *time.Time `json:"startTime"`
	ExpiryTime      *time.Time `json:"expiryTime"`
	Recipient       string     `json:"recipient"`
}

type referralDoc struct {
	meta
	Pattern    string     `json:"pattern"`
	UsageLimit int64      `json:"usageLimit"`
	StartTime  *time.Time `json:"startTime"`
	ExpiryTime *time.Time `json:"expiryTime"`
}

type limitDoc struct {
	meta
	Action string          `json:"action"`
	Limit  decimal.Decimal `json:"limit"`
	Per    string          `json:"per"`
	Period string          `json:"period"`
}

type ruleDoc struct {
	meta
	Name           string      `json:"name"`
	Bindings       orderedMap  `json:"bindings"`
	Condition      exprList    `json:"condition"`
	Effects        []effectDoc `json:"effects"`
	FailureEffects []effectDoc `json:"failureEffects"`
}

// effectDoc is one effect of a rule: its type, the optional items it
// iterates over, and its parameters, each a scalar (an expression or a
// text template) or, for customEffect's payload, a mapping of expressions.
type effectDoc struct {
	Pos    Position
	Type   scalar
	Items  *scalar
	Params []param
}

type param struct {
	Key     scalar
	Value   scalar
	Mapping orderedMap // set when the value is a mapping
	IsMap   bool
}

// scalar is a scalar of the document with its text and where it is.
type scalar struct {
	Text string
	Pos  Position
	// Lines are the positions of the first character of each line of a
	// block scalar's content; empty for single-line scalars.
	Lines []Position
	// Quoted is the offset of the text from Pos (1 for a quoted scalar).
	Quoted int
	// Number reports a YAML/JSON number (tag !!int or !!float).
	Number bool
	Null   bool
}

// orderedMap is a mapping kept in document order, string keys to scalars.
type orderedMap []mapEntry

type mapEntry struct {
	Key, Value scalar
}

// exprList is one expression or a list of expressions.
type exprList []scalar

// meta records where a mapping was and where each of its keys' values is,
// for problems found after decoding. A document part that was not a
// mapping records where it was, and that it was not (invalid): the
// decoder reported it, and the checks after decoding skip it rather than
// report what it lacks.
type meta struct {
	pos Position
	// fields are the mapping's keys, each once, in the mapping's order.
	fields  []fieldPos
	invalid bool
}

// fieldPos is a key of a mapping and the position of its value.
type fieldPos struct {
	key string
	pos Position
}

func (m *meta) setMeta(pos Position, fields []fieldPos, invalid bool) {
	m.pos, m.fields, m.invalid = pos, fields, invalid
}

// keyIndex returns where key is in fields, or -1.
func keyIndex(fields []fieldPos, key string) int {
	return slices.IndexFunc(fields, func(f fieldPos) bool { return f.key == key })
}

// at returns the position of a key's value, or of the mapping when the key
// was absent.
func (m *meta) at(key string) Position {
	if i := keyIndex(m.fields, key); i >= 0 {
		return m.fields[i].pos
	}
	return m.pos
}

func (m *meta) has(key string) bool { return keyIndex(m.fields, key) >= 0 }
