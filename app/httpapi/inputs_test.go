package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"sekisho/app"
	"sekisho/backend/csvcell"
	"sekisho/backend/store"
)

// apiError is an error as either transport reports it.
type apiError struct {
	Status               int // HTTP only
	Code, Message, Field string
}

// callErr calls a method that should fail and returns its error, in English.
func callErr(t *testing.T, f *fixture, transport, method, req string) apiError {
	t.Helper()
	if transport == "http" {
		status, body := f.post(t, method, req, token, "en")
		var e struct{ Error apiError }
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("%s: status %d, body %.200s", method, status, body)
		}
		e.Error.Status = status
		return e.Error
	}
	svc, name, _ := strings.Cut(method, ".")
	v := reflect.ValueOf(f.services.Bind()[svc]).MethodByName(name)
	arg := reflect.New(v.Type().In(0))
	if err := json.Unmarshal([]byte(req), arg.Interface()); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	out := v.Call([]reflect.Value{arg.Elem()})
	err, _ := out[1].Interface().(error)
	if err == nil {
		return apiError{}
	}
	var e apiError
	if jerr := json.Unmarshal([]byte(err.Error()), &e); jerr != nil {
		t.Fatalf("%s: %q", method, err.Error())
	}
	return e
}

func wantInvalid(t *testing.T, f *fixture, transport, method, req, field string) apiError {
	t.Helper()
	e := callErr(t, f, transport, method, req)
	if e.Code != "invalid" || e.Field != field || e.Message == "" || (transport == "http" && e.Status != 400) {
		t.Errorf("%s %.120s: %+v, want 400 invalid on %q", method, req, e, field)
	}
	return e
}

// TestListInputLimits: a 50,000-byte search text is a 400 that names its
// field (it was a 500: SQLite refuses LIKE patterns that long), and so is a
// page of 2^62 (it wrapped round to page 1).
func TestListInputLimits(t *testing.T) {
	long := strings.Repeat("x", 50000)
	searches := []struct{ method, field string }{
		{"Users.List", "query"}, {"Users.List", "group"}, {"Users.List", "certName"},
		{"Users.ExportCSV", "query"}, {"Certs.List", "query"},
		{"Devices.List", "query"}, {"Devices.List", "deviceName"}, {"Devices.List", "os"},
		{"Devices.Unrequested", "query"},
		{"Access.List", "userCode"}, {"Access.List", "reason"}, {"Access.List", "clientIp"}, {"Access.List", "route"},
		{"Access.ExportCSV", "userCode"}, {"History.List", "targetType"},
	}
	pages := []string{"Users.List", "Certs.List", "Devices.List", "Devices.Unrequested", "Access.List", "History.List"}
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[tr]
			// Rows to match: SQLite checks a LIKE pattern's length only
			// when it compares one (then: "LIKE or GLOB pattern too
			// complex", a 500).
			var u app.User
			must(t, call, "Users.Create", `{"code":"s1","name":"S"}`, &u)
			must(t, call, "Users.SetRequireDevice", `{"ids":["`+u.ID+`"],"enabled":true}`, nil)
			must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256"}`, nil)
			must(t, call, "Certs.IssueShared", `{"name":"Sales1","enabled":true}`, nil)
			must(t, call, "Users.Create", `{"code":"s2","name":"T"}`, nil)
			if _, err := f.db.CreateDevice(context.Background(), store.Device{UserID: mustID(t, u.ID), TokenHash: "h-" + tr, Name: "PC", OS: "Windows"}); err != nil {
				t.Fatal(err)
			}
			if err := f.db.InsertAccess(context.Background(), []store.AccessEntry{{At: time.Now(), ClientIP: "192.0.2.9", UserCode: "s1", Decision: "allow"}}); err != nil {
				t.Fatal(err)
			}
			for _, s := range searches {
				e := wantInvalid(t, f, tr, s.method, `{"`+s.field+`":"`+long+`"}`, s.field)
				if !strings.Contains(e.Message, "200") {
					t.Errorf("%s %s: message %q does not give the limit", s.method, s.field, e.Message)
				}
				wantInvalid(t, f, tr, s.method, `{"`+s.field+`":"a\u0000b"}`, s.field)
				// 200 characters (600 bytes) are fine.
				must(t, call, s.method, `{"`+s.field+`":"`+strings.Repeat("検", 200)+`"}`, nil)
			}
			for _, m := range pages {
				wantInvalid(t, f, tr, m, `{"page":4611686018427387904}`, "page")
				wantInvalid(t, f, tr, m, `{"page":10000001}`, "page")
				must(t, call, m, `{"page":10000000}`, nil)
			}
		})
	}
}

