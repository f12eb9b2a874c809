package boot

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"sekisho/app"
	"sekisho/backend/i18n"

	"software.sslmate.com/src/go-pkcs12"
)

func startWithServices(t *testing.T) (*Runtime, *app.Services, *http.Client) {
	t.Helper()
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	services := app.NewServices(env)
	rt, err := Start(context.Background(), testConfig(t.TempDir()), env, services, StartOptions{UI: fstest.MapFS{"index.html": {Data: []byte("ui")}}, BackupWorkFactor: 10})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(context.Background()) })
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: rt.CA.Pool()}}}
	return rt, services, client
}

func get(t *testing.T, c *http.Client, method, url, ua string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept-Language", "ja")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, body
}

const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"
const androidUA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"

func TestDownloadLinkThroughPortal(t *testing.T) {
	rt, s, c := startWithServices(t)
	if _, err := s.Settings.Update(app.SettingsUpdate{KeyAlgorithm: ptr(app.KeyAlgorithm("ecdsa-p256"))}); err != nil {
		t.Fatal(err)
	}
	is, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Sales1", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	link, err := s.Links.Create(app.LinkCreateRequest{CertID: is.Cert.ID, MaxUses: 2})
	if err != nil {
		t.Fatal(err)
	}
	// The link opens the download listener (plain HTTP: no certificate
	// warning on a phone that does not trust the CA yet).
	portal, download := strings.TrimPrefix(rt.Lines[1], "portal "), strings.TrimPrefix(rt.Lines[3], "download ")
	if !strings.HasPrefix(link.URL, download+"d/") || !strings.HasPrefix(link.URL, "http://") || len(link.QRPng) < 100 {
		t.Fatalf("link %+v", link)
	}

	// The page: no use taken, platform detected, fingerprint and uses shown.
	status, _, body := get(t, c, "GET", link.URL, iphone)
	page := string(body)
	if status != 200 || !strings.Contains(page, "/mobileconfig") || !strings.Contains(page, "Safari") || !strings.Contains(page, rt.CA.Fingerprint()) {
		t.Fatalf("iPhone page %d:\n%s", status, page)
	}
	if !strings.Contains(page, `data-testid="remaining">2<`) {
		t.Error("remaining uses not shown as 2")
	}
	status, _, body = get(t, c, "GET", link.URL, androidUA)
	if status != 200 || !strings.Contains(string(body), "/p12") || !strings.Contains(string(body), "暗号化と認証情報") {
		t.Errorf("Android page %d", status)
	}
	// HEAD never uses the link.
	if st, h, _ := get(t, c, "HEAD", link.URL+"/p12", androidUA); st != 200 || h.Get("Content-Type") != "application/x-pkcs12" ||
		h.Get("Content-Disposition") != `attachment; filename="Sales1.p12"` {
		t.Errorf("HEAD = %d, %s, %s: want a GET's headers", st, h.Get("Content-Type"), h.Get("Content-Disposition"))
	}

	status, h, p12 := get(t, c, "GET", link.URL+"/p12", androidUA)
	if status != 200 || h.Get("Content-Type") != "application/x-pkcs12" {
		t.Fatalf("p12 download %d %s", status, h.Get("Content-Type"))
	}
	if _, cert, _, err := pkcs12.DecodeChain(p12, is.Passphrase); err != nil || cert.Subject.CommonName != "Sales1" {
		t.Fatalf("downloaded p12: %v", err)
	}
	status, h, prof := get(t, c, "GET", link.URL+"/mobileconfig", iphone)
	if status != 200 || h.Get("Content-Type") != "application/x-apple-aspen-config" || !strings.Contains(string(prof), "com.apple.security.pkcs12") {
		t.Fatalf("profile download %d %s", status, h.Get("Content-Type"))
	}
	// Two uses taken: the link is used up.
	status, h, body = get(t, c, "GET", link.URL+"/p12", androidUA)
	if status != 410 || h.Get("X-Sekisho-Link") != "usedUp" || !strings.Contains(string(body), "使用済み") {
		t.Errorf("used-up link: %d %s", status, h.Get("X-Sekisho-Link"))
	}
	// The page a person comes back to after installing still leads to the
	// check and the root certificate.
	if st, _, body := get(t, c, "GET", link.URL, iphone); st != 410 || !strings.Contains(string(body), `data-testid="open-apps" href="`+rt.Engine.Info().GatewayURL+"_sekisho/check") {
		t.Errorf("used-up page = %d:\n%s", st, body)
	}

	// Unknown and junk tokens: 404, no stack trace.
	for _, u := range []string{portal + "d/AAAAAAAAAAAAAAAAAAAAAA", portal + "d/%3Cscript%3E", portal + "d/x/p12"} {
		if st, _, body := get(t, c, "GET", u, iphone); st != 404 || strings.Contains(string(body), "goroutine") {
			t.Errorf("GET %s = %d", u, st)
		}
	}

	// Revoked link.
	l2, _ := s.Links.Create(app.LinkCreateRequest{CertID: is.Cert.ID})
	if _, err := s.Links.Revoke(app.IDRequest{ID: l2.ID}); err != nil {
		t.Fatal(err)
	}
	if st, h, _ := get(t, c, "GET", l2.URL+"/p12", androidUA); st != 410 || h.Get("X-Sekisho-Link") != "revoked" {
		t.Errorf("revoked link = %d %s", st, h.Get("X-Sekisho-Link"))
	}

	// Downloads switched off in the settings.
	l3, _ := s.Links.Create(app.LinkCreateRequest{CertID: is.Cert.ID})
	s.Settings.Update(app.SettingsUpdate{LinkDownloadsEnabled: ptr(false)})
	if st, h, _ := get(t, c, "GET", l3.URL, androidUA); st != 410 || h.Get("X-Sekisho-Link") != "disabled" {
		t.Errorf("disabled downloads = %d %s", st, h.Get("X-Sekisho-Link"))
	}
	s.Settings.Update(app.SettingsUpdate{LinkDownloadsEnabled: ptr(true)})

	// Two phones racing for the last use: exactly one gets the file.
	for round := 0; round < 5; round++ {
		l, _ := s.Links.Create(app.LinkCreateRequest{CertID: is.Cert.ID, MaxUses: 1})
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i], _, _ = get(t, c, "GET", l.URL+"/p12", androidUA)
			}()
		}
		wg.Wait()
		if !(codes[0] == 200 && codes[1] == 410 || codes[0] == 410 && codes[1] == 200) {
			t.Fatalf("round %d: statuses %v, want one 200 and one 410", round, codes)
		}
	}

	// An expired link (made by moving the clock is not possible from here:
	// the shortest link is one minute), and a revoked certificate's links.
	if _, err := s.Certs.Revoke(app.RevokeRequest{ID: is.Cert.ID, Confirm: true}); err != nil {
		t.Fatal(err)
	}
	l4, err := s.Links.Create(app.LinkCreateRequest{CertID: is.Cert.ID})
	if err == nil {
		t.Errorf("link created for a revoked certificate: %+v", l4)
	}
	ll, err := s.Links.List(app.LinkListRequest{CertID: is.Cert.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ll.Items {
		if l.State == "active" {
			t.Errorf("link %s of a revoked certificate listed as active", l.ID)
		}
	}
	status, _, crl := get(t, c, "GET", portal+"crl.pem", androidUA)
	if status != 200 || !strings.Contains(string(crl), "X509 CRL") {
		t.Errorf("crl.pem = %d", status)
	}
}

func ptr[T any](v T) *T { return &v }
