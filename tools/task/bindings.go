package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// bindingsDir is where `wails generate module` writes the frontend's
// bindings (wails.json's wailsjsdir + "/wailsjs").
func bindingsDir(env *environment) string {
	return filepath.Join(env.frontendDir(), "src", "lib", "wailsjs")
}

// readTree reads every file below dir, by path relative to it.
func readTree(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	return out, err
}

// treeDiff lists the files that differ between two trees.
func treeDiff(a, b map[string][]byte) []string {
	var diff []string
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			diff = append(diff, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diff = append(diff, k)
		}
	}
	sort.Strings(diff)
	return diff
}

// writeTree puts dir back to files (removing files that were not there).
func writeTree(dir string, files map[string][]byte) error {
	now, err := readTree(dir)
	if err != nil {
		return err
	}
	for k := range now {
		if _, ok := files[k]; !ok {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(k))); err != nil {
				return err
			}
		}
	}
	for k, v := range files {
		p := filepath.Join(dir, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, v, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// stepBindings regenerates the Wails bindings (the TypeScript models and
// method wrappers the frontend is typed by) and fails when they differ from
// the committed ones: a Go type changed without `wails generate module`.
// The committed files are put back either way.
func stepBindings(ctx context.Context, t *testRun) error {
	if !onPath("wails")(ctx, t.env) {
		return fmt.Errorf("the Wails CLI is not on PATH: go install github.com/wailsapp/wails/v2/cmd/wails@v2.16.0 (and add $(go env GOPATH)/bin to PATH)")
	}
	dir := bindingsDir(t.env)
	before, err := readTree(dir)
	if err != nil {
		return err
	}
	args := []string{"generate", "module"}
	if t.env.goos == "linux" {
		args = append(args, "-tags", "webkit2_41")
	}
	genErr := command{name: "wails", args: args, timeout: 10 * time.Minute}.run(ctx, t.log, t.env)
	after, err := readTree(dir)
	if err != nil {
		return err
	}
	diff := treeDiff(before, after)
	if len(diff) > 0 {
		if err := writeTree(dir, before); err != nil {
			return err
		}
	}
	if genErr != nil {
		return genErr
	}
	if len(diff) > 0 {
		return fmt.Errorf("the Wails bindings are out of date (run `wails generate module -tags webkit2_41` and commit frontend/src/lib/wailsjs):\n  %s",
			strings.Join(diff, "\n  "))
	}
	t.log.info("%d binding files match the Go types", len(before))
	return nil
}
