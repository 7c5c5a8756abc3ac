package bench

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/cartfx/cartfx/cart"
	"github.com/cartfx/cartfx/effects"
	"github.com/cartfx/cartfx/engine"
	"github.com/cartfx/cartfx/handlers"
	"github.com/cartfx/cartfx/rules"
)

// The engine on each workload:
//
//	Dry      a dry-run update of the parsed session: the cart built,
//	         every campaign evaluated, the effects applied, the response
//	         and its receipt; the store is read (profile, loyalty), not
//	         written.
//	DryJSON  the same from the session's JSON (UpdateSession): parse and
//	         validation included.
//	Close    an update that creates and closes a session, with the
//	         in-memory store: evaluation, then one commit of the session,
//	         its coupon redemption, counters, loyalty points and profile.
//	         Every iteration is a new session of a new profile (stored
//	         beforehand with the workload's segments and balance), so
//	         coupon and per-profile limits never stop a campaign.
//
// The names are flat (EngineW2Dry, not Engine/W2/Dry) so that a -bench
// pattern such as 'W2.*Dry' selects them: go test matches each level of a
// name separately.

func BenchmarkEngineW1Dry(b *testing.B)     { benchDry(b, load(b, W1)) }
func BenchmarkEngineW1DryJSON(b *testing.B) { benchDryJSON(b, load(b, W1)) }
func BenchmarkEngineW1Close(b *testing.B)   { benchClose(b, load(b, W1)) }
func BenchmarkEngineW2Dry(b *testing.B)     { benchDry(b, load(b, W2)) }
func BenchmarkEngineW2DryJSON(b *testing.B) { benchDryJSON(b, load(b, W2)) }
func BenchmarkEngineW2Close(b *testing.B)   { benchClose(b, load(b, W2)) }
func BenchmarkEngineW3Dry(b *testing.B)     { benchDry(b, load(b, W3)) }
func BenchmarkEngineW3DryJSON(b *testing.B) { benchDryJSON(b, load(b, W3)) }
func BenchmarkEngineW3Close(b *testing.B)   { benchClose(b, load(b, W3)) }
func BenchmarkEngineW4Dry(b *testing.B)     { benchDry(b, load(b, W4)) }
func BenchmarkEngineW4Close(b *testing.B)   { benchClose(b, load(b, W4)) }

// The threshold and attribute campaigns alone, the ones the grule peer
// (bench/grule) evaluates.

func BenchmarkEngineW2ThresholdDry(b *testing.B) { benchDry(b, load(b, W2, KindThreshold)) }
func BenchmarkEngineW3ThresholdDry(b *testing.B) { benchDry(b, load(b, W3, KindThreshold)) }

