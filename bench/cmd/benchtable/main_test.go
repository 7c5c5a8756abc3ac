package main

import (
	"bytes"
	"strings"
	"testing"
)

const sample = `goos: linux
cpu: Test CPU
BenchmarkEngineW2Dry-2   	     448	   300 ns/op	 1000 B/op	   10 allocs/op
BenchmarkEngineW2Dry-2   	     448	   100 ns/op	 1000 B/op	   10 allocs/op
BenchmarkEngineW2Dry-2   	     448	   200 ns/op	 1000 B/op	   10 allocs/op
BenchmarkNaiveW2-2       	     100	   400 ns/op	  500 B/op	    5 allocs/op
BenchmarkNativeW2        	     100	    20 ns/op	    0 B/op	    0 allocs/op
BenchmarkConcurrentW2-2  	     100	    50 ns/op	  250 sessions/s	 10 B/op	 1 allocs/op
BenchmarkGruleW2ThresholdReuse-2  	 1	 60 ns/op	 1 B/op	 1 allocs/op
BenchmarkEngineW2ThresholdDry-2   	 1	 30 ns/op	 1 B/op	 1 allocs/op
PASS
`

func TestParseAndTable(t *testing.T) {
	results, cpu := parse(strings.NewReader(sample))
	if cpu != "Test CPU" {
		t.Errorf("cpu %q", cpu)
	}
	var names []string
	for _, r := range results {
		names = append(names, r.name)
	}
	want := "EngineW2Dry NaiveW2 NativeW2 ConcurrentW2 GruleW2ThresholdReuse EngineW2ThresholdDry"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("names %q, want %q", got, want)
	}
	if m, _ := results[0].median("ns/op"); m != 200 {
		t.Errorf("median %v, want 200", m)
	}
	if m := median([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("median of four %v, want 2.5", m)
	}
	var out bytes.Buffer
	printTable(&out, results, cpu, 3)
	if !strings.Contains(out.String(), "250 sessions/s") {
		t.Errorf("table lacks the custom metric:\n%s", out.String())
	}
	// W2's ratios: Dry ÷ naive, Close ÷ naive (no Close), Dry ÷ native,
	// Close ÷ native, grule ÷ engine.
	found := false
	for _, l := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == "W2" {
			found = true
			if got, want := strings.Join(f, " "), "W2 0.50 - 10.00 - 2.00"; got != want {
				t.Errorf("W2 ratios %q, want %q", got, want)
			}
		}
	}
	if !found {
		t.Errorf("table lacks W2's ratios:\n%s", out.String())
	}
}
