package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// step is one check of `task test`.
type step struct {
	id    string // for -skip
	title string
	// skip returns why the step does not apply here, or "".
	skip func(t *testRun) string
	run  func(ctx context.Context, t *testRun) error
}

// testRun is the state shared by the steps of one `task test`.
type testRun struct {
	log      *logger
	env      *environment
	tmp      string // removed at the end
	serveBin string // the serve binary the e2e suite runs
}

// steps lists the checks in the order they run. Later steps rely on earlier
// ones: go test and the Go builds embed the frontend build; the e2e suite
// runs the serve binary.
func steps() []step {
	linuxOnly := func(t *testRun) string {
		if t.env.goos != "linux" {
			return "the desktop window check runs on Linux only (Xvfb)"
		}
		return ""
	}
	return []step{
		{id: "prereq", title: "prerequisites (Go, Node.js, system packages)", run: stepPrereq},
		{id: "gofmt", title: "gofmt -l (tracked Go files)", run: stepGofmt},
		{id: "vet", title: "go vet ./...", run: func(ctx context.Context, t *testRun) error {
			if err := ensureDistPlaceholder(t.env); err != nil {
				return err
			}
			return command{name: "go", args: []string{"vet", "./..."}, timeout: 15 * time.Minute}.run(ctx, t.log, t.env)
		}},
		{id: "bindings", title: "Wails bindings match the Go types (wails generate module)", run: stepBindings},
		{id: "npm-ci", title: "frontend: npm ci", run: func(ctx context.Context, t *testRun) error {
			return npmInstall(ctx, t.log, t.env, t.env.frontendDir(), true)
		}},
		{id: "check", title: "frontend: npm run check (svelte-check)", run: func(ctx context.Context, t *testRun) error {
			return npmRun(ctx, t.log, t.env, t.env.frontendDir(), "check", 10*time.Minute)
		}},
		{id: "vitest", title: "frontend: npm test (Vitest)", run: func(ctx context.Context, t *testRun) error {
			return command{name: "npm", args: []string{"test"}, dir: t.env.frontendDir(), env: npmEnv, timeout: 10 * time.Minute}.run(ctx, t.log, t.env)
		}},
		{id: "frontend-build", title: "frontend: npm run build", run: func(ctx context.Context, t *testRun) error {
			return frontendBuild(ctx, t.log, t.env)
		}},
		{id: "go-test", title: "go test -race ./...", run: stepGoTest},
		{id: "serve-build", title: "serve binary: CGO_ENABLED=0 go build", run: func(ctx context.Context, t *testRun) error {
			return buildServe(ctx, t.log, t.env, t.serveBin)
		}},
		{id: "cross-build", title: "go build ./... for Windows and macOS (no cgo)", run: stepCrossBuild},
		{id: "e2e-deps", title: "e2e: npm ci", run: func(ctx context.Context, t *testRun) error {
			return npmInstall(ctx, t.log, t.env, t.env.e2eDir(), true)
		}},
		{id: "e2e", title: "e2e: Playwright against sekisho serve", run: stepE2E},
		{id: "desktop-build", title: "desktop binary: go build -tags desktop,production", run: func(ctx context.Context, t *testRun) error {
			return buildDesktop(ctx, t.log, t.env, t.env.desktopBinary())
		}},
		{id: "desktop-smoke", title: "desktop window renders under Xvfb", skip: linuxOnly, run: func(ctx context.Context, t *testRun) error {
			return desktopSmoke(ctx, t.log, t.env, t.env.desktopBinary(), screenshotPath(t.env))
		}},
		{id: "desktop-attach", title: "desktop window attaches to a running engine under Xvfb, closes, and again; portable mode asks before closing", skip: linuxOnly, run: func(ctx context.Context, t *testRun) error {
			return desktopAttach(ctx, t.log, t.env, t.env.desktopBinary(), filepath.Dir(screenshotPath(t.env)))
		}},
		// On Linux the prerequisites include makensis (CI installs nsis);
		// elsewhere the step runs where NSIS is installed.
		{id: "package-windows", title: "Windows package: sekisho.exe (PE resources checked) and its NSIS installer", skip: func(t *testRun) string {
			if t.env.goos != "linux" && !onPath("makensis")(context.Background(), t.env) {
				return "makensis (NSIS 3) is not installed"
			}
			return ""
		}, run: stepPackageWindows},
	}
}

