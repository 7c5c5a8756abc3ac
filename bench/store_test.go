package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/store"
	"github.com/cartfx/cartfx/store/postgres"
	"github.com/cartfx/cartfx/store/postgres/postgrestest"
	"github.com/jackc/pgx/v5/pgxpool"
)

// BenchmarkEngineW2ClosePostgres measures W2 update-and-close on the
// PostgreSQL store (CARTFX_POSTGRES_URL; .ci/postgres starts a throwaway
// cluster), with 1 and 16 clients sharing one engine: each close creates
// a session of a profile of its own and commits it. It reports closes/s
// (wall time) and the store's Commit latency (commit-p50-ms,
// commit-p99-ms) and the store reads of a close (reads/op: each one a
// round trip to PostgreSQL, a batch of reads counting as one). BenchmarkEngineW2CloseMemoryClients is the same on the
// in-memory store, for the figures side by side.
//
// clients=16,rate=1000 paces the 16 clients at 1,000 closes/s in all (the
// i-th close starts no earlier than i ms after the first), to measure
// the commit's latency at that load rather than at the most the machine
// can do, where 16 clients closing in a loop queue behind each other.
func BenchmarkEngineW2ClosePostgres(b *testing.B) {
	f := load(b, W2)
	for _, run := range []struct {
		clients int
		rate    float64
	}{{1, 0}, {16, 0}, {16, 1000}} {
		name := fmt.Sprintf("clients=%d", run.clients)
		if run.rate > 0 {
			name += fmt.Sprintf(",rate=%.0f", run.rate)
		}
		b.Run(name, func(b *testing.B) {
			clients := run.clients
			db := postgrestest.New(b)
			pool := db.Pool(b, func(c *pgxpool.Config) { c.MaxConns = int32(clients) + 4 })
			st, err := postgres.New(context.Background(), pool)
			if err != nil {
				b.Fatal(err)
			}
			server, ok := serverCPU(context.Background(), pool)
			if !ok {
				server = nil // a server on another machine: its CPU is not ours to read
			}
			benchCloseClients(b, f, st, clients, run.rate, server)
		})
	}
}

// BenchmarkEngineW2CloseMemoryClients is BenchmarkEngineW2ClosePostgres
// on the in-memory store.
func BenchmarkEngineW2CloseMemoryClients(b *testing.B) {
	f := load(b, W2)
	for _, clients := range []int{1, 16} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			benchCloseClients(b, f, store.NewMemory(), clients, 0, nil)
		})
	}
}

// timedStore records how long each Commit takes, and counts the reads.
type timedStore struct {
	store.Store
	mu    sync.Mutex
	times []time.Duration
	reads atomic.Int64
}

func (s *timedStore) Session(ctx context.Context, id string) (*store.Session, error) {
	s.reads.Add(1)
	return s.Store.Session(ctx, id)
}

func (s *timedStore) Profile(ctx context.Context, id string) (*store.Profile, error) {
	s.reads.Add(1)
	return s.Store.Profile(ctx, id)
}

func (s *timedStore) Coupon(ctx context.Context, code string) (*store.Coupon, error) {
	s.reads.Add(1)
	return s.Store.Coupon(ctx, code)
}

func (s *timedStore) Referral(ctx context.Context, code string) (*store.Referral, error) {
	s.reads.Add(1)
	return s.Store.Referral(ctx, code)
}

func (s *timedStore) Counter(ctx context.Context, k store.CounterKey) (int64, error) {
	s.reads.Add(1)
	return s.Store.Counter(ctx, k)
}

func (s *timedStore) Loyalty(ctx context.Context, profileID string, programID int64) ([]store.LoyaltyTxn, error) {
	s.reads.Add(1)
	return s.Store.Loyalty(ctx, profileID, programID)
}

// timedBatchStore is a timedStore on a store.BatchReader: a batch is one
// round trip, counted as one read.
type timedBatchStore struct {
	*timedStore
	batch store.BatchReader
}

func (s timedBatchStore) ReadBatch(ctx context.Context, reads []store.Read) error {
	s.reads.Add(1)
	return s.batch.ReadBatch(ctx, reads)
}

func (s *timedStore) Commit(ctx context.Context, cs *store.ChangeSet) error {
	start := time.Now()
	err := s.Store.Commit(ctx, cs)
	d := time.Since(start)
	s.mu.Lock()
	s.times = append(s.times, d)
	s.mu.Unlock()
	return err
}

// benchCloseClients runs the closes, at most rate a second in all when
// rate is positive; server, when not nil, reads the CPU time the store's
// server has used, reported per close beside this process's
// (go-cpu-ms/op, pg-cpu-ms/op).
func benchCloseClients(b *testing.B, f *fixture, st store.Store, clients int, rate float64, server func() time.Duration) {
	ctx := context.Background()
	n := b.N + 1
	ids := profileIDs(n)
	// The profiles are seeded before the clock starts, by as many
	// goroutines as there are clients.
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := range clients {
		wg.Go(func() {
			for i := c; i < n; i += clients {
				if err := seedProfile(ctx, st, f.w.Profile, ids[i]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	timed := &timedStore{Store: st}
	var counted store.Store = timed
	if br, ok := st.(store.BatchReader); ok {
		counted = timedBatchStore{timed, br}
	}
	e, err := engine.New(f.file, engine.WithClock(clock), engine.WithStore(counted))
	if err != nil {
		b.Fatal(err)
	}
	prefix := fmt.Sprintf("bench-close-%d-%d-", clients, b.N)
	resp, err := e.Update(ctx, prefix+"check", f.closeAs(ids[b.N]), engine.UpdateOptions{})
	check(b, f, resp, err)
	timed.times = timed.times[:0]
	timed.reads.Store(0)

	b.ReportAllocs()
	var serverBefore time.Duration
	if server != nil {
		serverBefore = server()
	}
	cpuBefore := processCPU()
	b.ResetTimer()
	start := time.Now()
	next := make(chan int, n)
	for i := range b.N {
		next <- i
	}
	close(next)
	for range clients {
		wg.Go(func() {
			for i := range next {
				if rate > 0 {
					time.Sleep(time.Until(start.Add(time.Duration(float64(i) / rate * float64(time.Second)))))
				}
				if _, err := e.Update(ctx, fmt.Sprintf("%s%07d", prefix, i), f.closeAs(ids[i]), engine.UpdateOptions{}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(ms(processCPU()-cpuBefore)/float64(b.N), "go-cpu-ms/op")
	if server != nil {
		if after := server(); after >= 0 && serverBefore >= 0 {
			b.ReportMetric(ms(after-serverBefore)/float64(b.N), "pg-cpu-ms/op")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "closes/s")
	b.ReportMetric(float64(timed.reads.Load())/float64(b.N), "reads/op")
	times := slices.Clone(timed.times)
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(ms(times[len(times)/2]), "commit-p50-ms")
		b.ReportMetric(ms(times[min(len(times)-1, len(times)*99/100)]), "commit-p99-ms")
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
