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
	"strconv"
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
// time. handler is the server's handler called in-process (no network);
// floor/clients=1 is the same client and request against a handler
// that only reads the body and writes the real answer's bytes, stored
// once: what loopback HTTP costs without the server's work;
// engine+floor/clients=1 is that handler running the engine's dry run
// first, and reports the dry run's own p50 inside the handler
// (engine-p50-µs), beside inprocess-noreceipt's p50 of the same work in a
// loop.
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
	// inprocess-noreceipt/idle=60µs sleeps before each call, as a server
	// between requests is idle: on a virtual machine a CPU that halts
	// comes back slow, and the dry run's p50 after the pause is the one
	// to set beside the engine's time inside a handler (engine+floor).
	for _, in := range []struct {
		name string
		opts engine.UpdateOptions
		idle time.Duration
	}{{"inprocess", engine.UpdateOptions{Dry: true}, 0}, {"inprocess-noreceipt", engine.UpdateOptions{Dry: true, NoReceipt: true}, 0},
		{"inprocess-noreceipt/idle=60µs", engine.UpdateOptions{Dry: true, NoReceipt: true}, 60 * time.Microsecond}} {
		b.Run(in.name, func(b *testing.B) {
			eng := s.Engine()
			ctx := context.Background()
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			start, cpu := time.Now(), cpuTime()
			for b.Loop() {
				if in.idle > 0 {
					time.Sleep(in.idle)
				}
				t0 := time.Now()
				if _, err := eng.UpdateSession(ctx, "bench", body, in.opts); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			report(b, lat, time.Since(start), cpuTime()-cpu)
		})
	}
	// handler is the server's handler called in-process, without the
	// network or net/http's connection: its difference to
	// inprocess-noreceipt is the server's own work (reading, routing, the
	// key, the answer's encoding, metrics, the log).
	b.Run("handler", func(b *testing.B) {
		h := s.Handler()
		w := &discardWriter{h: http.Header{}}
		rd := bytes.NewReader(body)
		req := httptest.NewRequest("PUT", "/v2/customer_sessions/bench?dry=true", rd)
		req.Header.Set("Authorization", "ApiKey-v1 "+testKey)
		req.Header.Set("Content-Type", "application/json")
		req.ContentLength = int64(len(body))
		lat := make([]time.Duration, 0, b.N)
		b.ReportAllocs()
		start, cpu := time.Now(), cpuTime()
		for b.Loop() {
			rd.Reset(body)
			req.Body = io.NopCloser(rd)
			clear(w.h)
			w.status = 0
			t0 := time.Now()
			h.ServeHTTP(w, req)
			lat = append(lat, time.Since(t0))
			if w.status != http.StatusOK {
				b.Fatalf("status %d", w.status)
			}
		}
		report(b, lat, time.Since(start), cpuTime()-cpu)
	})

	// The floor: the real answer's bytes, written by a handler that does
	// nothing else.
	answer, err := func() ([]byte, error) {
		req, _ := http.NewRequest("PUT", url, bytes.NewReader(body))
		req.Header.Set("Authorization", "ApiKey-v1 "+testKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := ts.Client().Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		return io.ReadAll(resp.Body)
	}()
	if err != nil {
		b.Fatal(err)
	}
	floor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
		w.Write(answer)
	}))
	defer floor.Close()
	// The floor with the engine's work: the handler runs the dry run the
	// server runs, then writes the stored answer. clients=1 less this is
	// the server's own work as the network sees it; this less the floor
	// and inprocess-noreceipt is what running the engine between a
	// client's request and its answer costs beside (the two sides'
	// threads waking each other).
	// It times the dry run inside the handler too (engine-p50-µs): the
	// same work that inprocess-noreceipt times in a loop, between a
	// network read and a write.
	var engineMu sync.Mutex
	var engineLat []time.Duration
	engineFloor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		t0 := time.Now()
		_, err = s.Engine().UpdateSession(r.Context(), "bench", in, engine.UpdateOptions{Dry: true, NoReceipt: true})
		took := time.Since(t0)
		engineMu.Lock()
		engineLat = append(engineLat, took)
		engineMu.Unlock()
		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
		w.Write(answer)
	}))
	defer engineFloor.Close()
	type target struct {
		name, url string
		clients   int
	}
	targets := []target{{"floor/clients=1", floor.URL + "/v2/customer_sessions/bench?dry=true", 1},
		{"engine+floor/clients=1", engineFloor.URL + "/v2/customer_sessions/bench?dry=true", 1}}
	for _, clients := range []int{1, 8, 64} {
		targets = append(targets, target{fmt.Sprintf("clients=%d", clients), url, clients})
	}
	for _, tg := range targets {
		clients, url := tg.clients, tg.url
		b.Run(tg.name, func(b *testing.B) {
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
			engineMu.Lock()
			engineLat = engineLat[:0]
			engineMu.Unlock()
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
			engineMu.Lock()
			defer engineMu.Unlock()
			if len(engineLat) > 0 {
				slices.Sort(engineLat)
				b.ReportMetric(float64(engineLat[len(engineLat)/2].Microseconds()), "engine-p50-µs")
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps the status and drops the
// body.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header { return d.h }
func (d *discardWriter) WriteHeader(s int) {
	if d.status == 0 {
		d.status = s
	}
}
func (d *discardWriter) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	return len(p), nil
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
