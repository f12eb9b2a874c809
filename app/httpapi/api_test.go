package httpapi_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"sekisho/app"
	"sekisho/app/httpapi"
	"sekisho/backend/config"
	"sekisho/backend/engine"
	"sekisho/backend/i18n"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

const token = "test-token-0123456789"

// transport calls a method by name with a JSON request and returns the
// error code ("" on success) and the JSON result.
type transport func(t *testing.T, method string, req string) (code string, result json.RawMessage)

type fixture struct {
	db       *store.DB
	env      *app.Env
	services *app.Services
	api      *httpapi.API
	srv      *httptest.Server
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	return newFixtureWith(tb, nil)
}

// newFixtureWith is newFixture with the engine's configuration and options
// changed by adjust (when not nil) before it starts.
func newFixtureWith(tb testing.TB, adjust func(*config.Config, *engine.Options)) *fixture {
	tb.Helper()
	ctx := context.Background()
	env := app.NewEnv(nil, app.ModeServe, i18n.EN)
	key, _ := secret.NewKey()
	cfg := config.Config{DataDir: tb.TempDir(), Portal: "127.0.0.1:0", Gateway: "127.0.0.1:0", Download: "127.0.0.1:0", PublicHost: "127.0.0.1", MasterKey: hex.EncodeToString(key)}
	opt := engine.Options{Init: func(e *engine.Engine) error { return env.Use(ctx, e) }}
	if adjust != nil {
		adjust(&cfg, &opt)
	}
	eng, err := engine.Start(ctx, cfg, opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { eng.Close(context.Background()) })
	db := eng.DB
	services := app.NewServices(env)
	api, err := httpapi.New(services.Bind(), token, env.Lang, env.Log)
	if err != nil {
		tb.Fatal(err)
	}
	ui := fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Sekisho</title>")}, "assets/app.js": {Data: []byte("//js")}}
	srv := httptest.NewServer(httpapi.AdminHandler(api, ui))
	tb.Cleanup(srv.Close)
	return &fixture{db: db, env: env, services: services, api: api, srv: srv}
}

// direct calls the Go method the way Wails does: JSON-decode the single
// argument, call, and parse the error string back into {code, message}.
func (f *fixture) direct(t *testing.T, method, req string) (string, json.RawMessage) {
	t.Helper()
	svc, name, _ := strings.Cut(method, ".")
	v := reflect.ValueOf(f.services.Bind()[svc]).MethodByName(name)
	if !v.IsValid() {
		t.Fatalf("no method %s", method)
	}
	arg := reflect.New(v.Type().In(0))
	if err := json.Unmarshal([]byte(req), arg.Interface()); err != nil {
		return "invalid", nil
	}
	out := v.Call([]reflect.Value{arg.Elem()})
	if err, _ := out[1].Interface().(error); err != nil {
		var e struct{ Code, Message, Field string }
		if jerr := json.Unmarshal([]byte(err.Error()), &e); jerr != nil || e.Message == "" {
			t.Fatalf("%s: error is not the JSON the frontend parses: %q", method, err.Error())
		}
		return e.Code, nil
	}
	b, _ := json.Marshal(out[0].Interface())
	return "", b
}

