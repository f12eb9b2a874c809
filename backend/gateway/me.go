package gateway

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"sekisho/backend/i18n"
	"sekisho/backend/policy"
	"sekisho/backend/portal"
	"sekisho/backend/store"
	"sekisho/backend/web"
)

// MePath is the employees' self-service page (issue 11, item 3): a signed-in
// person issues their own personal certificate, when the admin allows it.
// It lives on the gateway, over HTTPS, behind the IP rules and the sign-in
// limits: a password or a passphrase never crosses the plain-HTTP download
// listener, whose /me only leads here (docs/security.md, "Self-service").
const MePath = "/_sekisho/me"

// meScriptPath is the page's script (copy the passphrase), allowed by the
// page's Content-Security-Policy as 'self'.
const meScriptPath = "/_sekisho/me.js"

// Access log reasons of the self-service page.
const (
	ReasonSelfIssued     = "self_issued"
	ReasonSelfServiceOff = "self_service_off"
	ReasonSelfIssueLimit = "self_issue_limit"
	// ReasonSignedIn is a successful sign-in (allow).
	ReasonSignedIn = "signed_in"
)

// SelfStatus is what the self-service page shows a signed-in person.
type SelfStatus struct {
	// Enabled: the admin lets employees issue their own certificate.
	Enabled bool
	// RevokePrevious: issuing revokes the person's current certificates.
	RevokePrevious bool
	// UserName is the person's name.
	UserName string
	// Certs are the person's personal certificates that are not revoked.
	Certs []SelfCert
}

// SelfCert is one of the person's certificates.
type SelfCert struct {
	Name string
	// Until is the last moment it may be used (its window's end).
	Until time.Time
	// State is model.CertState's value (valid, expired, disabled, …).
	State string
}

// SelfIssued is a certificate a person issued for themselves.
type SelfIssued struct {
	CertName   string
	Until      time.Time
	Passphrase string
	// FileURL downloads the file (an iOS profile or a PKCS#12) once;
	// PageURL is its download page, with the steps.
	FileURL string
	PageURL string
	// CAURL downloads the root certificate (.cer), which the steps of
	// every platform but iOS name (the iOS profile carries it).
	CAURL string
	// Revoked is how many earlier certificates were revoked.
	Revoked int
}

// Self-service errors.
var (
	ErrSelfServiceOff = errors.New("self-service is off")
	ErrSelfIssueLimit = errors.New("too many self-issued certificates")
)

// SelfService is the self-service a State may offer (the engine does, with
// the app's issuance behind it).
type SelfService interface {
	SelfStatus(ctx context.Context, userID int64) (SelfStatus, error)
	// SelfIssue issues a personal certificate for userID with a one-use
	// download link for format ("mobileconfig" or "p12").
	SelfIssue(ctx context.Context, userID int64, client netip.Addr, format string) (SelfIssued, error)
}

func (h *Handler) selfService() SelfService {
	s, _ := h.state.(SelfService)
	return s
}

