package httpapi

import (
	_ "embed"
	"io/fs"
	"net"
	"net/http"
	"path"
	"strings"
)

// noUIPage is served in place of the admin UI when ui holds no index.html:
// a binary built from a fresh clone without `npm run build` (frontend/dist
// then holds only .gitkeep) would otherwise show a directory listing.
//
//go:embed noui.html
var noUIPage []byte

// AdminHandler serves the admin UI (static files from ui, with index.html for
// unknown paths), the API under /api/ (with its event stream, GET
// /api/events), and /healthz. Requests whose Host is
// not a loopback name are refused, so a web page cannot reach the admin API
// through DNS rebinding. When ui has no index.html (nil, or the frontend was
// not built) the UI's paths get a page, in Japanese and English, that says
// how to build it.
func AdminHandler(api *API, ui fs.FS) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /api/events", api.serveEvents)
	mux.Handle("/api/", api)
	if !hasIndex(ui) {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.Write(noUIPage)
		})
		return guard(mux)
	}
	files := http.FileServerFS(ui)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if p != "" {
			if st, err := fs.Stat(ui, p); err != nil || st.IsDir() {
				p = "" // client-side route: serve the app
			}
		}
		if p == "" {
			w.Header().Set("Cache-Control", "no-store")
			r2 := r.Clone(r.Context())
			r2.URL.Path = "/"
			files.ServeHTTP(w, r2)
			return
		}
		files.ServeHTTP(w, r)
	})
	return guard(mux)
}

func hasIndex(ui fs.FS) bool {
	if ui == nil {
		return false
	}
	st, err := fs.Stat(ui, "index.html")
	return err == nil && !st.IsDir()
}

// guard refuses non-loopback Host names and sets the admin pages' security
// headers.
func guard(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHost(r.Host) {
			http.Error(w, "forbidden host", http.StatusForbidden)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		mux.ServeHTTP(w, r)
	})
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
