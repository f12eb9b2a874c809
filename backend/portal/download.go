package portal

import (
	"context"
	"errors"
	"html/template"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/i18n"
	"sekisho/backend/web"
)

// Problem is why a link does not give a file.
type Problem string

// Link problems. Unknown answers 404, the others 410 Gone.
const (
	ProblemUnknown  Problem = "unknown"
	ProblemExpired  Problem = "expired"
	ProblemUsedUp   Problem = "usedUp"
	ProblemRevoked  Problem = "revoked"
	ProblemDisabled Problem = "disabled"
	ProblemAddress  Problem = "address"
)

// PageInfo describes a usable link (or its Problem).
type PageInfo struct {
	Problem  Problem
	CertName string
	// FileBase is the files' name without extension (CertFile's).
	FileBase      string
	ExpiresAt     time.Time
	Remaining     int
	CertNotAfter  time.Time
	CAFingerprint string
}

// File is a file to deliver; Release(delivered) must be called once.
type File struct {
	Name        string
	ContentType string
	Data        []byte
	Release     func(delivered bool)
}

// Links is what the portal needs to serve download links.
type Links interface {
	Page(ctx context.Context, token string, client netip.Addr) (PageInfo, error)
	File(ctx context.Context, token, format string, client netip.Addr) (File, Problem, error)
}

