package rules

import (
	"errors"
	"os"
	"testing"

	"github.com/cartfx/cartfx/internal/input"
)

// TestLoadEndlessFile: /dev/zero, which never ends, fails after
// MaxFileSize+1 bytes instead of growing forever.
func TestLoadEndlessFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := Load("/dev/zero")
	const want = "/dev/zero: input too large: the campaign file is longer than 16 MiB, the most cartfx reads"
	if err == nil || err.Error() != want {
		t.Fatalf("Load(/dev/zero): %v, want %s", err, want)
	}
	if !errors.Is(err, input.ErrTooLarge) {
		t.Errorf("Load(/dev/zero): %v does not match input.ErrTooLarge", err)
	}
}
