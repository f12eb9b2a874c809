package app

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"sekisho/backend/model"
)

// TestZipBundleEntryNames: whatever the user codes (older data may hold "."
// or ".."; input refuses them now), no entry of the bulk zip climbs out of
// the folder it is unpacked into, and every user keeps a folder of their own.
func TestZipBundleEntryNames(t *testing.T) {
	codes := []string{".", "..", "...", "a..b", "x.", ".hidden", "A", "a", "/abs", `c:\win`, "ok.user"}
	var made []issued
	for _, c := range codes {
		made = append(made, issued{spec: issueSpec{user: model.User{Code: c}}, p12: []byte("p12"), passphrase: "pw"})
	}
	made = append(made, issued{spec: issueSpec{name: "Office1"}, p12: []byte("p12"), passphrase: "pw"})
	data, err := zipBundle(made)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	folders := map[string]bool{}
	for _, f := range zr.File {
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") || strings.Contains(f.Name, `\`) || strings.Contains(f.Name, ":") {
			t.Errorf("entry %q can climb out of the folder", f.Name)
		}
		dir, file, ok := strings.Cut(f.Name, "/")
		if !ok || dir == "" || dir == "." || strings.Contains(file, "/") || strings.HasSuffix(dir, ".") {
			t.Errorf("entry %q is not <folder>/<file>", f.Name)
		}
		folders[strings.ToLower(dir)] = true
	}
	if len(zr.File) != 2*len(made) || len(folders) != len(made) {
		t.Errorf("%d entries in %d folders, want %d in %d", len(zr.File), len(folders), 2*len(made), len(made))
	}
	// Ordinary codes keep their names.
	for _, want := range []string{"ok.user/ok.user.p12", "A/password.txt", "Office1/Office1.p12"} {
		found := false
		for _, f := range zr.File {
			found = found || f.Name == want
		}
		if !found {
			t.Errorf("no entry %q", want)
		}
	}
}
