package gateway

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"html/template"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sekisho/backend/i18n"
	"sekisho/backend/policy"
	"sekisho/backend/secret"
	"sekisho/backend/store"
	"sekisho/backend/web"
)

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// DevicePath is the device request and status page.
const DevicePath = "/_sekisho/device"

// deviceNext is where 始める goes once the device is approved: the page
// first asked for (a safe next, as cleanNext), never the sign-in or
// device pages themselves.
func deviceNext(next string) string {
	next = cleanNext(next)
	if strings.HasPrefix(next, DevicePath) || strings.HasPrefix(next, "/_sekisho/login") {
		return "/"
	}
	return next
}

// devicePageURL is the device page that keeps next (the page first asked
// for) through the request and its status.
func devicePageURL(next string) string {
	if next = deviceNext(next); next == "/" {
		return DevicePath
	}
	return DevicePath + "?next=" + urlQueryEscape(next)
}

// deviceLogin is the sign-in page that comes back to the device page
// (keeping next).
func deviceLogin(next string) string {
	return "/_sekisho/login?next=" + urlQueryEscape(devicePageURL(next))
}

// hashCookie is the stored form of a cookie token.
func hashCookie(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

// Session and device cookie lifetimes.
const (
	SessionTTL = 12 * time.Hour
	DeviceTTL  = 400 * 24 * time.Hour // browsers cap cookies at 400 days
)

func setCookie(w http.ResponseWriter, name, value string, ttl time.Duration, sameSite http.SameSite) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: true, SameSite: sameSite}
	if ttl < 0 {
		c.MaxAge = -1
	} else if ttl > 0 {
		c.MaxAge = int(ttl.Seconds())
	}
	http.SetCookie(w, c)
}

// csrfToken returns the request's CSRF token, setting the cookie when
// missing (double-submit: the form field must equal the cookie).
func csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(CSRFCookie); err == nil && len(c.Value) >= 22 {
		return c.Value
	}
	b := make([]byte, 18)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	setCookie(w, CSRFCookie, tok, 0, http.SameSiteStrictMode)
	return tok
}

func csrfOK(r *http.Request) bool {
	c, err := r.Cookie(CSRFCookie)
	return err == nil && c.Value != "" && secret.Equal(c.Value, r.PostFormValue("csrf"))
}