func benchDry(b *testing.B, f *fixture) {
	e := newEngine(b, f)
	ctx := context.Background()
	dry := engine.UpdateOptions{Dry: true}
	resp, err := e.Update(ctx, "bench-dry", f.open, dry)
	check(b, f, resp, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Update(ctx, "bench-dry", f.open, dry); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDryJSON(b *testing.B, f *fixture) {
	e := newEngine(b, f)
	ctx := context.Background()
	dry := engine.UpdateOptions{Dry: true}
	resp, err := e.UpdateSession(ctx, "bench-dry", f.json, dry)
	check(b, f, resp, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.UpdateSession(ctx, "bench-dry", f.json, dry); err != nil {
			b.Fatal(err)
		}
	}
}

func benchClose(b *testing.B, f *fixture) {
	ids := profileIDs(b.N + 1)
	sessions := make([]string, len(ids))
	for i := range sessions {
		sessions[i] = fmt.Sprintf("bench-close-%07d", i)
	}
	e := newEngine(b, f, ids...)
	ctx := context.Background()
	resp, err := e.Update(ctx, sessions[b.N], f.closeAs(ids[b.N]), engine.UpdateOptions{})
	check(b, f, resp, err)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := e.Update(ctx, sessions[i], f.closeAs(ids[i]), engine.UpdateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// check makes sure a benchmark measures the planned work: the engine
// triggers the campaigns the generator meant to trigger.
func check(b *testing.B, f *fixture, resp *engine.Response, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
	if got, want := triggered(resp), f.w.Hits(); !slices.Equal(got, want) {
		b.Fatalf("%s: the engine triggered %v, want %v", f.w.Name, got, want)
	}
}

// The floors on the same workloads: Naive (the rule expressions as plain
// expr programs, effects on shopspring decimals, naive_test.go) and Native
// (hand-written closures, int64 cents, native_test.go). Both start from
// the workload's session as plain data and flatten it into units, as the
// engine's Dry starts from a parsed session and builds its cart.

func BenchmarkNaiveW1(b *testing.B)  { benchNaive(b, load(b, W1)) }
func BenchmarkNaiveW2(b *testing.B)  { benchNaive(b, load(b, W2)) }
func BenchmarkNaiveW3(b *testing.B)  { benchNaive(b, load(b, W3)) }
func BenchmarkNativeW1(b *testing.B) { benchNative(b, load(b, W1)) }
func BenchmarkNativeW2(b *testing.B) { benchNative(b, load(b, W2)) }
func BenchmarkNativeW3(b *testing.B) { benchNative(b, load(b, W3)) }
func BenchmarkNativeW4(b *testing.B) { benchNative(b, load(b, W4)) }

func benchNaive(b *testing.B, f *fixture) {
	n, err := compileNaive(f.w)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.run(&f.w.Session, &f.w.Profile); err != nil {
			b.Fatal(err)
		}
	}
}

func benchNative(b *testing.B, f *fixture) {
	n := compileNative(f.w)
	b.ReportAllocs()
	for b.Loop() {
		n.run(&f.w.Session, &f.w.Profile)
	}
}

// The parts of an update on their own.

// BenchmarkParseSession50 parses W2's 50-line session and validates it
// against the campaign file's attribute registry.
func BenchmarkParseSession50(b *testing.B) {
	f := load(b, W2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.parse(f.json); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAllocate100 allocates a discount over 100 units of W2's cart
// (largest remainder, content tie-break).
func BenchmarkAllocate100(b *testing.B) {
	c := newCart(b, load(b, W2))
	var targets []cart.Target
	var sum int64
	charges, lines := c.Charges(), c.Lines()
	for _, u := range c.Units()[:100] {
		// The target Cart.Discount allocates over for the unit's price.
		g := &charges[u.Price]
		t := cart.Target{Weight: g.Remaining(), Cap: g.Remaining(), Base: g.Base, Name: g.Name,
			SKU: lines[u.Position].Item.SKU, Position: u.Position, SubPosition: u.SubPosition}
		targets = append(targets, t)
		sum += t.Weight
	}
	amount := sum/10 + 7
	b.ReportAllocs()
	for b.Loop() {
		cart.Allocate(amount, targets)
	}
}

// BenchmarkLoadW3 loads and compiles W3's campaign file (1000 campaigns).
func BenchmarkLoadW3(b *testing.B) {
	f := load(b, W3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.Parse("W3.yaml", f.yaml); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemoryPerCampaignW3 reports the heap a loaded W3 file keeps,
// per campaign (measured after a GC, so only what stays reachable
// counts). Its ns/op is LoadW3's.
func BenchmarkMemoryPerCampaignW3(b *testing.B) {
	f := load(b, W3)
	var ms runtime.MemStats
	var retained int64
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := int64(ms.HeapAlloc)
		b.StartTimer()
		file, err := rules.Parse("W3.yaml", f.yaml)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		retained += int64(ms.HeapAlloc) - before
		runtime.KeepAlive(file)
		b.StartTimer()
	}
	b.ReportMetric(float64(retained)/float64(b.N)/float64(len(f.w.Campaigns)), "B/campaign")
}

// BenchmarkLoadEngineW3 loads W3's campaign file and makes an engine of
// it: the compile, then what engine.New derives (the groups, the failure
// details, the campaign index).
func BenchmarkLoadEngineW3(b *testing.B) {
	f := load(b, W3)
	b.ReportAllocs()
	for b.Loop() {
		file, err := rules.Parse("W3.yaml", f.yaml)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := engine.New(file); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemoryPerCampaignEngineW3 is MemoryPerCampaignW3 with the
// engine made of the file kept too (its campaign index included).
func BenchmarkMemoryPerCampaignEngineW3(b *testing.B) {
	f := load(b, W3)
	var ms runtime.MemStats
	var retained int64
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := int64(ms.HeapAlloc)
		b.StartTimer()
		file, err := rules.Parse("W3.yaml", f.yaml)
		if err != nil {
			b.Fatal(err)
		}
		e, err := engine.New(file)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		retained += int64(ms.HeapAlloc) - before
		runtime.KeepAlive(e)
		b.StartTimer()
	}
	b.ReportMetric(float64(retained)/float64(b.N)/float64(len(f.w.Campaigns)), "B/campaign")
}

// BenchmarkApply10Effects50Lines applies 10 discount effects (5 on the
// cart, 5 on units) to W2's 50-line cart: all-or-nothing, on a copy.
func BenchmarkApply10Effects50Lines(b *testing.B) {
	c := newCart(b, load(b, W2))
	list := tenEffects()
	r := handlers.New()
	if _, _, err := r.Apply(c, list); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := r.Apply(c, list); err != nil {
			b.Fatal(err)
		}
	}
}

func newCart(b *testing.B, f *fixture) *cart.Cart {
	c, err := cart.New(f.open, f.file.Rounding)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// tenEffects are five cart discounts and five unit discounts.
func tenEffects() []effects.Effect {
	var list []effects.Effect
	for i := range 5 {
		id := int64(i + 1)
		list = append(list, effects.Effect{CampaignID: id, RulesetID: id, RuleName: "cart",
			EffectType: effects.TypeSetDiscount, Props: &effects.SetDiscount{
				Name: fmt.Sprintf("cart %d", i), Value: effects.MustParseNumber(fmt.Sprintf("%d.50", 5+i)),
				Scope: effects.Ptr(effects.ScopeCartItems),
			}})
		id += 5
		list = append(list, effects.Effect{CampaignID: id, RulesetID: id, RuleName: "unit",
			EffectType: effects.TypeSetDiscountPerItem, Props: &effects.SetDiscountPerItem{
				Name: fmt.Sprintf("unit %d", i), Value: effects.MustParseNumber("2.25"),
				Position: effects.Index(i * 10), SubPosition: effects.Ptr(effects.Index(0)),
			}})
	}
	return list
}

// BenchmarkConcurrentW2 measures W2 dry runs on every core (GOMAXPROCS
// goroutines sharing one engine); ns/op is wall time per session.
func BenchmarkConcurrentW2(b *testing.B) {
	f := load(b, W2)
	e := newEngine(b, f)
	ctx := context.Background()
	dry := engine.UpdateOptions{Dry: true}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Update(ctx, "bench-parallel", f.open, dry); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sessions/s")
}
