package server

import (
	"strings"
	"testing"
)

const (
	shoes = `{"sku": "SH-1", "name": "Shoe", "category": "shoes", "quantity": 2, "price": 60}`
	open  = `{"customerSession": {"profileId": "p1", "couponCodes": ["WELCOME5"], "cartItems": [` + shoes + `]},
 "responseContent": ["customerSession", "customerProfile", "triggeredCampaigns", "loyalty", "ruleFailureReasons"]}`
	all = `"responseContent": ["customerSession", "customerProfile", "loyalty"]`
)

// TestLifecycle drives every route through a session's life: created,
// read, closed, partly returned (and the return replayed), balances,
// cancelled, and a second session reopened; and the profile updated.
func TestLifecycle(t *testing.T) {
	_, ts := newTest(t, nil)
	id := "/v2/customer_sessions/order%2F1%20a"
	got := replay(t, ts, []exchange{
		{name: "a dry run stores nothing", method: "PUT", path: id + "?dry=true", body: open},
		{name: "the dry run left no session", method: "GET", path: id},
		{name: "create the session", method: "PUT", path: id, body: open},
		{name: "read it", method: "GET", path: id},
		{name: "close it", method: "PUT", path: id, body: `{"customerSession": {"state": "closed"}, "responseContent": ["customerSession"]}`},
		{name: "a closed session cannot change", method: "PUT", path: id, body: `{"customerSession": {"cartItems": []}}`},
		{name: "a dry return", method: "POST", path: id + "/returns?dry=true", body: `{"return": {"returnedCartItems": [{"position": 0, "quantity": 1}]}}`},
		{name: "return one shoe", method: "POST", path: id + "/returns", body: `{"return": {"returnedCartItems": [{"position": 0, "quantity": 1}]}, ` + all + `}`,
			headers: []string{"Idempotency-Key", "ret-1"}},
		{name: "the same key and body answer the same", method: "POST", path: id + "/returns", body: `{"return": {"returnedCartItems": [{"position": 0, "quantity": 1}]}, ` + all + `}`,
			headers: []string{"Idempotency-Key", "ret-1"}},
		{name: "the same key with another body", method: "POST", path: id + "/returns", body: `{"return": {"returnedCartItems": [{"position": 0, "quantity": 2}]}}`,
			headers: []string{"Idempotency-Key", "ret-1"}},
		{name: "read the partly returned session", method: "GET", path: id},
		{name: "balances", method: "GET", path: "/v1/loyalty_programs/1/profile/p1/balances"},
		{name: "balances before the close: none", method: "GET", path: "/v1/loyalty_programs/1/profile/p1/balances?endDate=2026-06-01T11:00:00Z"},
		{name: "only a closed session reopens", method: "PUT", path: id + "/reopen"},
		{name: "cancel it", method: "PUT", path: id, body: `{"customerSession": {"state": "cancelled"}}`},
		{name: "read the cancelled session", method: "GET", path: id},
		{name: "a second session, closed at once", method: "PUT", path: "/v2/customer_sessions/s2",
			body: `{"customerSession": {"profileId": "p2", "state": "closed", "cartItems": [` + shoes + `]}}`},
		{name: "reopen it", method: "PUT", path: "/v2/customer_sessions/s2/reopen"},
		{name: "read the reopened session", method: "GET", path: "/v2/customer_sessions/s2"},
		{name: "an anonymous session has no profile", method: "PUT", path: "/v2/customer_sessions/anon",
			body: `{"customerSession": {"cartItems": [` + shoes + `]}, "responseContent": ["customerSession", "customerProfile"]}`},
		{name: "a dry run at a later now", method: "PUT", path: "/v2/customer_sessions/later?dry=true&now=2026-07-01T00:00:00Z",
			body: `{"customerSession": {"cartItems": [` + shoes + `]}}`},
		{name: "update a profile", method: "PUT", path: "/v2/customer_profiles/p1",
			body: `{"attributes": {"tier": "gold"}, "responseContent": ["customerProfile"]}`},
		{name: "a dry profile update with the rule engine", method: "PUT", path: "/v2/customer_profiles/p9?runRuleEngine=true&dry=true",
			body: `{"attributes": {"tier": "silver"}, "responseContent": ["customerProfile"]}`},
		{name: "the gold profile's close creates a coupon", method: "PUT", path: "/v2/customer_sessions/s3",
			body: `{"customerSession": {"profileId": "p1", "state": "closed", "cartItems": [` + shoes + `]}}`},
		{name: "health", method: "GET", path: "/healthz"},
		{name: "readiness", method: "GET", path: "/readyz"},
	})
	golden(t, "lifecycle.golden", got)
}

