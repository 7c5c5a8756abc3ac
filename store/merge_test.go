package store

import (
	"context"
	"reflect"
	"testing"
)

// TestMergeAttributes: MergeAttributes set the given attributes on the
// ones stored at the commit, and keep the others.
func TestMergeAttributes(t *testing.T) {
	m := NewMemory()
	ctx := context.Background()
	for _, a := range []map[string]any{{"tier": "gold"}, {"segment": "b2b"}, {"tier": "silver"}} {
		if err := m.Commit(ctx, &ChangeSet{ProfileDeltas: []ProfileDelta{{ID: "p", MergeAttributes: a}}}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := m.Profile(ctx, "p")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"tier": "silver", "segment": "b2b"}; !reflect.DeepEqual(p.Attributes, want) {
		t.Errorf("attributes %v, want %v", p.Attributes, want)
	}
}
