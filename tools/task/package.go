package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// goWinres is the resource compiler that turns build/windows/winres.json
// (icon, manifest, version information) into a .syso file that go build
// links into sekisho.exe. It runs with `go run` at a pinned version: the
// module proxy serves it, nothing is installed, and it is no dependency of
// the app's go.mod.
const goWinres = "github.com/tc-hib/go-winres@v0.3.3"

// installerName is the installer's file name (CONTRACT.md).
const installerName = "sekisho-windows-amd64-installer.exe"

// unstampedVersion is what a binary built without -X main.version says
// (main.go), and so what its resources say.
const unstampedVersion = "0.0.0-dev"

// nsisRequirement is what `package windows` needs on Linux besides Go.
var nsisRequirement = requirement{"makensis (NSIS 3)", "nsis", onPath("makensis")}

const packageUsage = `Usage: go run ./tools/task package windows

Builds, into build/bin:
  sekisho.exe                           the desktop app for Windows (amd64,
                                        no cgo) with its icon, version
                                        information and manifest
  ` + installerName + `   its NSIS installer
(script: build/windows/installer/sekisho.nsi), then checks both.
Needs makensis (NSIS 3; Debian/Ubuntu: apt-get install nsis).

The macOS app is built, signed and notarised on a Mac: see docs/macos.md.
`

// cmdPackage implements "task package".
func cmdPackage(ctx context.Context, log *logger, root string, args []string) int {
	fs := flag.NewFlagSet("package", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, packageUsage) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprint(os.Stderr, packageUsage)
		return 2
	}
	switch fs.Arg(0) {
	case "windows":
	case "darwin", "macos", "mac":
		log.fail("the macOS app cannot be packaged by the task runner: it needs Xcode's tools, a Developer ID certificate and Apple's notary service; docs/macos.md has the steps")
		return 1
	default:
		fmt.Fprintf(os.Stderr, "task package: unknown target %q\n\n%s", fs.Arg(0), packageUsage)
		return 2
	}
	env := newEnvironment(root)
	if err := ensureMakensis(ctx, log, env); err != nil {
		log.fail("%v", err)
		return 1
	}
	var pkg windowsPackage
	steps := []func() error{
		func() error { return npmInstall(ctx, log, env, env.frontendDir(), false) },
		func() error { return frontendBuild(ctx, log, env) },
		func() error {
			var err error
			pkg, err = packageWindows(ctx, log, env, filepath.Join(env.root, "build", "bin"))
			return err
		},
		func() error { return checkWindowsPackage(log, pkg) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			log.fail("%v", err)
			return 1
		}
	}
	log.ok("built %s and %s (version %s)", env.rel(pkg.exe), env.rel(pkg.installer), pkg.version)
	return 0
}

// ensureMakensis fails unless makensis is on PATH; on Linux it first offers
// to install Debian's nsis package (see ensureLinuxPackages).
func ensureMakensis(ctx context.Context, log *logger, env *environment) error {
	if env.goos == "linux" {
		return ensureLinuxPackages(ctx, log, env, []requirement{nsisRequirement})
	}
	if _, err := exec.LookPath("makensis"); err != nil {
		return errors.New("makensis not found: install NSIS 3 (https://nsis.sourceforge.io; macOS: brew install makensis) and put makensis on PATH")
	}
	return nil
}

// windowsPackage is what packageWindows built.
type windowsPackage struct {
	exe, installer string
	version        string // the version stamped into the exe; "" for none
	numeric        string // its Windows form, a.b.c.d
}

// shownVersion is the version the binary reports (and its resources say).
func (p windowsPackage) shownVersion() string {
	if p.version == "" {
		return unstampedVersion
	}
	return p.version
}

// packageWindows cross-builds sekisho.exe for windows/amd64 into outDir, with
// its resources, and the installer next to it. The frontend must be built.
func packageWindows(ctx context.Context, log *logger, env *environment, outDir string) (windowsPackage, error) {
	version := gitVersion(ctx, env)
	pkg := windowsPackage{
		exe:       filepath.Join(outDir, "sekisho.exe"),
		installer: filepath.Join(outDir, installerName),
		version:   version,
		numeric:   windowsVersion(version),
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return pkg, err
	}
	if err := ensureDistPlaceholder(env); err != nil {
		return pkg, err
	}

	// The .syso next to main.go is linked into the windows/amd64 build of
	// package main only (its name says so); it is removed right after.
	syso := filepath.Join(env.root, "rsrc_windows_amd64.syso")
	defer os.Remove(syso)
	if err := makeWindowsResources(ctx, log, env, pkg, syso); err != nil {
		return pkg, err
	}

	// Wails on Windows loads WebView2 without cgo, so the desktop build
	// cross-compiles (desktopBuild adds -H windowsgui).
	args, envv := desktopBuild("windows", pkg.exe, version, os.Getenv)
	envv = append(envv, "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if err := (command{name: "go", args: args, env: envv, timeout: 25 * time.Minute}).run(ctx, log, env); err != nil {
		return pkg, err
	}
	if err := os.Remove(syso); err != nil {
		return pkg, err
	}

	// The installer shows the exe's own icon, taken back out of it.
	icon := filepath.Join(outDir, "sekisho-installer.ico")
	defer os.Remove(icon)
	if err := writeExeIcon(pkg.exe, icon); err != nil {
		return pkg, fmt.Errorf("the icon for the installer: %w", err)
	}
	script := filepath.Join(env.root, "build", "windows", "installer", "sekisho.nsi")
	err := command{
		name: "makensis",
		args: []string{
			"-V2", "-WX", "-INPUTCHARSET", "UTF8",
			"-DVERSION=" + pkg.shownVersion(),
			"-DVERSION_NUMERIC=" + pkg.numeric,
			"-DEXE=" + pkg.exe,
			"-DICON=" + icon,
			"-DOUTFILE=" + pkg.installer,
			script,
		},
		timeout: 10 * time.Minute,
	}.run(ctx, log, env)
	return pkg, err
}

