// Command task builds, runs and tests Sekisho on Linux, macOS and Windows
// with nothing but Go and Node/npm installed (plus, for the desktop window on
// Linux, WebKitGTK 4.1).
//
// Usage, from the repository root:
//
//	go run ./tools/task run [-serve] [-- SEKISHO FLAGS...]
//	go run ./tools/task test [-skip STEP,STEP...] [-list]
//	go run ./tools/task build
//	go run ./tools/task package windows
//
// run installs the frontend's npm packages when needed, builds the frontend,
// and starts the desktop app. Where no window can be opened (Linux with no
// display or no WebKitGTK 4.1 development files) it starts `sekisho serve`
// instead with a random admin token and opens the admin UI in the default
// browser. Flags after "--" are passed to sekisho (for example --data DIR).
//
// test runs every check CI runs, in order, and stops at the first failure:
// gofmt, go vet, the frontend's svelte-check, Vitest and build, go test -race,
// the Playwright suite in e2e/ against the serve binary, and the desktop
// build, which on Linux is then started under Xvfb and screenshotted to
// build/screenshots/desktop.png, and the Windows package (built, and its PE
// resources checked). Its last line is "N passed, M failed".
//
// build builds the frontend and the desktop binary into build/bin.
//
// package windows cross-builds build/bin/sekisho.exe (icon, version
// information and manifest as PE resources) and its NSIS installer
// build/bin/sekisho-windows-amd64-installer.exe, then checks both.
//
// The runner uses the standard library only (go-winres, which makes the
// Windows resources, runs as its own `go run` at a pinned version). Every
// external command runs with
// a time limit; with CI=true nothing is installed or asked interactively.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

const usage = `Usage: go run ./tools/task COMMAND [FLAGS]

Commands:
  run    build the frontend and start Sekisho (desktop window, or serve mode
         plus the browser where no window can be opened)
         flags: -serve  always use serve mode
                -- ARGS  pass ARGS to sekisho (e.g. -- --data ./.data)
  test   run every check CI runs; prints "N passed, M failed" at the end
         flags: -skip STEP,...  skip steps (see -list)
                -list           list the steps and exit
  build  build the frontend and the desktop binary into build/bin
  package windows
         build build/bin/sekisho.exe for Windows (icon, version, manifest)
         and its installer (needs makensis: apt-get install nsis)
  help   show this text
`

func main() {
	log := newLogger(os.Stdout)
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	root, err := repoRoot()
	if err != nil {
		log.fail("%v", err)
		os.Exit(1)
	}

	// An interrupt cancels the context: running commands are stopped and
	// temporary files removed before the runner exits.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cmd, args := os.Args[1], os.Args[2:]
	var code int
	switch cmd {
	case "test":
		code = cmdTest(ctx, log, root, args)
	case "run":
		code = cmdRun(ctx, log, root, args)
	case "build":
		code = cmdBuild(ctx, log, root, args)
	case "package":
		code = cmdPackage(ctx, log, root, args)
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "task: unknown command %q\n\n%s", cmd, usage)
		code = 2
	}
	stop()
	os.Exit(code)
}

// cmdBuild implements "task build".
func cmdBuild(ctx context.Context, log *logger, root string, args []string) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	env := newEnvironment(root)
	steps := []func() error{
		func() error { return npmInstall(ctx, log, env, env.frontendDir(), false) },
		func() error { return frontendBuild(ctx, log, env) },
		func() error { return buildDesktop(ctx, log, env, env.desktopBinary()) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			log.fail("%v", err)
			return 1
		}
	}
	log.ok("built %s", env.rel(env.desktopBinary()))
	return 0
}

// repoRoot finds the repository root: the nearest directory upwards from the
// working directory that holds go.mod and wails.json.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if fileExists(filepath.Join(dir, "go.mod")) && fileExists(filepath.Join(dir, "wails.json")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run the task runner inside the Sekisho repository (no go.mod + wails.json found above the working directory)")
		}
		dir = parent
	}
}

// fileExists reports whether path names an existing file or directory.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
