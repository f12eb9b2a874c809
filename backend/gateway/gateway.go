// Package gateway is the mTLS reverse proxy in front of the company's
// internal web apps. This first version terminates TLS with the CA's server
// certificate and verifies client certificates against the CA; routes and
// the per-request decision arrive with the gateway work (SPEC section 6).
package gateway

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"

	"sekisho/backend/i18n"
	"sekisho/backend/web"
)

// TLSConfig returns the gateway's TLS settings: TLS 1.2+, the server
// certificate, and client certificates verified against the CA when given
// (a route may require one; sign-in works without).
func TLSConfig(cert func() *tls.Certificate, clientCAs *x509.CertPool) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return cert(), nil
		},
		ClientAuth: tls.VerifyClientCertIfGiven,
		ClientCAs:  clientCAs,
	}
}

// Handler serves gateway requests.
type Handler struct{}

// New returns the gateway handler.
func New() *Handler { return &Handler{} }

// ServeHTTP answers every request: no route is configured yet, and the page
// says so plainly.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	web.SecurityHeaders(w.Header())
	lang := web.RequestLang(r)
	web.Page(w, http.StatusNotFound, lang, i18n.T(lang, "gateway.no_route.title", nil), i18n.T(lang, "gateway.no_route.body", nil))
}
