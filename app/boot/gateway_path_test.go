package boot

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"sekisho/app"
)

// resolvingUpstream behaves as many app servers do: it decodes the path and
// resolves dot segments itself, then serves "SECRET" under /secret/ and
// /hsecret (relative to its base, if any). It records every request target
// it received exactly as sent.
type resolvingUpstream struct {
	*httptest.Server
	mu      sync.Mutex
	targets []string
}

func newResolvingUpstream(t *testing.T) *resolvingUpstream {
	u := &resolvingUpstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		u.targets = append(u.targets, r.RequestURI)
		u.mu.Unlock()
		p, err := url.PathUnescape(strings.SplitN(r.RequestURI, "?", 2)[0])
		if err != nil {
			p = r.URL.Path
		}
		p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
		p = strings.TrimPrefix(p, "/base")
		if strings.HasPrefix(p, "/secret") || strings.HasPrefix(p, "/hsecret") {
			io.WriteString(w, "SECRET "+p)
			return
		}
		io.WriteString(w, "open "+p)
	}))
	t.Cleanup(u.Close)
	return u
}

// rawGet sends a request target exactly as given (as curl --path-as-is does).
func rawGet(t *testing.T, rt *Runtime, host, target string) (int, http.Header, string) {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(rt.Lines[2], "gateway https://"), "/")
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: rt.CA.Pool(), ServerName: "localhost", InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if host == "" {
		host = addr
	}
	if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %q: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// TestGatewayPathTricks: a weaker route can never be used to reach a stricter
// one, whatever the path says (issue: /public/../secret/ reached the secret
// app with no sign-in and no certificate). The route is decided on the path
// the upstream receives; what cannot be normalised safely gets 400.
func TestGatewayPathTricks(t *testing.T) {
	rt, s, _ := startWithServices(t)
	up := newResolvingUpstream(t)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// Path-prefix routes, a catch-all, host routes and an upstream with a base path.
	must(s.Routes.Create(app.RouteCreateRequest{Name: "Public", PathPrefix: "/public", Upstream: up.URL, Enabled: true}))
	must(s.Routes.Create(app.RouteCreateRequest{Name: "Secret", PathPrefix: "/secret", Upstream: up.URL, RequireSignIn: true, RequireCertificate: true, Enabled: true}))
	must(s.Routes.Create(app.RouteCreateRequest{Name: "Root", PathPrefix: "/", Upstream: up.URL, Enabled: true}))
	must(s.Routes.Create(app.RouteCreateRequest{Name: "HostOpen", Host: "apps.test", PathPrefix: "/", Upstream: up.URL, Enabled: true}))
	must(s.Routes.Create(app.RouteCreateRequest{Name: "HostSecret", Host: "apps.test", PathPrefix: "/hsecret", Upstream: up.URL, RequireSignIn: true, RequireCertificate: true, Enabled: true}))
	must(s.Routes.Create(app.RouteCreateRequest{Name: "Based", PathPrefix: "/files", Upstream: up.URL + "/base", Enabled: true}))

	// Normalised onto the strict route: the browser is sent to sign in.
	toSignIn := []struct{ host, target string }{
		{"", "/public/../secret/"},
		{"", "/public/%2e%2e/secret/"},
		{"", "/public/%2E%2E/secret/"},
		{"", "/public/.%2e/secret/"},
		{"", "/public/./../secret/"},
		{"", "/./secret/"},
		{"", "//secret/"},
		{"", "/public//../secret"},
		{"", "/%73ecret/"},
		{"", "/anything/../secret/x"},     // through the catch-all
		{"", "/_sekisho/../secret/"},      // through the reserved space
		{"", "/files/../secret/"},         // through the based upstream
		{"apps.test", "/x/../hsecret/"},   // host route
		{"apps.test", "/%2e/hsecret"},     // host route
		{"apps.test:8443", "//hsecret//"}, // host with port
		// Spellings a lenient app server takes for /secret/x (review of the fix).
		{"", "/secret;jsessionid=1/x"}, // Tomcat, Jetty, Spring drop ;params
		{"", "/secret%3B/x"},
		{"", "/SECRET/x"}, // IIS, Express fold case
		{"", "/%53ecret/x"},
		{"", "/secret./x"}, // IIS, Windows trim trailing dots and spaces
		{"", "/secret%20/x"},
		{"", "/secret.../x"},
		{"apps.test.", "/hsecret"}, // the host's final dot
		{"APPS.TEST.:443", "/HSecret/"},
	}
	for _, tc := range toSignIn {
		st, h, body := rawGet(t, rt, tc.host, tc.target)
		if st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/_sekisho/login") {
			t.Errorf("%s %q = %d %q, want 303 to sign in\n%s", tc.host, tc.target, st, h.Get("Location"), body)
		}
	}
	// Cannot be normalised safely: 400, nothing forwarded.
	refused := []struct{ host, target string }{
		{"", "/public/..%2fsecret/"},
		{"", "/public/..%2Fsecret/"},
		{"", "/public/%2e%2e%2fsecret/"},
		{"", "/public%2f..%2fsecret/"},
		{"", "/public/..%5csecret/"},
		{"", "/public/..\\secret/"},
		{"", "/public/..;/secret/"},
		{"", "/public/%252e%252e/secret/"},
		{"", "/public/%00/../secret/"},
		{"", "/../secret/"},
		{"", "/public/../../secret/"},
		{"", "/files/../../secret/"}, // above the root, and the base path
		{"", "/files/%2e%2e/%2e%2e/etc/passwd"},
		{"apps.test", "/..%2fhsecret"},
		{"apps.test", "/x/..%2f..%2fhsecret"},
		{"", "/x/%25%32%65%25%32%65/secret/"}, // becomes %252E%252E: double-encoded dots
		{"", "/%C0%AE%C0%AE/secret/"},         // overlong UTF-8 dots
		{"", "/%ff/secret/"},                  // not UTF-8
	}
	for _, tc := range refused {
		st, _, body := rawGet(t, rt, tc.host, tc.target)
		if st != http.StatusBadRequest {
			t.Errorf("%s %q = %d, want 400\n%s", tc.host, tc.target, st, body)
		}
	}

	// The open routes still work, and get the normalised path.
	for target, want := range map[string]string{
		"/public/a/../b": "open /public/b",
		"/public//c/":    "open /public/c",
		"/files/./d":     "open /files/d", // the upstream's base is stripped by the upstream above
		"/x/%7Ey":        "open /x/~y",
	} {
		st, _, body := rawGet(t, rt, "", target)
		if st != 200 || body != want {
			t.Errorf("%q = %d %q, want 200 %q", target, st, body, want)
		}
	}

	// The upstream never saw a path it could resolve differently.
	up.mu.Lock()
	for _, tg := range up.targets {
		low := strings.ToLower(tg)
		for _, bad := range []string{"/../", "/./", "//", "%2e", "%2f", "%5c", "\\", "%252e", "%c0"} {
			if strings.Contains(low, bad) || strings.HasSuffix(low, "/..") {
				t.Errorf("upstream received %q (contains %q)", tg, bad)
			}
		}
		if strings.HasPrefix(tg, "/base") == false && strings.Contains(tg, "/files") {
			t.Errorf("upstream received %q outside its base path", tg)
		}
	}
	up.mu.Unlock()

	// The access log has no allow for any of the attacks, and names the
	// refused ones.
	rt.Engine.FlushAccessLog(context.Background())
	log, err := s.Access.List(app.AccessListRequest{PageRequest: app.PageRequest{PageSize: 100}})
	if err != nil {
		t.Fatal(err)
	}
	badPaths := 0
	for _, e := range log.Items {
		if e.Decision == "allow" && (strings.Contains(e.Path, "secret") || e.Route == "Secret" || e.Route == "HostSecret") {
			t.Errorf("access log allowed %+v", e)
		}
		if e.Reason == "bad_path" {
			badPaths++
		}
	}
	if badPaths != len(refused) {
		t.Errorf("access log has %d bad_path entries, want %d", badPaths, len(refused))
	}
}