func (f *fixture) http(t *testing.T, method, req string) (string, json.RawMessage) {
	t.Helper()
	status, body := f.post(t, method, req, token, "")
	if status == 200 {
		return "", body
	}
	var e struct {
		Error struct{ Code, Message, Field string } `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Message == "" {
		t.Fatalf("%s: status %d with body %s", method, status, body)
	}
	if want := httpapi.Status(model.Code(e.Error.Code)); status != want {
		t.Errorf("%s: status %d for code %s, want %d", method, status, e.Error.Code, want)
	}
	return e.Error.Code, nil
}

func (f *fixture) post(t *testing.T, method, req, tok, lang string) (int, []byte) {
	t.Helper()
	r, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/api/"+method, strings.NewReader(req))
	if tok != "" {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	if lang != "" {
		r.Header.Set("Accept-Language", lang)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func transports(f *fixture) map[string]transport {
	return map[string]transport{"wails": f.direct, "http": f.http}
}

func must(t *testing.T, call transport, method, req string, out any) {
	t.Helper()
	code, res := call(t, method, req)
	if code != "" {
		t.Fatalf("%s %s: error %s", method, req, code)
	}
	if out != nil {
		if err := json.Unmarshal(res, out); err != nil {
			t.Fatal(err)
		}
	}
}

func expect(t *testing.T, call transport, method, req, wantCode string) {
	t.Helper()
	if code, _ := call(t, method, req); code != wantCode {
		t.Errorf("%s %s: code %q, want %q", method, req, code, wantCode)
	}
}

func TestUsersBothTransports(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			var u app.User
			must(t, call, "Users.Create", `{"code":"000419","name":" 安井 徳彦 ","email":"yasui@example.co.jp","group":"営業部"}`, &u)
			if u.ID == "" || u.Name != "安井 徳彦" || u.Group != "営業部" {
				t.Fatalf("created %+v", u)
			}
			expect(t, call, "Users.Create", `{"code":"000419","name":"dup"}`, "conflict")
			expect(t, call, "Users.Create", `{"code":"x y","name":"A"}`, "invalid")
			expect(t, call, "Users.Create", `{"code":"a1","name":"A","email":"nope"}`, "invalid")
			expect(t, call, "Users.Create", `{"code":"a1","name":""}`, "invalid")

			var got app.User
			must(t, call, "Users.Get", `{"id":"`+u.ID+`"}`, &got)
			if got.Code != "000419" {
				t.Errorf("Get = %+v", got)
			}
			expect(t, call, "Users.Get", `{"id":"999"}`, "not_found")
			expect(t, call, "Users.Get", `{"id":"abc"}`, "invalid")

			must(t, call, "Users.Update", `{"id":"`+u.ID+`","phone":"090-1234-5678"}`, &got)
			if got.Phone != "090-1234-5678" || got.Email != "yasui@example.co.jp" {
				t.Errorf("Update kept omitted fields? %+v", got)
			}
			expect(t, call, "Users.Update", `{"id":"999","name":"x"}`, "not_found")
			expect(t, call, "Users.Update", `{"id":"`+u.ID+`","phone":"call me"}`, "invalid")

			var b app.User
			must(t, call, "Users.Create", `{"code":"b1","name":"B"}`, &b)
			var ch app.Changed
			must(t, call, "Users.SetSuspended", `{"ids":["`+u.ID+`","`+b.ID+`"],"suspended":true}`, &ch)
			if ch.Changed != 2 {
				t.Errorf("SetSuspended changed %d", ch.Changed)
			}
			expect(t, call, "Users.SetSuspended", `{"ids":[],"suspended":true}`, "invalid")
			expect(t, call, "Users.SetSuspended", `{"ids":["12345"],"suspended":true}`, "not_found")

			var page app.UserPage
			must(t, call, "Users.List", `{"state":"suspended","pageSize":10}`, &page)
			if page.Total != 2 || page.PageSize != 10 || page.Page != 1 {
				t.Errorf("List = %+v", page)
			}
			must(t, call, "Users.List", `{"query":"安井"}`, &page)
			if page.Total != 1 || page.Items[0].Code != "000419" {
				t.Errorf("search = %+v", page)
			}
			expect(t, call, "Users.List", `{"pageSize":7}`, "invalid")
			expect(t, call, "Users.List", `{"state":"sleeping"}`, "invalid")

			must(t, call, "Users.SetRequireCert", `{"ids":["`+u.ID+`"],"enabled":true}`, &ch)
			expect(t, call, "Users.SetRequireDevice", `{"ids":["`+u.ID+`","`+b.ID+`"],"enabled":true}`, "conflict")

			var pw app.PasswordResult
			must(t, call, "Users.ResetPassword", `{"id":"`+b.ID+`"}`, &pw)
			id := mustID(t, b.ID)
			hash, _ := f.db.PasswordHash(context.Background(), id)
			if len(pw.Password) < 12 || !secret.VerifyPassword(hash, pw.Password) {
				t.Errorf("password %q does not verify against the stored hash", pw.Password)
			}
			expect(t, call, "Users.ResetPassword", `{"id":"999"}`, "not_found")

			var groups app.Groups
			must(t, call, "Users.Groups", `{}`, &groups)
			if len(groups.Items) != 1 || groups.Items[0] != "営業部" {
				t.Errorf("Groups = %+v", groups)
			}

			must(t, call, "Users.Delete", `{"ids":["`+b.ID+`"]}`, &ch)
			expect(t, call, "Users.Delete", `{"ids":["`+b.ID+`"]}`, "not_found")

			var hist app.HistoryPage
			must(t, call, "History.List", `{"pageSize":50}`, &hist)
			if hist.Total < 7 || hist.Items[0].Action != "user.delete" {
				t.Errorf("history total=%d newest=%+v", hist.Total, hist.Items[0])
			}
			expect(t, call, "History.List", `{"page":-1}`, "invalid")
		})
	}
}

func mustID(t *testing.T, s string) int64 {
	var id int64
	if _, err := fmt.Sscan(s, &id); err != nil {
		t.Fatal(err)
	}
	return id
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestImportExportBothTransports(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			must(t, call, "Users.Create", `{"code":"u1","name":"Old"}`, nil)

			bad := "code,name,email\nu1,New,\n,NoCode,\nu3,C,bad@\n"
			var res app.ImportResult
			must(t, call, "Users.ImportCSV", `{"csvBase64":"`+b64(bad)+`"}`, &res)
			if len(res.Errors) != 2 || res.Errors[0].Line != 3 || res.Errors[1].Line != 4 || res.Created+res.Updated != 0 {
				t.Fatalf("bad import = %+v", res)
			}
			if !strings.Contains(res.Errors[1].Message, "Email") {
				t.Errorf("message %q does not name the column", res.Errors[1].Message)
			}
			var page app.UserPage
			must(t, call, "Users.List", `{}`, &page)
			if page.Total != 1 || page.Items[0].Name != "Old" {
				t.Fatalf("a bad file changed users: %+v", page)
			}

			good := "\ufeffユーザーコード,氏名,状態\r\nu1,New,利用停止\r\nu2,Two,\r\n"
			must(t, call, "Users.ImportCSV", `{"csvBase64":"`+b64(good)+`","dryRun":true}`, &res)
			if res.Created != 1 || res.Updated != 1 || len(res.Preview) != 2 || res.Preview[0].Action != "update" || res.Preview[0].State != "suspended" {
				t.Fatalf("dry run = %+v", res)
			}
			must(t, call, "Users.List", `{}`, &page)
			if page.Total != 1 {
				t.Fatal("dry run wrote users")
			}
			must(t, call, "Users.ImportCSV", `{"csvBase64":"`+b64(good)+`"}`, &res)
			if res.Created != 1 || res.Updated != 1 {
				t.Fatalf("import = %+v", res)
			}
			must(t, call, "Users.List", `{"state":"suspended"}`, &page)
			if page.Total != 1 || page.Items[0].Name != "New" {
				t.Errorf("after import: %+v", page)
			}
			// Columns the file lacks leave existing values alone.
			var withMail app.User
			must(t, call, "Users.Create", `{"code":"m1","name":"M","email":"m@example.co.jp","group":"営業部"}`, &withMail)
			must(t, call, "Users.ImportCSV", `{"csvBase64":"`+b64("code,name\r\nM1,M2\r\n")+`"}`, &res)
			must(t, call, "Users.Get", `{"id":"`+withMail.ID+`"}`, &withMail)
			if withMail.Name != "M2" || withMail.Email != "m@example.co.jp" || withMail.Group != "営業部" {
				t.Errorf("import without email/group columns changed them: %+v", withMail)
			}
			expect(t, call, "Users.ImportCSV", `{"csvBase64":"%%%"}`, "invalid")
			expect(t, call, "Users.ImportCSV", `{"csvBase64":""}`, "invalid")

			var file app.FileResult
			must(t, call, "Users.ExportCSV", `{"encoding":"sjis"}`, &file)
			data, _ := base64.StdEncoding.DecodeString(file.DataBase64)
			if !strings.HasSuffix(file.Filename, ".csv") || bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || len(data) == 0 {
				t.Errorf("sjis export %s %q", file.Filename, data)
			}
			// The export imports back unchanged.
			must(t, call, "Users.ImportCSV", `{"csvBase64":"`+file.DataBase64+`","dryRun":true}`, &res)
			if len(res.Errors) != 0 || res.Updated != 3 {
				t.Errorf("export does not import back: %+v", res)
			}
			expect(t, call, "Users.ExportCSV", `{"encoding":"latin1"}`, "invalid")
		})
	}
}

func TestSettingsAndSystem(t *testing.T) {
	for _, name := range []string{"wails", "http"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			call := transports(f)[name]
			var s app.SettingsData
			must(t, call, "Settings.Update", `{"language":"ja","organizationName":"関所商事"}`, &s)
			if s.Language != "ja" || s.EffectiveLanguage != "ja" || s.OrganizationName != "関所商事" {
				t.Errorf("Update = %+v", s)
			}
			must(t, call, "Settings.Get", `{}`, &s)
			if s.OrganizationName != "関所商事" {
				t.Errorf("Get = %+v", s)
			}
			expect(t, call, "Settings.Update", `{"language":"fr"}`, "invalid")
			expect(t, call, "Settings.Update", `{"organizationName":"`+strings.Repeat("x", 65)+`"}`, "invalid")
			var info app.SystemInfo
			must(t, call, "System.Info", `{}`, &info)
			if info.Mode != "serve" {
				t.Errorf("Info = %+v", info)
			}
			expect(t, call, "System.SaveFile", `{"filename":"a.csv","dataBase64":""}`, "unsupported")
		})
	}
}

func TestHTTPBoundary(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name       string
		method     string
		body       string
		tok        string
		wantStatus int
		wantCode   string
	}{
		{"fail/no token", "Users.List", `{}`, "", 401, "unauthorized"},
		{"fail/wrong token", "Users.List", `{}`, "nope", 401, "unauthorized"},
		{"fail/unknown method", "Users.Explode", `{}`, token, 404, "not_found"},
		{"fail/unknown service", "Nope.List", `{}`, token, 404, "not_found"},
		{"fail/bad json", "Users.List", `{"page":`, token, 400, "invalid"},
		{"fail/wrong type", "Users.List", `{"page":"one"}`, token, 400, "invalid"},
		{"fail/unknown field", "Users.Create", `{"code":"a","name":"b","shoe":1}`, token, 400, "invalid"},
		{"fail/trailing data", "Users.List", `{} {}`, token, 400, "invalid"},
		{"ok/empty body is {}", "Users.List", ``, token, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.post(t, tc.method, tc.body, tc.tok, "")
			if status != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", status, tc.wantStatus, body)
			}
			if tc.wantCode != "" && !strings.Contains(string(body), `"code":"`+tc.wantCode+`"`) {
				t.Errorf("body %s, want code %s", body, tc.wantCode)
			}
		})
	}
	t.Run("fail/field named", func(t *testing.T) {
		_, body := f.post(t, "Users.Create", `{"code":"a","name":"b","shoe":1}`, token, "")
		if !strings.Contains(string(body), `"field":"shoe"`) {
			t.Errorf("body %s does not name the field", body)
		}
	})
	t.Run("ok/language per request", func(t *testing.T) {
		_, ja := f.post(t, "Users.Create", `{"code":"","name":"b"}`, token, "ja-JP,ja;q=0.9")
		_, en := f.post(t, "Users.Create", `{"code":"","name":"b"}`, token, "en-US")
		if !strings.Contains(string(ja), "ユーザーコードを入力してください") || !strings.Contains(string(en), "Enter a user code") {
			t.Errorf("ja=%s en=%s", ja, en)
		}
	})
	t.Run("ok/result text in the request's language", func(t *testing.T) {
		body := `{"csvBase64":"` + b64("code,name\n,x\n") + `"}`
		_, ja := f.post(t, "Users.ImportCSV", body, token, "ja")
		_, en := f.post(t, "Users.ImportCSV", body, token, "en")
		if !strings.Contains(string(ja), "ユーザーコードを入力してください") || !strings.Contains(string(en), "Enter a user code") {
			t.Errorf("ja=%s en=%s", ja, en)
		}
	})
	t.Run("fail/GET", func(t *testing.T) {
		r, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/Users.List", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 {
			t.Errorf("GET status %d, want 405", resp.StatusCode)
		}
	})
	t.Run("ok/healthz and UI", func(t *testing.T) {
		for path, want := range map[string]string{"/healthz": "ok", "/": "<title>Sekisho", "/users": "<title>Sekisho", "/assets/app.js": "//js"} {
			resp, err := http.Get(f.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
				t.Errorf("GET %s = %d %q", path, resp.StatusCode, body)
			}
			if resp.Header.Get("Content-Security-Policy") == "" {
				t.Errorf("GET %s has no CSP", path)
			}
		}
	})
	t.Run("fail/foreign Host (DNS rebinding)", func(t *testing.T) {
		r, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/healthz", nil)
		r.Host = "evil.example:80"
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
	})
}

// TestEveryMethodServed checks that the dispatcher serves exactly the bound
// methods (one code path, two transports) and that docs/api.md lists each.
func TestEveryMethodServed(t *testing.T) {
	f := newFixture(t)
	var want []string
	for name, svc := range f.services.Bind() {
		typ := reflect.TypeOf(svc)
		for i := 0; i < typ.NumMethod(); i++ {
			want = append(want, name+"."+typ.Method(i).Name)
		}
	}
	got := f.api.Methods()
	if len(got) != len(want) {
		t.Fatalf("served %v, bound %v", got, want)
	}
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range got {
		if !strings.Contains(string(doc), "`"+m+"`") {
			t.Errorf("docs/api.md does not document %s", m)
		}
	}
}

func TestNewRejectsBadSignatures(t *testing.T) {
	if _, err := httpapi.New(map[string]any{"Bad": &badService{}}, token, func() i18n.Lang { return i18n.EN }, nil); err == nil {
		t.Error("New accepted a method without a request struct")
	}
	if _, err := httpapi.New(map[string]any{}, "", func() i18n.Lang { return i18n.EN }, nil); err == nil {
		t.Error("New accepted an empty token")
	}
}

type badService struct{}

func (*badService) Do(n int) (int, error) { return n, nil }

// BenchmarkUsersList10k measures Users.List over the real HTTP transport with
// 10,000 users: decode, query, encode (docs/performance.md).
func BenchmarkUsersList10k(b *testing.B) {
	f := newFixture(b)
	var sb strings.Builder
	sb.WriteString("code,name,email,group\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&sb, "%06d,社員 %05d,user%d@example.co.jp,%s\n", i, i, i, []string{"営業部", "総務部", "開発部", "関東支店"}[i%4])
	}
	res, err := f.services.Users.ImportCSV(app.ImportRequest{CSVBase64: b64(sb.String())})
	if err != nil || res.Created != 10000 {
		b.Fatalf("seed: %v %+v", err, res.Errors)
	}
	client := f.srv.Client()
	for _, c := range []struct{ name, req string }{
		{"first-page-20", `{}`},
		{"page-100-of-100", `{"page":100,"pageSize":100}`},
		{"search-name", `{"query":"社員 09"}`},
		{"group-active-50", `{"group":"開発部","state":"active","pageSize":50}`},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				r, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/api/Users.List", strings.NewReader(c.req))
				r.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(r)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
