package server

import (
	"os"
	"path/filepath"
	"testing"
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
