package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cartfx/cartfx/bench"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/engine"
)

func BenchmarkProbe(b *testing.B) {
	w := bench.Generate(bench.W2, bench.Seed)
	path := filepath.Join(b.TempDir(), "w2.yaml")
	os.WriteFile(path, w.CampaignFile(), 0o644)
	session := w.SessionJSON("open", w.Profile.ID)
	body := append(append([]byte(`{"customerSession": `), session...), '}')
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	s, err := New(Config{Campaigns: path, Insecure: true, Clock: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	resp, err := s.Engine().UpdateSession(context.Background(), "bench", body, engine.UpdateOptions{Dry: true})
	if err != nil {
		b.Fatal(err)
	}
	v := &view{s: s, st: s.cur.Load(), now: now, dry: true}
	st := v.state(resp, content{})
	data, _ := json.Marshal(st)
	b.Logf("body %d bytes, response %d bytes, %d effects", len(body), len(data), len(resp.Effects))
	b.Run("marshal", func(b *testing.B) {
		for b.Loop() {
			json.Marshal(st)
		}
	})
	b.Run("encodelist", func(b *testing.B) {
		for b.Loop() {
			effects.EncodeList(st.Effects)
		}
	})
	b.Run("responseContent", func(b *testing.B) {
		for b.Loop() {
			responseContent(body)
		}
	})
	b.Run("view", func(b *testing.B) {
		for b.Loop() {
			v.state(resp, content{})
		}
	})
}
