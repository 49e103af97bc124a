//go:build unix

package secrets

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used (user and system, every thread: the
// garbage collector's too), which other programs on a busy machine change less than the
// wall clock.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
