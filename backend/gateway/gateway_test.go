package gateway

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/i18n"
	"sekisho/backend/policy"
)

func TestStripIdentity(t *testing.T) {
	h := http.Header{}
	h.Set("X-Sekisho-User", "admin")
	h.Set("X-Sekisho-Cert", "forged")
	h.Set("X-Sekisho-Anything", "x")
	h.Set("X-Other", "keep")
	stripIdentity(h)
	if len(h) != 1 || h.Get("X-Other") != "keep" {
		t.Errorf("after strip: %v", h)
	}
	// The client's Connection header may not name identity headers (the
	// proxy would then drop the gateway's own as hop-by-hop).
	for in, want := range map[string]string{
		"X-Sekisho-User":                    "",
		"keep-alive, x-sekisho-cert, X-Foo": "keep-alive, X-Foo",
		"Upgrade":                           "Upgrade",
	} {
		h := http.Header{"Connection": {in}}
		stripIdentity(h)
		if got := h.Get("Connection"); got != want {
			t.Errorf("Connection %q → %q, want %q", in, got, want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/wiki/page?x=1":   "%2Fwiki%2Fpage%3Fx%3D1",
		"//evil.example/":  "/",
		"/\\evil.example":  "/",
		"https://evil/":    "/",
		"":                 "/",
		"/\t/evil.example": "/", // browsers drop the tab: //evil.example
		"/\n/evil.example": "/",
		"/\r\n/evil":       "/",
		"/x\\y":            "/",
		"/a b":             "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHostOnly(t *testing.T) {
	for in, want := range map[string]string{"Wiki.LAN:8443": "wiki.lan", "[::1]:8443": "::1", "192.0.2.1": "192.0.2.1"} {
		if got := hostOnly(in); got != want {
			t.Errorf("hostOnly(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetectOS(t *testing.T) {
	for ua, want := range map[string]string{
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)": "iOS",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8)":               "Android",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64)":              "Windows",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)":           "macOS",
		"Mozilla/5.0 (X11; Linux x86_64)":                        "Linux",
		"curl/8.0":                                               "Other",
	} {
		if got := detectOS(ua); got != want {
			t.Errorf("detectOS(%q) = %q, want %q", ua, got, want)
		}
	}
}

func TestVerifyClient(t *testing.T) {
	authority, _, err := ca.New("Test", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	key, _ := ca.NewKey(ca.ECDSAP256)
	// Long expired, and issued "before" the CA existed: still accepted here,
	// because dates are decided per request (certificate_expired).
	old, err := authority.IssueClient(ca.ClientRequest{CommonName: "u1", NotBefore: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter: time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC), Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyClient(old, authority.Cert); err != nil {
		t.Errorf("expired client certificate refused at the handshake: %v", err)
	}
	other, _, _ := ca.New("Other", time.Now())
	if err := VerifyClient(old, other.Cert); err == nil {
		t.Error("certificate accepted against a foreign CA")
	}
	// A server certificate from the right CA is not a client certificate.
	srv, _ := authority.IssueServer([]string{"localhost"}, time.Now())
	if err := VerifyClient(srv.Leaf, authority.Cert); err == nil {
		t.Error("server certificate accepted as a client certificate")
	}
	// A self-signed look-alike with the CA's subject fails the signature.
	fk, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "u1"}, Issuer: authority.Cert.Subject,
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &fk.PublicKey, fk)
	fake, _ := x509.ParseCertificate(der)
	if err := VerifyClient(fake, authority.Cert); err == nil {
		t.Error("self-signed certificate accepted")
	}
}

// TestDenyPageSignOutIsAPostForm: signing out changes state, so the deny
// page offers it as a form with the CSRF token, never as a link.
func TestDenyPageSignOutIsAPostForm(t *testing.T) {
	h := New(&fakeState{snap: policy.Build(policy.Input{})})
	for _, reason := range []policy.Reason{policy.CertificateNotYours, policy.UserSuspended} {
		w := httptest.NewRecorder()
		h.deny(w, httptest.NewRequest("GET", "https://gw/app/", nil), i18n.JA, reason)
		body := w.Body.String()
		if !strings.Contains(body, `<form method="post" action="/_sekisho/logout"><input type="hidden" name="csrf" value="`) ||
			strings.Contains(body, `href="/_sekisho/logout"`) || !strings.Contains(w.Header().Get("Set-Cookie"), CSRFCookie+"=") {
			t.Errorf("%s: sign-out is not a POST form with a CSRF token:\n%s", reason, body)
		}
	}
}

// TestDevicePageKeepsNext: the device page carries the page first asked
// for (safe-next rules, never the sign-in or device pages themselves).
func TestDevicePageKeepsNext(t *testing.T) {
	for in, want := range map[string]string{
		"/kintai/?a=1":               "/_sekisho/device?next=%2Fkintai%2F%3Fa%3D1",
		"/":                          "/_sekisho/device",
		"":                           "/_sekisho/device",
		"//evil.example/":            "/_sekisho/device",
		"https://evil.example/":      "/_sekisho/device",
		"/\t/evil.example":           "/_sekisho/device",
		"/_sekisho/device?next=%2Fx": "/_sekisho/device",
		"/_sekisho/login":            "/_sekisho/device",
		"/_sekisho/me":               "/_sekisho/device?next=%2F_sekisho%2Fme",
	} {
		if got := devicePageURL(in); got != want {
			t.Errorf("devicePageURL(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := deviceLogin("/kintai/"), "/_sekisho/login?next=%2F_sekisho%2Fdevice%3Fnext%3D%252Fkintai%252F"; got != want {
		t.Errorf("deviceLogin = %q, want %q", got, want)
	}
}
