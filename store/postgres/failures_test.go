package postgres_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/server"
	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/postgres"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// A commit that fails in the middle (its connection killed, a statement
// timeout, a cancelled context) writes nothing, is not one of the
// engine's verdicts (so the server answers 503), and the next try
// succeeds.

var save10 = store.CounterKey{CampaignID: 1, Action: "couponUsage", Per: "coupon", Subject: "SAVE10"}

// holdCounter locks a counter's row from another connection, so that a
// commit that increments it waits in the middle of its transaction, until
// release is called.
func holdCounter(t *testing.T, admin *pgxpool.Pool, k store.CounterKey) (release func()) {
	t.Helper()
	if _, err := admin.Exec(ctx, `INSERT INTO cartfx_counters (campaign_id, action, per, subject, period, value)
VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT DO NOTHING`, k.CampaignID, k.Action, k.Per, k.Subject, k.Period); err != nil {
		t.Fatal(err)
	}
	tx, err := admin.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT value FROM cartfx_counters WHERE campaign_id = $1 AND action = $2 AND per = $3 AND subject = $4 AND period = $5 FOR UPDATE`,
		k.CampaignID, k.Action, k.Per, k.Subject, k.Period); err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if !released {
			released = true
			_ = tx.Rollback(ctx)
		}
	}
	t.Cleanup(release)
	return release
}

// waiter returns the backend of the application named app once it waits
// for a lock.
func waiter(t *testing.T, admin *pgxpool.Pool, app string) int32 {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var pid int32
		err := admin.QueryRow(ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", app).Scan(&pid)
		if err == nil {
			return pid
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no backend of %s waited for the lock within 10s", app)
	return 0
}

func named(app string) func(*pgxpool.Config) {
	return func(c *pgxpool.Config) { c.ConnConfig.RuntimeParams["application_name"] = app }
}

// nothingWritten checks that the close of session s1 by profile p1 with
// SAVE10 left no trace.
func nothingWritten(t *testing.T, st store.Store) {
	t.Helper()
	if _, err := st.Session(ctx, "s1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the session was written: %v", err)
	}
	if _, err := st.Profile(ctx, "p1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the profile was written: %v", err)
	}
	if v := counter(t, st, save10); v != 0 {
		t.Errorf("the coupon's counter is %d, want 0", v)
	}
}

// A connection killed (pg_terminate_backend) while its commit waits for a
// lock: nothing is half-written, the server answers 503, and the same
// request then succeeds.
func TestKilledConnectionMidCommitIs503AndWritesNothing(t *testing.T) {
	db := postgrestest.New(t)
	app := db.Schema + "-server"
	st := db.Store(t, named(app))
	admin := db.Pool(t)
	campaigns := filepath.Join(t.TempDir(), "campaigns.yaml")
	if err := os.WriteFile(campaigns, []byte(limitedCoupon), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Campaigns: campaigns, Store: st, Insecure: true, Clock: clock,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	put := func() (int, string) {
		req, err := http.NewRequest(http.MethodPut, ts.URL+"/v2/customer_sessions/s1", strings.NewReader(`{"customerSession": `+cart50("p1", "SAVE10")+`}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	release := holdCounter(t, admin, save10)
	type answer struct {
		status int
		body   string
	}
	done := make(chan answer, 1)
	go func() {
		status, body := put()
		done <- answer{status, body}
	}()
	pid := waiter(t, admin, app)
	if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	var got answer
	select {
	case got = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the request did not end within 10s of its connection being killed")
	}
	if got.status != http.StatusServiceUnavailable || !strings.Contains(got.body, `"Unavailable"`) {
		t.Errorf("answer %d %s; want 503 Unavailable", got.status, got.body)
	}
	release()
	nothingWritten(t, st)

	status, body := put()
	if status != http.StatusOK || !strings.Contains(body, `"acceptCoupon"`) {
		t.Fatalf("the retry: %d %s; want 200 with the coupon accepted", status, body)
	}
	if v := counter(t, st, save10); v != 1 {
		t.Errorf("after the retry the coupon's counter is %d, want 1", v)
	}
}

// A statement timeout (set on the connection) ends a commit that waits
// too long: a PostgreSQL error the engine passes on (not one of its
// verdicts), which is the store being unavailable, nothing written, the
// pool still usable.
func TestStatementTimeoutEndsACommit(t *testing.T) {
	db := postgrestest.New(t)
	app := db.Schema + "-timeout"
	st := db.Store(t, named(app), func(c *pgxpool.Config) { c.ConnConfig.RuntimeParams["statement_timeout"] = "300ms" })
	e := newEngine(t, loadCampaigns(t, limitedCoupon), st)
	release := holdCounter(t, db.Pool(t), save10)
	start := time.Now()
	_, err := e.UpdateSession(ctx, "s1", []byte(cart50("p1", "SAVE10")), engine.UpdateOptions{})
	took := time.Since(start)
	var pe *pgconn.PgError
	var ee *engine.Error
	if !errors.As(err, &pe) || pe.Code != "57014" || errors.As(err, &ee) {
		t.Fatalf("err = %v; want PostgreSQL's query_canceled (57014), not an *engine.Error", err)
	}
	// The store did not answer in time: unavailable (the server's 503).
	if !errors.Is(err, postgres.ErrUnavailable) || !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("err = %v; want it to match postgres.ErrUnavailable and store.ErrUnavailable", err)
	}
	if took < 300*time.Millisecond || took > 10*time.Second {
		t.Errorf("the update ended after %v; want about 300ms", took)
	}
	release()
	nothingWritten(t, st)
	update(t, e, "s1", cart50("p1", "SAVE10"))
	if v := counter(t, st, save10); v != 1 {
		t.Errorf("after the retry the coupon's counter is %d, want 1", v)
	}
}

// A context that ends while a commit waits ends the call with the
// context's error, and the commit never lands, not even once the lock it
// waited for is free.
func TestContextDeadlineEndsACommit(t *testing.T) {
	db := postgrestest.New(t)
	app := db.Schema + "-deadline"
	st := db.Store(t, named(app))
	e := newEngine(t, loadCampaigns(t, limitedCoupon), st)
	admin := db.Pool(t)
	release := holdCounter(t, admin, save10)
	cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.UpdateSession(cctx, "s1", []byte(cart50("p1", "SAVE10")), engine.UpdateOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want context.DeadlineExceeded", err)
	}
	if errors.Is(err, postgres.ErrUnavailable) {
		t.Errorf("a context's deadline is the caller's, not the store being unavailable: %v", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the update ended after %v; want about 300ms", took)
	}
	release()
	// The abandoned transaction may still run once the lock is free: it
	// must end without committing.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle'", app).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	nothingWritten(t, st)
	update(t, e, "s1", cart50("p1", "SAVE10"))
	if v := counter(t, st, save10); v != 1 {
		t.Errorf("after the retry the coupon's counter is %d, want 1", v)
	}
}
