//go:build !windows

package service

import (
	"os"

	"sekisho/backend/i18n"
)

// elevated reports whether this process runs as root, which installing and
// controlling a systemd unit or a LaunchDaemon needs.
func elevated() bool { return os.Geteuid() == 0 }

// secureDataDir creates dir readable by its owner only.
func secureDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.Chmod(dir, 0o700)
}

func afterInstall() error { return nil }

func uiLanguage() (i18n.Lang, bool) { return "", false }
