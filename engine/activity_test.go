package engine

import (
	"context"
	"testing"
	"time"
)

// A profile's LastActivity is the time of the last stored call that ran
// the rule engine for it (Talon.One's lastActivity): every stored session
// update (open, close, cancel), a return, a reopen, a profile update that
// asks for it; not a dry run, a dry return, a plain attribute update, a
// read, nor a repeated close (which stores nothing).
func TestProfileLastActivity(t *testing.T) {
	now := testNow
	e := newEngine(t, shopCampaigns, WithClock(func() time.Time { return now }))
	ctx := context.Background()
	at := func(minutes int) time.Time { return testNow.Add(time.Duration(minutes) * time.Minute) }
	stored := func(want time.Time, when string) {
		t.Helper()
		p, err := e.Store().Profile(ctx, "ann")
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if !p.LastActivity.Equal(want) {
			t.Errorf("%s: the stored LastActivity is %v, want %v", when, p.LastActivity, want)
		}
	}
	answered := func(r *Response, want time.Time, when string) {
		t.Helper()
		if r.CustomerProfile == nil || !r.CustomerProfile.LastActivity.Equal(want) {
			t.Errorf("%s: the answer's profile is %+v, want LastActivity %v", when, r.CustomerProfile, want)
		}
		stored(want, when)
	}

	now = at(1)
	answered(update(t, e, "s1", cart120), at(1), "an open update")
	now = at(2)
	dry, err := e.UpdateSession(ctx, "s9", []byte(cart120), UpdateOptions{Dry: true})
	if err != nil {
		t.Fatal(err)
	}
	answered(dry, at(1), "a dry run")
	now = at(3)
	answered(update(t, e, "s1", `{"state": "closed"}`), at(3), "a close")
	now = at(4)
	answered(update(t, e, "s1", `{"state": "closed"}`), at(3), "a repeated close")
	now = at(5)
	preview, err := e.PreviewReturn(ctx, "s1", []ReturnedItem{{Position: 1, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	answered(preview, at(3), "a dry return")
	now = at(6)
	ret, err := e.Return(ctx, "s1", []ReturnedItem{{Position: 1, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	answered(ret, at(6), "a return")
	now = at(7)
	answered(update(t, e, "s1", `{"state": "cancelled"}`), at(7), "a cancel of a returned session")

	now = at(8)
	update(t, e, "s2", cart120)
	now = at(9)
	update(t, e, "s2", `{"state": "closed"}`)
	now = at(10)
	reopened, err := e.Reopen(ctx, "s2")
	if err != nil {
		t.Fatal(err)
	}
	answered(reopened, at(10), "a reopen")
	now = at(11)
	answered(update(t, e, "s2", `{"state": "cancelled"}`), at(11), "a cancel of an open session")

	now = at(12)
	ps, err := e.UpdateProfile(ctx, "ann", &Profile{Attributes: map[string]any{"tier": "gold"}}, false)
	if err != nil || !ps.LastActivity.Equal(at(11)) {
		t.Errorf("a plain profile update: %+v, %v; want LastActivity %v", ps, err, at(11))
	}
	stored(at(11), "a plain profile update")
	now = at(13)
	if ps, err = e.UpdateProfileWith(ctx, "ann", &Profile{}, ProfileUpdate{Dry: true, Activity: true}); err != nil || !ps.LastActivity.Equal(at(11)) {
		t.Errorf("a dry profile update: %+v, %v; want LastActivity %v", ps, err, at(11))
	}
	stored(at(11), "a dry profile update")
	now = at(14)
	if ps, err = e.UpdateProfileWith(ctx, "ann", &Profile{}, ProfileUpdate{Activity: true}); err != nil || !ps.LastActivity.Equal(at(14)) {
		t.Errorf("a profile update that ran the rule engine: %+v, %v; want LastActivity %v", ps, err, at(14))
	}
	stored(at(14), "a profile update that ran the rule engine")
	now = at(15)
	inv, err := e.Inventory(ctx, "ann", InventoryRequest{Profile: true})
	if err != nil || !inv.Profile.LastActivity.Equal(at(14)) {
		t.Errorf("an inventory read: %+v, %v; want LastActivity %v", inv.Profile, err, at(14))
	}
	stored(at(14), "an inventory read")
}