// TokenShapeOK reports whether s looks like a link token (base64url, 16–64
// characters), so junk never reaches the database.
func TokenShapeOK(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// clientAddr is the TCP peer, IPv4-mapped addresses unmapped. Forwarding
// headers are never trusted.
func clientAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// Platform is the device family the page is written for.
type Platform string

// Platforms.
const (
	IOS     Platform = "ios"
	Android Platform = "android"
	Windows Platform = "windows"
	MacOS   Platform = "macos"
	Other   Platform = ""
)

// PlatformCookie keeps the platform a person chose on the page (?os=) for
// the next pages.
const PlatformCookie = "sekisho_os"

// DetectPlatform reads the platform from ?os=, the platform chosen before
// (PlatformCookie), or the User-Agent. An iPad sends a Mac's User-Agent:
// the page's script (portal.js) tells it apart by its touch screen and
// asks again with ?os=ios&auto=1.
func DetectPlatform(r *http.Request) Platform {
	switch p := Platform(r.URL.Query().Get("os")); p {
	case IOS, Android, Windows, MacOS:
		return p
	}
	if c, err := r.Cookie(PlatformCookie); err == nil {
		switch p := Platform(c.Value); p {
		case IOS, Android, Windows, MacOS:
			return p
		}
	}
	ua := r.UserAgent()
	switch {
	case strings.Contains(ua, "iPhone"), strings.Contains(ua, "iPad"), strings.Contains(ua, "iPod"):
		return IOS
	case strings.Contains(ua, "Android"):
		return Android
	case strings.Contains(ua, "Windows"):
		return Windows
	case strings.Contains(ua, "Macintosh"), strings.Contains(ua, "Mac OS X"):
		return MacOS
	}
	return Other
}

// Steps are the platform's steps after the download (install, trust the
// CA named caName, verify), none for Other.
func Steps(lang i18n.Lang, plat Platform, caName string) []string {
	var steps []string
	if plat == Other {
		return nil
	}
	for i := 1; ; i++ {
		key := "portal.steps." + string(plat) + "." + strconv.Itoa(i)
		if !i18n.Has(key) {
			return steps
		}
		steps = append(steps, i18n.T(lang, key, map[string]any{"ca": caName}))
	}
}

// otherPlatforms are the platform switch's buttons: every platform but plat.
func otherPlatforms(lang i18n.Lang, plat Platform) []map[string]string {
	others := []map[string]string{}
	for _, p := range []Platform{IOS, Android, Windows, MacOS} {
		if p != plat {
			others = append(others, map[string]string{"OS": string(p), "Label": i18n.T(lang, "portal.os."+string(p), nil)})
		}
	}
	return others
}

// caDownload is where plat gets the root certificate: the profile on iOS
// (Settings installs it), the .cer elsewhere; and the button's label.
func caDownload(lang i18n.Lang, plat Platform) (href, label string) {
	if plat == IOS {
		return "/ca.mobileconfig", i18n.T(lang, "portal.dl.ca_profile", nil)
	}
	return "/cacert.cer", i18n.T(lang, "portal.download_cer", nil)
}

func (h *Handler) linkPage(w http.ResponseWriter, r *http.Request) {
	lang := web.RequestLang(r)
	token := r.PathValue("token")
	info, err := h.links.Page(r.Context(), token, clientAddr(r))
	if err != nil {
		web.Page(w, http.StatusInternalServerError, lang, i18n.T(lang, "portal.error.title", nil), i18n.T(lang, "portal.error.body", nil))
		return
	}
	if info.Problem != "" {
		h.problem(w, lang, info.Problem)
		return
	}
	plat := DetectPlatform(r)
	q := r.URL.Query()
	if os := q.Get("os"); os != "" && q.Get("auto") == "" && Platform(os) == plat {
		// Chosen by the person: it stays for this link's next pages.
		http.SetCookie(w, &http.Cookie{Name: PlatformCookie, Value: os, Path: "/d/", MaxAge: 30 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	t := func(key string) string { return i18n.T(lang, key, nil) }
	caName := h.ca.Certificate().Subject.CommonName
	_, cookieErr := r.Cookie(PlatformCookie)
	chosen := q.Get("os") != "" || cookieErr == nil
	file, fileLabel := "p12", t("portal.dl.button_p12")
	if plat == IOS {
		file, fileLabel = "mobileconfig", t("portal.dl.button_profile")
	}
	steps := Steps(lang, plat, caName)
	others := otherPlatforms(lang, plat)
	caHref, caLabel := caDownload(lang, plat)
	openURL := h.checkURL(lang)
	pageHeaders(w)
	loc := time.Local
	downloadTmpl.Execute(w, map[string]any{
		"Lang": lang, "Title": t("portal.dl.title"), "Intro": t("portal.dl.intro"),
		"CertLabel": t("portal.dl.cert"), "CertName": info.CertName,
		"CertUntilLabel": t("portal.dl.cert_until"), "CertUntil": i18n.Date(lang, info.CertNotAfter.In(loc)),
		"ExpiresLabel": t("portal.dl.expires"), "Expires": i18n.DateTime(lang, info.ExpiresAt.In(loc)),
		"RemainingLabel": t("portal.dl.remaining"), "Remaining": info.Remaining,
		"PlatformName": t("portal.os." + string(plat)), "Detected": plat != Other,
		"ForLabel": t("portal.dl.for"), "ChooseLabel": t("portal.dl.choose"),
		"FileURL": "/d/" + token + "/" + file, "FileLabel": fileLabel, "Steps": steps,
		"StepsTitle": t("portal.dl.steps"), "PassNote": t("portal.dl.pass_note"),
		"OnceNote": t("portal.dl.once_note"),
		"CATitle":  t("portal.dl.ca_title"), "CANote": t("portal.dl.ca_note"), "CALabel": caLabel, "CAHref": caHref,
		"OpenURL": openURL, "OpenTitle": t("portal.dl.open_title"), "OpenLabel": t("portal.dl.open_button"), "OpenNote": t("portal.dl.open_note"),
		"Plain": h.plain, "PlainNote": t("portal.dl.plain_note"),
		"FPLabel": t("portal.fingerprint"), "Fingerprint": info.CAFingerprint,
		"TPLabel": t("portal.thumbprint"), "Thumbprint": ca.Thumbprint(h.ca.Certificate()), "ShowThumbprint": plat == Windows,
		"Others": others, "Token": token, "Previous": previousView(h.ca, lang),
		"OtherLang": map[i18n.Lang]string{i18n.JA: "en", i18n.EN: "ja"}[lang], "OtherLangName": map[i18n.Lang]string{i18n.JA: "English", i18n.EN: "日本語"}[lang],
		"OS": string(plat), "Chosen": chosen,
	})
}

var downloadTmpl = template.Must(template.New("dl").Parse(`<!doctype html>
<html lang="{{.Lang}}" data-os="{{.OS}}" data-chosen="{{if .Chosen}}1{{end}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{{.Title}}</title><style>` + web.PageCSS + `
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:12px 0}dt{color:#52606d}dd{margin:0;font-weight:600}
ol{padding-left:1.3em}li{margin:6px 0}.note{background:#fff8e1;border-radius:8px;padding:10px 12px;font-size:.9rem}
.big{display:block;text-align:center;font-size:1.05rem;padding:14px}</style></head>
<body><main class="card">
<h1>{{.Title}}</h1><p>{{.Intro}}</p>
<dl><dt>{{.CertLabel}}</dt><dd>{{.CertName}}</dd><dt>{{.CertUntilLabel}}</dt><dd>{{.CertUntil}}</dd>
<dt>{{.ExpiresLabel}}</dt><dd>{{.Expires}}</dd><dt>{{.RemainingLabel}}</dt><dd data-testid="remaining">{{.Remaining}}</dd></dl>
{{if .Detected}}<p class="small">{{.ForLabel}} <strong data-testid="platform">{{.PlatformName}}</strong></p>
<a class="button big" data-testid="download" href="{{.FileURL}}">{{.FileLabel}}</a>
<p class="note">{{.PassNote}} {{.OnceNote}}</p>
<h2>{{.StepsTitle}}</h2><ol>{{range .Steps}}<li>{{.}}</li>{{end}}</ol>
{{if .OpenURL}}<h2>{{.OpenTitle}}</h2><a class="button big" data-testid="open-apps" href="{{.OpenURL}}">{{.OpenLabel}}</a><p class="small">{{.OpenNote}}</p>{{end}}
{{else}}<p>{{.ChooseLabel}}</p>{{end}}
<p class="small">{{range .Others}}<a class="button secondary" href="?os={{.OS}}&lang={{$.Lang}}">{{.Label}}</a> {{end}}</p>
<h2>{{.CATitle}}</h2><p class="small">{{.CANote}}</p>
<p><a class="button secondary" data-testid="download-ca" href="{{.CAHref}}">{{.CALabel}}</a></p>
<p class="small">{{.FPLabel}}<br><code data-testid="fingerprint">{{.Fingerprint}}</code></p>
{{if .ShowThumbprint}}<p class="small">{{.TPLabel}}<br><code data-testid="thumbprint">{{.Thumbprint}}</code></p>{{end}}
{{with .Previous}}<p class="note" data-testid="previous-ca">{{.Note}}</p><p><a class="button secondary" href="/cacert-previous.cer">{{.Label}}</a></p>
<p class="small"><code>{{.Fingerprint}}</code></p>{{end}}
{{if .Plain}}<p class="small" data-testid="plain-note">{{.PlainNote}}</p>{{end}}
<p class="small"><a href="?lang={{.OtherLang}}{{if .OS}}&os={{.OS}}{{end}}">{{.OtherLangName}}</a></p>
</main><script src="/portal.js"></script></body></html>`))

// pageHeaders are a download page's headers: the security headers, with
// the page's own script (portal.js) allowed.
func pageHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	pageHeadersKeepCSP(w)
}

// pageHeadersKeepCSP is pageHeaders with the Content-Security-Policy
// already set.
func pageHeadersKeepCSP(w http.ResponseWriter) {
	csp := w.Header().Get("Content-Security-Policy")
	web.SecurityHeaders(w.Header())
	w.Header().Set("Content-Security-Policy", csp)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
}

// portalJS tells an iPad, which sends a Mac's User-Agent, by its touch
// screen, and asks for the iPhone / iPad page unless the person chose a
// platform.
const portalJS = `(function () {
  // The self-service page: a fetch of the HTTPS portal succeeds only when
  // this device trusts the CA already; then the trust step is done.
  var probe = document.querySelector('[data-probe]');
  if (probe && window.fetch) {
    fetch(probe.getAttribute('data-probe'), { mode: 'no-cors', cache: 'no-store', credentials: 'omit' }).then(function () {
      document.getElementById('trusted').hidden = false;
      probe.hidden = true;
    }, function () {});
  }
  var q = new URLSearchParams(location.search);
  if (q.has('os') || document.documentElement.getAttribute('data-os') === 'ios') return;
  if (document.documentElement.getAttribute('data-chosen') === '1') return;
  if (navigator.maxTouchPoints > 1 && /Macintosh/.test(navigator.userAgent)) {
    q.set('os', 'ios');
    q.set('auto', '1');
    location.replace('?' + q.toString());
  }
})();
`

func (h *Handler) portalJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write([]byte(portalJS))
}

func (h *Handler) linkFile(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lang := web.RequestLang(r)
		token := r.PathValue("token")
		if r.Method == http.MethodHead {
			// Link previews and download managers probe with HEAD: answer
			// without using the link, with the headers a GET would carry.
			info, err := h.links.Page(r.Context(), token, clientAddr(r))
			switch {
			case err != nil:
				w.WriteHeader(http.StatusInternalServerError)
			case info.Problem == ProblemUnknown:
				w.WriteHeader(http.StatusNotFound)
			case info.Problem != "":
				w.WriteHeader(http.StatusGone)
			default:
				fileHeaders(w, info.FileBase+"."+format, format)
			}
			return
		}
		f, problem, err := h.links.File(r.Context(), token, format, clientAddr(r))
		if err != nil {
			web.Page(w, http.StatusInternalServerError, lang, i18n.T(lang, "portal.error.title", nil), i18n.T(lang, "portal.error.body", nil))
			return
		}
		if problem != "" {
			h.problem(w, lang, problem)
			return
		}
		f.Release(sendFile(w, r, f, format))
	}
}

// sendFile writes a link's file and reports whether it counts as delivered
// (docs/api.md, "Download links"): the whole file handed to the connection
// without an error the server can see. It is not delivered when the client
// had already closed or reset the connection before the first byte was
// written (the request's context is cancelled then: nothing is sent), or
// when a write or the final flush fails. Once the bytes are in the
// operating system's socket buffer the server cannot know whether they
// arrive, so a connection cut after that point still counts.
func sendFile(w http.ResponseWriter, r *http.Request, f File, format string) bool {
	if r.Context().Err() != nil {
		return false
	}
	fileHeaders(w, f.Name, format)
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	if _, err := w.Write(f.Data); err != nil {
		return false
	}
	// A small file sits in the server's buffers after Write; flushing hands
	// it to the socket and, unlike http.Flusher, reports a failure. A writer
	// that cannot flush shows nothing either way: the file counts.
	err := http.NewResponseController(w).Flush()
	return err == nil || errors.Is(err, http.ErrNotSupported)
}

// fileHeaders sets a link file's Content-Type and Content-Disposition (and
// no caching), for GET and HEAD alike.
func fileHeaders(w http.ResponseWriter, name, format string) {
	ctype, disp := "application/x-pkcs12", "attachment"
	if format == "mobileconfig" {
		ctype, disp = "application/x-apple-aspen-config", "inline" // Safari hands it to Settings
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", ContentDisposition(disp, name))
	w.Header().Set("Cache-Control", "no-store")
}

// ContentDisposition is disp with the file name: an ASCII filename= for
// old clients (other characters become _) and, when the name is not plain
// ASCII, RFC 6266's filename*=UTF-8” with the name percent-encoded.
func ContentDisposition(disp, name string) string {
	ascii := []byte(name)
	plain := true
	for i, r := 0, []rune(name); i < len(r); i++ {
		if r[i] > 0x7e || r[i] < 0x20 || r[i] == '"' || r[i] == '\\' {
			plain = false
		}
	}
	if plain {
		return disp + `; filename="` + name + `"`
	}
	ascii = ascii[:0]
	for _, r := range name {
		if r >= 0x20 && r <= 0x7e && r != '"' && r != '\\' {
			ascii = append(ascii, byte(r))
		} else {
			ascii = append(ascii, '_')
		}
	}
	return disp + `; filename="` + string(ascii) + `"; filename*=UTF-8''` + attrEscape(name)
}

// attrEscape percent-encodes s as RFC 5987's value-chars: every byte but
// ALPHA, DIGIT and !#$&+-.^_`|~.
func attrEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// problem writes the page for an unusable link: 404 for an unknown one, 410
// for the rest, each saying which and what to do.
func (h *Handler) problem(w http.ResponseWriter, lang i18n.Lang, p Problem) {
	status := http.StatusGone
	if p == ProblemUnknown {
		status = http.StatusNotFound
	}
	w.Header().Set("X-Sekisho-Link", string(p))
	title, body := i18n.T(lang, "portal.link."+string(p)+".title", nil), i18n.T(lang, "portal.link."+string(p)+".body", nil)
	openURL := h.checkURL(lang)
	if p != ProblemUsedUp || openURL == "" {
		web.Page(w, status, lang, title, body)
		return
	}
	// Used up, most often by this very person's download: the page they
	// come back to after installing (a reload, a restarted browser) still
	// leads to the check and the root certificate, which are not secret.
	pageHeaders(w)
	w.WriteHeader(status)
	usedUpTmpl.Execute(w, map[string]any{"Lang": lang, "Title": title, "Body": body,
		"Done": i18n.T(lang, "portal.link.usedUp.installed", nil), "OpenURL": openURL, "OpenLabel": i18n.T(lang, "portal.dl.open_button", nil),
		"CALabel": i18n.T(lang, "portal.download_cer", nil), "CAProfileLabel": i18n.T(lang, "portal.dl.ca_profile", nil)})
}

var usedUpTmpl = template.Must(template.New("usedUp").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{{.Title}}</title><style>` + web.PageCSS + `
.big{display:block;text-align:center;font-size:1.05rem;padding:14px}</style></head>
<body><main class="card"><h1>{{.Title}}</h1><p>{{.Body}}</p>
<p>{{.Done}}</p><a class="button big" data-testid="open-apps" href="{{.OpenURL}}">{{.OpenLabel}}</a>
<p class="small"><a class="button secondary" href="/cacert.cer">{{.CALabel}}</a> <a class="button secondary" href="/ca.mobileconfig">{{.CAProfileLabel}}</a></p>
</main></body></html>`))

// checkURL is the gateway's check page (社内アプリを開く), "" when unknown.
func (h *Handler) checkURL(lang i18n.Lang) string {
	if h.gateway == nil {
		return ""
	}
	if g := h.gateway(); g != "" {
		return g + "_sekisho/check?lang=" + string(lang)
	}
	return ""
}