// TestErrors answers every error status in Talon.One's shape, every item
// with a source.
func TestErrors(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.MaxBody = 4096 })
	big := `{"customerSession": {"cartItems": [` + strings.Repeat(shoes+",", 100) + shoes + `]}}`
	many := `{"customerSession": {"cartItems": [` + strings.Repeat(`{"sku": "A", "quantity": 1, "price": 1},`, 1000) + `{"sku": "A", "quantity": 1, "price": 1}]}}`
	got := replay(t, ts, []exchange{
		{name: "no key", method: "GET", path: "/v2/customer_sessions/x", headers: []string{"Authorization", ""}},
		{name: "a wrong key", method: "GET", path: "/v2/customer_sessions/x", headers: []string{"Authorization", "ApiKey-v1 wrong"}},
		{name: "an unknown session", method: "GET", path: "/v2/customer_sessions/nobody"},
		{name: "reopen an unknown session", method: "PUT", path: "/v2/customer_sessions/nobody/reopen"},
		{name: "return on an unknown session", method: "POST", path: "/v2/customer_sessions/nobody/returns", body: `{"return": {"returnedCartItems": [{"position": 0}]}}`},
		{name: "an unknown attribute", method: "PUT", path: "/v2/customer_sessions/e1", body: `{"customerSession": {"attributes": {"nope": 1}}}`},
		{name: "not JSON", method: "PUT", path: "/v2/customer_sessions/e1", body: `{"customerSession": {`},
		{name: "a bad responseContent", method: "PUT", path: "/v2/customer_sessions/e1", body: `{"customerSession": {}, "responseContent": ["customerSession", "everything"]}`},
		{name: "a bad dry", method: "PUT", path: "/v2/customer_sessions/e1?dry=maybe", body: `{"customerSession": {}}`},
		{name: "now without dry", method: "PUT", path: "/v2/customer_sessions/e1?now=2026-07-01T00:00:00Z", body: `{"customerSession": {}}`},
		{name: "now in the past", method: "PUT", path: "/v2/customer_sessions/e1?dry=true&now=2020-01-01T00:00:00Z", body: `{"customerSession": {}}`},
		{name: "a body over the limit", method: "PUT", path: "/v2/customer_sessions/e1", body: big},
		{name: "not JSON's media type", method: "PUT", path: "/v2/customer_sessions/e1", body: `{}`, headers: []string{"Content-Type", "text/plain"}},
		{name: "a method the route does not have", method: "DELETE", path: "/v2/customer_sessions/e1"},
		{name: "an unknown route", method: "GET", path: "/v2/nothing"},
		{name: "a new session cannot be cancelled", method: "PUT", path: "/v2/customer_sessions/e2", body: `{"customerSession": {"state": "cancelled"}}`},
		{name: "create a session", method: "PUT", path: "/v2/customer_sessions/e2", body: `{"customerSession": {}}`},
		{name: "cancel it", method: "PUT", path: "/v2/customer_sessions/e2", body: `{"customerSession": {"state": "cancelled"}}`},
		{name: "a cancelled session stays cancelled", method: "PUT", path: "/v2/customer_sessions/e2", body: `{"customerSession": {"state": "open"}}`},
		{name: "a cancelled session has no returns: the session's state, not the body", method: "POST", path: "/v2/customer_sessions/e2/returns",
			body: `{"return": {"returnedCartItems": [{"position": 0}]}}`},
		{name: "a cancelled session does not reopen", method: "PUT", path: "/v2/customer_sessions/e2/reopen"},
		{name: "a return without items", method: "POST", path: "/v2/customer_sessions/e2/returns", body: `{"return": {"returnedCartItems": []}}`},
		{name: "a return item without a position", method: "POST", path: "/v2/customer_sessions/e2/returns", body: `{"return": {"returnedCartItems": [{"quantity": 0}]}}`},
		{name: "a long Idempotency-Key", method: "POST", path: "/v2/customer_sessions/e2/returns", body: `{}`, headers: []string{"Idempotency-Key", strings.Repeat("k", 256)}},
		{name: "an unknown profile attribute", method: "PUT", path: "/v2/customer_profiles/p1", body: `{"attributes": {"nope": "x"}}`},
		{name: "dry profile update without the rule engine", method: "PUT", path: "/v2/customer_profiles/p1?dry=true", body: `{"attributes": {}}`},
		{name: "an unknown loyalty program", method: "GET", path: "/v1/loyalty_programs/9/profile/p1/balances"},
		{name: "an endDate that is not a time", method: "GET", path: "/v1/loyalty_programs/1/profile/p1/balances?endDate=yesterday"},
		{name: "a program ID that is not a number", method: "GET", path: "/v1/loyalty_programs/club/profile/p1/balances"},
	})
	golden(t, "errors.golden", got)

	// Talon.One's limits: 1,000 lines (the body needs a larger limit).
	_, ts = newTest(t, nil)
	status, body := call(t, ts, "PUT", "/v2/customer_sessions/many", many)
	if status != 400 || !strings.Contains(body, `"pointer":"/customerSession/cartItems`) {
		t.Errorf("1001 lines: %d %s", status, body)
	}
	status, body = call(t, ts, "PUT", "/v2/customer_sessions/many", `{"customerSession": {"cartItems": [{"sku": "A", "quantity": 10001, "price": 1}]}}`)
	if status != 400 || !strings.Contains(body, `"pointer":"/customerSession/cartItems/0/quantity"`) {
		t.Errorf("10001 units: %d %s", status, body)
	}
}
