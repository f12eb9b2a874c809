// Package message fills notification templates (kaonavi's 置換タグ) and
// builds mailto: links and CSV exports of the filled messages.
package message

import (
	"bytes"
	"net/url"
	"strings"

	"sekisho/backend/csvcell"
)

// Vars are the values of the tags.
type Vars struct {
	LoginID  string
	Name     string
	URL      string
	Password string // the certificate password (the PKCS#12 secret)
	// Expiry is the certificate's last usable day (使用終了日), as a date.
	Expiry string
	// LinkExpiry is when the download link stops working, date and time.
	LinkExpiry string
	// SignInPassword and LoginURL are for the login guidance (ログイン案内).
	SignInPassword string
	LoginURL       string
	// PasswordReset says how to get a new sign-in password (kaonavi's
	// 【パスワード再発行】).
	PasswordReset string
}

// Tags lists each tag in its Japanese (seed) form and its English alias.
// The Japanese form is what the editor inserts and the defaults use; the
// English one is still filled, for templates saved with it.
var Tags = []struct {
	JA, EN string
	get    func(Vars) string
}{
	{"【ログインID】", "{loginId}", func(v Vars) string { return v.LoginID }},
	{"【氏名】", "{name}", func(v Vars) string { return v.Name }},
	{"【証明書DL画面URL】", "{url}", func(v Vars) string { return v.URL }},
	{"【証明書パスワード】", "{password}", func(v Vars) string { return v.Password }},
	{"【有効期限】", "{expiry}", func(v Vars) string { return v.Expiry }},
	{"【リンク有効期限】", "{linkExpiry}", func(v Vars) string { return v.LinkExpiry }},
	{"【パスワード】", "{signInPassword}", func(v Vars) string { return v.SignInPassword }},
	{"【ログインURL】", "{loginUrl}", func(v Vars) string { return v.LoginURL }},
	{"【パスワード再発行】", "{passwordReset}", func(v Vars) string { return v.PasswordReset }},
}

// Fill replaces every tag in tmpl with its value; a missing value becomes
// missing (e.g. "（別途お知らせします）"), never an empty hole.
func Fill(tmpl string, v Vars, missing string) string {
	pairs := make([]string, 0, 4*len(Tags))
	for _, t := range Tags {
		val := t.get(v)
		if val == "" {
			val = missing
		}
		pairs = append(pairs, t.JA, val, t.EN, val)
	}
	return strings.NewReplacer(pairs...).Replace(tmpl)
}

// Mailto builds a mailto: URL (RFC 6068) that opens the default mail client.
func Mailto(to, subject, body string) string {
	enc := func(s string) string {
		// RFC 6068 wants %20 for spaces and CRLF line breaks.
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
		return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	}
	return "mailto:" + strings.ReplaceAll(url.PathEscape(to), "+", "%2B") + "?subject=" + enc(subject) + "&body=" + enc(body)
}

// Row is one filled message for CSV export.
type Row struct {
	Code, Name, Email, Subject, Body string
}

// CSV writes rows as UTF-8 CSV with a BOM (Excel) and a Japanese header.
func CSV(rows []Row) ([]byte, error) {
	var buf bytes.Buffer
	buf.Write([]byte{0xEF, 0xBB, 0xBF})
	w := csvcell.NewWriter(&buf) // formula-like cells neutralised
	if err := w.Write([]string{"ユーザーコード", "氏名", "メールアドレス", "件名", "本文"}); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if err := w.Write([]string{r.Code, r.Name, r.Email, r.Subject, r.Body}); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
