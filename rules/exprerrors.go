package rules

import (
	"reflect"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"

	"github.com/cartfx/cartfx/internal/closure"
)

// Problems that expr finds in an expression keep expr's *file.Error as
// their cause (Problem.Err; errors.As finds it through a LoadError), with
// the campaign, the rule, the part and the position in the campaign file
// around its message. expr's message is not rewritten: it names Go types
// as expr does (decimal.Decimal, closure.SessionView, the view types being
// defined in internal/closure). The one problem that
// a rule author meets often, a field that a view does not have, is told
// from the checked tree instead, in the names the author writes.

// viewNames are the environment's view types by the names expressions
// know them by.
var viewNames = map[reflect.Type]string{
	reflect.TypeFor[SessionView]():  closure.VarSession,
	reflect.TypeFor[ProfileView]():  closure.VarProfile,
	reflect.TypeFor[CouponView]():   closure.VarCoupon,
	reflect.TypeFor[ReferralView](): closure.VarReferral,
	reflect.TypeFor[CampaignView](): closure.VarCampaign,
	reflect.TypeFor[Item]():         closure.VarItem,
}

// unknownField returns the message for fe when expr's checker stopped at
// a member access that reads a field a view does not have: the view's
// name, and the field meant when one is a letter or two away, or the
// fields there are.
func unknownField(tree *ast.Node, fe *file.Error) (string, bool) {
	if tree == nil {
		return "", false
	}
	var msg string
	ast.Walk(tree, closure.Visitor(func(n ast.Node) {
		m, ok := n.(*ast.MemberNode)
		if !ok || msg != "" || m.Method || m.Location() != fe.Location {
			return
		}
		prop, ok := m.Property.(*ast.StringNode)
		t := m.Node.Type()
		if !ok || t == nil {
			return
		}
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		view, ok := viewNames[t]
		if !ok {
			return
		}
		if _, ok := t.FieldByName(prop.Value); ok {
			return
		}
		var fields []string
		for f := range t.Fields() {
			if f.IsExported() {
				fields = append(fields, f.Name)
			}
		}
		msg = "type " + view + " has no field " + prop.Value
		if near := nearest(prop.Value, fields); near != "" {
			msg += " (did you mean " + near + "?)"
		} else {
			msg += " (fields: " + strings.Join(fields, ", ") + ")"
		}
	}))
	return msg, msg != ""
}

// nearest returns the name of names at most two edits from s (the
// nearest, the first of equals), or "".
func nearest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToLower(s), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the number of insertions, deletions, substitutions and
// transpositions of adjacent letters that make a into b.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
