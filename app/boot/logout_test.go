package boot

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sekisho/app"
)

// TestLogoutNeedsPostWithCSRF: a GET (a link, a prefetch, an <img> on
// another site) never ends a session; a POST without the CSRF token does
// not either. The deny page's sign-out action is a form carrying the token.
func TestLogoutNeedsPostWithCSRF(t *testing.T) {
	rt, s, _ := startWithServices(t)
	up := upstream(t)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Routes.Create(app.RouteCreateRequest{Name: "App", PathPrefix: "/app", Upstream: up.URL, RequireSignIn: true, Enabled: true}))
	u, err := s.Users.Create(app.UserCreateRequest{Code: "000420", Name: "佐藤"})
	must(u, err)
	pw, err := s.Users.ResetPassword(app.IDRequest{ID: u.ID})
	must(pw, err)
	c := newClient(t, rt, nil, nil)
	if st, loc := c.login("000420", pw.Password); st != http.StatusSeeOther || loc != "/app/" {
		t.Fatalf("sign-in: %d %q", st, loc)
	}
	c.expect("/app/", 200, "")

	// GET asks, and changes nothing.
	st, _, page := c.do("GET", "/_sekisho/logout", nil, nil)
	m := csrfRe.FindStringSubmatch(page)
	if st != 200 || m == nil || !strings.Contains(page, `method="post" action="/_sekisho/logout"`) {
		t.Fatalf("GET logout = %d, want a confirmation form with csrf\n%s", st, page)
	}
	c.expect("/app/", 200, "")

	// POST without, or with a wrong, token: refused, still signed in.
	for _, form := range []url.Values{{}, {"csrf": {"forged-token-forged-token"}}} {
		if st, _, _ := c.do("POST", "/_sekisho/logout", form, nil); st != http.StatusForbidden {
			t.Errorf("POST logout with %v = %d, want 403", form, st)
		}
	}
	c.expect("/app/", 200, "")

	// POST with the token: signed out.
	if st, _, _ := c.do("POST", "/_sekisho/logout", url.Values{"csrf": {m[1]}}, nil); st != 200 {
		t.Errorf("POST logout with csrf = %d, want 200", st)
	}
	st, h, _ := c.do("GET", "/app/", nil, nil)
	if st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/_sekisho/login") {
		t.Errorf("after sign-out GET /app/ = %d %q, want a redirect to sign in", st, h.Get("Location"))
	}
}

// TestLoginNextRefusesControlCharacters: the next parameter cannot carry a
// tab or line break that a browser would drop to make "//other.host".
func TestLoginNextRefusesControlCharacters(t *testing.T) {
	rt, s, _ := startWithServices(t)
	up := upstream(t)
	if _, err := s.Routes.Create(app.RouteCreateRequest{Name: "App", PathPrefix: "/app", Upstream: up.URL, RequireSignIn: true, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	u, _ := s.Users.Create(app.UserCreateRequest{Code: "000421", Name: "鈴木"})
	pw, _ := s.Users.ResetPassword(app.IDRequest{ID: u.ID})
	c := newClient(t, rt, nil, nil)
	_, _, page := c.do("GET", "/_sekisho/login?next=%2F%09%2Fevil.example", nil, nil)
	m := csrfRe.FindStringSubmatch(page)
	if m == nil || strings.Contains(page, "evil.example") {
		t.Fatalf("login page kept a next with a tab:\n%s", page)
	}
	st, h, _ := c.do("POST", "/_sekisho/login", url.Values{"user": {"000421"}, "password": {pw.Password}, "csrf": {m[1]}, "next": {"/\t/evil.example"}}, nil)
	if st != http.StatusSeeOther || h.Get("Location") != "/" {
		t.Errorf("sign-in with next=/\\t/evil.example redirected %d to %q, want /", st, h.Get("Location"))
	}
}