var meTmpl = template.Must(template.New("me").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{{.Title}}</title><style>` + web.PageCSS + `
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:12px 0}dt{color:#52606d}dd{margin:0;font-weight:600}
ol{padding-left:1.3em}li{margin:6px 0}.note{background:#fff8e1;border-radius:8px;padding:10px 12px;font-size:.9rem}
.error{background:#fdecea;color:#8a1c12;border-radius:8px;padding:10px 12px}
.big{display:block;text-align:center;font-size:1.05rem;padding:14px}button.big{width:100%;border:0;border-radius:8px;background:#1f6feb;color:#fff;cursor:pointer}
.pass{font-size:1.3rem;font-family:ui-monospace,monospace;letter-spacing:.04em;background:#f4f6f8;border-radius:8px;padding:12px;word-break:break-all;user-select:all}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #e4e7eb;padding:6px 4px;text-align:left}</style></head>
<body><main class="card"><h1>{{.Title}}</h1>
{{if .Error}}<p class="error" role="alert" data-testid="me-error">{{.Error}}</p>{{end}}
{{with .Issued}}
<p data-testid="me-issued">{{$.IssuedText}}</p>{{if .Revoked}}<p class="small" data-testid="me-revoked">{{$.RevokedText}}</p>{{end}}
<dl><dt>{{$.CertLabel}}</dt><dd data-testid="me-cert">{{.CertName}}</dd><dt>{{$.UntilLabel}}</dt><dd>{{$.IssuedUntil}}</dd></dl>
<h2>{{$.PassTitle}}</h2>
<p class="pass" id="pass" data-testid="me-passphrase">{{.Passphrase}}</p>
<p><button type="button" class="button" id="copy" data-copy="pass" data-done="{{$.Copied}}" hidden>{{$.Copy}}</button></p>
<p class="note">{{$.PassOnce}}</p>
<a class="button big" data-testid="me-download" href="{{.FileURL}}">{{$.FileLabel}}</a>
{{if and .CAURL $.ShowCA}}<p><a class="button secondary" data-testid="download-ca" href="{{.CAURL}}">{{$.CALabel}}</a></p>{{end}}
<h2>{{$.StepsTitle}}</h2><ol>{{range $.Steps}}<li>{{.}}</li>{{end}}</ol>
<p class="small"><a href="{{.PageURL}}" data-testid="me-page">{{$.PageLabel}}</a></p>
<h2>{{$.OpenTitle}}</h2><a class="button big secondary" data-testid="open-apps" href="{{$.CheckURL}}">{{$.OpenLabel}}</a>
{{else}}
<p>{{.Intro}}</p>
<dl><dt>{{.UserLabel}}</dt><dd data-testid="me-user">{{.UserName}} ({{.UserCode}})</dd></dl>
{{if .Certs}}<h2>{{.CurrentTitle}}</h2><table><tr><th>{{.CertLabel}}</th><th>{{.UntilLabel}}</th><th>{{.StateLabel}}</th></tr>
{{range .Certs}}<tr><td>{{.Name}}</td><td>{{.Until}}</td><td>{{.State}}</td></tr>{{end}}</table>{{else}}<p class="small" data-testid="me-none">{{.NoCerts}}</p>{{end}}
<p class="note">{{.What}}</p>
{{if .NeedsCert}}<p class="note" data-testid="me-needs-cert">{{.NeedsCertText}}</p>{{else}}<form method="post" action="{{.Action}}"><input type="hidden" name="csrf" value="{{.CSRF}}">
<button type="submit" class="button big" data-testid="me-issue">{{.IssueLabel}}</button></form>{{end}}
{{end}}
<p class="small"><a href="/_sekisho/logout">{{.SignOut}}</a> · <a href="?lang={{.OtherLang}}">{{.OtherLangName}}</a></p>
</main><script src="` + meScriptPath + `"></script></body></html>`))

// meJS shows the copy button where the clipboard can be written, and
// copies the passphrase with it.
const meJS = `(function () {
  var b = document.getElementById('copy');
  if (!b || !navigator.clipboard) return;
  b.hidden = false;
  b.addEventListener('click', function () {
    var text = document.getElementById(b.getAttribute('data-copy')).textContent.trim();
    navigator.clipboard.writeText(text).then(function () { b.textContent = b.getAttribute('data-done'); });
  });
})();
`

func (h *Handler) meScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write([]byte(meJS))
}

// meHeaders are the page's headers: the security headers, with its own
// script allowed, and never cached (a passphrase is on it).
func meHeaders(w http.ResponseWriter) {
	web.SecurityHeaders(w.Header())
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
}

// meAccess logs a step of the self-service.
func (h *Handler) meAccess(r *http.Request, u *policy.User, decision, reason string) {
	e := store.AccessEntry{At: h.now(), ClientIP: clientAddr(r).String(), Method: r.Method, Path: MePath, Decision: decision, Reason: reason}
	if u != nil {
		e.UserCode = u.Code
	}
	h.state.Access(e)
}

// meStart checks that self-service is on and someone is signed in: it
// answers itself (and returns nil) otherwise.
func (h *Handler) meStart(w http.ResponseWriter, r *http.Request) (SelfService, *policy.User, SelfStatus, bool) {
	lang := web.RequestLang(r)
	svc := h.selfService()
	u := h.sessionUser(r)
	var st SelfStatus
	if svc != nil {
		var uid int64
		if u != nil {
			uid = u.ID
		}
		var err error
		if st, err = svc.SelfStatus(r.Context(), uid); err != nil {
			h.meError(w, r, http.StatusInternalServerError, "portal.error.body")
			return nil, nil, st, false
		}
	}
	if !st.Enabled {
		h.meAccess(r, u, "deny", ReasonSelfServiceOff)
		web.SecurityHeaders(w.Header())
		web.Page(w, http.StatusNotFound, lang, i18n.T(lang, "me.off.title", nil), i18n.T(lang, "me.off.body", nil))
		return nil, nil, st, false
	}
	if u == nil {
		next := MePath
		if q := r.URL.RawQuery; q != "" {
			next += "?" + q
		}
		http.Redirect(w, r, "/_sekisho/login?next="+safeNext(next), http.StatusSeeOther)
		return nil, nil, st, false
	}
	if u.Suspended {
		h.meAccess(r, u, "deny", string(policy.UserSuspended))
		h.deny(w, r, lang, policy.UserSuspended)
		return nil, nil, st, false
	}
	return svc, u, st, true
}

func (h *Handler) meError(w http.ResponseWriter, r *http.Request, status int, key string) {
	lang := web.RequestLang(r)
	web.SecurityHeaders(w.Header())
	web.Page(w, status, lang, i18n.T(lang, "me.title", nil), i18n.T(lang, key, nil))
}

func (h *Handler) mePage(w http.ResponseWriter, r *http.Request) {
	_, u, st, ok := h.meStart(w, r)
	if !ok {
		return
	}
	h.meAccess(r, u, "allow", "")
	h.showMe(w, r, http.StatusOK, u, st, nil, "")
}

func (h *Handler) mePost(w http.ResponseWriter, r *http.Request) {
	svc, u, st, ok := h.meStart(w, r)
	if !ok {
		return
	}
	if !csrfOK(r) {
		h.showMe(w, r, http.StatusForbidden, u, st, nil, "form.csrf")
		return
	}
	if u.RequireCert && !h.ownValidCert(r, u) {
		h.meAccess(r, u, "deny", string(policy.CertificateRequired))
		h.showMe(w, r, http.StatusForbidden, u, st, nil, "me.needs_cert")
		return
	}
	format := "p12"
	if portal.DetectPlatform(r) == portal.IOS {
		format = "mobileconfig"
	}
	issued, err := svc.SelfIssue(r.Context(), u.ID, clientAddr(r), format)
	switch {
	case errors.Is(err, ErrSelfIssueLimit):
		h.meAccess(r, u, "deny", ReasonSelfIssueLimit)
		h.showMe(w, r, http.StatusTooManyRequests, u, st, nil, "me.limit")
		return
	case errors.Is(err, ErrSuspended):
		h.meAccess(r, u, "deny", string(policy.UserSuspended))
		h.deny(w, r, web.RequestLang(r), policy.UserSuspended)
		return
	case errors.Is(err, ErrSelfServiceOff):
		h.meAccess(r, u, "deny", ReasonSelfServiceOff)
		lang := web.RequestLang(r)
		web.SecurityHeaders(w.Header())
		web.Page(w, http.StatusNotFound, lang, i18n.T(lang, "me.off.title", nil), i18n.T(lang, "me.off.body", nil))
		return
	case err != nil:
		h.showMe(w, r, http.StatusInternalServerError, u, st, nil, "portal.error.body")
		return
	}
	h.meAccess(r, u, "allow", ReasonSelfIssued)
	h.showMe(w, r, http.StatusOK, u, st, &issued, "")
}

// ownValidCert reports whether the request presents a valid personal
// certificate of u: the only way a user who must use a certificate
// (認証を使う) may issue one for themselves — a renewal. A password alone
// must not mint the second factor it stands beside.
func (h *Handler) ownValidCert(r *http.Request, u *policy.User) bool {
	c := h.presentedCert(h.state.Snapshot(), r)
	return c != nil && !c.Shared && c.UserID == u.ID && c.Problem(h.now().Unix()) == ""
}

// meQuery keeps the page's language and platform (the person's or the
// iPad detection's choice) for the form's POST: only known values.
func meQuery(r *http.Request) template.URL {
	q := url.Values{}
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		q.Set("lang", string(l))
	}
	switch p := portal.Platform(r.URL.Query().Get("os")); p {
	case portal.IOS, portal.Android, portal.Windows, portal.MacOS:
		q.Set("os", string(p))
	}
	if len(q) == 0 {
		return MePath
	}
	return template.URL(MePath + "?" + q.Encode())
}

func (h *Handler) showMe(w http.ResponseWriter, r *http.Request, status int, u *policy.User, st SelfStatus, issued *SelfIssued, errKey string) {
	lang := web.RequestLang(r)
	t := func(k string) string { return i18n.T(lang, k, nil) }
	loc := time.Local
	certs := make([]map[string]string, len(st.Certs))
	for i, c := range st.Certs {
		certs[i] = map[string]string{"Name": c.Name, "Until": i18n.Date(lang, c.Until.In(loc)), "State": t("me.state." + c.State)}
	}
	what := "me.what.keep"
	if st.RevokePrevious {
		what = "me.what.revoke"
	}
	plat := portal.DetectPlatform(r)
	other, otherName := i18n.EN, "English"
	if lang == i18n.EN {
		other, otherName = i18n.JA, "日本語"
	}
	data := map[string]any{
		"Lang": lang, "Title": t("me.title"), "Intro": t("me.intro"),
		"UserLabel": t("me.user"), "UserName": st.UserName, "UserCode": u.Code,
		"CurrentTitle": t("me.current"), "CertLabel": t("portal.dl.cert"), "UntilLabel": t("me.until"), "StateLabel": t("me.state"),
		"Certs": certs, "NoCerts": t("me.no_certs"), "What": t(what), "IssueLabel": t("me.issue"),
		"CSRF": csrfToken(w, r), "Action": meQuery(r),
		"NeedsCert": u.RequireCert && !h.ownValidCert(r, u), "NeedsCertText": t("me.needs_cert"),
		"SignOut": t("deny.logout.action"), "OtherLang": other, "OtherLangName": otherName,
	}
	if errKey != "" {
		data["Error"] = t(errKey)
	}
	if issued != nil {
		caName := ""
		if cas := h.state.ClientCAs(); len(cas.CAs) > 0 {
			caName = cas.CAs[0].Cert.Subject.CommonName // the CA in use; previous ones follow
		}
		fileLabel := t("portal.dl.button_p12")
		if plat == portal.IOS {
			fileLabel = t("portal.dl.button_profile")
		}
		data["Issued"] = issued
		data["IssuedText"] = t("me.issued")
		data["RevokedText"] = i18n.T(lang, "me.revoked", map[string]any{"n": issued.Revoked})
		data["IssuedUntil"] = i18n.Date(lang, issued.Until.In(loc))
		data["PassTitle"] = t("me.pass_title")
		data["PassOnce"] = t("me.pass_once")
		data["Copy"], data["Copied"] = t("me.copy"), t("me.copied")
		data["FileLabel"] = fileLabel
		data["ShowCA"], data["CALabel"] = plat != portal.IOS, t("portal.download_cer")
		data["StepsTitle"] = t("portal.dl.steps")
		data["Steps"] = portal.Steps(lang, plat, caName)
		data["PageLabel"] = t("me.page")
		data["OpenTitle"], data["OpenLabel"] = t("portal.dl.open_title"), t("portal.dl.open_button")
		data["CheckURL"] = CheckPath + "?lang=" + string(lang)
	}
	meHeaders(w)
	w.WriteHeader(status)
	meTmpl.Execute(w, data)
}
