package main

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSummaryLine(t *testing.T) {
	tests := []struct {
		name                    string
		passed, failed, skipped int
		want                    string
	}{
		{"ok/all passed", 13, 0, 0, "13 passed, 0 failed"},
		{"ok/one failed", 4, 1, 0, "4 passed, 1 failed"},
		{"ok/skipped", 12, 0, 1, "12 passed, 0 failed, 1 skipped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := summaryLine(tc.passed, tc.failed, tc.skipped); got != tc.want {
				t.Errorf("summaryLine(%d, %d, %d) = %q, want %q", tc.passed, tc.failed, tc.skipped, got, tc.want)
			}
		})
	}
}

func TestAnalyse(t *testing.T) {
	uniform := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 200; x++ {
			uniform.Set(x, y, color.White)
		}
	}
	// Two flat colours: high contrast but few colours (a blank window on
	// the black root window).
	twoTone := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 200; x++ {
			if x < 100 {
				twoTone.Set(x, y, color.White)
			} else {
				twoTone.Set(x, y, color.Black)
			}
		}
	}
	// A gradient stands in for a rendered UI: many colours, some spread.
	gradient := image.NewRGBA(image.Rect(0, 0, 256, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 256; x++ {
			gradient.Set(x, y, color.RGBA{uint8(x), uint8(255 - x), uint8(y), 255})
		}
	}
	// A blank window on the black screen with one line of "text": many
	// colours and contrast, but hardly any detail.
	blankWithText := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 200; x++ {
			switch {
			case x >= 150:
				blankWithText.Set(x, y, color.Black)
			case y == 10 && x < 100:
				blankWithText.Set(x, y, color.RGBA{uint8(2 * x), 0, 0, 255})
			default:
				blankWithText.Set(x, y, color.White)
			}
		}
	}
	tests := []struct {
		name     string
		img      image.Image
		rendered bool
	}{
		{"fail/uniform", uniform, false},
		{"fail/two colours", twoTone, false},
		{"fail/blank window with a line of text", blankWithText, false},
		{"ok/gradient", gradient, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := analyse(tc.img)
			if got := s.rendered(); got != tc.rendered {
				t.Errorf("analyse(%s).rendered() = %v, want %v (%s)", tc.name, got, tc.rendered, s)
			}
		})
	}
	if s := analyse(uniform); s.colours != 1 || s.stdDev > 1e-6 {
		t.Errorf("analyse(uniform) = %s, want 1 colour and std dev 0", s)
	}
}

func TestMergeEnv(t *testing.T) {
	got := mergeEnv([]string{"A=1", "B=2", "PATH=/bin"}, []string{"B=3", "C=4"})
	want := []string{"A=1", "PATH=/bin", "B=3", "C=4"}
	if !slices.Equal(got, want) {
		t.Errorf("mergeEnv = %q, want %q", got, want)
	}
}

func TestDesktopBuild(t *testing.T) {
	noEnv := func(string) string { return "" }
	tests := []struct {
		goos          string
		getenv        func(string) string
		tags, ldflags string
		wantEnv       []string
	}{
		{"linux", noEnv, "desktop,production,webkit2_41", "-w -s", []string{"CGO_ENABLED=1"}},
		{"darwin", noEnv, "desktop,production", "-w -s", []string{
			"CGO_ENABLED=1",
			"CGO_CFLAGS=-mmacosx-version-min=10.13",
			"CGO_LDFLAGS=-framework UniformTypeIdentifiers -mmacosx-version-min=10.13",
		}},
		{"darwin", func(k string) string { return map[string]string{"CGO_LDFLAGS": "-L/opt/lib"}[k] }, "desktop,production", "-w -s", []string{
			"CGO_ENABLED=1",
			"CGO_CFLAGS=-mmacosx-version-min=10.13",
			"CGO_LDFLAGS=-L/opt/lib -framework UniformTypeIdentifiers -mmacosx-version-min=10.13",
		}},
		{"windows", noEnv, "desktop,production", "-w -s -H windowsgui", nil},
	}
	for _, tc := range tests {
		t.Run(tc.goos, func(t *testing.T) {
			args, env := desktopBuild(tc.goos, "out", "", tc.getenv)
			want := []string{"build", "-buildvcs=false", "-tags", tc.tags, "-ldflags", tc.ldflags, "-o", "out", "."}
			if !slices.Equal(args, want) {
				t.Errorf("desktopBuild(%q) args = %q, want %q", tc.goos, args, want)
			}
			if !slices.Equal(env, tc.wantEnv) {
				t.Errorf("desktopBuild(%q) env = %q, want %q", tc.goos, env, tc.wantEnv)
			}
		})
	}
}

