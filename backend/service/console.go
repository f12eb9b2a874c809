package service

import (
	"runtime"
	"strings"
)

// LinuxInstallPath is where the commands of InstallCommands put a binary
// that systemd could not run where it is (home and temporary folders are
// hidden from the unit).
const LinuxInstallPath = "/usr/local/bin/sekisho"

// InstallCommands are the commands that install exe as the service on this
// machine and start it, for the desktop window to show in portable mode:
// they need an administrator (sudo, or on Windows a prompt opened with "Run
// as administrator"), which the window does not try to get.
func InstallCommands(exe string) []string {
	return installCommands(runtime.GOOS, exe, systemdCanRun)
}

func installCommands(goos, exe string, canRun func(string) error) []string {
	switch goos {
	case "windows":
		q := `"` + exe + `"`
		return []string{q + " service install", q + " service start"}
	case "linux":
		if canRun(exe) != nil {
			return []string{
				"sudo install -m 0755 " + shellQuote(exe) + " " + LinuxInstallPath,
				"sudo " + LinuxInstallPath + " service install",
				"sudo " + LinuxInstallPath + " service start",
			}
		}
	}
	q := shellQuote(exe)
	if strings.HasPrefix(exe, "-") {
		q = "./" + q
	}
	return []string{"sudo " + q + " service install", "sudo " + q + " service start"}
}
