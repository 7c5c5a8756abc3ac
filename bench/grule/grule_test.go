package grule

import (
	"slices"
	"testing"

	"github.com/cartfx/cartfx/bench"
	"github.com/hyperjumptech/grule-rule-engine/ast"
	"github.com/hyperjumptech/grule-rule-engine/builder"
	"github.com/hyperjumptech/grule-rule-engine/engine"
	"github.com/hyperjumptech/grule-rule-engine/pkg"
)

// peer is a workload's threshold and attribute campaigns loaded into
// grule.
type peer struct {
	w   *bench.Workload
	lib *ast.KnowledgeLibrary
}

func newPeer(tb testing.TB, size bench.Size) *peer {
	tb.Helper()
	w := bench.Generate(size, bench.Seed).Only(bench.KindThreshold)
	grl, err := GRL(w)
	if err != nil {
		tb.Fatal(err)
	}
	lib := ast.NewKnowledgeLibrary()
	if err := builder.NewRuleBuilder(lib).BuildRuleFromResource(w.Name, "1", pkg.NewBytesResource([]byte(grl))); err != nil {
		tb.Fatal(err)
	}
	return &peer{w: w, lib: lib}
}

func (p *peer) instance(tb testing.TB) *ast.KnowledgeBase {
	tb.Helper()
	kb, err := p.lib.NewKnowledgeBaseInstance(p.w.Name, "1")
	if err != nil {
		tb.Fatal(err)
	}
	return kb
}

// run evaluates the rules over a fresh fact of the workload's cart.
func (p *peer) run(tb testing.TB, eng *engine.GruleEngine, kb *ast.KnowledgeBase) *Cart {
	c := NewCart(p.w)
	dc := ast.NewDataContext()
	if err := dc.Add("C", c); err != nil {
		tb.Fatal(err)
	}
	if err := eng.Execute(dc, kb); err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestSameCampaignsTrigger checks that grule triggers exactly the
// campaigns cartfx's engine triggers (bench's TestTriggerRate checks that
// the engine triggers the planned ones).
func TestSameCampaignsTrigger(t *testing.T) {
	for _, size := range []bench.Size{bench.W2, bench.W3} {
		p := newPeer(t, size)
		c := p.run(t, engine.NewGruleEngine(), p.instance(t))
		if got, want := c.Triggered(), p.w.Hits(); !slices.Equal(got, want) {
			t.Errorf("%s: grule triggered %v, want %v", p.w.Name, got, want)
		}
	}
}

// The threshold and attribute campaigns of W2 and W3 (30% of each)
// evaluated by grule over the workload's cart:
//
//	Reuse       one knowledge-base instance for every evaluation (grule
//	            resets it at the start of each), the cheapest way to run
//	            grule serially;
//	PerSession  a new instance for every evaluation, as grule advises for
//	            concurrent use.
//
// Compare with the bench package's EngineW2ThresholdDry and
// EngineW3ThresholdDry.

func BenchmarkGruleW2ThresholdReuse(b *testing.B)      { benchReuse(b, newPeer(b, bench.W2)) }
func BenchmarkGruleW2ThresholdPerSession(b *testing.B) { benchPerSession(b, newPeer(b, bench.W2)) }
func BenchmarkGruleW3ThresholdReuse(b *testing.B)      { benchReuse(b, newPeer(b, bench.W3)) }
func BenchmarkGruleW3ThresholdPerSession(b *testing.B) { benchPerSession(b, newPeer(b, bench.W3)) }

func benchReuse(b *testing.B, p *peer) {
	eng, kb := engine.NewGruleEngine(), p.instance(b)
	b.ReportAllocs()
	for b.Loop() {
		p.run(b, eng, kb)
	}
}

func benchPerSession(b *testing.B, p *peer) {
	eng := engine.NewGruleEngine()
	b.ReportAllocs()
	for b.Loop() {
		p.run(b, eng, p.instance(b))
	}
}