func TestDesktopBuildVersion(t *testing.T) {
	args, _ := desktopBuild("linux", "out", "v1.2.0-3-gabc1234-dirty", func(string) string { return "" })
	if i := slices.Index(args, "-ldflags"); i < 0 || args[i+1] != "-w -s -X main.version=v1.2.0-3-gabc1234-dirty" {
		t.Errorf("desktopBuild args = %q, want the version stamped with -X main.version", args)
	}
	for _, v := range []string{"", "has space", `quo"te`} {
		if got := versionFlag(v); got != "" {
			t.Errorf("versionFlag(%q) = %q, want none", v, got)
		}
	}
}

func TestNpmNeedsInstall(t *testing.T) {
	dir := t.TempDir()
	lock := filepath.Join(dir, "package-lock.json")
	marker := filepath.Join(dir, "node_modules", ".package-lock.json")
	check := func(want bool) {
		t.Helper()
		if got, why := npmNeedsInstall(dir); got != want {
			t.Errorf("npmNeedsInstall = %v (%s), want %v", got, why, want)
		}
	}
	check(true) // no lock
	if err := os.WriteFile(lock, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	check(true) // no node_modules
	if err := os.MkdirAll(filepath.Dir(marker), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(marker, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(lock, old, old); err != nil {
		t.Fatal(err)
	}
	check(false) // installed after the lock changed
	if err := os.Chtimes(lock, time.Now().Add(time.Hour), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	check(true) // lock newer than node_modules
}

func TestWatchServeOutput(t *testing.T) {
	tests := []struct {
		name      string
		output    string
		wantAdmin string // "" means ready is closed without a value
	}{
		{
			"ok/ready",
			"admin http://127.0.0.1:7700/\nportal https://192.168.1.5:8443/\ngateway https://192.168.1.5:9443/\nready\nlater log line\n",
			"http://127.0.0.1:7700/",
		},
		{"ok/crlf", "admin http://127.0.0.1:41234/\r\nready\r\n", "http://127.0.0.1:41234/"},
		{"fail/exited before ready", "admin http://127.0.0.1:7700/\nerror: port in use\n", ""},
		{"fail/ready without admin line", "ready\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var echo strings.Builder
			ready := make(chan string, 1)
			watchServeOutput(strings.NewReader(tc.output), &echo, ready)
			got, ok := <-ready
			if !ok {
				got = ""
			}
			if got != tc.wantAdmin {
				t.Errorf("admin URL = %q, want %q", got, tc.wantAdmin)
			}
			if want := strings.ReplaceAll(tc.output, "\r", ""); strings.ReplaceAll(echo.String(), "\r", "") != want {
				t.Errorf("echoed %q, want %q", echo.String(), want)
			}
		})
	}
}

func TestStepsHaveUniqueIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range steps() {
		if s.id == "" || seen[s.id] {
			t.Errorf("step %q: empty or duplicate id", s.title)
		}
		seen[s.id] = true
		if s.run == nil {
			t.Errorf("step %q has no run function", s.id)
		}
	}
}

// TestBindingsTreeDiffAndRestore: the bindings check lists changed, new and
// removed files, and puts the committed tree back exactly.
func TestBindingsTreeDiffAndRestore(t *testing.T) {
	dir := t.TempDir()
	orig := map[string][]byte{"go/models.ts": []byte("a"), "go/app/Users.js": []byte("b"), "runtime/x.js": []byte("c")}
	if err := writeTree(dir, orig); err != nil {
		t.Fatal(err)
	}
	before, err := readTree(dir)
	if err != nil || len(treeDiff(before, orig)) != 0 {
		t.Fatalf("read back: %v %v", err, treeDiff(before, orig))
	}
	// What a regeneration might do: change one, add one, remove one.
	os.WriteFile(filepath.Join(dir, "go", "models.ts"), []byte("A"), 0o644)
	os.WriteFile(filepath.Join(dir, "go", "app", "Mail.js"), []byte("d"), 0o644)
	os.Remove(filepath.Join(dir, "runtime", "x.js"))
	after, _ := readTree(dir)
	if got, want := strings.Join(treeDiff(before, after), ","), "go/app/Mail.js,go/models.ts,runtime/x.js"; got != want {
		t.Fatalf("diff %s, want %s", got, want)
	}
	if err := writeTree(dir, before); err != nil {
		t.Fatal(err)
	}
	restored, _ := readTree(dir)
	if d := treeDiff(before, restored); len(d) != 0 {
		t.Fatalf("not restored: %v", d)
	}
}