// TestUpstreamCannotSetGatewayCookies: an app behind the gateway may not
// plant the gateway's session, device or CSRF cookie (session fixation);
// its own cookies pass.
func TestUpstreamCannotSetGatewayCookies(t *testing.T) {
	rt, s, _ := startWithServices(t)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, c := range []string{"sekisho_session=planted; Path=/", "app=1; Path=/", "sekisho_device=planted", "sekisho_csrf=x", "theme=dark"} {
			w.Header().Add("Set-Cookie", c)
		}
		if r.Method == "POST" { // the httputil fallback path
			io.Copy(io.Discard, r.Body)
		}
	}))
	defer up.Close()
	if _, err := s.Routes.Create(app.RouteCreateRequest{Name: "App", PathPrefix: "/", Upstream: up.URL, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, rt, nil, nil)
	for _, method := range []string{"GET", "POST"} {
		var form url.Values
		if method == "POST" {
			form = url.Values{"a": {"b"}}
		}
		_, h, _ := c.do(method, "/page", form, nil)
		got := strings.Join(h.Values("Set-Cookie"), " | ")
		if got != "app=1; Path=/ | theme=dark" {
			t.Errorf("%s: client got Set-Cookie %q, want only the app's", method, got)
		}
	}
}

// TestReservedPagesSpoolNothing: a multipart body sent to the gateway's own
// pages is neither parsed into memory and temporary files nor left behind.
func TestReservedPagesSpoolNothing(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	rt, _, _ := startWithServices(t)
	c := newClient(t, rt, nil, nil)
	body := "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n" + strings.Repeat("x", 40<<20) + "\r\n--XX--\r\n"
	for _, target := range []string{"GET /_sekisho/login", "POST /_sekisho/logout", "POST /_sekisho/login"} {
		method, path, _ := strings.Cut(target, " ")
		req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XX")
		req.AddCookie(&http.Cookie{Name: "sekisho_csrf", Value: "aaaaaaaaaaaaaaaaaaaaaaaa"})
		if resp, err := c.c.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "multipart-") {
			t.Errorf("temporary upload file left behind: %s", e.Name())
		}
	}
}

// TestGatewayOwnCookiesStayHome: the gateway's session, device and CSRF
// cookies are its credentials; an upstream gets the app's own cookies only.
func TestGatewayOwnCookiesStayHome(t *testing.T) {
	rt, s, _ := startWithServices(t)
	var got []string
	var mu sync.Mutex
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, strings.Join(r.Header.Values("Cookie"), " | "))
		mu.Unlock()
	}))
	defer up.Close()
	if _, err := s.Routes.Create(app.RouteCreateRequest{Name: "App", PathPrefix: "/", Upstream: up.URL, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, rt, nil, nil)
	for _, cookie := range []string{
		"sekisho_session=abc; app=1; sekisho_device=def; sekisho_csrf=ghi; theme=dark",
		"sekisho_session=abc",
	} {
		c.do("GET", "/page", nil, map[string]string{"Cookie": cookie})
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != "app=1; theme=dark" || got[1] != "" {
		t.Errorf("upstream saw cookies %q, want [\"app=1; theme=dark\" \"\"]", got)
	}
}
