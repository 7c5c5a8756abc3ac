package bench

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
	"github.com/shopspring/decimal"
)

// now is the engine's clock in every benchmark.
var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// fixture is a generated workload with everything the benchmarks derive
// from it once: the loaded campaign file, the session parsed open and
// closed, and the session's JSON.
type fixture struct {
	w      *Workload
	yaml   []byte
	file   *rules.File
	json   []byte        // the open session
	open   *cart.Session // parsed from json
	closed *cart.Session // the same session, state closed
}

var fixtures sync.Map // name → func() (*fixture, error)

// load returns the fixture of a workload (the subset of the given kinds
// when there are any), built once per test binary.
func load(tb testing.TB, size Size, kinds ...Kind) *fixture {
	tb.Helper()
	name := size.Name
	for _, k := range kinds {
		name += "-" + k.String()
	}
	once, _ := fixtures.LoadOrStore(name, sync.OnceValues(func() (*fixture, error) {
		w := Generate(size, Seed)
		if len(kinds) > 0 {
			w = w.Only(kinds...)
		}
		return newFixture(w)
	}))
	f, err := once.(func() (*fixture, error))()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func newFixture(w *Workload) (*fixture, error) {
	f := &fixture{w: w, yaml: w.CampaignFile(), json: w.SessionJSON("open", w.Profile.ID)}
	var err error
	if f.file, err = rules.Parse(w.Name+".yaml", f.yaml); err != nil {
		return nil, err
	}
	if f.open, err = f.parse(f.json); err != nil {
		return nil, err
	}
	if f.closed, err = f.parse(w.SessionJSON("closed", w.Profile.ID)); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *fixture) parse(data []byte) (*cart.Session, error) {
	return cart.ParseSession(data, cart.ParseOptions{Currency: f.file.Currency, Registry: f.file.Registry})
}

// seedProfile stores the workload's profile under id: its segments and
// its loyalty balance, earned a month ago.
func seedProfile(ctx context.Context, st store.Store, p Profile, id string) error {
	earned := now.AddDate(0, -1, 0)
	return st.Commit(ctx, &store.ChangeSet{
		Profiles: []*store.Profile{{ID: id, Attributes: map[string]any{"segments": p.Segments}, Created: earned}},
		Loyalty: []store.LoyaltyTxn{{
			ID: "opening-" + id, ProfileID: id, ProgramID: 1, Name: "opening balance",
			Points: decimal.NewFromInt(p.Points), Created: earned, ActiveFrom: earned,
		}},
	})
}

// newEngine returns an engine over the fixture's campaigns with an
// in-memory store holding the profile under the IDs given (the workload's
// own when none are).
func newEngine(tb testing.TB, f *fixture, profiles ...string) *engine.Engine {
	tb.Helper()
	st := store.NewMemory()
	if len(profiles) == 0 {
		profiles = []string{f.w.Profile.ID}
	}
	for _, id := range profiles {
		if err := seedProfile(context.Background(), st, f.w.Profile, id); err != nil {
			tb.Fatal(err)
		}
	}
	e, err := engine.New(f.file, engine.WithClock(clock), engine.WithStore(st))
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// profileIDs returns n fresh profile IDs.
func profileIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("customer-%07d", i+2)
	}
	return ids
}

// closeAs returns the closed session for another profile: a shallow copy
// that shares the cart items, which the engine only reads.
func (f *fixture) closeAs(profileID string) *cart.Session {
	s := *f.closed
	s.ProfileID = profileID
	return &s
}

// triggered returns the IDs of the campaigns an engine response triggered.
func triggered(resp *engine.Response) []int64 {
	ids := make([]int64, len(resp.Triggered))
	for i, t := range resp.Triggered {
		ids[i] = t.ID
	}
	return ids
}
