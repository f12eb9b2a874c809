package gateway

import (
	"net/http"

	"sekisho/backend/policy"
	"sekisho/backend/store"
	"sekisho/backend/web"
)

// guardReserved applies the IP rules to the gateway's own pages
// (/_sekisho/…) as to every app behind it (SPEC section 6: the IP rules come
// first): an address they do not allow gets the deny page and
// X-Sekisho-Deny: ip_not_allowed, never a sign-in form to guess passwords
// at or a device request form. The refusal is logged like any other.
func (h *Handler) guardReserved(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client := clientAddr(r)
		if h.state.Snapshot().IPAllowed(client) {
			next.ServeHTTP(w, r)
			return
		}
		h.state.Access(store.AccessEntry{At: h.now(), ClientIP: client.String(), Method: r.Method, Path: truncate(r.URL.Path, 200),
			Decision: "deny", Reason: string(policy.IPNotAllowed)})
		h.deny(w, r, web.RequestLang(r), policy.IPNotAllowed)
	})
}
