package portal

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sekisho/backend/ca"
)

func TestPortal(t *testing.T) {
	c, _, err := ca.New("Test", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	crl, _ := c.CRL(nil, 1, time.Now())
	srv := httptest.NewServer(New(c, func() []byte { return crl }, nil))
	defer srv.Close()
	tests := []struct {
		path, lang  string
		status      int
		contentType string
		contains    string
	}{
		{"/cacert.pem", "", 200, "application/x-pem-file", "-----BEGIN CERTIFICATE-----"},
		{"/crl.pem", "", 200, "application/x-pem-file", "-----BEGIN X509 CRL-----"},
		{"/crl.crl", "", 200, "application/pkix-crl", ""},
		{"/ca.mobileconfig", "", 200, "application/x-apple-aspen-config", "com.apple.security.root"},
		{"/cacert.cer", "", 200, "application/x-x509-ca-cert", ""},
		{"/", "ja", 200, "text/html; charset=utf-8", "ルート証明書"},
		{"/", "en", 200, "text/html; charset=utf-8", c.Fingerprint()},
		{"/?lang=en", "ja", 200, "text/html; charset=utf-8", "root certificate"},
		{"/nope<script>", "en", 404, "text/html; charset=utf-8", "nope&lt;script&gt;"},
	}
	for _, tc := range tests {
		t.Run(tc.path+" "+tc.lang, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
			req.Header.Set("Accept-Language", tc.lang)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != tc.contentType {
				t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !strings.Contains(string(body), tc.contains) {
				t.Errorf("body lacks %q", tc.contains)
			}
			if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Error("no strict CSP")
			}
		})
	}
	resp, _ := http.Get(srv.URL + "/cacert.cer")
	der, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(der) != string(c.Cert.Raw) {
		t.Error("cacert.cer is not the CA's DER")
	}
}
