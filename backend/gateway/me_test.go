package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"sekisho/backend/policy"
)

// selfState is fakeState with a signed-in session ("sess" → user 1) and
// the self-service.
type selfState struct {
	fakeState
	enabled bool
	limit   bool
	issued  []string // formats asked for
}

func (s *selfState) SessionUser(h string) int64 {
	switch h {
	case hashCookie("sess"):
		return 1
	case hashCookie("sess2"):
		return 2
	case hashCookie("sess3"):
		return 3
	}
	return 0
}

func (s *selfState) SelfStatus(_ context.Context, userID int64) (SelfStatus, error) {
	st := SelfStatus{Enabled: s.enabled, RevokePrevious: true}
	if userID != 0 {
		st.UserName = "山田 太郎"
	}
	return st, nil
}

func (s *selfState) SelfIssue(_ context.Context, userID int64, _ netip.Addr, format string) (SelfIssued, error) {
	if s.limit {
		return SelfIssued{}, ErrSelfIssueLimit
	}
	s.issued = append(s.issued, format)
	return SelfIssued{CertName: "000419", Passphrase: "Pass-Phrase-0123", FileURL: "http://lan:7080/d/tok/" + format, PageURL: "http://lan:7080/d/tok"}, nil
}

func meRequest(method string, session bool, csrf bool, ua string) *http.Request {
	return meRequestAs(method, "sess", session, csrf, ua, "")
}

