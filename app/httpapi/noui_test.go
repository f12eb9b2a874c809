package httpapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"sekisho/app/httpapi"
)

// TestAdminWithoutUI: a binary built before the frontend (frontend/dist
// holds only .gitkeep) serves a page that says how to build the UI, in
// Japanese and English, instead of a directory listing; the API still works.
func TestAdminWithoutUI(t *testing.T) {
	f := newFixture(t)
	for name, ui := range map[string]fstest.MapFS{
		"fresh clone": {".gitkeep": {}},
		"empty":       {},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(httpapi.AdminHandler(f.api, ui))
			defer srv.Close()
			for _, path := range []string{"/", "/users", "/index.html"} {
				resp, err := http.Get(srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				page := string(body)
				if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					t.Errorf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
				}
				for _, want := range []string{"npm run build", "go build -o sekisho .", "管理画面がビルドされていません", "The admin UI is not built"} {
					if !strings.Contains(page, want) {
						t.Errorf("GET %s: page lacks %q", path, want)
					}
				}
				if strings.Contains(page, ".gitkeep") {
					t.Errorf("GET %s: a directory listing", path)
				}
			}
			r, _ := http.NewRequest("POST", srv.URL+"/api/Users.List", strings.NewReader("{}"))
			r.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(r)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("API without the UI: %v %v", err, resp)
			}
			resp.Body.Close()
			resp, err = http.Get(srv.URL + "/healthz")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("healthz: %v %v", err, resp)
			}
			resp.Body.Close()
		})
	}
}
