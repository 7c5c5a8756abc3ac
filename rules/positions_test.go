package rules

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestProblemsHavePositions holds every problem of every broken file to a
// real line and column: none is reported at 0:0.
func TestProblemsHavePositions(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		_, err := Load(path)
		var le *LoadError
		if !errors.As(err, &le) {
			t.Fatalf("%s: Load: %v, want a *LoadError", path, err)
		}
		for _, p := range le.Problems {
			if p.Line < 1 || p.Col < 1 {
				t.Errorf("%s: problem without a position: %s", path, p)
			}
		}
	}
}

// TestNotAMappingPositions: a top-level list, a YAML tag and parts that
// are not mappings are each reported once, where they are, with nothing
// reported about what the part lacks.
func TestNotAMappingPositions(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"top-level list", "- currency: EUR\n- campaigns: []\n",
			"f.yaml:1:1: file: expected a mapping, got a list"},
		{"python tag", "!!python/object\n",
			"f.yaml:1:1: file: the YAML tag \"!!python/object\" is not supported (a campaign file holds plain mappings, lists and scalars)\n" +
				"f.yaml:1:1: file: expected a mapping, got \"\""},
		{"tagged value", "currency: !!binary RVVS\n",
			"f.yaml:1:11: currency: the YAML tag \"!!binary\" is not supported (a campaign file holds plain mappings, lists and scalars)\n" +
				"f.yaml:1:11: currency: \"RVVS\" is not an ISO 4217 code (expected three upper-case letters such as EUR)"},
		{"campaign not a mapping", "currency: EUR\ncampaigns: [x]\n",
			"f.yaml:2:13: campaigns[0]: expected a mapping, got \"x\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Errorf("Parse:\n%v\nwant:\n%s", err, tc.want)
			}
		})
	}
}
