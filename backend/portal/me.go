package portal

import (
	"context"
	"html/template"
	"net/http"

	"sekisho/backend/ca"
	"sekisho/backend/i18n"
	"sekisho/backend/web"
)

// mePath on the gateway: where a person signs in and issues their own
// certificate (gateway.MePath; the portal does not import the gateway).
const gatewayMePath = "_sekisho/me"

// WithSelfService turns on the self-service entry page (/me): on reports
// whether the admin allows it now, portalURL is the HTTPS portal's URL,
// which the page's script fetches to learn whether this device trusts the
// CA already.
func (h *Handler) WithSelfService(on func(context.Context) bool, portalURL func() string) *Handler {
	h.selfOn, h.portalURL = on, portalURL
	h.mux.HandleFunc("GET /me", h.mePage)
	return h
}

var meTmpl = template.Must(template.New("me").Parse(`<!doctype html>
<html lang="{{.Lang}}" data-os="{{.OS}}" data-chosen="{{if .Chosen}}1{{end}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{{.Title}}</title><style>` + web.PageCSS + `
.note{background:#fff8e1;border-radius:8px;padding:10px 12px;font-size:.9rem}.ok{color:#1b7f3b;font-weight:600}
.big{display:block;text-align:center;font-size:1.05rem;padding:14px}</style></head>
<body><main class="card"><h1>{{.Title}}</h1><p>{{.Intro}}</p>
<p class="ok" id="trusted" data-testid="me-trusted" hidden>✔ {{.Trusted}}</p>
<section id="trust" data-testid="me-trust"{{if .Probe}} data-probe="{{.Probe}}"{{end}}>
<h2>{{.TrustTitle}}</h2><p>{{.TrustSteps}}</p>
<p><a class="button secondary" data-testid="download-ca" href="{{.CAHref}}">{{.CALabel}}</a></p>
<p class="small">{{.FPLabel}}<br><code data-testid="fingerprint">{{.Fingerprint}}</code></p>
{{if .ShowThumbprint}}<p class="small">{{.TPLabel}}<br><code data-testid="thumbprint">{{.Thumbprint}}</code></p>{{end}}
</section>
<h2>{{.GoTitle}}</h2>
<a class="button big" data-testid="me-continue" href="{{.GoURL}}">{{.GoLabel}}</a>
<p class="small">{{.GoNote}}</p>
<p class="small">{{range .Others}}<a class="button secondary" href="?os={{.OS}}&lang={{$.Lang}}">{{.Label}}</a> {{end}}</p>
<p class="small"><a href="?lang={{.OtherLang}}{{if .OS}}&os={{.OS}}{{end}}">{{.OtherLangName}}</a></p>
</main><script src="/portal.js"></script></body></html>`))

// mePage is the self-service's first page, on the download listener (and
// the portal): it leads through trusting the CA, then to the gateway's
// sign-in over HTTPS. Nothing secret is typed or shown on it.
func (h *Handler) mePage(w http.ResponseWriter, r *http.Request) {
	lang := web.RequestLang(r)
	gw := ""
	if h.gateway != nil {
		gw = h.gateway()
	}
	if !h.selfOn(r.Context()) || gw == "" {
		web.SecurityHeaders(w.Header())
		web.Page(w, http.StatusNotFound, lang, i18n.T(lang, "me.off.title", nil), i18n.T(lang, "me.off.body", nil))
		return
	}
	t := func(key string) string { return i18n.T(lang, key, nil) }
	plat := DetectPlatform(r)
	q := r.URL.Query()
	if os := q.Get("os"); os != "" && q.Get("auto") == "" && Platform(os) == plat {
		http.SetCookie(w, &http.Cookie{Name: PlatformCookie, Value: os, Path: "/me", MaxAge: 30 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	_, cookieErr := r.Cookie(PlatformCookie)
	others := otherPlatforms(lang, plat)
	caHref, caLabel := caDownload(lang, plat)
	osKey := string(plat)
	if osKey == "" {
		osKey = "other"
	}
	probe := ""
	if h.portalURL != nil {
		if p := h.portalURL(); p != "" {
			probe = p + "portal.js"
		}
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src "+
		cspOrigin(probe)+"; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	pageHeadersKeepCSP(w)
	meTmpl.Execute(w, map[string]any{
		"Lang": lang, "Title": t("me.title"), "Intro": t("portal.me.intro"), "Trusted": t("portal.me.trusted"),
		"Probe": probe, "TrustTitle": t("portal.me.trust_title"),
		"TrustSteps": i18n.T(lang, "portal.me.trust."+osKey, map[string]any{"ca": h.ca.Certificate().Subject.CommonName}),
		"CAHref":     caHref, "CALabel": caLabel,
		"FPLabel": t("portal.fingerprint"), "Fingerprint": h.ca.Fingerprint(),
		"TPLabel": t("portal.thumbprint"), "Thumbprint": ca.Thumbprint(h.ca.Certificate()), "ShowThumbprint": plat == Windows,
		"GoTitle": t("portal.me.go_title"), "GoLabel": t("portal.me.go"), "GoNote": t("portal.me.go_note"),
		"GoURL":  gw + gatewayMePath + "?lang=" + string(lang) + osParam(plat),
		"Others": others, "OS": string(plat), "Chosen": q.Get("os") != "" || cookieErr == nil,
		"OtherLang": map[i18n.Lang]string{i18n.JA: "en", i18n.EN: "ja"}[lang], "OtherLangName": map[i18n.Lang]string{i18n.JA: "English", i18n.EN: "日本語"}[lang],
	})
}

// osParam carries the platform to the gateway's page (an iPad, told apart
// here by its touch screen, sends a Mac's User-Agent there too).
func osParam(p Platform) string {
	if p == Other {
		return ""
	}
	return "&os=" + string(p)
}

// cspOrigin is u's origin (scheme://host:port) for a CSP source list, or
// 'none'.
func cspOrigin(u string) string {
	for i, n := 0, 0; i < len(u); i++ {
		if u[i] == '/' {
			if n++; n == 3 {
				return u[:i]
			}
		}
	}
	return "'none'"
}
