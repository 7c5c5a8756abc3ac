//go:build unix

package postgrestest

import (
	"os"
	"syscall"
)

// The tests of every package share the server, and go test runs packages
// at once: a test holds a shared lock on a file named after the server
// while it uses it, and a restart takes it exclusively, so that it never
// cuts off another package's test.

func lockShared(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// lockExclusive turns a shared lock into the exclusive one, waiting for
// the other holders.
func lockExclusive(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }

// lockShareAgain turns the exclusive lock back into a shared one.
func lockShareAgain(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_SH) }

func unlock(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	f.Close()
}
