package boot

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"sekisho/app"
)

// BenchmarkGatewayOverhead compares a request through the gateway (TLS,
// per-request decision, identity headers, access log) with the same request
// through a plain httputil.ReverseProxy behind the same TLS, to the same
// upstream (docs/performance.md).
func BenchmarkGatewayOverhead(b *testing.B) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }))
	defer up.Close()
	target, _ := url.Parse(up.URL)

	plain := httptest.NewUnstartedServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		Transport: &http.Transport{MaxIdleConnsPerHost: 64}})
	plain.StartTLS()
	defer plain.Close()

	env := app.NewEnv(nil, app.ModeServe, "en")
	services := app.NewServices(env)
	rt, err := Start(b.Context(), testConfig(b.TempDir()), env, services, StartOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer rt.Close(b.Context())
	if _, err := services.Routes.Create(app.RouteCreateRequest{Name: "up", Upstream: up.URL, Enabled: true}); err != nil {
		b.Fatal(err)
	}
	gw := strings.TrimPrefix(rt.Lines[2], "gateway ")

	for _, c := range []struct {
		name, url string
		client    *http.Client
	}{
		{"plain-reverseproxy", plain.URL + "/", plain.Client()},
		{"gateway", gw, &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: rt.CA.Pool()}, MaxIdleConnsPerHost: 64}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, err := c.client.Get(c.url)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						b.Fatalf("status %d", resp.StatusCode)
					}
				}
			})
		})
	}
}
