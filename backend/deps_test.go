package backend_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoWailsInBackend keeps the GUI toolkit out of the domain: backend/
// must build and test without Wails, WebKit or any GUI library.
func TestNoWailsInBackend(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "wailsapp") || strings.Contains(dep, "webview") {
			t.Errorf("backend depends on %s", dep)
		}
	}
	if !strings.Contains(string(out), "sekisho/backend/store") {
		t.Fatalf("go list did not see the backend packages:\n%s", out)
	}
}
