package app

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sekisho/backend/i18n"
)

// TestRouteTestWordsFailures: 接続テスト says in words why an upstream was
// not reached (refused, timeout, unknown host, TLS, a server error), with
// the technical error kept apart.
func TestRouteTestWordsFailures(t *testing.T) {
	old := routeTestTimeout
	routeTestTimeout = 500 * time.Millisecond
	t.Cleanup(func() { routeTestTimeout = old })
	s := &Routes{base{env: NewEnv(nil, ModeServe, i18n.JA)}}

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedAddr := closed.Addr().String()
	closed.Close()

	silent, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()

	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer broken.Close()
	mtls := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	mtls.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert}
	mtls.StartTLS()
	defer mtls.Close()

	for _, tc := range []struct {
		name, upstream, key, detail string
		lang                        i18n.Lang
		ok                          bool
	}{
		{name: "refused", upstream: "http://" + refusedAddr, key: "routes.test.refused", detail: "connection refused"},
		{name: "refused/en", upstream: "http://" + refusedAddr, key: "routes.test.refused", detail: "connection refused", lang: i18n.EN},
		{name: "timeout", upstream: "http://" + silent.Addr().String(), key: "routes.test.timeout", detail: "Timeout"},
		{name: "dns", upstream: "http://no-such-host.invalid", key: "routes.test.dns", detail: "no-such-host.invalid"},
		{name: "https to plain http", upstream: strings.Replace(plain.URL, "http:", "https:", 1), key: "routes.test.tls_plain", detail: "HTTPS"},
		{name: "tls refused", upstream: mtls.URL, key: "routes.test.tls", detail: "tls"},
		{name: "server error", upstream: broken.URL, key: "routes.test.http_status", detail: "502"},
		{name: "ok", upstream: plain.URL, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := s.Test(RouteTestRequest{Upstream: tc.upstream, Localized: Localized{Lang: tc.lang}})
			if err != nil {
				t.Fatal(err)
			}
			if res.OK != tc.ok {
				t.Errorf("ok = %v, want %v (%+v)", res.OK, tc.ok, res)
			}
			if tc.ok {
				if res.Message != "" || res.Error != "" {
					t.Errorf("message %q, error %q for a reachable app", res.Message, res.Error)
				}
				return
			}
			lang := tc.lang
			if lang == "" {
				lang = i18n.JA
			}
			host := strings.SplitN(strings.SplitN(tc.upstream, "://", 2)[1], "/", 2)[0]
			want := i18n.T(lang, tc.key, map[string]any{"host": host, "seconds": 0, "status": 502})
			if !i18n.Has(tc.key) || res.Message != want {
				t.Errorf("message = %q\nwant      %q (%s)", res.Message, want, tc.key)
			}
			if !strings.Contains(res.Error, tc.detail) {
				t.Errorf("detail = %q, want it to contain %q", res.Error, tc.detail)
			}
		})
	}
}
