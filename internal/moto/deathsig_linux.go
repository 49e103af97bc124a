package moto

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill moto when the process that started it dies, so that a
// test killed mid-run leaves no server behind.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
