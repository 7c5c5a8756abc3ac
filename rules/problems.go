package rules

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cartfx/cartfx/internal/text"
)

// ErrInvalidCampaigns is matched (errors.Is) by every error that Load and
// Parse return for a campaign file with problems.
var ErrInvalidCampaigns = errors.New("invalid campaign file")

// Position is a place in a campaign file: 1-based line and column (the
// column counts characters). The zero Position means unknown.
type Position struct {
	Line, Col int
}

// Problem is one thing wrong with a campaign file.
type Problem struct {
	File      string
	Line, Col int
	// Campaign and Rule name the campaign and rule the problem is in; empty
	// when it is outside them.
	Campaign, Rule string
	Message        string
	// Err is the error the problem was found from, when another package
	// found it: expr's *file.Error (its position in the expression and
	// a snippet) for a problem in an expression. nil otherwise.
	Err error
}

// String formats the problem as cartfx lint prints it:
// FILE:LINE:COL: campaign "NAME" rule "NAME": message. The campaign and
// rule parts are left out when empty.
func (p Problem) String() string {
	head := fmt.Sprintf("%s:%d:%d: ", p.File, p.Line, p.Col)
	var parts []string
	if p.Campaign != "" {
		parts = append(parts, fmt.Sprintf("campaign %s", text.Quote(p.Campaign)))
	}
	if p.Rule != "" {
		parts = append(parts, fmt.Sprintf("rule %s", text.Quote(p.Rule)))
	}
	if len(parts) == 0 {
		return head + p.Message
	}
	return head + strings.Join(parts, " ") + ": " + p.Message
}

// LoadError lists every problem found in a campaign file, in file order.
type LoadError struct {
	Problems []Problem
}

// Error lists the problems, one per line, in the lint format.
func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems' causes (Problem.Err): errors.As finds
// expr's *file.Error of a problem in an expression through it.
func (e *LoadError) Unwrap() []error {
	var causes []error
	for _, p := range e.Problems {
		if p.Err != nil {
			causes = append(causes, p.Err)
		}
	}
	return causes
}

// Is reports whether target is ErrInvalidCampaigns.
func (e *LoadError) Is(target error) bool { return target == ErrInvalidCampaigns }

// scope names where a problem is: campaign and rule.
type scope struct{ campaign, rule string }

// problems collects the problems of one load.
type problems struct {
	file string
	list []Problem
}

func (ps *problems) add(pos Position, sc scope, format string, args ...any) {
	ps.addCause(pos, sc, nil, format, args...)
}

// addCause adds a problem found from cause (Problem.Err).
func (ps *problems) addCause(pos Position, sc scope, cause error, format string, args ...any) {
	ps.list = append(ps.list, Problem{
		File: ps.file, Line: pos.Line, Col: pos.Col,
		Campaign: sc.campaign, Rule: sc.rule,
		Message: fmt.Sprintf(format, args...), Err: cause,
	})
}

// err returns the LoadError, nil when there is no problem. Problems are
// sorted by position; problems at the same place keep their order.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	sort.SliceStable(ps.list, func(i, j int) bool {
		a, b := ps.list[i], ps.list[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return &LoadError{Problems: ps.list}
}

// hasAt reports whether a problem was already reported at pos.
func (ps *problems) hasAt(pos Position) bool {
	for _, p := range ps.list {
		if p.Line == pos.Line && p.Col == pos.Col {
			return true
		}
	}
	return false
}
