// Package input owns reading what a user hands cartfx (a session, a
// profile, an effects document, a campaign file) with a size limit, so
// that a mistaken path such as /dev/zero ends in a clear error instead of
// filling the memory.
package input

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrTooLarge is the cause of an error from Read or ReadFile about input
// longer than its limit.
var ErrTooLarge = errors.New("input too large")

// ReadFile reads the file at path, or fails without reading past limit
// bytes when it is longer than limit. what names the input in the message,
// such as "session".
func ReadFile(path, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := Read(f, what, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}

// Read reads r to its end, or fails after limit+1 bytes when r holds more
// than limit.
func Read(r io.Reader, what string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: the %s is longer than %s, the most cartfx reads", ErrTooLarge, what, Size(limit))
	}
	return data, nil
}

// Size writes a byte count as people read it: 8 MiB, 512 KiB, 100 bytes.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
