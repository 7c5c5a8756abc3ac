package engine_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/cartfx/cartfx/bench"
	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/fixtures"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
)

// The campaign index (internal/campaignindex) is an optimisation only:
// these tests evaluate the same sessions with it and without it
// (engine.WithoutIndex) and compare the full responses.

// fataler is what sameResponses needs of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// sameResponses compares what two engines answered.
func sameResponses(t fataler, what string, want, got *engine.Response, wantErr, gotErr error) {
	t.Helper()
	if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
		t.Fatalf("%s: error without the index %v, with it %v", what, wantErr, gotErr)
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Fatalf("%s: responses differ (-without +with the index):\n%s", what, diff)
	}
}

// TestIndexChangesNoFixture runs every fixture case's steps on two
// engines, with and without the index.
func TestIndexChangesNoFixture(t *testing.T) {
	entries, err := fixtures.Discover("../fixtures")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 90 {
		t.Fatalf("found %d fixture cases, want the library's (98 or more)", len(entries))
	}
	skipped := 0
	defer engine.CountSkips(&skipped)()
	defer func() {
		// Not a vacuous comparison: the fixtures' sessions make the
		// index skip campaigns.
		if !t.Failed() && skipped == 0 {
			t.Error("the index skipped no campaign")
		}
		t.Logf("the index skipped %d campaigns", skipped)
	}()
	for _, en := range entries {
		t.Run(en.Suite+"/"+en.Case, func(t *testing.T) {
			c, err := fixtures.Load(en)
			if err != nil {
				t.Skipf("not loadable (a case of a bad file): %v", err)
			}
			now := c.Now
			clock := engine.WithClock(func() time.Time { return now })
			plain, err1 := engine.New(c.Campaigns, clock, engine.WithoutIndex())
			indexed, err2 := engine.New(c.Campaigns, clock)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("engine.New: %v without the index, %v with it", err1, err2)
			}
			if err1 != nil {
				return
			}
			ctx := context.Background()
			for i, s := range c.Steps {
				if s.Now != nil {
					now = *s.Now
				}
				want, wantErr := step(ctx, plain, s)
				got, gotErr := step(ctx, indexed, s)
				sameResponses(t, "step "+strconv.Itoa(i+1), want, got, wantErr, gotErr)
			}
		})
	}
}

func step(ctx context.Context, e *engine.Engine, s fixtures.Step) (*engine.Response, error) {
	switch s.Kind {
	case fixtures.ReturnStep:
		return e.Return(ctx, s.SessionID, s.Items)
	case fixtures.ReopenStep:
		return e.Reopen(ctx, s.SessionID)
	}
	opts := engine.UpdateOptions{Dry: s.Dry}
	if s.Profile != nil {
		p, err := e.ParseProfile(s.Profile)
		if err != nil {
			return nil, err
		}
		opts.Profile = p
	}
	return e.UpdateSession(ctx, s.SessionID, s.Session, opts)
}

// TestIndexChangesNoWorkload evaluates the benchmark workloads W1–W4 (a
// dry run, then a close) with and without the index, and checks that
// the index skips most of W4's campaigns.
func TestIndexChangesNoWorkload(t *testing.T) {
	for _, size := range []bench.Size{bench.W1, bench.W2, bench.W3, bench.W4} {
		t.Run(size.Name, func(t *testing.T) {
			w := bench.Generate(size, bench.Seed)
			file, err := rules.Parse(w.Name+".yaml", w.CampaignFile())
			if err != nil {
				t.Fatal(err)
			}
			plain, indexed := workloadEngine(t, file, w, engine.WithoutIndex()), workloadEngine(t, file, w)
			if n := engine.IndexedCampaigns(indexed); n < len(w.Campaigns)*8/10 {
				t.Errorf("the index may skip %d of %d campaigns, want 80%% or more", n, len(w.Campaigns))
			}
			ctx := context.Background()
			for _, state := range []string{"open", "closed"} {
				s, err := cart.ParseSession(w.SessionJSON(state, w.Profile.ID), cart.ParseOptions{Currency: file.Currency, Registry: file.Registry})
				if err != nil {
					t.Fatal(err)
				}
				opts := engine.UpdateOptions{Dry: state == "open"}
				want, wantErr := plain.Update(ctx, "s-"+w.Name, s, opts)
				got, gotErr := indexed.Update(ctx, "s-"+w.Name, s, opts)
				sameResponses(t, state, want, got, wantErr, gotErr)
				if len(got.Triggered) != len(w.Hits()) {
					t.Errorf("%s: %d campaigns triggered, want the workload's %d", state, len(got.Triggered), len(w.Hits()))
				}
			}
		})
	}
}

// workloadEngine returns an engine over a workload's campaigns whose
// store holds the workload's profile: its segments and loyalty balance.
func workloadEngine(t *testing.T, file *rules.File, w *bench.Workload, opts ...engine.Option) *engine.Engine {
	t.Helper()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	st := store.NewMemory()
	earned := now.AddDate(0, -1, 0)
	err := st.Commit(context.Background(), &store.ChangeSet{
		Profiles: []*store.Profile{{ID: w.Profile.ID, Attributes: map[string]any{"segments": w.Profile.Segments}, Created: earned}},
		Loyalty: []store.LoyaltyTxn{{ID: "opening", ProfileID: w.Profile.ID, ProgramID: 1, Name: "opening balance",
			Points: decimal.NewFromInt(w.Profile.Points), Created: earned, ActiveFrom: earned}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(file, append(opts, engine.WithClock(func() time.Time { return now }), engine.WithStore(st))...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
