package boot

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"sekisho/app"
	"sekisho/backend/engine"
	"sekisho/backend/i18n"
)

// movingClock is a clock the test moves.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movingClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestCAOverlapEndsOnOpenConnections: after a change of CA, a certificate
// of the old CA passes a route that requires a certificate during the
// overlap; when the overlap ends it is refused at once, on the connection
// it opened during the overlap too (a busy client never reconnects), and a
// new connection with it fails the handshake. A certificate from the new CA
// passes throughout.
func TestCAOverlapEndsOnOpenConnections(t *testing.T) {
	ctx := context.Background()
	clock := &movingClock{t: time.Now()}
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	s := app.NewServices(env)
	rt, err := Start(ctx, testConfig(t.TempDir()), env, s, StartOptions{UI: fstest.MapFS{"index.html": {Data: []byte("ui")}}, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close(context.Background()) })
	up := upstream(t)
	if _, err := s.Routes.Create(app.RouteCreateRequest{Name: "Wiki", PathPrefix: "/app", Upstream: up.URL, RequireCertificate: true, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	oldRoot := rt.Engine.CA().Cert
	before, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "Before", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Engine.RenewCA(ctx, "test", engine.CARenewNewKey, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	after, err := s.Certs.IssueShared(app.IssueSharedRequest{Name: "After", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	newRoot := rt.Engine.CA().Cert

	// One keep-alive connection per client; a device that trusts both roots.
	roots := x509.NewCertPool()
	roots.AddCert(oldRoot)
	roots.AddCert(newRoot)
	client := func(c tls.Certificate) *http.Client {
		return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxConnsPerHost: 1,
			TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", Time: clock.Now,
				GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &c, nil }}}}
	}
	url := rt.Engine.Info().GatewayURL + "app/"
	get := func(c *http.Client) (status int, reused bool, err error) {
		req, _ := http.NewRequest("GET", url, nil)
		req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused }}))
		res, err := c.Do(req)
		if err != nil {
			return 0, reused, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, reused, nil
	}
	oldClient, newClient := client(clientCert(t, s, before)), client(clientCert(t, s, after))
	for name, c := range map[string]*http.Client{"old CA": oldClient, "new CA": newClient} {
		if status, _, err := get(c); err != nil || status != http.StatusOK {
			t.Fatalf("%s during the overlap: %d, %v", name, status, err)
		}
	}

	clock.Add(25 * time.Hour)
	status, reused, err := get(oldClient)
	if err != nil || !reused || status != http.StatusForbidden {
		t.Errorf("old CA on its open connection after the overlap: %d (reused %v), %v; want 403", status, reused, err)
	}
	if status, _, err := get(newClient); err != nil || status != http.StatusOK {
		t.Errorf("new CA after the overlap: %d, %v", status, err)
	}
	fresh := client(clientCert(t, s, before))
	if status, _, err := get(fresh); err == nil {
		t.Errorf("old CA on a new connection after the overlap: %d, want a refused handshake", status)
	}
}
