package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// keyLiteral matches string literals handed to the calls that take catalog
// keys: model.Invalid/NotFound/Conflict, Key:, T, render and MessageRef.
var keyLiteral = regexp.MustCompile(`(?:Invalid\([^,()]*, |NotFound\(|Conflict\([^,()]*, |Key: +|\bT\([^,()]*, |render\([^,()]*, |MessageRef\()"([a-z_]+(?:\.[a-z_]+)+)"`)

// TestEveryUsedKeyExists scans the Go sources for catalog keys and fails on
// one the catalog lacks, so no user ever sees a raw key.
func TestEveryUsedKeyExists(t *testing.T) {
	root := filepath.Join("..", "..")
	var seen int
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "frontend" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyLiteral.FindAllStringSubmatch(string(b), -1) {
			seen++
			if !Has(m[1]) && !strings.HasSuffix(m[1], ".") {
				t.Errorf("%s: key %q is not in the catalog", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 20 {
		t.Fatalf("found only %d keys: is the scan looking in the right place?", seen)
	}
}