var formTmpl = template.Must(template.New("form").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><style>` + web.PageCSS + `
label{display:block;margin:12px 0 4px;font-weight:600}input[type=text],input[type=password],input[type=tel]{width:100%;box-sizing:border-box;font-size:1rem;padding:10px;border:1px solid #c5ced8;border-radius:8px}
button{font-size:1rem;padding:12px 18px;border:0;border-radius:8px;background:#1f6feb;color:#fff;margin-top:16px;width:100%}
.error{background:#fdecea;color:#8a1c12;border-radius:8px;padding:10px 12px}.status{font-size:1.2rem;font-weight:700}</style></head>
<body><main class="card"><h1>{{.Title}}</h1>
{{if .Error}}<p class="error" role="alert" data-testid="form-error">{{.Error}}</p>{{end}}
{{if .Intro}}<p>{{.Intro}}</p>{{end}}
{{if .Status}}<p class="status" data-testid="device-status">{{.Status}}</p>{{end}}
{{if .Fields}}<form method="post" action="{{.Action}}">
<input type="hidden" name="csrf" value="{{.CSRF}}">{{if .Next}}<input type="hidden" name="next" value="{{.Next}}">{{end}}
{{range .Fields}}<label for="{{.Name}}">{{.Label}}</label><input id="{{.Name}}" name="{{.Name}}" type="{{.Type}}" value="{{.Value}}" {{if .Required}}required{{end}} autocomplete="{{.Auto}}" maxlength="{{.Max}}">{{end}}
<button type="submit" data-testid="submit">{{.Submit}}</button></form>{{end}}
{{if and .LinkURL .LinkPost}}<form method="post" action="{{.LinkURL}}"><input type="hidden" name="csrf" value="{{.CSRF}}"><button type="submit" data-testid="page-action">{{.LinkText}}</button></form>
{{else if .LinkURL}}<p><a class="button" data-testid="page-action" href="{{.LinkURL}}">{{.LinkText}}</a></p>{{end}}
{{if .Note}}<p class="small">{{.Note}}</p>{{end}}
</main></body></html>`))

type field struct {
	Name, Label, Type, Value, Auto string
	Required                       bool
	Max                            int
}

func render(w http.ResponseWriter, status int, data map[string]any) {
	web.SecurityHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	formTmpl.Execute(w, data)
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	h.showLogin(w, r, http.StatusOK, "", "")
}

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request, status int, errKey, user string) {
	h.showLoginParams(w, r, status, errKey, nil, user)
}

// showLoginParams is showLogin with parameters for the error message.
func (h *Handler) showLoginParams(w http.ResponseWriter, r *http.Request, status int, errKey string, params map[string]any, user string) {
	lang := web.RequestLang(r)
	t := func(k string) string { return i18n.T(lang, k, nil) }
	next := cleanNext(r.URL.Query().Get("next"))
	if r.Method == http.MethodPost {
		next = cleanNext(r.PostFormValue("next"))
	}
	data := map[string]any{"Lang": lang, "Title": t("signin.title"), "Intro": t("signin.intro"), "Action": "/_sekisho/login",
		"CSRF": csrfToken(w, r), "Next": next, "Submit": t("signin.submit"),
		"Fields": []field{{Name: "user", Label: t("signin.user"), Type: "text", Value: user, Auto: "username", Required: true, Max: 64},
			{Name: "password", Label: t("signin.password"), Type: "password", Auto: "current-password", Required: true, Max: 200}}}
	if errKey != "" {
		data["Error"] = i18n.T(lang, errKey, params)
	}
	render(w, status, data)
}

func (h *Handler) loginPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if !csrfOK(r) {
		h.showLogin(w, r, http.StatusForbidden, "form.csrf", "")
		return
	}
	code := strings.TrimSpace(r.PostFormValue("user"))
	pw := r.PostFormValue("password")
	if code == "" || pw == "" || utf8.RuneCountInString(code) > 64 || len(pw) > 200 {
		h.showLogin(w, r, http.StatusBadRequest, "signin.missing", code)
		return
	}
	client := clientAddr(r)
	// The attempt takes its place in the (user, address), address and user
	// budgets before anything is hashed, then waits for one of the few
	// password-check slots (signin.go).
	tk, wait := h.signins.acquire(strings.ToLower(code), client, h.now())
	if tk == nil {
		h.logSignIn(r, code, client, ReasonSignInThrottled)
		h.refuseSignIn(w, r, http.StatusTooManyRequests, wait, code)
		return
	}
	defer func() { tk.cancel(h.now()) }() // after done: nothing; on a panic: the slot back
	if !h.hashes.enter(r.Context()) {
		tk.cancel(h.now())
		h.logSignIn(r, code, client, ReasonSignInThrottled)
		h.refuseSignIn(w, r, http.StatusServiceUnavailable, busyRetry, code)
		return
	}
	token, err := func() (string, error) {
		defer h.hashes.leave()
		return h.state.SignIn(r.Context(), code, pw, client)
	}()
	switch {
	case errors.Is(err, ErrBadCredentials):
		tk.done(true, h.now())
		h.logSignIn(r, code, client, ReasonSignInFailed)
		h.showLogin(w, r, http.StatusUnauthorized, "signin.bad", code)
		return
	case errors.Is(err, ErrSuspended):
		tk.done(false, h.now()) // the password was right
		h.logSignIn(r, code, client, string(policy.UserSuspended))
		h.showLogin(w, r, http.StatusForbidden, "signin.suspended", code)
		return
	case err != nil:
		tk.cancel(h.now())
		h.showLogin(w, r, http.StatusInternalServerError, "portal.error.body", code)
		return
	}
	tk.done(false, h.now())
	h.logSignedIn(r, code, client)
	setCookie(w, SessionCookie, token, SessionTTL, http.SameSiteLaxMode)
	next := cleanNext(r.PostFormValue("next"))
	// A user with device designation and no approved device goes to the
	// request page first (the seeds' 申請 after login) — unless they came
	// for their certificate (self-service needs no device).
	if !strings.HasPrefix(next, MePath) && h.needsDevice(r, token) {
		next = devicePageURL(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// refuseSignIn answers an attempt that was not checked: 429 (throttled) or
// 503 (every password check busy), with Retry-After and the sign-in form
// saying how long to wait, in the person's language.
func (h *Handler) refuseSignIn(w http.ResponseWriter, r *http.Request, status int, wait time.Duration, code string) {
	secs := max(1, int((wait+time.Second-1)/time.Second))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	switch {
	case status == http.StatusServiceUnavailable:
		h.showLogin(w, r, status, "signin.busy", code)
	case secs < 120:
		h.showLoginParams(w, r, status, "signin.throttled_seconds", map[string]any{"seconds": secs}, code)
	default:
		h.showLoginParams(w, r, status, "signin.throttled_minutes", map[string]any{"minutes": (secs + 59) / 60}, code)
	}
}

// logSignIn records a sign-in that did not succeed. The user code is logged
// only when it names a user (a mistyped password in the user field must not
// end up in the log); the password never is.
func (h *Handler) logSignIn(r *http.Request, code string, client netip.Addr, reason string) {
	snap := h.state.Snapshot()
	e := store.AccessEntry{At: h.now(), ClientIP: client.String(), Method: r.Method, Path: truncate(r.URL.Path, 200), Decision: "deny", Reason: reason}
	if u := snap.UserByCode(code); u != nil {
		e.UserCode = u.Code
	}
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		if c := snap.Cert(hex.EncodeToString(r.TLS.PeerCertificates[0].SerialNumber.Bytes())); c != nil {
			e.CertName = c.Name
		}
	}
	h.state.Access(e)
}

// logSignedIn logs a successful sign-in (allow, signed_in).
func (h *Handler) logSignedIn(r *http.Request, code string, client netip.Addr) {
	e := store.AccessEntry{At: h.now(), ClientIP: client.String(), Method: r.Method, Path: truncate(r.URL.Path, 200), Decision: "allow", Reason: ReasonSignedIn}
	if u := h.state.Snapshot().UserByCode(code); u != nil {
		e.UserCode = u.Code
	}
	h.state.Access(e)
}

func (h *Handler) needsDevice(r *http.Request, sessionToken string) bool {
	snap := h.state.Snapshot()
	u := snap.User(h.state.SessionUser(hashCookie(sessionToken)))
	if u == nil || !u.RequireDevice {
		return false
	}
	if c, err := r.Cookie(DeviceCookie); err == nil {
		if uid, st, _ := h.state.Device(hashCookie(c.Value)); uid == u.ID && st == policy.DeviceIsApproved {
			return false
		}
	}
	return true
}

// logoutPage asks before signing out: a GET (a link, a prefetch, an image
// on another site) never ends a session.
func (h *Handler) logoutPage(w http.ResponseWriter, r *http.Request) {
	h.showLogout(w, r, http.StatusOK, "")
}

func (h *Handler) showLogout(w http.ResponseWriter, r *http.Request, status int, errKey string) {
	lang := web.RequestLang(r)
	data := map[string]any{"Lang": lang, "Title": i18n.T(lang, "signout.confirm_title", nil), "Intro": i18n.T(lang, "signout.confirm_body", nil),
		"LinkURL": "/_sekisho/logout", "LinkPost": true, "CSRF": csrfToken(w, r), "LinkText": i18n.T(lang, "deny.logout.action", nil)}
	if errKey != "" {
		data["Error"] = i18n.T(lang, errKey, nil)
	}
	render(w, status, data)
}

// logout ends the session: a POST with the CSRF token only.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if !csrfOK(r) {
		h.showLogout(w, r, http.StatusForbidden, "form.csrf")
		return
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		h.state.SignOut(hashCookie(c.Value))
	}
	setCookie(w, SessionCookie, "", -1, http.SameSiteLaxMode)
	lang := web.RequestLang(r)
	render(w, http.StatusOK, map[string]any{"Lang": lang, "Title": i18n.T(lang, "signout.title", nil), "Intro": i18n.T(lang, "signout.body", nil),
		"LinkURL": "/_sekisho/login", "LinkText": i18n.T(lang, "signin.title", nil)})
}

// sessionUser returns the signed-in user of the request, or nil.
func (h *Handler) sessionUser(r *http.Request) *policy.User {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil
	}
	return h.state.Snapshot().User(h.state.SessionUser(hashCookie(c.Value)))
}

// detectOS names the platform from the User-Agent (the request form shows it;
// the person does not type it).
func detectOS(ua string) string {
	switch {
	case strings.Contains(ua, "iPhone"), strings.Contains(ua, "iPad"), strings.Contains(ua, "iPod"):
		return "iOS"
	case strings.Contains(ua, "Android"):
		return "Android"
	case strings.Contains(ua, "Windows"):
		return "Windows"
	case strings.Contains(ua, "Macintosh"):
		return "macOS"
	case strings.Contains(ua, "CrOS"):
		return "ChromeOS"
	case strings.Contains(ua, "Linux"):
		return "Linux"
	}
	return "Other"
}

func (h *Handler) devicePage(w http.ResponseWriter, r *http.Request) {
	next := deviceNext(r.URL.Query().Get("next"))
	u := h.sessionUser(r)
	if u == nil {
		http.Redirect(w, r, deviceLogin(next), http.StatusSeeOther)
		return
	}
	lang := web.RequestLang(r)
	t := func(k string) string { return i18n.T(lang, k, nil) }
	if c, err := r.Cookie(DeviceCookie); err == nil {
		if uid, st, _ := h.state.Device(hashCookie(c.Value)); uid == u.ID {
			data := map[string]any{"Lang": lang, "Title": t("device.status.title")}
			switch st {
			case policy.DeviceIsPending:
				data["Status"], data["Intro"] = t("device.status.pending"), t("device.status.pending_body")
				data["LinkURL"], data["LinkText"] = devicePageURL(next), t("device.status.reload")
			case policy.DeviceIsApproved:
				// 始める: on to the page first asked for.
				data["Status"], data["Intro"] = t("device.status.approved"), t("device.status.approved_body")
				data["LinkURL"], data["LinkText"] = next, t("device.status.start")
			case policy.DeviceIsRejected:
				data["Status"], data["Intro"] = t("device.status.rejected"), t("device.status.rejected_body")
				data["LinkURL"], data["LinkText"] = "/_sekisho/logout", t("deny.logout.action")
				data["LinkPost"], data["CSRF"] = true, csrfToken(w, r)
			}
			render(w, http.StatusOK, data)
			return
		}
	}
	h.showDeviceForm(w, r, http.StatusOK, "", "", "")
}

// formNext is the next a device form carries: the query's on the page, the
// hidden field's when posted.
func formNext(r *http.Request) string {
	if r.Method == http.MethodPost {
		return deviceNext(r.PostFormValue("next"))
	}
	return deviceNext(r.URL.Query().Get("next"))
}

func (h *Handler) showDeviceForm(w http.ResponseWriter, r *http.Request, status int, errKey, name, phone string) {
	lang := web.RequestLang(r)
	t := func(k string) string { return i18n.T(lang, k, nil) }
	os := detectOS(r.UserAgent())
	data := map[string]any{"Lang": lang, "Title": t("device.form.title"), "Intro": i18n.T(lang, "device.form.intro", map[string]any{"os": os}),
		"Action": DevicePath, "CSRF": csrfToken(w, r), "Submit": t("device.form.submit"),
		"Fields": []field{{Name: "deviceName", Label: t("device.form.name"), Type: "text", Value: name, Required: true, Max: 50, Auto: "off"},
			{Name: "phone", Label: t("device.form.phone"), Type: "tel", Value: phone, Max: 30, Auto: "tel"}},
		"Note": t("device.form.note")}
	if next := formNext(r); next != "/" {
		data["Next"] = next
	}
	if errKey != "" {
		data["Error"] = t(errKey)
	}
	render(w, status, data)
}

func (h *Handler) devicePost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	u := h.sessionUser(r)
	if u == nil {
		http.Redirect(w, r, deviceLogin(r.PostFormValue("next")), http.StatusSeeOther)
		return
	}
	if !csrfOK(r) {
		h.showDeviceForm(w, r, http.StatusForbidden, "form.csrf", "", "")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("deviceName"))
	phone := strings.TrimSpace(r.PostFormValue("phone"))
	switch {
	case name == "" || utf8.RuneCountInString(name) > 50:
		h.showDeviceForm(w, r, http.StatusBadRequest, "device.form.name_required", name, phone)
		return
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		// The name reaches the admin's list and CSV export.
		h.showDeviceForm(w, r, http.StatusBadRequest, "device.form.name_control", "", phone)
		return
	case utf8.RuneCountInString(phone) > 30 || strings.Trim(phone, "0123456789-+() ") != "":
		h.showDeviceForm(w, r, http.StatusBadRequest, "device.form.phone_invalid", name, phone)
		return
	}
	prev := ""
	if c, err := r.Cookie(DeviceCookie); err == nil {
		prev = hashCookie(c.Value)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	token, err := h.state.RequestDevice(ctx, u.ID, name, phone, detectOS(r.UserAgent()), prev)
	if errors.Is(err, ErrDeviceRequestLimit) {
		h.showDeviceForm(w, r, http.StatusTooManyRequests, "device.form.rate_limited", name, phone)
		return
	}
	if err != nil {
		h.showDeviceForm(w, r, http.StatusInternalServerError, "portal.error.body", name, phone)
		return
	}
	setCookie(w, DeviceCookie, token, DeviceTTL, http.SameSiteLaxMode)
	http.Redirect(w, r, devicePageURL(r.PostFormValue("next")), http.StatusSeeOther)
}
