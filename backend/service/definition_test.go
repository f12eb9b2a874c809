package service

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"howett.net/plist"
)

// trickyArgs are arguments that systemd, launchd and kardianos/service each
// could misread.
var trickyArgs = []string{"service", "run", "--data", "/srv/my data/50%", "--public-host", `a"b\c$HOME;<&>'x`, "--portal", "[::]:7443"}

// copyTrue puts an executable (a copy of true) at path, for systemd-analyze,
// which checks that ExecStart's program exists.
func copyTrue(t *testing.T, path string) {
	t.Helper()
	src, err := exec.LookPath("true")
	if err != nil {
		t.Skip("no true(1) to stand in for the program")
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestUnitVerifies checks the systemd unit offline with systemd-analyze: no
// complaint from verify (which exits 0 even on unknown keys, so its output is
// what counts), and an exposure level of 2.0 or better from security.
func TestUnitVerifies(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "bin dir", "sekisho")
	copyTrue(t, exe)
	unit, err := Unit(exe, trickyArgs)
	if err != nil {
		t.Fatal(err)
	}
	verify := func(t *testing.T, unit string) string {
		t.Helper()
		path := filepath.Join(t.TempDir(), "sekisho.service")
		if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(analyze, "verify", "--man=no", path).CombinedOutput()
		if err != nil {
			return string(out) + err.Error()
		}
		return string(out)
	}
	if out := verify(t, unit); strings.TrimSpace(out) != "" {
		t.Errorf("systemd-analyze verify:\n%s\nunit:\n%s", out, unit)
	}
	// The check can fail: a misspelt key and a bad value are reported.
	bad := strings.Replace(unit, "ProtectHome=yes", "ProtectHome=maybe\nProtectHomme=yes", 1)
	if out := verify(t, bad); !strings.Contains(out, "ProtectHomme") || !strings.Contains(out, "maybe") {
		t.Errorf("systemd-analyze verify did not report the broken unit:\n%s", out)
	}

	path := filepath.Join(dir, "sekisho.service")
	if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(analyze, "security", "--offline=yes", "--threshold=20", "--no-pager", path)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		if strings.Contains(out.String(), "unrecognized option") {
			t.Skipf("this systemd-analyze has no offline security check: %s", out.String())
		}
		t.Errorf("systemd-analyze security (exposure above 2.0?): %v\n%s", err, out.String())
	}
}

func TestUnitContents(t *testing.T) {
	unit, err := Unit("/usr/local/bin/sekisho", trickyArgs)
	if err != nil {
		t.Fatal(err)
	}
	want := `ExecStart=/usr/local/bin/sekisho service run --data "/srv/my data/50%%" --public-host "a\"b\\c$$HOME;<&>'x" --portal [::]:7443`
	if !strings.Contains(unit, "\n"+want+"\n") {
		t.Errorf("unit lacks\n%s\ngot:\n%s", want, unit)
	}
	for _, line := range []string{
		"DynamicUser=yes", "StateDirectory=sekisho", "StateDirectoryMode=0700", "ProtectSystem=strict", "ProtectHome=yes",
		"NoNewPrivileges=yes", "PrivateTmp=yes", "PrivateDevices=yes", "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
		"ProtectKernelLogs=yes", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK",
		"CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
		"SystemCallFilter=@system-service", "LockPersonality=yes", "MemoryDenyWriteExecute=yes", "Restart=on-failure",
		"After=network-online.target", "Wants=network-online.target", "WantedBy=multi-user.target",
	} {
		if !strings.Contains(unit, "\n"+line+"\n") {
			t.Errorf("unit lacks %s", line)
		}
	}
	if strings.Contains(unit, "{{") {
		t.Error("unit has a template marker left")
	}
}

func TestSystemdQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/usr/local/bin/sekisho", "/usr/local/bin/sekisho"},
		{"127.0.0.1:7700", "127.0.0.1:7700"},
		{"[::1]:0", "[::1]:0"},
		{"", `""`},
		{"a b", `"a b"`},
		{"50%", "50%%"},
		{"$X", "$$X"},
		{`a\b`, `"a\\b"`},
		{`say "hi"`, `"say \"hi\""`},
		{";", `";"`},
	}
	for _, tc := range tests {
		if got := systemdQuote(tc.in); got != tc.want {
			t.Errorf("systemdQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestDefinitionRefusesMarkers(t *testing.T) {
	for _, args := range [][]string{{"--public-host", "{{x}}"}, {"--public-host", "a\nb"}} {
		if _, err := Unit("/usr/bin/sekisho", args); err == nil {
			t.Errorf("Unit(%q) = nil error", args)
		}
		if _, err := Plist("/usr/bin/sekisho", args, "/x"); err == nil {
			t.Errorf("Plist(%q) = nil error", args)
		}
	}
}

// TestPlist reads the LaunchDaemon's property list back as launchd would.
func TestPlist(t *testing.T) {
	data := "/Library/Application Support/Sekisho"
	text, err := Plist("/Applications/Sekisho.app/Contents/MacOS/sekisho", trickyArgs, data)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Label             string
		ProgramArguments  []string
		RunAtLoad         bool
		KeepAlive         bool
		WorkingDirectory  string
		Umask             int
		StandardErrorPath string
	}
	if _, err := plist.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	wantArgs := append([]string{"/Applications/Sekisho.app/Contents/MacOS/sekisho"}, trickyArgs...)
	if diff := cmp.Diff(wantArgs, got.ProgramArguments); diff != "" {
		t.Errorf("ProgramArguments (-want +got):\n%s", diff)
	}
	if got.Label != Name || !got.RunAtLoad || !got.KeepAlive || got.WorkingDirectory != data || got.Umask != 0o077 ||
		got.StandardErrorPath != MacLogDir+"/output.log" {
		t.Errorf("plist = %+v", got)
	}
}

func TestWindowsSummary(t *testing.T) {
	got := WindowsSummary(`C:\Program Files\Sekisho\sekisho.exe`, []string{"service", "run", "--data", `C:\ProgramData\Sekisho`}, `C:\ProgramData\Sekisho`)
	for _, want := range []string{`"C:\Program Files\Sekisho\sekisho.exe" service run --data C:\ProgramData\Sekisho`, dataDirSDDL, "automatically"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
}
