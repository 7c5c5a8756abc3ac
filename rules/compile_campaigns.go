package rules

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sync"

	"github.com/cartfx/cartfx/cart"
)

// Decoding and compiling the campaigns is most of a load after the YAML is
// read, and each campaign decodes and compiles on its own: a file of many
// campaigns is cut into runs of consecutive campaigns, one per CPU, each
// with its own decoder or compiler and its own problems. The compilers
// share the programs they compile, as one compiler reuses a program for
// every rule that writes it. The problems are gathered in file order, so
// a LoadError is the same as one goroutine's.

// campaignsPerRun is the fewest campaigns worth a goroutine of their own:
// below it, starting one costs more than it saves.
const campaignsPerRun = 64

// loadCampaigns decodes and compiles the campaigns of list, in file order,
// adding their problems to ps. lines is the source, for the decoder.
func loadCampaigns(list campaignList, lines []string, reg *cart.Registry, programs map[int64]bool, groups map[string]bool, ps *problems) []*Campaign {
	docs := make([]campaignDoc, len(list.nodes))
	inRuns(len(docs), ps, func(lo, hi int, ps *problems) {
		d := &decoder{ps: ps, lines: lines}
		for i := lo; i < hi; i++ {
			d.decode(list.nodes[i], reflect.ValueOf(&docs[i]).Elem(), fmt.Sprintf("%s[%d]", list.what, i))
		}
	})
	if n := len(docs); n > MaxCampaigns {
		ps.add(docs[MaxCampaigns].pos, scope{}, "campaigns: the file has %d campaigns (at most %d)", n, MaxCampaigns)
		docs = docs[:MaxCampaigns]
	}
	// A campaign's id is checked against the ids before it, in file order.
	ids := map[int64]bool{}
	for i := range docs {
		if !docs[i].invalid {
			checkIdentity(&docs[i], ids, ps)
		}
	}
	out := make([]*Campaign, len(docs))
	shared := newSharedPrograms()
	inRuns(len(docs), ps, func(lo, hi int, ps *problems) {
		comp := newCompiler(reg, ps, shared)
		for i := lo; i < hi; i++ {
			if !docs[i].invalid { // not a mapping, reported by the decoder
				out[i] = campaign(&docs[i], reg, comp, programs, groups, ps)
			}
		}
	})
	// The invalid campaigns are dropped; a file without a valid one has
	// nil Campaigns.
	if out = slices.DeleteFunc(out, func(c *Campaign) bool { return c == nil }); len(out) == 0 {
		return nil
	}
	return out
}

// inRuns calls do over [0, n) in runs of consecutive indexes, one per CPU
// when there are enough of them, each run reporting to problems of its
// own; those are added to ps in run order. A panic in a run is raised
// again in the caller, as it would be if one goroutine had run them all.
func inRuns(n int, ps *problems, do func(lo, hi int, ps *problems)) {
	runs := min(runtime.GOMAXPROCS(0), n/campaignsPerRun)
	if runs <= 1 {
		do(0, n, ps)
		return
	}
	found := make([]*problems, runs)
	panics := make([]any, runs)
	var wg sync.WaitGroup
	for r := range runs {
		found[r] = &problems{file: ps.file}
		wg.Go(func() {
			defer func() { panics[r] = recover() }()
			do(r*n/runs, (r+1)*n/runs, found[r])
		})
	}
	wg.Wait()
	for r := range runs {
		if panics[r] != nil {
			panic(panics[r])
		}
		ps.list = append(ps.list, found[r].list...)
	}
}
