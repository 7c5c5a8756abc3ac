package engine

import (
	"context"
	"testing"

	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// racingStore runs race once, right after the first read of a profile:
// another update that commits between the engine's read and its commit.
type racingStore struct {
	*store.Memory
	race func()
}

func (r *racingStore) Profile(ctx context.Context, id string) (*store.Profile, error) {
	p, err := r.Memory.Profile(ctx, id)
	if f := r.race; f != nil {
		r.race = nil
		f()
	}
	return p, err
}

// TestSessionProfileMerge: a session update that gives profile attributes
// sets those alone, on the attributes stored when it commits: an update of
// another attribute that commits in between stays, and the rules see the
// stored attributes with the given ones over them.
func TestSessionProfileMerge(t *testing.T) {
	const campaigns = `
currency: EUR
attributes:
  profile:
    tier: string
    segment: string
campaigns:
  - id: 1
    name: Gold b2c
    rules:
      - name: gold b2c
        condition: Profile.Attributes.tier == "gold" && Profile.Attributes.segment == "b2c"
        effects:
          - type: setDiscount
            name: gold
            value: 1
`
	ctx := context.Background()
	mem := store.NewMemory()
	if err := mem.Commit(ctx, &store.ChangeSet{Profiles: []*store.Profile{
		{ID: "ann", Attributes: map[string]any{"tier": "silver", "segment": "b2c"}, Created: testNow}}}); err != nil {
		t.Fatal(err)
	}
	rs := &racingStore{Memory: mem}
	e := newEngine(t, campaigns, WithStore(rs))
	rs.race = func() {
		if err := mem.Commit(ctx, &store.ChangeSet{ProfileDeltas: []store.ProfileDelta{
			{ID: "ann", MergeAttributes: map[string]any{"segment": "b2b"}}}}); err != nil {
			t.Error(err)
		}
	}
	resp, err := e.UpdateSession(ctx, "s1", []byte(`{"profileId": "ann", "state": "closed", "cartItems": [{"sku": "A", "quantity": 1, "price": 10}]}`),
		UpdateOptions{Profile: &Profile{Attributes: map[string]any{"tier": "gold"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Effects) != 1 {
		t.Errorf("effects %+v, want the gold b2c discount (the rules see segment b2c, as read, and the given tier)", resp.Effects)
	}
	p, err := mem.Profile(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"tier": "gold", "segment": "b2b"}, p.Attributes); diff != "" {
		t.Errorf("stored attributes (-want +got):\n%s", diff)
	}
}
