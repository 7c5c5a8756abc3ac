package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFileWithinLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(path, []byte("0123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := ReadFile(path, "session", 10)
	if err != nil || string(data) != "0123456789" {
		t.Fatalf("ReadFile = %q, %v", data, err)
	}
	_, err = ReadFile(path, "session", 9)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if want := path + ": input too large: the session is longer than 9 bytes, the most cartfx reads"; err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}
}

func TestReadFileStopsAtTheLimitOnAnEndlessFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	_, err := ReadFile("/dev/zero", "session", 8<<20)
	if err == nil || !strings.Contains(err.Error(), "the session is longer than 8 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{100: "100 bytes", 8 << 20: "8 MiB", 512 << 10: "512 KiB", 1<<20 + 1: "1048577 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