// makeWindowsResources writes syso from build/windows/winres.json with the
// version filled in, through go-winres.
func makeWindowsResources(ctx context.Context, log *logger, env *environment, pkg windowsPackage, syso string) error {
	dir := filepath.Join(env.root, "build", "windows")
	kept, err := os.ReadFile(filepath.Join(dir, "winres.json"))
	if err != nil {
		return err
	}
	filled, err := winresJSON(kept, pkg.shownVersion(), pkg.numeric)
	if err != nil {
		return fmt.Errorf("build/windows/winres.json: %w", err)
	}
	// Beside the kept file: go-winres reads the icon and manifest relative
	// to the JSON file's folder.
	tmp, err := os.CreateTemp(dir, ".winres-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(filled); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	out := strings.TrimSuffix(syso, "_windows_amd64.syso")
	return command{
		name:    "go",
		args:    []string{"run", goWinres, "make", "--in", tmp.Name(), "--out", out, "--arch", "amd64"},
		timeout: 10 * time.Minute,
	}.run(ctx, log, env)
}

// winresJSON returns the kept go-winres description with the version
// filled into every version resource: the fixed (numeric) file and product
// versions, and the FileVersion and ProductVersion strings of every
// language. ProductVersion is the stamped version as it is, which Windows
// shows under Details; the numeric form is for Windows' own comparisons.
func winresJSON(kept []byte, version, numeric string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(kept, &doc); err != nil {
		return nil, err
	}
	names, _ := doc["RT_VERSION"].(map[string]any)
	filled := 0
	for _, name := range names {
		langs, _ := name.(map[string]any)
		for _, l := range langs {
			vi, ok := l.(map[string]any)
			if !ok {
				return nil, errors.New("RT_VERSION: a language's entry is not an object")
			}
			fixed, _ := vi["fixed"].(map[string]any)
			if fixed == nil {
				fixed = map[string]any{}
				vi["fixed"] = fixed
			}
			fixed["file_version"] = numeric
			fixed["product_version"] = numeric
			info, _ := vi["info"].(map[string]any)
			if len(info) == 0 {
				return nil, errors.New("RT_VERSION has no info tables")
			}
			for _, t := range info {
				table, ok := t.(map[string]any)
				if !ok {
					return nil, errors.New("RT_VERSION: an info table is not an object")
				}
				table["FileVersion"] = numeric
				table["ProductVersion"] = version
			}
			filled++
		}
	}
	if filled == 0 {
		return nil, errors.New("no RT_VERSION resource")
	}
	return json.MarshalIndent(doc, "", "  ")
}

var (
	// describeSuffixRE is what git describe adds after a tag: the commits
	// since, the abbreviated commit, and -dirty for local changes.
	describeSuffixRE = regexp.MustCompile(`-(\d+)-g[0-9a-f]{4,}$`)
	// tagVersionRE reads a version tag: v1, v1.2, v1.2.3 or 1.2(.3), with
	// anything after a - or +. A bare number is not taken for one: without
	// tags, git describe --always prints the commit, which may be all
	// digits.
	tagVersionRE = regexp.MustCompile(`^(?:v(\d+)(?:\.(\d+))?(?:\.(\d+))?|(\d+)\.(\d+)(?:\.(\d+))?)(?:[-+].*)?$`)
)

// windowsVersion is the a.b.c.d form of a git describe version that Windows
// keeps in the fixed part of the version information: the tag's three
// numbers and the commits since the tag (v1.2.3-4-gabc1234-dirty: 1.2.3.4).
// A version without a tag (a commit, or nothing) is 0.0.0.0.
func windowsVersion(version string) string {
	v := strings.TrimSuffix(version, "-dirty")
	var parts [4]int
	if m := describeSuffixRE.FindStringSubmatchIndex(v); m != nil {
		parts[3] = atoiCapped(v[m[2]:m[3]])
		v = v[:m[0]]
	}
	m := tagVersionRE.FindStringSubmatch(v)
	if m == nil {
		return "0.0.0.0"
	}
	nums := m[1:4]
	if m[1] == "" {
		nums = m[4:7]
	}
	for i, n := range nums {
		parts[i] = atoiCapped(n)
	}
	return fmt.Sprintf("%d.%d.%d.%d", parts[0], parts[1], parts[2], parts[3])
}

// atoiCapped reads a version number, "" as 0, capped at 65535 (a version
// part is 16 bits).
func atoiCapped(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		if s != "" {
			return 65535 // too long for an int
		}
		return 0
	}
	return min(n, 65535)
}

// stepPackageWindows is `task test`'s package-windows step: the package
// built into the run's temporary folder, then checked.
func stepPackageWindows(ctx context.Context, t *testRun) error {
	pkg, err := packageWindows(ctx, t.log, t.env, filepath.Join(t.tmp, "windows"))
	if err != nil {
		return err
	}
	return checkWindowsPackage(t.log, pkg)
}
