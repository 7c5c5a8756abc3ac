package rules

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/broken")

// updating reports whether golden files are rewritten: -update, or
// CARTFX_UPDATE=1 in the environment (so that go test ./... works too).
func updating() bool { return *update || os.Getenv("CARTFX_UPDATE") == "1" }

// TestBroken loads every testdata/broken/*.yaml and compares the lint
// output with its .golden file.
func TestBroken(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 25 {
		t.Fatalf("%d broken files, want at least 25", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, err := Load(path)
			if !errors.Is(err, ErrInvalidCampaigns) {
				t.Fatalf("Load: %v, want an error matching ErrInvalidCampaigns", err)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(path, ".yaml") + ".golden"
			if updating() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with CARTFX_UPDATE=1 to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("lint output (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExampleLoadsClean(t *testing.T) {
	f, err := Load("../fixtures/campaigns/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Campaigns) != 10 || f.RuleCount() != 11 {
		t.Errorf("%d campaigns, %d rules", len(f.Campaigns), f.RuleCount())
	}
}
