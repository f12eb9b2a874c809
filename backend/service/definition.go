package service

import (
	_ "embed"
	"errors"
	"fmt"
	"path"
	"strings"
	"text/template"
	"unicode"
)

// The service definitions are kept as files so they can be read and checked
// (systemd-analyze verify in the tests). They are rendered here with
// text/template and handed to kardianos/service already complete: its own
// template engine then finds nothing to expand, so what `sekisho service
// unit` prints is byte for byte what install writes.
var (
	//go:embed sekisho.service
	unitText string
	//go:embed sekisho.plist
	plistText string

	unitTemplate  = template.Must(template.New("sekisho.service").Parse(unitText))
	plistTemplate = template.Must(template.New("sekisho.plist").Funcs(template.FuncMap{"xml": xmlEscape}).Parse(plistText))
)

// LinuxDataDir is where the systemd unit keeps the data: its StateDirectory.
const LinuxDataDir = "/var/lib/sekisho"

// MacLogDir holds what the LaunchDaemon writes to standard output and error.
const MacLogDir = "/Library/Logs/Sekisho"

// dataDirSDDL is the access list of the service's data folder on Windows:
// protected (nothing inherited from %ProgramData%, where Users may read),
// full control for SYSTEM (the service) and Administrators, inherited by
// every file and folder in it.
const dataDirSDDL = "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"

// errTemplateMarker is returned for an argument kardianos/service would read
// as a template action.
var errTemplateMarker = errors.New(`"{{" cannot appear in a service's command line`)

// Unit renders the systemd unit that runs exe with args.
func Unit(exe string, args []string) (string, error) {
	if err := checkCommand(exe, args); err != nil {
		return "", err
	}
	words := []string{systemdQuote(exe)}
	for _, a := range args {
		words = append(words, systemdQuote(a))
	}
	var b strings.Builder
	err := unitTemplate.Execute(&b, struct{ ExecStart string }{strings.Join(words, " ")})
	return b.String(), err
}

// Plist renders the launchd property list of the LaunchDaemon that runs exe
// with args in dataDir.
func Plist(exe string, args []string, dataDir string) (string, error) {
	if err := checkCommand(exe, args); err != nil {
		return "", err
	}
	if strings.Contains(dataDir, "{{") {
		return "", errTemplateMarker
	}
	var b strings.Builder
	err := plistTemplate.Execute(&b, struct {
		Label, DataDir, OutputLog string
		Command                   []string
	}{Name, dataDir, path.Join(MacLogDir, "output.log"), append([]string{exe}, args...)})
	return b.String(), err
}

// WindowsSummary describes what install registers on Windows, which has no
// definition file to print.
func WindowsSummary(exe string, args []string, dataDir string) string {
	words := []string{windowsQuote(exe)}
	for _, a := range args {
		words = append(words, windowsQuote(a))
	}
	return fmt.Sprintf(`service   %s (%s): starts automatically at boot as LocalSystem;
          restarted 10 s after a failure (the failure count resets daily)
command   %s
data      %s
          access: SYSTEM and Administrators only (%s)
`, Name, DisplayName, strings.Join(words, " "), dataDir, dataDirSDDL)
}

func checkCommand(exe string, args []string) error {
	for _, s := range append([]string{exe}, args...) {
		if strings.Contains(s, "{{") {
			return errTemplateMarker
		}
		if strings.ContainsFunc(s, unicode.IsControl) {
			return fmt.Errorf("%q: control characters cannot appear in a service's command line", s)
		}
	}
	return nil
}

// systemdQuote writes s as one word of an ExecStart= line: % and $ are
// doubled (systemd would read specifiers and variables), and a word with
// anything but plain characters is double-quoted with \ and " escaped
// (systemd.service(5), "Command lines").
func systemdQuote(s string) string {
	s = strings.NewReplacer("%", "%%", "$", "$$").Replace(s)
	if s != "" && !strings.ContainsFunc(s, needsQuote) {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// windowsQuote quotes s for display the way Windows splits a command line
// (only spaces, tabs and quotes matter there).
func windowsQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// needsQuote reports a rune that makes systemd read a word other than as
// written: spaces and quotes split or group words, \ starts an escape.
func needsQuote(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return false
	}
	return !strings.ContainsRune("_-./:=@+,[]%$", r)
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}
