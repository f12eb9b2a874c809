// Package portal is the LAN download portal: the root CA, the CRL and the
// certificate download pages. It never asks for a client certificate.
package portal

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"html/template"
	"net/http"
	"strings"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/i18n"
	"sekisho/backend/web"
)

// CA is what the portal needs of the certificate authority.
type CA interface {
	Certificate() *x509.Certificate
	CertificatePEM() []byte
	Fingerprint() string
	// RootProfile is an iOS/macOS configuration profile installing the
	// root certificate(s).
	RootProfile() ([]byte, error)
}

// PreviousRoot is a previous CA still trusted during a change of CA.
type PreviousRoot struct {
	Cert  *x509.Certificate
	Until time.Time
}

// Overlapping is a CA that may be in a change of CA: PreviousRoots are the
// previous CAs still trusted, oldest first (the LAN server's certificate
// comes from the first).
type Overlapping interface {
	PreviousRoots() []PreviousRoot
}

// previousRoots returns ca's previous roots still trusted, if any.
func previousRoots(authority CA) []PreviousRoot {
	if o, ok := authority.(Overlapping); ok {
		return o.PreviousRoots()
	}
	return nil
}

// Handler serves the portal.
type Handler struct {
	ca      CA
	crl     func() []byte
	links   Links
	gateway func() string
	// plain: served over HTTP by the download listener.
	plain bool
	// selfOn and portalURL: the self-service entry page (me.go).
	selfOn    func(context.Context) bool
	portalURL func() string
	mux       *http.ServeMux
}

// New returns the portal handler (HTTPS); crl returns the current signed
// CRL (PEM) and links serves the download links.
func New(ca CA, crl func() []byte, links Links) *Handler {
	h := &Handler{ca: ca, crl: crl, links: links, mux: http.NewServeMux()}
	h.routes()
	h.mux.HandleFunc("GET /crl.pem", h.crlPEM)
	h.mux.HandleFunc("GET /crl.crl", h.crlDER)
	return h
}

// NewDownload returns the download listener's handler (plain HTTP, for a
// phone that does not trust the CA yet): the download pages and files,
// which are passphrase-encrypted, and the CA's public certificates — nothing
// else (docs/security.md, "The download listener"). gateway returns the
// gateway's URL, for the pages' 社内アプリを開く.
func NewDownload(ca CA, links Links, gateway func() string) *Handler {
	h := &Handler{ca: ca, links: links, gateway: gateway, plain: true, mux: http.NewServeMux()}
	h.routes()
	return h
}

// WithGateway sets where the pages' 社内アプリを開く goes.
func (h *Handler) WithGateway(gateway func() string) *Handler {
	h.gateway = gateway
	return h
}

// routes are what both listeners serve.
func (h *Handler) routes() {
	h.mux.HandleFunc("GET /d/{token}", h.linkPage)
	h.mux.HandleFunc("GET /d/{token}/p12", h.linkFile("p12"))
	h.mux.HandleFunc("GET /d/{token}/mobileconfig", h.linkFile("mobileconfig"))
	h.mux.HandleFunc("GET /cacert.pem", h.caPEM)
	h.mux.HandleFunc("GET /cacert.cer", h.caDER)
	h.mux.HandleFunc("GET /cacert-previous.cer", h.previousDER)
	h.mux.HandleFunc("GET /ca.mobileconfig", h.caProfile)
	h.mux.HandleFunc("GET /portal.js", h.portalJS)
	h.mux.HandleFunc("GET /{$}", h.index)
	h.mux.HandleFunc("/", h.notFound)
}

// ServeHTTP serves a request with the portal's security headers.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	web.SecurityHeaders(w.Header())
	h.mux.ServeHTTP(w, r)
}

func (h *Handler) caPEM(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/x-pem-file")
	w.Header().Set("Content-Disposition", `attachment; filename="cacert.pem"`)
	w.Write(h.ca.CertificatePEM())
}

