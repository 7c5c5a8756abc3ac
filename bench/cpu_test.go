package bench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The CPU a benchmark's operations cost, beside their wall time: on a
// machine of few shared cores, throughput is CPU divided by CPU per
// operation, and CPU per operation varies much less than wall time does
// when other processes share the cores.

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU returns a function that reads the CPU time the PostgreSQL
// server's processes (every backend and background process that
// pg_stat_activity lists) have used, from /proc: the server must run on
// this machine. ok is false when it cannot be read (another machine, no
// /proc), and the benchmark reports no server CPU.
func serverCPU(ctx context.Context, pool *pgxpool.Pool) (read func() time.Duration, ok bool) {
	read = func() time.Duration {
		rows, err := pool.Query(ctx, "SELECT pid FROM pg_stat_activity")
		if err != nil {
			return -1
		}
		var total time.Duration
		var pid int
		for rows.Next() {
			if rows.Scan(&pid) != nil {
				continue
			}
			if d, err := procCPU(pid); err == nil {
				total += d
			}
		}
		rows.Close()
		if rows.Err() != nil {
			return -1
		}
		return total
	}
	return read, read() > 0
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// procCPU reads a process's user and system time from /proc/PID/stat.
func procCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold spaces:
	// the fields after it are counted from its closing parenthesis.
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields))
	}
	// utime and stime are fields 14 and 15, the 12th and 13th after the name.
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}
