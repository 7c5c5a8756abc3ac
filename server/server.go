package server

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
	"github.com/prometheus/client_golang/prometheus"
)

// DefaultMaxBody is the largest request body a Server reads unless told
// otherwise: 1 MiB, hundreds of times a real cart's.
const DefaultMaxBody = 1 << 20

// Config configures a Server.
type Config struct {
	// Campaigns is the path of the campaign file (YAML or JSON); Reload
	// reads it again.
	Campaigns string
	// Store keeps the sessions, profiles, codes, counters and loyalty; it
	// outlives reloads. nil is a new store.Memory.
	Store store.Store
	// EngineOptions are given to every engine the server builds (handlers,
	// a catalog); the server adds the store and, with Clock, the clock.
	EngineOptions []engine.Option
	// APIKeys are the keys a request may give as
	// "Authorization: ApiKey-v1 KEY". With none, New fails unless
	// Insecure is set, and then every request is let in.
	APIKeys  []string
	Insecure bool
	// Allow are the networks requests may come from; none is any.
	Allow []netip.Prefix
	// TrustedProxies are the peers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// BasePath is the prefix of every route, such as "/talon"; "" or "/"
	// for none. It must be a clean absolute path of plain segments (no
	// space, '{' or '}'); New refuses another.
	BasePath string
	// MaxBody is the most a request body may hold; 0 is DefaultMaxBody.
	MaxBody int64
	// Logger logs one line per request and the reloads; nil is
	// slog.Default().
	Logger *slog.Logger
	// Registerer gets the server's Prometheus metrics; nil is a registry
	// of the server's own, which /metrics serves either way when it is a
	// prometheus.Gatherer.
	Registerer prometheus.Registerer
	// Clock is "now" for the engine and the server (tests); nil is
	// time.Now.
	Clock func() time.Time
	// ShutdownTimeout bounds how long Serve's shutdown waits for the
	// requests in flight; 0 is the package's ShutdownTimeout.
	ShutdownTimeout time.Duration
	// ApplicationID and AccountID are the Talon.One application and account
	// the answers name; 0 is 1.
	ApplicationID, AccountID int64
}

// Server is the Integration API over one campaign file and one store. It
// is safe for concurrent use.
type Server struct {
	cfg     Config
	keys    [][sha256.Size]byte
	log     *slog.Logger
	store   store.Store
	cur     atomic.Pointer[state]
	reload  sync.Mutex // one reload at a time
	returns *idempotency
	metrics *metrics
	handler http.Handler
}

// state is one loaded campaign file and its engine: a request reads it
// once and sees old or new campaigns, never a mix.
type state struct {
	file      *rules.File
	eng       *engine.Engine
	loaded    time.Time
	campaigns map[int64]campaignV2
}

// New loads the campaign file and returns a server for it.
func New(cfg Config) (*Server, error) {
	if len(cfg.APIKeys) == 0 && !cfg.Insecure {
		return nil, errors.New("server: no API key is configured (set one, or run without auth deliberately with Insecure)")
	}
	if cfg.Store == nil {
		cfg.Store = store.NewMemory()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.ApplicationID == 0 {
		cfg.ApplicationID = 1
	}
	if cfg.AccountID == 0 {
		cfg.AccountID = 1
	}
	cfg.BasePath = strings.TrimRight(cfg.BasePath, "/")
	if err := checkBasePath(cfg.BasePath); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, store: cfg.Store, returns: newIdempotency(cfg.Clock)}
	for _, k := range cfg.APIKeys {
		if k = strings.TrimSpace(k); k != "" {
			s.keys = append(s.keys, sha256.Sum256([]byte(k)))
		}
	}
	if len(s.keys) == 0 && !cfg.Insecure {
		return nil, errors.New("server: every API key given is empty")
	}
	var err error
	if s.metrics, err = newMetrics(cfg.Registerer); err != nil {
		return nil, err
	}
	st, err := s.load()
	if err != nil {
		return nil, err
	}
	s.cur.Store(st)
	s.handler = s.routes()
	return s, nil
}

// checkBasePath refuses a base path (without its trailing slashes) that
// the routes' ServeMux patterns could not be built on: one that is not a
// clean absolute path, or has a space, a control character, or a '{' or
// '}' (a pattern's wildcard).
func checkBasePath(bp string) error {
	const want = "it must be a clean absolute path of plain segments, such as /talon"
	switch {
	case bp == "":
		return nil
	case !strings.HasPrefix(bp, "/"):
		return fmt.Errorf("server: the base path %q does not start with /", bp)
	case strings.ContainsFunc(bp, func(r rune) bool { return r == '{' || r == '}' || unicode.IsSpace(r) || unicode.IsControl(r) }):
		return fmt.Errorf("server: the base path %q has a space, a control character, '{' or '}' (%s)", bp, want)
	case path.Clean(bp) != bp:
		return fmt.Errorf("server: the base path %q is not a clean path (%s)", bp, want)
	}
	return nil
}

