package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// desktopBuild returns the `go build` that `wails build` (v2.16) runs for
// the desktop binary: the Wails tags (plus webkit2_41 for WebKitGTK 4.1 on
// Linux), stripped, and without a console window on Windows, with version
// stamped in (when not empty); and the environment entries that go with it.
// getenv reads the caller's environment, whose cgo flags are extended, not
// replaced.
func desktopBuild(goos, out, version string, getenv func(string) string) (args, envv []string) {
	tags := "desktop,production"
	ldflags := "-w -s" + versionFlag(version)
	appendFlag := func(key, flags string) string {
		if v := getenv(key); v != "" {
			return key + "=" + v + " " + flags
		}
		return key + "=" + flags
	}
	switch goos {
	case "linux":
		tags += ",webkit2_41"
		envv = []string{"CGO_ENABLED=1"}
	case "darwin":
		// The file dialogs use UTType, whose framework Wails links only
		// through these flags (pkg/commands/build/base.go).
		envv = []string{
			"CGO_ENABLED=1",
			appendFlag("CGO_CFLAGS", "-mmacosx-version-min=10.13"),
			appendFlag("CGO_LDFLAGS", "-framework UniformTypeIdentifiers -mmacosx-version-min=10.13"),
		}
	case "windows":
		// WebView2 is loaded without cgo; Wails leaves CGO_ENABLED alone.
		ldflags += " -H windowsgui"
	}
	args = []string{"build", "-buildvcs=false", "-tags", tags, "-ldflags", ldflags, "-o", out, "."}
	return args, envv
}

// buildDesktop builds the desktop binary into out.
func buildDesktop(ctx context.Context, log *logger, env *environment, out string) error {
	if err := ensureDistPlaceholder(env); err != nil {
		return err
	}
	args, envv := desktopBuild(env.goos, out, gitVersion(ctx, env), os.Getenv)
	return command{name: "go", args: args, env: envv, timeout: 25 * time.Minute}.run(ctx, log, env)
}

// buildServe builds the tagless, cgo-free binary whose `serve` mode the
// contract guarantees.
func buildServe(ctx context.Context, log *logger, env *environment, out string) error {
	if err := ensureDistPlaceholder(env); err != nil {
		return err
	}
	args := []string{"build", "-o", out, "."}
	if v := versionFlag(gitVersion(ctx, env)); v != "" {
		args = []string{"build", "-ldflags", strings.TrimSpace(v), "-o", out, "."}
	}
	return command{
		name:    "go",
		args:    args,
		env:     []string{"CGO_ENABLED=0"},
		timeout: 15 * time.Minute,
	}.run(ctx, log, env)
}

