//go:build !unix

package postgrestest

import "os"

// Without flock, the tests of several packages are not kept apart from a
// restart (see lock_unix.go): run the restart test alone there.

func lockShared(string) (*os.File, error) { return nil, nil }
func lockExclusive(*os.File) error        { return nil }
func lockShareAgain(*os.File) error       { return nil }
func unlock(*os.File)                     {}