func (h *Handler) crlPEM(w http.ResponseWriter, r *http.Request) {
	crl := h.crl()
	if len(crl) == 0 {
		http.Error(w, "no CRL yet", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/x-pem-file")
	w.Header().Set("Content-Disposition", `attachment; filename="crl.pem"`)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(crl)
}

func (h *Handler) crlDER(w http.ResponseWriter, r *http.Request) {
	block, _ := pem.Decode(h.crl())
	if block == nil {
		http.Error(w, "no CRL yet", http.StatusServiceUnavailable)
		return
	}
	// The CA in use's CRL (the PEM file also has the previous CA's during
	// a change of CA).
	w.Header().Set("Content-Type", "application/pkix-crl")
	w.Header().Set("Content-Disposition", `attachment; filename="crl.crl"`)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(block.Bytes)
}

func (h *Handler) caProfile(w http.ResponseWriter, r *http.Request) {
	b, err := h.ca.RootProfile()
	if err != nil {
		lang := web.RequestLang(r)
		web.Page(w, http.StatusInternalServerError, lang, i18n.T(lang, "portal.error.title", nil), i18n.T(lang, "portal.error.body", nil))
		return
	}
	// Safari hands it to Settings (iOS: "Profile downloaded").
	w.Header().Set("Content-Type", "application/x-apple-aspen-config")
	w.Header().Set("Content-Disposition", `inline; filename="ca.mobileconfig"`)
	w.Write(b)
}

func (h *Handler) caDER(w http.ResponseWriter, r *http.Request) {
	// application/x-x509-ca-cert makes iOS and Android offer to install it.
	w.Header().Set("Content-Type", "application/x-x509-ca-cert")
	w.Header().Set("Content-Disposition", `attachment; filename="cacert.cer"`)
	w.Write(h.ca.Certificate().Raw)
}

// previousDER serves the previous CA's root during a change of CA (the LAN
// server's certificate still comes from it), 404 otherwise.
func (h *Handler) previousDER(w http.ResponseWriter, r *http.Request) {
	prev := previousRoots(h.ca)
	if len(prev) == 0 {
		h.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/x-x509-ca-cert")
	w.Header().Set("Content-Disposition", `attachment; filename="cacert-previous.cer"`)
	w.Write(prev[0].Cert.Raw)
}

// previousView is what the pages show of a change of CA.
func previousView(authority CA, lang i18n.Lang) map[string]string {
	prev := previousRoots(authority)
	if len(prev) == 0 {
		return nil
	}
	p := prev[0]
	return map[string]string{
		"Note":        i18n.T(lang, "portal.previous.note", map[string]any{"date": i18n.Date(lang, p.Until.In(time.Local))}),
		"Label":       i18n.T(lang, "portal.previous.download", nil),
		"Fingerprint": ca.Fingerprint(p.Cert),
	}
}

var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><style>` + web.PageCSS + `</style></head>
<body><main class="card"><h1>{{.Title}}</h1><p>{{.Intro}}</p>
<p><a class="button" href="/cacert.cer">{{.DownloadCER}}</a> <a class="button secondary" href="/cacert.pem">{{.DownloadPEM}}</a></p>
<p class="small">{{.FingerprintLabel}}<br><code>{{.Fingerprint}}</code></p>
{{with .Previous}}<p class="note" data-testid="previous-ca">{{.Note}}</p><p><a class="button secondary" href="/cacert-previous.cer">{{.Label}}</a></p>
<p class="small"><code>{{.Fingerprint}}</code></p>{{end}}
<p class="small"><a href="?lang={{.OtherLang}}">{{.OtherLangName}}</a></p></main></body></html>`))

func (h *Handler) index(w http.ResponseWriter, r *http.Request) {
	lang := web.RequestLang(r)
	other, otherName := i18n.EN, "English"
	if lang == i18n.EN {
		other, otherName = i18n.JA, "日本語"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	indexTmpl.Execute(w, map[string]any{
		"Lang":             lang,
		"Title":            i18n.T(lang, "portal.title", nil),
		"Intro":            i18n.T(lang, "portal.intro", nil),
		"DownloadCER":      i18n.T(lang, "portal.download_cer", nil),
		"DownloadPEM":      i18n.T(lang, "portal.download_pem", nil),
		"FingerprintLabel": i18n.T(lang, "portal.fingerprint", nil),
		"Fingerprint":      h.ca.Fingerprint(),
		"Previous":         previousView(h.ca, lang),
		"OtherLang":        other,
		"OtherLangName":    otherName,
	})
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	lang := web.RequestLang(r)
	web.Page(w, http.StatusNotFound, lang, i18n.T(lang, "portal.not_found.title", nil),
		i18n.T(lang, "portal.not_found.body", map[string]any{"path": strings.TrimPrefix(r.URL.Path, "/")}))
}