// gitVersion is the version stamped into the binaries: `git describe --tags
// --always --dirty` (a tag, or the commit, marked when the tree has local
// changes). Empty without git or outside a checkout: the binary then says
// 0.0.0-dev.
func gitVersion(ctx context.Context, env *environment) string {
	out, err := command{name: "git", args: []string{"describe", "--tags", "--always", "--dirty"}, timeout: 30 * time.Second, quiet: true}.output(ctx, env)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

// versionFlag is the -ldflags part that sets main.version (with a leading
// space), or "" for no version.
func versionFlag(version string) string {
	if version == "" || strings.ContainsAny(version, " \t'\"") {
		return ""
	}
	return " -X main.version=" + version
}

// requirement is something a step needs on a Linux machine, and the
// Debian/Ubuntu package that provides it.
type requirement struct {
	what    string                                           // shown in messages
	pkg     string                                           // the apt package
	present func(ctx context.Context, env *environment) bool // the probe
}

// webkitRequirements are what the Linux desktop build needs.
var webkitRequirements = []requirement{
	{"gcc (cgo)", "gcc", onPath("gcc")},
	{"pkg-config", "pkg-config", onPath("pkg-config")},
	{"WebKitGTK 4.1 development files", "libwebkit2gtk-4.1-dev", pkgConfigHas("webkit2gtk-4.1")},
}

// testRequirements are what `task test` needs on Linux: the desktop build,
// Chromium for Playwright, and Xvfb plus ImageMagick for the window check.
var testRequirements = append(append([]requirement(nil), webkitRequirements...),
	requirement{"Xvfb", "xvfb", onPath("Xvfb")},
	requirement{"ImageMagick's import (" + importPath + ")", "imagemagick", fileAt(importPath)},
	// xdotool finds the windows the attach check closes and answers.
	requirement{"xdotool", "xdotool", onPath("xdotool")},
	requirement{"Chromium (" + chromiumPath + ")", "chromium", fileAt(chromiumPath)},
	// NSS tools put a client certificate into Chromium's store for the
	// real-browser gateway test.
	requirement{"NSS tools (certutil, pk12util)", "libnss3-tools", onPath("pk12util")},
	// systemd-analyze checks the service's unit file offline (no running
	// systemd needed).
	requirement{"systemd-analyze", "systemd", onPath("systemd-analyze")},
	// makensis builds the Windows installer (package-windows).
	nsisRequirement,
)

const (
	// importPath is ImageMagick's screenshot tool. /usr/local/bin may hold
	// stand-ins for ImageMagick commands on CI machines: use the full path.
	importPath = "/usr/bin/import"
	// chromiumPath is the browser e2e/playwright.config.ts uses on Linux.
	chromiumPath = "/usr/bin/chromium"
)

func onPath(name string) func(context.Context, *environment) bool {
	return func(context.Context, *environment) bool {
		_, err := exec.LookPath(name)
		return err == nil
	}
}

func fileAt(path string) func(context.Context, *environment) bool {
	return func(context.Context, *environment) bool { return fileExists(path) }
}

func pkgConfigHas(module string) func(context.Context, *environment) bool {
	return func(ctx context.Context, env *environment) bool {
		_, err := command{name: "pkg-config", args: []string{"--exists", module}, timeout: 30 * time.Second}.output(ctx, env)
		return err == nil
	}
}

// missing returns the requirements that are not met.
func missing(ctx context.Context, env *environment, reqs []requirement) []requirement {
	var out []requirement
	for _, r := range reqs {
		if !r.present(ctx, env) {
			out = append(out, r)
		}
	}
	return out
}

// packagesOf lists the apt packages of reqs, each once.
func packagesOf(reqs []requirement) []string {
	var pkgs []string
	seen := map[string]bool{}
	for _, r := range reqs {
		if !seen[r.pkg] {
			seen[r.pkg] = true
			pkgs = append(pkgs, r.pkg)
		}
	}
	return pkgs
}

// describe lists what is missing, for messages.
func describe(reqs []requirement) string {
	var names []string
	for _, r := range reqs {
		names = append(names, r.what)
	}
	return strings.Join(names, ", ")
}

// aptInstallLine is the command a person would type to install pkgs.
func aptInstallLine(pkgs []string) string {
	return "sudo apt-get update && sudo apt-get install -y --no-install-recommends " + strings.Join(pkgs, " ")
}

// ensureLinuxPackages checks reqs and, where they are missing, installs their
// packages with apt-get when allowed: never under CI (the CI script installs
// them first), only after asking on a terminal, as root or through sudo.
// It returns an error naming what is still missing.
func ensureLinuxPackages(ctx context.Context, log *logger, env *environment, reqs []requirement) error {
	miss := missing(ctx, env, reqs)
	if len(miss) == 0 {
		return nil
	}
	pkgs := packagesOf(miss)
	log.info("missing: %s", describe(miss))
	if err := offerAptInstall(ctx, log, env, pkgs); err != nil {
		return err
	}
	if miss = missing(ctx, env, reqs); len(miss) > 0 {
		if env.ci {
			return fmt.Errorf("missing %s: .ci/run must install apt packages %s before the tests", describe(miss), strings.Join(packagesOf(miss), " "))
		}
		return fmt.Errorf("missing %s; install with: %s", describe(miss), aptInstallLine(packagesOf(miss)))
	}
	return nil
}

// offerAptInstall asks whether to install pkgs with apt-get and does so if the
// answer is yes. It returns nil without installing anything when asking is
// not possible (CI, no terminal, no apt-get, neither root nor sudo); the
// caller then reports what is missing.
func offerAptInstall(ctx context.Context, log *logger, env *environment, pkgs []string) error {
	if env.goos != "linux" || !env.interactive {
		return nil
	}
	if _, err := exec.LookPath("apt-get"); err != nil {
		return nil
	}
	var prefix []string
	if os.Geteuid() != 0 {
		if _, err := exec.LookPath("sudo"); err != nil {
			return nil
		}
		prefix = []string{"sudo"}
	}
	if !log.ask("Install %s with apt-get now?", strings.Join(pkgs, " ")) {
		return nil
	}
	apt := func(args ...string) command {
		full := append(append(append([]string(nil), prefix...), "apt-get"), args...)
		return command{name: full[0], args: full[1:], interactive: true, timeout: 20 * time.Minute,
			env: []string{"DEBIAN_FRONTEND=noninteractive"}}
	}
	if err := apt("update").run(ctx, log, env); err != nil {
		return err
	}
	return apt(append([]string{"install", "-y", "--no-install-recommends"}, pkgs...)...).run(ctx, log, env)
}
