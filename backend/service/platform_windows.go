//go:build windows

package service

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc/mgr"

	"sekisho/backend/i18n"
)

// elevated reports whether this process runs with an administrator's full
// token: under UAC an administrator's ordinary prompt does not, and the
// service manager then refuses to create or control services.
func elevated() bool {
	return windows.GetCurrentProcessToken().IsElevated()
}

// secureDataDir creates dir and gives it dataDirSDDL's access list:
// SYSTEM and Administrators only, nothing inherited from the parent.
func secureDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	sd, err := windows.SecurityDescriptorFromString(dataDirSDDL)
	if err != nil {
		return err
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return err
	}
	if err := windows.SetNamedSecurityInfo(dir, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil); err != nil {
		return fmt.Errorf("restrict access to %s: %w", dir, err)
	}
	return nil
}

// afterInstall makes the recovery actions (restart) apply also when the
// engine exits with an error, not only when it crashes.
func afterInstall() error {
	m, err := mgr.Connect()
	if err != nil {
		return err
	}
	defer m.Disconnect()
	s, err := m.OpenService(Name)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.SetRecoveryActionsOnNonCrashFailures(true)
}

// uiLanguage is the language of the Windows user interface, which the
// environment does not tell (LANG is rarely set on Windows).
func uiLanguage() (i18n.Lang, bool) {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return "", false
	}
	return i18n.Parse(langs[0])
}
