package httpapi_test

import (
	"slices"
	"testing"

	"sekisho/app"
)

// TestUsersListCertState (issue 12): the issuance picker filters users by
// their personal certificates server-side (未発行 / 有効 / 期限切れ / 失効, the
// best live certificate deciding), together with the group, so that paging
// and "everyone matching" see the same set.
func TestUsersListCertState(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256"}`, nil)
			ids := map[string]string{}
			for _, u := range []struct{ code, group string }{
				{"none1", "営業部"}, {"valid1", "営業部"}, {"expired1", "営業部"}, {"revoked1", "開発部"},
				{"valid2", "開発部"}, {"expired2", "開発部"}, {"deleted1", "営業部"}, {"disabled1", "営業部"},
			} {
				var got app.User
				must(t, call, "Users.Create", `{"code":"`+u.code+`","name":"`+u.code+`","group":"`+u.group+`"}`, &got)
				ids[u.code] = got.ID
			}
			issue := func(code, window string, enabled bool) app.Cert {
				t.Helper()
				var res app.IssuedPersonal
				en := "true"
				if !enabled {
					en = "false"
				}
				must(t, call, "Certs.IssuePersonal", `{"userIds":["`+ids[code]+`"],"enabled":`+en+window+`}`, &res)
				return res.Items[0].Cert
			}
			const past = `,"notBefore":"2020-01-01","notAfter":"2020-12-31"`
			revoke := func(c app.Cert) { must(t, call, "Certs.Revoke", `{"id":"`+c.ID+`","confirm":true}`, nil) }
			issue("valid1", "", true)
			issue("expired1", past, true)
			revoke(issue("revoked1", "", true))
			revoke(issue("valid2", "", true)) // an old revoked one and a valid one: valid
			issue("valid2", "", true)
			revoke(issue("expired2", "", true)) // revoked and expired: expired
			issue("expired2", past, true)
			del := issue("deleted1", "", true) // only a deleted one: none
			must(t, call, "Certs.Delete", `{"id":"`+del.ID+`","confirm":true}`, nil)
			issue("disabled1", "", false) // neither of the four
			// A shared certificate does not make anyone "issued".
			must(t, call, "Certs.IssueShared", `{"name":"Shared1","enabled":true}`, nil)

			codes := func(req string) []string {
				t.Helper()
				var page app.UserPage
				must(t, call, "Users.List", req, &page)
				out := []string{}
				for _, u := range page.Items {
					out = append(out, u.Code)
				}
				if page.Total != len(out) {
					t.Errorf("%s: total %d, items %d", req, page.Total, len(out))
				}
				return out
			}
			for _, tc := range []struct {
				name, req string
				want      []string
			}{
				{"ok/none", `{"certState":"none"}`, []string{"deleted1", "none1"}},
				{"ok/valid", `{"certState":"valid"}`, []string{"valid1", "valid2"}},
				{"ok/expired", `{"certState":"expired"}`, []string{"expired1", "expired2"}},
				{"ok/revoked", `{"certState":"revoked"}`, []string{"revoked1"}},
				{"ok/all", `{"certState":""}`, []string{"deleted1", "disabled1", "expired1", "expired2", "none1", "revoked1", "valid1", "valid2"}},
				{"ok/valid in group", `{"certState":"valid","group":"開発部"}`, []string{"valid2"}},
				{"ok/expired in group, active", `{"certState":"expired","group":"営業部","state":"active"}`, []string{"expired1"}},
				{"ok/none with a query", `{"certState":"none","query":"none"}`, []string{"none1"}},
			} {
				if got := codes(tc.req); !slices.Equal(got, tc.want) {
					t.Errorf("%s: %s = %v, want %v", tc.name, tc.req, got, tc.want)
				}
			}
			expect(t, call, "Users.List", `{"certState":"lost"}`, "invalid")

			// Select-all-matching paths honour it too.
			var chk app.RequireCertCheck
			must(t, call, "Users.RequireCertCheck", `{"all":true,"certState":"expired","group":"開発部"}`, &chk)
			if chk.Total != 1 {
				t.Errorf("RequireCertCheck over expired in 開発部: total %d, want 1", chk.Total)
			}
		})
	}
}