// Handler returns the server's HTTP handler: every route under the base
// path, behind the allowlist, the API key check, logging and metrics.
func (s *Server) Handler() http.Handler { return s.handler }

// Engine returns the engine of the campaigns now served.
func (s *Server) Engine() *engine.Engine { return s.cur.Load().eng }

// Reload reads the campaign file again and, when it loads cleanly, serves
// it from the next request on, on the same store. A file with problems
// changes nothing: the old campaigns go on serving, and every problem is
// logged with its file:line:col and returned.
func (s *Server) Reload() error {
	s.reload.Lock()
	defer s.reload.Unlock()
	st, err := s.load()
	if err != nil {
		s.metrics.reloads.WithLabelValues("failed").Inc()
		var le *rules.LoadError
		if errors.As(err, &le) {
			for _, p := range le.Problems {
				s.log.Error("campaign reload: problem", "problem", p.String())
			}
		}
		s.log.Error("campaign reload failed; the old campaigns go on serving", "file", s.cfg.Campaigns, "err", err)
		return err
	}
	s.cur.Store(st)
	s.metrics.reloads.WithLabelValues("ok").Inc()
	s.log.Info("campaigns reloaded", "file", s.cfg.Campaigns, "campaigns", len(st.file.Campaigns))
	return nil
}

// load reads the campaign file and builds its engine on the server's
// store.
func (s *Server) load() (*state, error) {
	f, err := rules.Load(s.cfg.Campaigns)
	if err != nil {
		return nil, err
	}
	eng, err := s.newEngine(f, nil)
	if err != nil {
		return nil, err
	}
	st := &state{file: f, eng: eng, loaded: s.cfg.Clock().UTC(), campaigns: map[int64]campaignV2{}}
	// A campaign was made, or last changed, when its file was: the same
	// time on every replica given the same file (as copies from one image
	// are), and after a restart.
	changed := st.loaded
	if fi, err := os.Stat(s.cfg.Campaigns); err == nil {
		changed = fi.ModTime().UTC()
	}
	for _, c := range f.Campaigns {
		st.campaigns[c.ID] = s.campaign(c, changed)
	}
	return st, nil
}

// newEngine builds an engine for f on the server's store; clock, when not
// nil, replaces the server's clock (a dry run's now).
func (s *Server) newEngine(f *rules.File, clock func() time.Time) (*engine.Engine, error) {
	if clock == nil {
		clock = s.cfg.Clock
	}
	opts := append(append([]engine.Option{}, s.cfg.EngineOptions...), engine.WithStore(s.store), engine.WithClock(clock))
	return engine.New(f, opts...)
}

var errNoCampaigns = errors.New("no campaigns are loaded")

// ready reports whether campaigns are loaded and the store answers.
func (s *Server) ready(ctx context.Context) error {
	if s.cur.Load() == nil {
		return errNoCampaigns
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := s.store.Session(ctx, "cartfx-readyz"); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %w", errStore, err)
	}
	return nil
}

// campaign is a campaign in Talon.One's Campaign shape. created and
// updated are changed, the campaign file's modification time.
func (s *Server) campaign(c *rules.Campaign, changed time.Time) campaignV2 {
	out := campaignV2{ID: c.ID, Created: changed, ApplicationID: s.cfg.ApplicationID, UserID: 1, Name: c.Name,
		Description: c.Description, StartTime: c.StartTime, EndTime: c.EndTime, Attributes: map[string]any{},
		State: string(c.State), ActiveRulesetID: c.ID, Tags: []string{}, Features: []string{}, Limits: []limitV2{},
		CampaignGroups: []int64{}, Type: "advanced", Updated: changed}
	if out.State == "" {
		out.State = string(rules.Enabled)
	}
	if len(c.Attributes) > 0 {
		// The attributes as the engine writes them: decimals as numbers.
		if data, err := json.Marshal(c.Attributes); err == nil {
			_ = json.Unmarshal(data, &out.Attributes)
		}
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{c.Features.Coupons, "coupons"}, {c.Features.Referrals, "referrals"}, {c.Features.Loyalty, "loyalty"}} {
		if f.on {
			out.Features = append(out.Features, f.name)
		}
	}
	entity := map[rules.LimitScope]string{"profile": "Profile", "coupon": "Coupon", "referral": "Referral", "identifier": "Identifier"}
	for _, l := range c.Limits {
		lv := limitV2{Action: string(l.Action), Limit: json.Number(l.Limit.String()), Period: l.Period, Entities: []string{}}
		if e, ok := entity[l.Per]; ok {
			lv.Entities = append(lv.Entities, e)
		}
		out.Limits = append(out.Limits, lv)
	}
	return out
}
