//go:build unix

package main

import "syscall"

// raiseFileLimit raises the soft limit on open files to the hard one, so
// the soak's thousand sockets fit.
func raiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}