// screenshotPath is where the desktop window check saves its screenshot.
func screenshotPath(env *environment) string {
	return filepath.Join(env.root, "build", "screenshots", "desktop.png")
}

// cmdTest implements "task test". It returns the process exit code.
func cmdTest(ctx context.Context, log *logger, root string, args []string) int {
	fset := flag.NewFlagSet("test", flag.ContinueOnError)
	skipList := fset.String("skip", "", "comma-separated step ids to skip (see -list)")
	list := fset.Bool("list", false, "list the steps and exit")
	// CI stops a run after 90 minutes; stopping earlier still prints the summary.
	timeout := fset.Duration("timeout", 80*time.Minute, "stop the whole run after this long")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	all := steps()
	if *list {
		for _, s := range all {
			fmt.Printf("%-15s %s\n", s.id, s.title)
		}
		return 0
	}
	skipped := map[string]bool{}
	for _, id := range strings.Split(*skipList, ",") {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		if !hasStep(all, id) {
			log.fail("unknown step %q in -skip (see -list)", id)
			return 2
		}
		skipped[id] = true
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	env := newEnvironment(root)
	tmp, err := os.MkdirTemp("", "sekisho-task-")
	if err != nil {
		log.fail("%v", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	t := &testRun{log: log, env: env, tmp: tmp, serveBin: filepath.Join(tmp, env.exe("sekisho"))}

	started := time.Now()
	passed, skips := 0, 0
	for i, s := range all {
		log.section("[%d/%d] %s", i+1, len(all), s.title)
		reason := ""
		if skipped[s.id] {
			reason = "-skip " + s.id
		} else if s.skip != nil {
			reason = s.skip(t)
		}
		if reason != "" {
			log.notice("skipped: %s", reason)
			skips++
			continue
		}
		begin := time.Now()
		if err := s.run(ctx, t); err != nil {
			switch {
			case errors.Is(ctx.Err(), context.DeadlineExceeded):
				err = fmt.Errorf("the whole run took longer than -timeout %s: %w", *timeout, err)
			case ctx.Err() != nil:
				err = fmt.Errorf("interrupted: %w", err)
			}
			log.fail("%s: %v", s.title, err)
			fmt.Printf("\nFAILED at step %d/%d (%s) after %s\n", i+1, len(all), s.id, since(started))
			fmt.Println(summaryLine(passed, 1, skips))
			return 1
		}
		passed++
		log.ok("%s (%s)", s.title, since(begin))
	}
	fmt.Printf("\nAll steps passed in %s.\n", since(started))
	fmt.Println(summaryLine(passed, 0, skips))
	return 0
}

// summaryLine is the closing line CI reads: "N passed, M failed", with
// ", K skipped" when steps were skipped.
func summaryLine(passed, failed, skipped int) string {
	line := fmt.Sprintf("%d passed, %d failed", passed, failed)
	if skipped > 0 {
		line += fmt.Sprintf(", %d skipped", skipped)
	}
	return line
}

func hasStep(all []step, id string) bool {
	for _, s := range all {
		if s.id == id {
			return true
		}
	}
	return false
}

// since formats the time elapsed since t, rounded for people.
func since(t time.Time) string {
	return time.Since(t).Round(100 * time.Millisecond).String()
}

// stepPrereq checks the tools the later steps need and, on Linux, the
// system packages (see ensureLinuxPackages).
func stepPrereq(ctx context.Context, t *testRun) error {
	goVersion, err := command{name: "go", args: []string{"version"}, timeout: time.Minute}.output(ctx, t.env)
	if err != nil {
		return fmt.Errorf("need Go 1.26+ (https://go.dev/dl/): %w", err)
	}
	t.log.info("%s", trimLine(goVersion))
	nodeVersion, err := checkNode(ctx, t.env)
	if err != nil {
		return err
	}
	t.log.info("%s", nodeVersion)
	if t.env.goos == "linux" {
		if err := ensureLinuxPackages(ctx, t.log, t.env, testRequirements); err != nil {
			return err
		}
		t.log.info("system packages present: %s", strings.Join(packagesOf(testRequirements), ", "))
	}
	return nil
}

// stepGofmt fails if gofmt would change any Go file of the repository.
func stepGofmt(ctx context.Context, t *testRun) error {
	files, err := goFiles(ctx, t.env)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("found no Go files to check")
	}
	t.log.info("%d Go files", len(files))
	var unformatted []string
	// Batches keep the command line short (Windows allows 32 KiB).
	const batch = 100
	for i := 0; i < len(files); i += batch {
		end := min(i+batch, len(files))
		out, err := command{name: "gofmt", args: append([]string{"-l"}, files[i:end]...), timeout: 5 * time.Minute}.output(ctx, t.env)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				unformatted = append(unformatted, line)
			}
		}
	}
	if len(unformatted) > 0 {
		return fmt.Errorf("not gofmt-ed (run gofmt -w on them):\n  %s", strings.Join(unformatted, "\n  "))
	}
	return nil
}

