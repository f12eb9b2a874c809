package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// The desktop build is a GUI program (-H windowsgui: no console window when
// the window opens), and Windows gives a GUI program no console: started
// from a Command Prompt or PowerShell, `sekisho.exe service status` and the
// other commands would print nothing. Started with arguments and without
// standard output, it writes to the console of the prompt that started it
// instead. The prompt does not wait for a GUI program, so the lines may
// come after its next prompt; `start /wait sekisho.exe …` waits (and sets
// %ERRORLEVEL%). Output sent to a pipe or file (the installer's, `> log`)
// and the console build (no desktop tags) are left as they are.
func init() {
	if len(os.Args) < 2 {
		return // the window
	}
	if h, err := windows.GetStdHandle(windows.STD_OUTPUT_HANDLE); err == nil && h != 0 && h != windows.InvalidHandle {
		return
	}
	// ATTACH_PARENT_PROCESS is (DWORD)-1; x/sys has no AttachConsole.
	r, _, _ := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole").Call(uintptr(^uint32(0)))
	if r == 0 {
		return // no parent console (Explorer, the service manager)
	}
	out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	os.Stdout = out
	if h, err := windows.GetStdHandle(windows.STD_ERROR_HANDLE); err != nil || h == 0 || h == windows.InvalidHandle {
		os.Stderr = out
	}
}
