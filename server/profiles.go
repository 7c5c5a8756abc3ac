package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/internal/text"
)

// updateProfile is PUT /v2/customer_profiles/{id}
// (updateCustomerProfileV2): the attributes given are set on the profile,
// which is made if it does not exist. With runRuleEngine=true the
// campaigns are evaluated for the profile, with its stored attributes and
// the given ones over them, as a dry run of an empty session of it, and
// their effects answered as a preview: what they would create or add is
// not stored (created codes have ID 0). dry=true (only with
// runRuleEngine) stores nothing at all.
func (s *Server) updateProfile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	q := r.URL.Query()
	run, aerr := boolQuery(q, "runRuleEngine")
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	dry, aerr := boolQuery(q, "dry")
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	if dry && !run {
		writeError(w, badParameter("dry", "dry is only allowed with runRuleEngine=true"))
		return
	}
	body, c, aerr := s.readRequest(w, r, nil)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	st := s.cur.Load()
	p, err := st.eng.ParseProfile(body)
	if err != nil {
		writeError(w, fromEngine(err, "integrationId", true))
		return
	}
	// Talon.One's lastActivity counts the calls that run the rule engine.
	ps, err := st.eng.UpdateProfileWith(r.Context(), id, p, engine.ProfileUpdate{Dry: dry, Activity: run})
	if err != nil {
		writeError(w, fromEngine(err, "integrationId", true))
		return
	}
	// The rule engine's session is always a dry run: its codes are not
	// stored.
	v := &view{s: s, st: st, now: s.cfg.Clock().UTC(), dry: true}
	resp := &engine.Response{}
	if run {
		session, _ := json.Marshal(map[string]any{"customerSession": map[string]any{"profileId": id}})
		if resp, err = st.eng.UpdateSession(r.Context(), "profile:"+id, session, engine.UpdateOptions{Dry: true, Profile: p, NoReceipt: true}); err != nil {
			writeError(w, fromEngine(err, "integrationId", true))
			return
		}
		s.metrics.countEffects(resp.Effects)
	}
	resp.CustomerProfile = ps
	c.session = false
	out := v.state(resp, c)
	out.CustomerProfile = v.profile(ps)
	writeJSON(w, http.StatusOK, out)
}

// balances is GET
// /v1/loyalty_programs/{programId}/profile/{integrationId}/balances
// (getLoyaltyBalances): as of now, or of endDate (the transactions made
// before it, their state then).
func (s *Server) balances(w http.ResponseWriter, r *http.Request) {
	program, err := strconv.ParseInt(r.PathValue("programId"), 10, 64)
	if err != nil {
		writeError(w, badParameter("loyaltyProgramId", "the loyalty program ID must be a number, not %q", r.PathValue("programId")))
		return
	}
	at := s.cfg.Clock()
	if v := r.URL.Query().Get("endDate"); v != "" {
		if at, err = time.Parse(time.RFC3339Nano, v); err != nil {
			writeError(w, badParameter("endDate", "endDate must be an RFC 3339 time such as 2026-06-01T12:00:00Z, not %s", text.Quote(v)))
			return
		}
	}
	b, err := s.cur.Load().eng.BalancesAt(r.Context(), r.PathValue("integrationId"), program, at)
	if err != nil {
		writeError(w, fromEngine(err, "loyaltyProgramId", false))
		return
	}
	writeJSON(w, http.StatusOK, b)
}
