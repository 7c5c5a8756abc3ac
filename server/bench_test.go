package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cartfx/cartfx/bench"
	"github.com/cartfx/cartfx/engine"
)

// BenchmarkServerW2 measures W2 dry-run updates (bench's 100 campaigns and
// 50-line cart) over loopback HTTP/1.1 with keep-alive, beside the same
// dry run in-process (UpdateSession on the server's own engine, from the
// same JSON), with and without the receipt the server does not answer. clients=N runs N
// concurrent clients, each with its connection; every sub-benchmark
// reports requests/s, the p50 and p99 latency in µs, and the process's
// CPU time per request (cpu-µs/op: the client's and the server's, with
// the garbage collector's), which a busy machine shakes less than wall
// time.
//
//	go test -run '^$' -bench ServerW2 -benchtime 2000x ./server
func BenchmarkServerW2(b *testing.B) {
	w := bench.Generate(bench.W2, bench.Seed)
	path := filepath.Join(b.TempDir(), "w2.yaml")
	if err := os.WriteFile(path, w.CampaignFile(), 0o644); err != nil {
		b.Fatal(err)
	}
	session := w.SessionJSON("open", w.Profile.ID)
	body := append(append([]byte(`{"customerSession": `), session...), '}')
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	s, err := New(Config{Campaigns: path, APIKeys: []string{testKey}, Clock: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	url := ts.URL + "/v2/customer_sessions/bench?dry=true"

	// inprocess is the W2 dry run as a library caller makes it, receipt
	// and all; inprocess-noreceipt does the engine work the server asks
	// for (the server answers no receipt): the server's own cost is its
	// difference to that one.
	for _, in := range []struct {
		name string
		opts engine.UpdateOptions
	}{{"inprocess", engine.UpdateOptions{Dry: true}}, {"inprocess-noreceipt", engine.UpdateOptions{Dry: true, NoReceipt: true}}} {
		b.Run(in.name, func(b *testing.B) {
			eng := s.Engine()
			ctx := context.Background()
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			start, cpu := time.Now(), cpuTime()
			for b.Loop() {
				t0 := time.Now()
				if _, err := eng.UpdateSession(ctx, "bench", body, in.opts); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			report(b, lat, time.Since(start), cpuTime()-cpu)
		})
	}
	for _, clients := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
			defer tr.CloseIdleConnections()
			hc := &http.Client{Transport: tr}
			do := func() error {
				req, _ := http.NewRequest("PUT", url, bytes.NewReader(body))
				req.Header.Set("Authorization", "ApiKey-v1 "+testKey)
				req.Header.Set("Content-Type", "application/json")
				resp, err := hc.Do(req)
				if err != nil {
					return err
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err == nil && resp.StatusCode != 200 {
					err = fmt.Errorf("status %d", resp.StatusCode)
				}
				return err
			}
			if err := do(); err != nil { // warm the connection and the engine
				b.Fatal(err)
			}
			n := b.N
			lats := make([][]time.Duration, clients)
			var wg sync.WaitGroup
			var mu sync.Mutex
			var first error
			b.ReportAllocs()
			b.ResetTimer()
			start, cpu := time.Now(), cpuTime()
			for c := range clients {
				share := n / clients
				if c < n%clients {
					share++
				}
				wg.Go(func() {
					lats[c] = make([]time.Duration, 0, share)
					for range share {
						t0 := time.Now()
						if err := do(); err != nil {
							mu.Lock()
							first = err
							mu.Unlock()
							return
						}
						lats[c] = append(lats[c], time.Since(t0))
					}
				})
			}
			wg.Wait()
			elapsed, used := time.Since(start), cpuTime()-cpu
			b.StopTimer()
			if first != nil {
				b.Fatal(first)
			}
			report(b, slices.Concat(lats...), elapsed, used)
		})
	}
}

// report adds requests/s, the p50 and p99 latencies and the CPU time per
// request to a benchmark.
func report(b *testing.B, lat []time.Duration, elapsed, cpu time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds()), "p99-µs")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(len(lat)), "cpu-µs/op")
	}
}