func meRequestAs(method, sess string, session bool, csrf bool, ua, query string) *http.Request {
	var r *http.Request
	if method == "POST" {
		form := url.Values{}
		if csrf {
			form.Set("csrf", testCSRF)
		}
		r = httptest.NewRequest("POST", MePath+query, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest("GET", MePath+query, nil)
	}
	r.AddCookie(&http.Cookie{Name: CSRFCookie, Value: testCSRF})
	if session {
		r.AddCookie(&http.Cookie{Name: SessionCookie, Value: sess})
	}
	r.RemoteAddr = "192.0.2.10:50000"
	r.Header.Set("User-Agent", ua)
	return r
}

const (
	uaIPhone  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
	uaAndroid = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)

func TestMePage(t *testing.T) {
	users := []*policy.User{{ID: 1, Code: "000419"}, {ID: 2, Code: "000420", Suspended: true}, {ID: 3, Code: "000421", RequireCert: true}}
	newState := func(enabled bool, rules ...netip.Prefix) *selfState {
		return &selfState{fakeState: fakeState{snap: policy.Build(policy.Input{Users: users, IPRules: rules})}, enabled: enabled}
	}
	serve := func(st *selfState, r *http.Request) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		New(st).ServeHTTP(w, r)
		return w
	}

	t.Run("off", func(t *testing.T) {
		st := newState(false)
		for _, r := range []*http.Request{meRequest("GET", true, false, uaIPhone), meRequest("POST", true, true, uaIPhone)} {
			w := serve(st, r)
			if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "管理者") {
				t.Fatalf("%s: %d %s", r.Method, w.Code, w.Body)
			}
		}
		if len(st.issued) != 0 || st.reasons()[ReasonSelfServiceOff] != 2 {
			t.Fatalf("issued %v, log %v", st.issued, st.reasons())
		}
	})
	t.Run("not signed in", func(t *testing.T) {
		w := serve(newState(true), meRequest("GET", false, false, uaIPhone))
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/_sekisho/login?next=%2F_sekisho%2Fme" {
			t.Fatalf("%d %q", w.Code, w.Header().Get("Location"))
		}
		st := newState(true)
		w = serve(st, meRequest("POST", false, true, uaIPhone))
		if w.Code != http.StatusSeeOther || len(st.issued) != 0 {
			t.Fatalf("post without session: %d, issued %v", w.Code, st.issued)
		}
	})
	t.Run("outside the IP rules", func(t *testing.T) {
		st := newState(true, netip.MustParsePrefix("10.0.0.0/8"))
		w := serve(st, meRequest("POST", true, true, uaIPhone))
		if w.Code != http.StatusForbidden || w.Header().Get("X-Sekisho-Deny") != string(policy.IPNotAllowed) || len(st.issued) != 0 {
			t.Fatalf("%d %q issued %v", w.Code, w.Header().Get("X-Sekisho-Deny"), st.issued)
		}
	})
	t.Run("page", func(t *testing.T) {
		st := newState(true)
		w := serve(st, meRequest("GET", true, false, uaIPhone))
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, "山田 太郎 (000419)") || !strings.Contains(body, `data-testid="me-issue"`) || strings.Contains(body, "me-passphrase") {
			t.Fatalf("%d %s", w.Code, body)
		}
		if !strings.Contains(w.Header().Get("Content-Security-Policy"), "script-src 'self'") || w.Header().Get("Cache-Control") != "no-store" {
			t.Fatalf("headers %v", w.Header())
		}
	})
	t.Run("csrf", func(t *testing.T) {
		st := newState(true)
		w := serve(st, meRequest("POST", true, false, uaIPhone))
		if w.Code != http.StatusForbidden || len(st.issued) != 0 {
			t.Fatalf("%d issued %v", w.Code, st.issued)
		}
	})
	t.Run("issue", func(t *testing.T) {
		for _, c := range []struct{ ua, format string }{{uaIPhone, "mobileconfig"}, {uaAndroid, "p12"}} {
			st := newState(true)
			w := serve(st, meRequest("POST", true, true, c.ua))
			body := w.Body.String()
			if w.Code != 200 || !strings.Contains(body, "Pass-Phrase-0123") || !strings.Contains(body, `href="http://lan:7080/d/tok/`+c.format+`"`) {
				t.Fatalf("%s: %d %s", c.format, w.Code, body)
			}
			if len(st.issued) != 1 || st.issued[0] != c.format || st.reasons()[ReasonSelfIssued] != 1 {
				t.Fatalf("%s: issued %v log %v", c.format, st.issued, st.reasons())
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Fatal("a passphrase page may be cached")
			}
		}
	})
	t.Run("suspended", func(t *testing.T) {
		st := newState(true)
		w := serve(st, meRequestAs("POST", "sess2", true, true, uaIPhone, ""))
		if w.Code != http.StatusForbidden || w.Header().Get("X-Sekisho-Deny") != string(policy.UserSuspended) || len(st.issued) != 0 {
			t.Fatalf("%d %q issued %v", w.Code, w.Header().Get("X-Sekisho-Deny"), st.issued)
		}
	})
	t.Run("certificate required: a password alone does not mint the certificate", func(t *testing.T) {
		st := newState(true)
		w := serve(st, meRequestAs("GET", "sess3", true, false, uaIPhone, ""))
		if w.Code != 200 || !strings.Contains(w.Body.String(), `data-testid="me-needs-cert"`) || strings.Contains(w.Body.String(), `data-testid="me-issue"`) {
			t.Fatalf("page: %d %s", w.Code, w.Body)
		}
		w = serve(st, meRequestAs("POST", "sess3", true, true, uaIPhone, ""))
		if w.Code != http.StatusForbidden || len(st.issued) != 0 || st.reasons()[string(policy.CertificateRequired)] != 1 {
			t.Fatalf("post: %d issued %v log %v", w.Code, st.issued, st.reasons())
		}
	})
	t.Run("language and platform kept for the POST", func(t *testing.T) {
		w := serve(newState(true), meRequestAs("GET", "sess", true, false, uaIPhone, "?lang=en&os=ios&x=%22"))
		if body := w.Body.String(); !strings.Contains(body, `action="/_sekisho/me?lang=en&amp;os=ios"`) || !strings.Contains(body, "Issue a certificate") {
			t.Fatalf("%s", body)
		}
		st := newState(true)
		w = serve(st, meRequestAs("POST", "sess", true, true, uaAndroid, "?lang=en&os=ios"))
		if w.Code != 200 || len(st.issued) != 1 || st.issued[0] != "mobileconfig" || !strings.Contains(w.Body.String(), "Certificate password") {
			t.Fatalf("%d issued %v", w.Code, st.issued)
		}
	})
	t.Run("limit", func(t *testing.T) {
		st := newState(true)
		st.limit = true
		w := serve(st, meRequest("POST", true, true, uaIPhone))
		if w.Code != http.StatusTooManyRequests || strings.Contains(w.Body.String(), "me-passphrase") || st.reasons()[ReasonSelfIssueLimit] != 1 {
			t.Fatalf("%d %v", w.Code, st.reasons())
		}
	})
}
