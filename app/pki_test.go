package app

import (
	"testing"

	"sekisho/backend/model"
)

// TestIssueSpecFriendlyName: a personal certificate is named after its
// user (the code when the user has no name), a shared one after itself.
func TestIssueSpecFriendlyName(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec issueSpec
		want string
	}{
		{"ok/personal", issueSpec{name: "000419", kind: model.CertPersonal, user: model.User{Code: "000419", Name: "山田 太郎"}}, "山田 太郎"},
		{"ok/personal-without-name", issueSpec{name: "000419", kind: model.CertPersonal, user: model.User{Code: "000419"}}, "000419"},
		{"ok/shared", issueSpec{name: "Sales1", kind: model.CertShared}, "Sales1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.spec.friendlyName(); got != tc.want {
				t.Errorf("friendlyName() = %q, want %q", got, tc.want)
			}
		})
	}
}