// goFiles lists the repository's Go files: the ones git tracks plus new
// ones it does not ignore, or, outside a git checkout, every .go file below
// the root except in node_modules and hidden directories.
func goFiles(ctx context.Context, env *environment) ([]string, error) {
	out, err := command{
		name:    "git",
		args:    []string{"ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.go"},
		timeout: time.Minute,
	}.output(ctx, env)
	if err == nil {
		var files []string
		for _, f := range strings.Split(out, "\x00") {
			// A tracked file deleted in the work tree is still listed.
			if f != "" && fileExists(filepath.Join(env.root, f)) {
				files = append(files, filepath.FromSlash(f))
			}
		}
		return files, nil
	}
	var files []string
	err = filepath.WalkDir(env.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != env.root && (name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") {
			files = append(files, env.rel(path))
		}
		return nil
	})
	return files, err
}

// stepGoTest runs the Go tests with the race detector where cgo is available
// (the race detector needs it).
func stepGoTest(ctx context.Context, t *testRun) error {
	args := []string{"test", "./..."}
	cgo, err := command{name: "go", args: []string{"env", "CGO_ENABLED"}, timeout: time.Minute}.output(ctx, t.env)
	if err != nil {
		return err
	}
	if strings.TrimSpace(cgo) == "1" {
		args = []string{"test", "-race", "./..."}
	} else {
		t.log.notice("cgo is off (no C compiler?): running go test without -race")
	}
	return command{name: "go", args: args, timeout: 30 * time.Minute}.run(ctx, t.log, t.env)
}

// crossTargets are the other systems the tagless binary must build for:
// their service code (the Windows access list and elevation check, launchd)
// compiles only there.
var crossTargets = []struct{ goos, goarch string }{{"windows", "amd64"}, {"darwin", "arm64"}}

// stepCrossBuild compiles every package for crossTargets, as the release
// builds would, without cgo.
func stepCrossBuild(ctx context.Context, t *testRun) error {
	if err := ensureDistPlaceholder(t.env); err != nil {
		return err
	}
	for _, target := range crossTargets {
		err := command{
			name:    "go",
			args:    []string{"build", "./..."},
			env:     []string{"GOOS=" + target.goos, "GOARCH=" + target.goarch, "CGO_ENABLED=0"},
			timeout: 15 * time.Minute,
		}.run(ctx, t.log, t.env)
		if err != nil {
			return fmt.Errorf("GOOS=%s GOARCH=%s: %w", target.goos, target.goarch, err)
		}
	}
	return nil
}

// stepE2E runs the Playwright suite in e2e/ against the serve binary built
// by the previous step.
func stepE2E(ctx context.Context, t *testRun) error {
	if !fileExists(t.serveBin) {
		return fmt.Errorf("no serve binary at %s (the serve-build step was skipped?)", t.serveBin)
	}
	return command{
		name:    "npm",
		args:    []string{"test"},
		dir:     t.env.e2eDir(),
		env:     append([]string{"SEKISHO_BIN=" + t.serveBin}, npmEnv...),
		timeout: 30 * time.Minute,
	}.run(ctx, t.log, t.env)
}
