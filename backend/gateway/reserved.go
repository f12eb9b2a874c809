package gateway

import (
	"net/http"
	"strings"

	"sekisho/backend/policy"
	"sekisho/backend/store"
	"sekisho/backend/web"
)

// guardReserved applies the IP rules to the gateway's own pages
// (/_sekisho/…) as to every app behind it (SPEC section 6: the IP rules come
// first): an address they do not allow gets the deny page and
// X-Sekisho-Deny: ip_not_allowed, never a sign-in form to guess passwords
// at or a device request form. The refusal is logged like any other. With
// certBypassesIpRules on, a valid certificate passes here as it does for
// the apps, so a person it lets in from outside can still sign in or ask
// for a device where the apps require it.
func (h *Handler) guardReserved(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client := clientAddr(r)
		snap := h.state.Snapshot()
		if snap.IPAdmits(client, h.presentedCert(snap, r), h.now().Unix()) {
			limitFormBody(w, r)
			next.ServeHTTP(w, r)
			return
		}
		h.state.Access(store.AccessEntry{At: h.now(), ClientIP: client.String(), Method: r.Method, Path: truncate(r.URL.Path, 200),
			Decision: "deny", Reason: string(policy.IPNotAllowed)})
		h.deny(w, r, web.RequestLang(r), policy.IPNotAllowed)
	})
}

// maxFormBody bounds the body of the gateway's own forms (a user code, a
// password, a device name, a token: a few hundred bytes).
const maxFormBody = 16 << 10

// limitFormBody caps what the gateway's pages read of a body, and ignores
// any body that is not a URL-encoded form: the pages' forms never send
// multipart, and parsing one would spool up to 32 MB into memory and
// temporary files per request for nobody's benefit.
func limitFormBody(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
		r.Header.Del("Content-Type")
	}
}