// TestTextFieldsRefuseControlChars: a NUL (or another control character)
// in a text field is refused with the field named, and nothing changes.
func TestTextFieldsRefuseControlChars(t *testing.T) {
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[tr]
			var before app.SettingsData
			must(t, call, "Settings.Get", `{}`, &before)
			wantInvalid(t, f, tr, "Settings.Update", `{"organizationName":"関所\u0000商事"}`, "organizationName")
			wantInvalid(t, f, tr, "Settings.Update", `{"organizationName":"関所\t商事"}`, "organizationName")
			wantInvalid(t, f, tr, "Settings.Update", `{"messageSubject":"a\u0007b"}`, "messageSubject")
			wantInvalid(t, f, tr, "Settings.Update", `{"loginSubject":"a\tb"}`, "loginSubject")
			e := wantInvalid(t, f, tr, "Settings.Update", `{"messageTemplate":"a\u0000b"}`, "messageTemplate")
			if !strings.Contains(e.Message, "line breaks and tabs are") {
				t.Errorf("template message %q", e.Message)
			}
			wantInvalid(t, f, tr, "Settings.Update", `{"organizationName":"OK","loginTemplate":"x\u001by"}`, "loginTemplate")
			var after app.SettingsData
			must(t, call, "Settings.Get", `{}`, &after)
			if !reflect.DeepEqual(after, before) {
				t.Errorf("a refused update changed the settings: %+v", after)
			}
			must(t, call, "Settings.Update", `{"messageTemplate":"行1\r\n行2\t{name}"}`, &after)

			wantInvalid(t, f, tr, "IPRules.Create", `{"name":"LAN","description":"a\u0000","address":"192.0.2.0/24","enabled":false}`, "description")
			wantInvalid(t, f, tr, "Routes.Create", `{"name":"NAS\u0000","upstream":"http://192.0.2.10","enabled":true}`, "name")
			wantInvalid(t, f, tr, "Routes.Create", `{"name":"NAS","pathPrefix":"/a\u0000","upstream":"http://192.0.2.10","enabled":true}`, "pathPrefix")
			var u app.User
			must(t, call, "Users.Create", `{"code":"m1","name":"M"}`, &u)
			wantInvalid(t, f, tr, "Messages.Render", `{"template":"x\u0000","items":[{"userId":"`+u.ID+`"}]}`, "template")
			wantInvalid(t, f, tr, "Messages.Render", `{"subject":"x\ny","items":[{"userId":"`+u.ID+`"}]}`, "subject")
			var sh app.IssuedCert
			must(t, call, "Settings.Update", `{"keyAlgorithm":"ecdsa-p256"}`, nil)
			must(t, call, "Certs.IssueShared", `{"name":"Sales1","enabled":true}`, &sh)
			wantInvalid(t, f, tr, "Certs.Revoke", `{"id":"`+sh.Cert.ID+`","reason":"a\u0000","confirm":true}`, "reason")

			// User codes of dots alone would be folders in the bulk zip.
			for _, code := range []string{".", "..", "..."} {
				e := wantInvalid(t, f, tr, "Users.Create", `{"code":"`+code+`","name":"X"}`, "code")
				if !strings.Contains(e.Message, "dots") {
					t.Errorf("code %q: message %q", code, e.Message)
				}
			}
			var page app.UserPage
			must(t, call, "Users.List", `{}`, &page)
			if page.Total != 1 {
				t.Errorf("refused users were created: %+v", page)
			}
		})
	}
}

// TestExportsNeutraliseFormulas: every CSV export writes a cell that would
// start a formula with an apostrophe in front, and the users export imports
// back to the same values.
func TestExportsNeutraliseFormulas(t *testing.T) {
	for _, tr := range []string{"wails", "http"} {
		t.Run(tr, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[tr]
			want := map[string]app.User{}
			for _, u := range []string{
				`{"code":"-u1","name":"=HYPERLINK(\"http://evil.example/\",\"click\")","email":"=a@example.com","phone":"+81 90 1234 5678","group":"@group"}`,
				`{"code":"@u2","name":"+1+1","email":"-b@example.com","group":"-2+3"}`,
				`{"code":"u3","name":"@SUM(1+1)","group":"'=quoted"}`,
			} {
				var got app.User
				must(t, call, "Users.Create", u, &got)
				want[got.Code] = got
			}
			cells := func(method, req string) [][]string {
				t.Helper()
				var file app.FileResult
				must(t, call, method, req, &file)
				data, _ := base64.StdEncoding.DecodeString(file.DataBase64)
				recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
				if err != nil {
					t.Fatalf("%s: %v", method, err)
				}
				for i, rec := range recs {
					for j, c := range rec {
						if c != "" && strings.ContainsAny(c[:1], "=+-@\t\r") {
							t.Errorf("%s: line %d cell %d = %q starts a formula", method, i+1, j+1, c)
						}
					}
				}
				return recs
			}

			users := cells("Users.ExportCSV", `{}`)
			if len(users) != 4 || users[1][1] != `'=HYPERLINK("http://evil.example/","click")` {
				t.Fatalf("users export: %q", users)
			}
			var file app.FileResult
			must(t, call, "Users.ExportCSV", `{}`, &file)
			var res app.ImportResult
			must(t, call, "Users.ImportCSV", `{"csvBase64":"`+file.DataBase64+`"}`, &res)
			if len(res.Errors) != 0 {
				t.Fatalf("the export does not import back: %+v", res)
			}
			var page app.UserPage
			must(t, call, "Users.List", `{}`, &page)
			for _, got := range page.Items {
				w := want[got.Code]
				if got.Name != w.Name || got.Email != w.Email || got.Phone != w.Phone || got.Group != w.Group {
					t.Errorf("after the round trip %+v, want %+v", got, w)
				}
			}

			if err := f.db.InsertAccess(context.Background(), []store.AccessEntry{{At: time.Now(), ClientIP: "192.0.2.9", UserCode: "@u2",
				Device: `=HYPERLINK("http://evil.example/","PC")`, Route: "-", Method: "GET", Path: "/", Decision: "deny", Reason: "device_pending"}}); err != nil {
				t.Fatal(err)
			}
			access := cells("Access.ExportCSV", `{}`)
			if len(access) != 2 || csvcell.Unescape(access[1][4]) != `=HYPERLINK("http://evil.example/","PC")` || access[1][2] != "'@u2" {
				t.Errorf("access export: %q", access)
			}

			cells("Messages.ExportCSV", `{"template":"=1+1","subject":"@x","items":[{"userId":"`+want["-u1"].ID+`"}]}`)
		})
	}
}
