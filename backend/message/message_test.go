package message

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	tmpl := "【氏名】様\nID: {loginId} / 【ログインID】\nURL: 【証明書DL画面URL】\nPW: {password}\n期限: 【有効期限】"
	got := Fill(tmpl, Vars{LoginID: "000419", Name: "安井 徳彦", URL: "https://192.0.2.1:7443/d/abc", Expiry: "2026-11-24 09:00"}, "（別途お知らせします）")
	want := "安井 徳彦様\nID: 000419 / 000419\nURL: https://192.0.2.1:7443/d/abc\nPW: （別途お知らせします）\n期限: 2026-11-24 09:00"
	if got != want {
		t.Errorf("Fill =\n%s\nwant\n%s", got, want)
	}
	// A value that looks like a tag is not expanded again.
	if got := Fill("{name}", Vars{Name: "{password}", Password: "secret"}, "-"); got != "{password}" {
		t.Errorf("nested expansion: %q", got)
	}
}

func TestMailto(t *testing.T) {
	m := Mailto("a+b@example.co.jp", "証明書 & 案内", "1行目\n2行目 a+b=c&d")
	u, err := url.Parse(m)
	if err != nil || u.Scheme != "mailto" {
		t.Fatalf("%q: %v", m, err)
	}
	if strings.Contains(m, "+") && !strings.Contains(m, "%2B") {
		t.Errorf("a raw + would read as a space: %s", m)
	}
	q, _ := url.ParseQuery(u.RawQuery)
	if q.Get("subject") != "証明書 & 案内" || q.Get("body") != "1行目\r\n2行目 a+b=c&d" {
		t.Errorf("round trip: subject=%q body=%q", q.Get("subject"), q.Get("body"))
	}
}

func TestCSV(t *testing.T) {
	b, err := CSV([]Row{{Code: "1", Name: "安井", Email: "y@example.jp", Subject: "件名", Body: "本文\n2行目, \"引用\""}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Error("no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][4] != "本文\n2行目, \"引用\"" {
		t.Errorf("read back: %v %q", err, recs)
	}
}

// TestCSVNeutralisesFormulas: a name or body that starts like a formula is
// written with an apostrophe in front, so Excel shows it as text.
func TestCSVNeutralisesFormulas(t *testing.T) {
	b, err := CSV([]Row{{Code: "@u1", Name: `=HYPERLINK("http://evil.example","x")`, Email: "-a@example.jp", Subject: "+1", Body: "\t=1+1"}})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("read back: %v %q", err, recs)
	}
	want := []string{"'@u1", `'=HYPERLINK("http://evil.example","x")`, "'-a@example.jp", "'+1", "'\t=1+1"}
	for i, cell := range recs[1] {
		if cell != want[i] {
			t.Errorf("cell %d = %q, want %q", i, cell, want[i])
		}
	}
}
