package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestProfileRuleEngine: a profile update with runRuleEngine=true answers
// the effects of the campaigns evaluated for the profile with its stored
// attributes and the given ones over them; what they would create is not
// stored (ID 0, no coupon in the inventory); with dry=true the attributes
// are not stored either; without runRuleEngine no campaign runs.
func TestProfileRuleEngine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "campaigns.yaml")
	if err := os.WriteFile(path, []byte(`
currency: EUR
attributes:
  profile:
    tier: string
    segment: string
campaigns:
  - id: 1
    name: Gold b2b welcome
    features: [coupons]
    coupons:
      pattern: B2B-####
    rules:
      - name: gold b2b
        condition: Profile.Attributes.tier == "gold" && Profile.Attributes.segment == "b2b"
        effects:
          - type: couponCreated
            profileId: "{{ Profile.Id }}"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, campaignsChanged, campaignsChanged); err != nil {
		t.Fatal(err)
	}
	_, ts := newTest(t, func(c *Config) { c.Campaigns = path })
	const p = "/v2/customer_profiles/p1"
	got := replay(t, ts, []exchange{
		{name: "gold, without the rule engine", method: "PUT", path: p,
			body: `{"attributes": {"tier": "gold"}, "responseContent": ["customerProfile", "triggeredCampaigns"]}`},
		{name: "b2b with the rule engine: the campaign sees the stored tier", method: "PUT", path: p + "?runRuleEngine=true",
			body: `{"attributes": {"segment": "b2b"}, "responseContent": ["customerProfile", "triggeredCampaigns"]}`},
		{name: "the run's coupon is not stored", method: "GET", path: "/v1/customer_profiles/p1/inventory?coupons=true&profile=true"},
		{name: "a dry run as b2c: nothing triggers, nothing is stored", method: "PUT", path: p + "?runRuleEngine=true&dry=true",
			body: `{"attributes": {"segment": "b2c"}, "responseContent": ["customerProfile", "triggeredCampaigns"]}`},
		{name: "still b2b", method: "GET", path: "/v1/customer_profiles/p1/inventory?profile=true"},
	})
	golden(t, "profiles.golden", got)
}

// TestProfileLastActivity: a profile's lastActivity, as each route answers
// it, is its last stored call that ran the rule engine: a stored session
// update, a profile update with runRuleEngine=true; not a dry run, a
// plain profile update, a dry rule-engine run or a read. Before any, it is
// the profile's creation.
func TestProfileLastActivity(t *testing.T) {
	var mu sync.Mutex
	now := testNow
	at := func(minutes int) time.Time { return testNow.Add(time.Duration(minutes) * time.Minute) }
	set := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
	_, ts := newTest(t, func(c *Config) {
		c.Clock = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	})
	const content = `"responseContent": ["customerProfile"]`
	session := `{"customerSession": {"profileId": "p1", "cartItems": [` + shoes + `]}, ` + content + `}`
	steps := []struct {
		at                 int
		method, path, body string
		want               int // the minute lastActivity answers
	}{
		{0, "PUT", "/v2/customer_profiles/p1", `{"attributes": {"tier": "gold"}, ` + content + `}`, 0},
		{1, "PUT", "/v2/customer_sessions/s1?dry=true", session, 0},
		{2, "PUT", "/v2/customer_sessions/s1", session, 2},
		{3, "PUT", "/v2/customer_profiles/p1", `{"attributes": {"tier": "silver"}, ` + content + `}`, 2},
		{4, "PUT", "/v2/customer_profiles/p1?runRuleEngine=true", `{"attributes": {}, ` + content + `}`, 4},
		{5, "PUT", "/v2/customer_profiles/p1?runRuleEngine=true&dry=true", `{"attributes": {}, ` + content + `}`, 4},
		{6, "GET", "/v1/customer_profiles/p1/inventory?profile=true", "", 4},
	}
	for _, st := range steps {
		set(at(st.at))
		status, body := call(t, ts, st.method, st.path, st.body)
		var got struct {
			CustomerProfile *struct {
				LastActivity time.Time `json:"lastActivity"`
			} `json:"customerProfile"`
			Profile *struct {
				LastActivity time.Time `json:"lastActivity"`
			} `json:"profile"`
		}
		if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil {
			t.Fatalf("%s %s: %d %s (%v)", st.method, st.path, status, body, err)
		}
		p := got.CustomerProfile
		if p == nil {
			p = got.Profile
		}
		if p == nil || !p.LastActivity.Equal(at(st.want)) {
			t.Errorf("minute %d, %s %s: %s; want lastActivity %s", st.at, st.method, st.path, body, at(st.want).Format(time.RFC3339))
		}
	}
}
