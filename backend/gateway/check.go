package gateway

import (
	"encoding/json"
	"html/template"
	"net/http"

	"sekisho/backend/i18n"
	"sekisho/backend/policy"
	"sekisho/backend/web"
)

// CheckPath is the page the download page's 社内アプリを開く opens: it
// tells the person whether this device reached the gateway over a trusted
// connection (the page opened at all, over HTTPS, without a warning the
// person clicked through — which the server cannot see, so the page says
// what it means) and with a valid certificate. ?format=json answers the
// same as {tls, cert: {state, name, user}}.
const CheckPath = "/_sekisho/check"

// Certificate states the check reports.
const (
	CheckCertOK      = "ok"
	CheckCertNone    = "none"    // the browser sent none
	CheckCertUnknown = "unknown" // not one Sekisho issued, or its CA is no longer trusted
)

// checkResult is the check's answer.
type checkResult struct {
	TLS  bool `json:"tls"`
	Cert struct {
		State string `json:"state"` // CheckCert*, or a policy reason (certificate_expired, …)
		Name  string `json:"name,omitempty"`
		User  string `json:"user,omitempty"`
	} `json:"cert"`
}

func (h *Handler) check(r *http.Request) checkResult {
	var res checkResult
	res.TLS = r.TLS != nil
	res.Cert.State = CheckCertNone
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return res
	}
	snap := h.state.Snapshot()
	c := h.knownCert(snap, r.TLS.PeerCertificates[0])
	if c == nil {
		res.Cert.State = CheckCertUnknown
		return res
	}
	res.Cert.Name = c.Name
	res.Cert.State = CheckCertOK
	if p := c.Problem(h.now().Unix()); p != "" {
		res.Cert.State = string(p)
	}
	if !c.Shared {
		if u := snap.User(c.UserID); u != nil {
			res.Cert.User = u.Code
			if u.Suspended && res.Cert.State == CheckCertOK {
				res.Cert.State = string(policy.UserSuspended)
			}
		}
	}
	return res
}

var checkTmpl = template.Must(template.New("check").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><style>` + web.PageCSS + `
.ok{color:#1b7f3b}.ng{color:#b3261e}</style></head>
<body><main class="card"><h1>{{.Title}}</h1>
<p data-testid="check-tls" class="ok">✔ {{.TLSText}}</p>
<p data-testid="check-cert" data-state="{{.State}}" class="{{if .OK}}ok{{else}}ng{{end}}">{{if .OK}}✔{{else}}✘{{end}} {{.CertText}}</p>
{{if and .OK .Root}}<p><a class="button big" data-testid="check-open" href="/">{{.Open}}</a></p>{{else if .OK}}<p class="small">{{.NoRoot}}</p>{{end}}
<p class="small"><a href="?lang={{.OtherLang}}">{{.OtherLangName}}</a></p>
</main></body></html>`))

func (h *Handler) checkPage(w http.ResponseWriter, r *http.Request) {
	res := h.check(r)
	w.Header().Set("Cache-Control", "no-store")
	web.SecurityHeaders(w.Header())
	if r.URL.Query().Get("format") == "json" {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(res)
		return
	}
	lang := web.RequestLang(r)
	state := res.Cert.State
	key := "gateway.check.cert." + state
	if !i18n.Has(key) {
		key = "gateway.check.cert.problem"
	}
	other, otherName := i18n.EN, "English"
	if lang == i18n.EN {
		other, otherName = i18n.JA, "日本語"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	checkTmpl.Execute(w, map[string]any{
		"Lang": lang, "Title": i18n.T(lang, "gateway.check.title", nil),
		"TLSText":   i18n.T(lang, "gateway.check.tls", nil),
		"State":     state,
		"OK":        state == CheckCertOK,
		"CertText":  i18n.T(lang, key, map[string]any{"name": res.Cert.Name, "user": res.Cert.User, "reason": i18n.T(lang, "deny."+state+".title", nil)}),
		"Open":      i18n.T(lang, "gateway.check.open", nil),
		"Root":      h.state.Snapshot().Route(hostOnly(r.Host), "/") != nil,
		"NoRoot":    i18n.T(lang, "gateway.check.no_root", nil),
		"OtherLang": other, "OtherLangName": otherName,
	})
}
