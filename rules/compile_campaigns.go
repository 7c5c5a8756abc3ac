package rules

import (
	"runtime"
	"sync"

	"github.com/cartfx/cartfx/cart"
)

// Compiling is most of a load after the YAML is read, and each campaign
// compiles on its own: a file of many campaigns is cut into runs of
// consecutive campaigns, one per CPU, each with its own compiler and its
// own problems; the compilers share the programs they compile, as one
// compiler reuses a program for every rule that writes it. The problems are then
// gathered in file order, so a LoadError is the same as one compiler's.

// campaignsPerWorker is the fewest campaigns worth a goroutine of their
// own: below it, starting one costs more than it saves.
const campaignsPerWorker = 64

// compileCampaigns compiles the valid campaigns of docs, in file order,
// adding their problems to ps.
func compileCampaigns(docs []campaignDoc, reg *cart.Registry, programs map[int64]bool, groups map[string]bool, ps *problems) []*Campaign {
	out := make([]*Campaign, len(docs))
	shared := newSharedPrograms()
	workers := min(runtime.GOMAXPROCS(0), len(docs)/campaignsPerWorker)
	if workers <= 1 {
		compileRun(docs, out, newCompiler(reg, ps, shared), reg, programs, groups, ps)
		return compact(out)
	}
	runs := make([]*problems, workers)
	panics := make([]any, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(docs)/workers, (w+1)*len(docs)/workers
		runs[w] = &problems{file: ps.file}
		wg.Go(func() {
			// A panic is the caller's, as it is when one goroutine compiles:
			// it is carried over and raised again there.
			defer func() { panics[w] = recover() }()
			compileRun(docs[lo:hi], out[lo:hi], newCompiler(reg, runs[w], shared), reg, programs, groups, runs[w])
		})
	}
	wg.Wait()
	for w := range workers {
		if panics[w] != nil {
			panic(panics[w])
		}
		ps.list = append(ps.list, runs[w].list...)
	}
	return compact(out)
}

// compileRun compiles a run of campaigns into out, which has their length;
// an invalid campaign (not a mapping, reported by the decoder) stays nil.
func compileRun(docs []campaignDoc, out []*Campaign, comp *compiler, reg *cart.Registry, programs map[int64]bool, groups map[string]bool, ps *problems) {
	for i := range docs {
		if !docs[i].invalid {
			out[i] = campaign(&docs[i], reg, comp, programs, groups, ps)
		}
	}
}

// compact drops the nil campaigns, keeping the order; none is nil.
func compact(cs []*Campaign) []*Campaign {
	var kept []*Campaign
	for i, c := range cs {
		if c != nil {
			if kept == nil {
				kept = cs[i:i:len(cs)]
			}
			kept = append(kept, c)
		}
	}
	return kept
}
