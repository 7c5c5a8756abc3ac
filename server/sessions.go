package server

import (
	"net/http"
	"time"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/engine"
)

// updateSession is PUT /v2/customer_sessions/{id} (updateCustomerSessionV2).
func (s *Server) updateSession(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	q := r.URL.Query()
	dry, aerr := boolQuery(q, "dry")
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	now, aerr := s.dryNow(q, dry)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	bp := bodyBuffers.Get().(*[]byte)
	body, c, aerr := s.readRequest(w, r, *bp)
	defer func() {
		// Kept once the answer is written: nothing holds the body then.
		if cap(body) <= maxKeptBuffer && cap(body) > cap(*bp) {
			*bp = body[:0]
		}
		bodyBuffers.Put(bp)
	}()
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	st := s.cur.Load()
	eng := st.eng
	if !now.IsZero() {
		var err error
		if eng, err = s.newEngine(st.file, func() time.Time { return now }); err != nil {
			writeError(w, fromEngine(err, "customerSessionId", true))
			return
		}
	}
	resp, err := eng.UpdateSession(r.Context(), id, body, engine.UpdateOptions{Dry: dry, NoReceipt: true})
	if err != nil {
		writeError(w, placeTransition(err, fromEngine(err, "customerSessionId", true), sentState(body)))
		return
	}
	s.metrics.countEffects(resp.Effects)
	if ss := resp.CustomerSession; ss != nil && ss.State == cart.StateCancelled {
		rollbackCampaigns(resp)
	}
	v := &view{s: s, st: st, now: s.cfg.Clock().UTC(), dry: dry}
	writeJSON(w, http.StatusOK, v.state(resp, c))
}

// getSession is GET /v2/customer_sessions/{id} (getCustomerSession): the
// session and the effects that hold after its rollbacks.
func (s *Server) getSession(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	st := s.cur.Load()
	resp, err := st.eng.Session(r.Context(), id)
	if err != nil {
		writeError(w, fromEngine(err, "customerSessionId", false))
		return
	}
	v := &view{s: s, st: st, now: s.cfg.Clock().UTC()}
	writeJSON(w, http.StatusOK, sessionResponseV2{
		CustomerSession: v.session(resp.CustomerSession, resp.CustomerProfile),
		Effects:         v.effectsOf(resp.Effects),
	})
}

// reopen is PUT /v2/customer_sessions/{id}/reopen (reopenCustomerSession):
// the rollback effects of what the close committed.
func (s *Server) reopen(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	st := s.cur.Load()
	resp, err := st.eng.Reopen(r.Context(), id)
	if err != nil {
		writeError(w, fromEngine(err, "customerSessionId", false))
		return
	}
	s.metrics.countEffects(resp.Effects)
	v := &view{s: s, st: st, now: s.cfg.Clock().UTC()}
	writeJSON(w, http.StatusOK, effectsV2{Effects: v.effectsOf(resp.Effects)})
}
