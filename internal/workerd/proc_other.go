//go:build !linux

package workerd

import "syscall"

// sysProcAttr: only Linux can tie workerd's life to its parent's.
func sysProcAttr() *syscall.SysProcAttr { return nil }
