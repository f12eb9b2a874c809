// Package web holds what the portal and gateway pages share: security
// headers, the page language, and a plain page layout.
package web

import (
	"html/template"
	"net/http"

	"sekisho/backend/i18n"
)

// SecurityHeaders sets the strict headers every portal and gateway page
// carries (SPEC "Security floor").
func SecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

// RequestLang picks the page language: ?lang=, then Accept-Language, then
// Japanese.
func RequestLang(r *http.Request) i18n.Lang {
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		return l
	}
	if l, ok := i18n.Parse(r.Header.Get("Accept-Language")); ok {
		return l
	}
	return i18n.JA
}

// PageCSS is the shared, mobile-first style of server-rendered pages.
const PageCSS = `body{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;background:#f4f6f8;color:#1d2733;margin:0;padding:16px;line-height:1.6}
.card{max-width:560px;margin:24px auto;background:#fff;border-radius:12px;padding:20px 24px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.35rem;margin:0 0 12px}.small{font-size:.85rem;color:#52606d}code{word-break:break-all}
.button{display:inline-block;background:#1f6feb;color:#fff;text-decoration:none;padding:10px 16px;border-radius:8px;margin:4px 4px 4px 0}
.button.secondary{background:#e6ebf1;color:#1d2733}`

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><style>` + PageCSS + `</style></head>
<body><main class="card"><h1>{{.Title}}</h1><p>{{.Body}}</p></main></body></html>`))

// Page writes a simple message page.
func Page(w http.ResponseWriter, status int, lang i18n.Lang, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	pageTmpl.Execute(w, map[string]any{"Lang": lang, "Title": title, "Body": body})
}

var denyTmpl = template.Must(template.New("deny").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><style>` + PageCSS + `</style></head>
<body><main class="card"><h1>{{.Title}}</h1><p>{{.Body}}</p>
{{if and .ActionURL .CSRF}}<form method="post" action="{{.ActionURL}}"><input type="hidden" name="csrf" value="{{.CSRF}}"><button class="button" type="submit" data-testid="deny-action">{{.Action}}</button></form>
{{else if .ActionURL}}<p><a class="button" href="{{.ActionURL}}" data-testid="deny-action">{{.Action}}</a></p>{{end}}
<p class="small">{{.CodeLabel}} <code data-testid="deny-reason">{{.Code}}</code></p></main></body></html>`))

// DenyPage writes the gateway's refusal page: why, what to do, and the
// reason code to quote to the administrator. With csrf set, the action is a
// POST form carrying it (for actions that change something, like signing
// out); otherwise a link.
func DenyPage(w http.ResponseWriter, status int, lang i18n.Lang, title, body, code, action, actionURL, csrf string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	denyTmpl.Execute(w, map[string]any{"Lang": lang, "Title": title, "Body": body, "Code": code, "Action": action, "ActionURL": actionURL, "CSRF": csrf,
		"CodeLabel": i18n.T(lang, "deny.code", nil)})
}
