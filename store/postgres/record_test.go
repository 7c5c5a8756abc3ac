package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/cartfx/cartfx/bench"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
	"github.com/google/go-cmp/cmp"
)

// w2Session is W2's 50-line session closed by the engine on the memory
// store, as stored: the record a W2 close writes.
func w2Session(t testing.TB) *store.Session {
	t.Helper()
	w := bench.Generate(bench.W2, bench.Seed)
	f, err := rules.Parse("w2.yaml", w.CampaignFile())
	if err != nil {
		t.Fatal(err)
	}
	mem := store.NewMemory()
	now := time.Date(2026, 6, 1, 12, 0, 0, 123456789, time.UTC)
	e, err := engine.New(f, engine.WithStore(mem), engine.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := e.UpdateSession(ctx, "w2", w.SessionJSON("closed", w.Profile.ID), engine.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	s, err := mem.Session(ctx, "w2")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Ledger.Units) < 50 || len(s.Ledger.Postings) == 0 || s.Committed == nil {
		t.Fatalf("W2's closed session has %d units, %d postings, commitment %v", len(s.Ledger.Units), len(s.Ledger.Postings), s.Committed)
	}
	return s
}

// The record of an engine's closed session reads back exactly.
func TestRecordOfAClosedSession(t *testing.T) {
	s := w2Session(t)
	data, err := encodeRecord(s)
	if err != nil {
		t.Fatal(err)
	}
	got := &store.Session{ID: s.ID, Version: s.Version, State: s.State, Effects: s.Effects, Returns: s.Returns}
	if err := decodeRecord(data, got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, got); diff != "" {
		t.Errorf("the session after its record (-want +got):\n%s", diff)
	}
}

// A record cut short anywhere, or with bytes after it, or of another
// format, is an error (errCorrupt), never a panic nor a wrong session.
func TestCorruptRecords(t *testing.T) {
	data, err := encodeRecord(w2Session(t))
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(data) {
		if err := decodeRecord(data[:n], &store.Session{}); !errors.Is(err, errCorrupt) {
			t.Fatalf("the record cut to %d of %d bytes: err = %v, want errCorrupt", n, len(data), err)
		}
	}
	if err := decodeRecord(append(data[:len(data):len(data)], 0), &store.Session{}); !errors.Is(err, errCorrupt) {
		t.Errorf("a byte after the record: err = %v", err)
	}
	other := append([]byte{recordFormat + 1}, data[1:]...)
	if err := decodeRecord(other, &store.Session{}); !errors.Is(err, errCorrupt) {
		t.Errorf("another format: err = %v", err)
	}
}

// A value of a type no attribute has is refused, naming the attribute.
func TestUnstorableAttribute(t *testing.T) {
	s := &store.Session{Input: w2Session(t).Input}
	in := *s.Input
	in.Attributes = map[string]any{"count": 3}
	s.Input = &in
	if _, err := encodeRecord(s); err == nil || err.Error() != `session attribute "count": a value of type int cannot be stored (a string, decimal.Decimal, bool, time.Time, []string or []decimal.Decimal can)` {
		t.Errorf("err = %v", err)
	}
	if _, err := encodeAttributes(map[string]any{"f": 1.5}); err == nil {
		t.Errorf("a float64 profile attribute was encoded")
	}
}

func FuzzDecodeRecord(f *testing.F) {
	data, err := encodeRecord(w2Session(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte{recordFormat})
	f.Fuzz(func(t *testing.T, data []byte) {
		var s store.Session
		if err := decodeRecord(data, &s); err != nil {
			return
		}
		// What decodes encodes again, and decodes to the same session.
		again, err := encodeRecord(&s)
		if err != nil {
			t.Fatal(err)
		}
		var s2 store.Session
		if err := decodeRecord(again, &s2); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(s, s2); diff != "" {
			t.Fatalf("(-first +second):\n%s", diff)
		}
	})
}

// BenchmarkRecordW2 encodes and decodes the record of W2's closed session
// (50 lines, ~100 units); it reports the record's size beside the size of
// the same ledger as encoding/json writes it, and the size of the effects'
// JSON (the effects column).
func BenchmarkRecordW2(b *testing.B) {
	s := w2Session(b)
	data, err := encodeRecord(s)
	if err != nil {
		b.Fatal(err)
	}
	ledgerJSON, err := json.Marshal(s.Ledger)
	if err != nil {
		b.Fatal(err)
	}
	effectsJSON, err := encodeEffects(s.Effects)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		data, err = encodeRecord(s)
		if err != nil {
			b.Fatal(err)
		}
		var got store.Session
		if err := decodeRecord(data, &got); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)), "record-bytes")
	b.ReportMetric(float64(len(ledgerJSON)), "ledger-json-bytes")
	b.ReportMetric(float64(len(effectsJSON)), "effects-json-bytes")
	b.ReportMetric(float64(len(s.Ledger.Units)), "units")
}
