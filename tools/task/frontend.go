package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// minNodeMajor is the oldest Node.js major version the frontend (Vite 8)
// and Playwright accept.
const minNodeMajor = 20

// npmEnv keeps npm quiet and stops any package from downloading a browser.
var npmEnv = []string{
	"PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1",
	"npm_config_audit=false",
	"npm_config_fund=false",
	"npm_config_update_notifier=false",
}

// npmNeedsInstall reports whether dir's node_modules is missing or older
// than its package-lock.json, and why.
func npmNeedsInstall(dir string) (bool, string) {
	lock, err := os.Stat(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return true, "no package-lock.json"
	}
	// npm writes node_modules/.package-lock.json at the end of every install.
	marker, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json"))
	if err != nil {
		return true, "node_modules is missing"
	}
	if lock.ModTime().After(marker.ModTime()) {
		return true, "package-lock.json is newer than node_modules"
	}
	return false, "node_modules is up to date"
}

// npmInstall installs dir's npm packages when npmNeedsInstall says so, with
// `npm ci`. Without a package-lock.json, strict (the test command) fails;
// otherwise `npm install` creates one.
func npmInstall(ctx context.Context, log *logger, env *environment, dir string, strict bool) error {
	need, why := npmNeedsInstall(dir)
	if !need {
		log.info("%s: %s, skipping npm ci", env.rel(dir), why)
		return nil
	}
	args := []string{"ci"}
	if !fileExists(filepath.Join(dir, "package-lock.json")) {
		if strict {
			return fmt.Errorf("%s/package-lock.json is missing: run `npm install` in %s and commit the lock file", env.rel(dir), env.rel(dir))
		}
		args = []string{"install"}
	}
	log.info("%s: %s", env.rel(dir), why)
	return command{name: "npm", args: args, dir: dir, env: npmEnv, timeout: 15 * time.Minute}.run(ctx, log, env)
}

// npmRun runs `npm run SCRIPT` in dir.
func npmRun(ctx context.Context, log *logger, env *environment, dir, script string, timeout time.Duration) error {
	return command{name: "npm", args: []string{"run", script}, dir: dir, env: npmEnv, timeout: timeout}.run(ctx, log, env)
}

// frontendBuild builds the frontend into frontend/dist, which main.go embeds.
func frontendBuild(ctx context.Context, log *logger, env *environment) error {
	err := npmRun(ctx, log, env, env.frontendDir(), "build", 10*time.Minute)
	// The build script re-creates the tracked placeholder; make sure of it,
	// because //go:embed fails on a missing or empty dist directory.
	if perr := ensureDistPlaceholder(env); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	if !fileExists(filepath.Join(env.frontendDir(), "dist", "index.html")) {
		return fmt.Errorf("npm run build wrote no frontend/dist/index.html")
	}
	return nil
}

// ensureDistPlaceholder re-creates frontend/dist/.gitkeep when it is missing,
// so that `//go:embed all:frontend/dist` compiles before any frontend build.
func ensureDistPlaceholder(env *environment) error {
	dist := filepath.Join(env.frontendDir(), "dist")
	keep := filepath.Join(dist, ".gitkeep")
	if fileExists(keep) {
		return nil
	}
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return err
	}
	return os.WriteFile(keep, nil, 0o644)
}

var nodeVersionRE = regexp.MustCompile(`^v?(\d+)\.`)

// checkNode fails unless node and npm are installed and node is recent enough.
func checkNode(ctx context.Context, env *environment) (string, error) {
	out, err := command{name: "node", args: []string{"--version"}, timeout: 30 * time.Second}.output(ctx, env)
	if err != nil {
		return "", fmt.Errorf("need Node.js %d+ with npm (https://nodejs.org): %w", minNodeMajor, err)
	}
	m := nodeVersionRE.FindStringSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("cannot read the Node.js version from %q", out)
	}
	if major, _ := strconv.Atoi(m[1]); major < minNodeMajor {
		return "", fmt.Errorf("need Node.js %d+, found %s", minNodeMajor, trimLine(out))
	}
	npmOut, err := command{name: "npm", args: []string{"--version"}, timeout: 30 * time.Second}.output(ctx, env)
	if err != nil {
		return "", fmt.Errorf("need npm (it comes with Node.js): %w", err)
	}
	return fmt.Sprintf("node %s, npm %s", trimLine(out), trimLine(npmOut)), nil
}
