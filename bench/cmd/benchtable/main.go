// Command benchtable runs cartfx's benchmark suite (the bench package and
// the grule peer in bench/grule) and prints one table: each benchmark's
// median ns/op, allocs/op and B/op over the runs, then the ratios of the
// engine to its floors and of grule to the engine.
//
// Run it from the repository root:
//
//	go run ./bench/cmd/benchtable              # -count 5, go test's default -benchtime
//	go run ./bench/cmd/benchtable -count 10 -benchtime 2s
//	go run ./bench/cmd/benchtable -bench 'W2' -grule=false
//	go run ./bench/cmd/benchtable old.txt      # the table of saved `go test -bench` output
//
// The raw `go test` output goes to stderr as it runs (and to -raw FILE), so
// it can also be fed to benchstat.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

func main() {
	count := flag.Int("count", 5, "runs of each benchmark (go test -count)")
	benchtime := flag.String("benchtime", "", "go test -benchtime (default: go test's, 1s)")
	bench := flag.String("bench", ".", "benchmarks to run (go test -bench)")
	grule := flag.Bool("grule", true, "also run the grule peer (bench/grule)")
	raw := flag.String("raw", "", "also write the raw go test output to this file")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./bench/cmd/benchtable [flags] [saved-output-file...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()

	var out bytes.Buffer
	if flag.NArg() > 0 {
		for _, name := range flag.Args() {
			data, err := os.ReadFile(name)
			if err != nil {
				fail(err)
			}
			out.Write(data)
		}
	} else {
		root, err := repoRoot()
		if err != nil {
			fail(err)
		}
		args := []string{"test", "-run", "^$", "-bench", *bench, "-benchmem", "-count", strconv.Itoa(*count)}
		if *benchtime != "" {
			args = append(args, "-benchtime", *benchtime)
		}
		if err := goTest(&out, root, append(args, "./bench/")); err != nil {
			fail(err)
		}
		if *grule {
			if err := goTest(&out, filepath.Join(root, "bench", "grule"), append(args, ".")); err != nil {
				fail(err)
			}
		}
	}
	if *raw != "" {
		if err := os.WriteFile(*raw, out.Bytes(), 0o644); err != nil {
			fail(err)
		}
	}
	results, cpu := parse(&out)
	if len(results) == 0 {
		fail(fmt.Errorf("no benchmark results"))
	}
	printTable(os.Stdout, results, cpu, *count)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchtable:", err)
	os.Exit(2)
}

// repoRoot returns the directory of the cartfx module, which must be the
// main module of the working directory.
func repoRoot() (string, error) {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	path := strings.TrimSpace(string(gomod))
	data, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(data, []byte("module github.com/cartfx/cartfx\n")) {
		return "", fmt.Errorf("run benchtable from the cartfx repository root (go.mod is %q)", path)
	}
	return filepath.Dir(path), nil
}

// goTest runs go test in dir, copying its output to stderr and to out.
func goTest(out *bytes.Buffer, dir string, args []string) error {
	fmt.Fprintf(os.Stderr, "# (cd %s && go %s)\n", dir, strings.Join(args, " "))
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Stdout = io.MultiWriter(out, os.Stderr)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go test in %s: %w", dir, err)
	}
	return nil
}

// result is one benchmark's measurements: per unit, the value of each run.
type result struct {
	name   string
	values map[string][]float64
	units  []string // in the order go test printed them
}

var line = regexp.MustCompile(`^Benchmark(\S+?)(-\d+)?\s+\d+\s+(.*)$`)

// parse reads go test -bench output. Benchmark names lose their
// "Benchmark" prefix and GOMAXPROCS suffix.
func parse(r io.Reader) ([]*result, string) {
	byName := map[string]*result{}
	var order []*result
	cpu := ""
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		text := sc.Text()
		if c, ok := strings.CutPrefix(text, "cpu: "); ok {
			cpu = c
			continue
		}
		m := line.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		res := byName[m[1]]
		if res == nil {
			res = &result{name: m[1], values: map[string][]float64{}}
			byName[m[1]] = res
			order = append(order, res)
		}
		fields := strings.Fields(m[3])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			unit := fields[i+1]
			if _, seen := res.values[unit]; !seen {
				res.units = append(res.units, unit)
			}
			res.values[unit] = append(res.values[unit], v)
		}
	}
	return order, cpu
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (r *result) median(unit string) (float64, bool) {
	xs, ok := r.values[unit]
	return median(xs), ok
}

func printTable(w io.Writer, results []*result, cpu string, count int) {
	fmt.Fprintf(w, "cartfx benchmarks, %s, %s/%s, %d CPUs (%s), %s",
		time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, runtime.Version())
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(w, ", load %s", strings.Join(strings.Fields(string(load))[:3], " "))
	}
	fmt.Fprintf(w, "; medians of up to %d runs\n\n", count)

	// Numbers align right; names are padded to align left.
	width := len("benchmark")
	for _, r := range results {
		width = max(width, len(r.name))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\truns\tns/op\ttime/op\tallocs/op\tB/op\tother\t\n", width, "benchmark")
	byName := map[string]*result{}
	for _, r := range results {
		byName[r.name] = r
		ns, _ := r.median("ns/op")
		allocs, _ := r.median("allocs/op")
		bytes, _ := r.median("B/op")
		var other []string
		for _, u := range r.units {
			if u != "ns/op" && u != "allocs/op" && u != "B/op" {
				v, _ := r.median(u)
				other = append(other, fmt.Sprintf("%.6g %s", v, u))
			}
		}
		fmt.Fprintf(tw, "%-*s\t%d\t%.0f\t%s\t%.0f\t%.0f\t%s\t\n", width, r.name, len(r.values["ns/op"]), ns, human(ns), allocs, bytes, strings.Join(other, ", "))
	}
	tw.Flush()

	ratio := func(a, b string) string {
		ra, rb := byName[a], byName[b]
		if ra == nil || rb == nil {
			return "-"
		}
		x, _ := ra.median("ns/op")
		y, _ := rb.median("ns/op")
		if y == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", x/y)
	}
	fmt.Fprintf(w, "\nratios of median ns/op (below 1.0: faster than the denominator)\n\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tDry ÷ naive\tClose ÷ naive\tDry ÷ native\tClose ÷ native\tgrule ÷ engine\t")
	for _, wl := range []string{"W1", "W2", "W3", "W4"} {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", wl,
			ratio("Engine"+wl+"Dry", "Naive"+wl),
			ratio("Engine"+wl+"Close", "Naive"+wl),
			ratio("Engine"+wl+"Dry", "Native"+wl),
			ratio("Engine"+wl+"Close", "Native"+wl),
			ratio("Grule"+wl+"ThresholdReuse", "Engine"+wl+"ThresholdDry"))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nW4 ÷ W3 (ten times the campaigns, the same hundred triggering): Dry %s, Close %s, native %s\n",
		ratio("EngineW4Dry", "EngineW3Dry"), ratio("EngineW4Close", "EngineW3Close"), ratio("NativeW4", "NativeW3"))
	fmt.Fprintln(w, `
Dry: EngineWnDry, a dry-run update of the parsed session. Close: EngineWnClose,
an update that creates and closes a session in the in-memory store. naive and
native: NaiveWn and NativeWn. grule ÷ engine: GruleWnThresholdReuse over
EngineWnThresholdDry, the threshold and attribute campaigns alone.`)
}

// human writes nanoseconds with a unit a person reads.
func human(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}
