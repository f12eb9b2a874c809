// Package httpapi serves the app's services over HTTP for serve mode: one
// generic dispatcher maps POST /api/<Service>.<Method> onto the same Go
// methods that Wails binds in the desktop window. No per-method routes.
package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"sekisho/app"
	"sekisho/backend/i18n"
	"sekisho/backend/model"
	"sekisho/backend/secret"
)

// MaxBody bounds a request body: a 16 MB CSV in base64 fits.
const MaxBody = 24 << 20

// MaxRestoreBody bounds System.Restore's body: a backup of 10,000 users
// and certificates is about 41 MiB, 55 MiB in base64.
const MaxRestoreBody = 400 << 20

// method is one callable service method.
type method struct {
	fn  reflect.Value
	arg reflect.Type
}

// API is the dispatcher.
type API struct {
	methods map[string]method
	token   string
	lang    func() i18n.Lang
	log     *slog.Logger
	events  events // GET /api/events (events.go)
}

var errorType = reflect.TypeFor[error]()

// New builds the dispatcher over services (name → pointer to service
// struct). Every exported method must have the form func(Req) (Res, error)
// with Req a struct: the desktop frontend calls each binding with exactly one
// argument, so both transports see the same shape. Any other exported method
// is a programming error and makes New fail.
func New(services map[string]any, token string, lang func() i18n.Lang, log *slog.Logger) (*API, error) {
	if token == "" {
		return nil, errors.New("httpapi: empty admin token")
	}
	a := &API{methods: map[string]method{}, token: token, lang: lang, log: log}
	for name, svc := range services {
		v := reflect.ValueOf(svc)
		t := v.Type()
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			ft := m.Type // includes the receiver
			if ft.NumIn() != 2 || ft.In(1).Kind() != reflect.Struct || ft.NumOut() != 2 || ft.Out(1) != errorType {
				return nil, fmt.Errorf("httpapi: %s.%s is %s, want func(RequestStruct) (Result, error)", name, m.Name, ft)
			}
			a.methods[name+"."+m.Name] = method{fn: v.Method(i), arg: ft.In(1)}
		}
	}
	return a, nil
}

// Methods lists every served method, sorted (for docs and tests).
func (a *API) Methods() []string {
	out := make([]string, 0, len(a.methods))
	for k := range a.methods {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ServeHTTP serves POST /api/<Service>.<Method>.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	lang := a.requestLang(r)
	fail := func(status int, e *model.Error) {
		writeError(w, status, &app.Error{Code: e.Code, Message: i18n.T(lang, e.Key, e.Params), Field: e.Field})
	}
	if !a.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sekisho"`)
		fail(http.StatusUnauthorized, &model.Error{Code: model.CodeUnauthorized, Key: "error.unauthorized"})
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/api/")
	m, ok := a.methods[name]
	if !ok {
		fail(http.StatusNotFound, &model.Error{Code: model.CodeNotFound, Key: "error.unknown_method", Params: map[string]any{"method": name}})
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		fail(http.StatusMethodNotAllowed, &model.Error{Code: model.CodeInvalid, Key: "error.method_not_allowed"})
		return
	}
	limit := int64(MaxBody)
	if name == "System.Restore" {
		limit = MaxRestoreBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		fail(http.StatusRequestEntityTooLarge, &model.Error{Code: model.CodeInvalid, Key: "error.body_too_large", Params: map[string]any{"max": fmt.Sprintf("%d MB", limit>>20)}})
		return
	}
	req := reflect.New(m.arg)
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(req.Interface()); err != nil {
			fail(http.StatusBadRequest, &model.Error{Code: model.CodeInvalid, Key: "error.bad_json", Params: map[string]any{"detail": jsonDetail(err)}, Field: jsonField(err)})
			return
		}
		if dec.More() {
			fail(http.StatusBadRequest, &model.Error{Code: model.CodeInvalid, Key: "error.bad_json", Params: map[string]any{"detail": "trailing data"}})
			return
		}
	}
	// Requests that embed app.Localized get the request's language.
	if f := req.Elem().FieldByName("Lang"); f.IsValid() && f.CanSet() && f.Type() == reflect.TypeFor[i18n.Lang]() {
		f.Set(reflect.ValueOf(lang))
	}
	out := m.fn.Call([]reflect.Value{req.Elem()})
	if errv := out[1]; !errv.IsNil() {
		a.writeCallError(w, errv.Interface().(error), lang)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(out[0].Interface())
}

// requestLang is the language of r's answers: its Accept-Language, else
// the app's.
func (a *API) requestLang(r *http.Request) i18n.Lang {
	if l, ok := i18n.Parse(r.Header.Get("Accept-Language")); ok {
		return l
	}
	return a.lang()
}

// fail writes e in r's language.
func (a *API) fail(w http.ResponseWriter, r *http.Request, status int, e *model.Error) {
	writeError(w, status, &app.Error{Code: e.Code, Message: i18n.T(a.requestLang(r), e.Key, e.Params), Field: e.Field})
}

func (a *API) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	return ok && secret.Equal(strings.TrimSpace(tok), a.token)
}

// writeCallError writes a service's error in the request's language.
func (a *API) writeCallError(w http.ResponseWriter, err error, lang i18n.Lang) {
	var pe *app.Error
	if !errors.As(err, &pe) {
		a.log.Error("service returned a non-public error", "err", err)
		pe = &app.Error{Code: model.CodeInternal, Message: i18n.T(lang, "error.internal", nil)}
	}
	writeError(w, Status(pe.Code), pe.Render(lang))
}

// Status maps an error code to its HTTP status (CONTRACT.md).
func Status(c model.Code) int {
	switch c {
	case model.CodeInvalid, model.CodeUnsupported:
		return http.StatusBadRequest
	case model.CodeUnauthorized:
		return http.StatusUnauthorized
	case model.CodeNotFound:
		return http.StatusNotFound
	case model.CodeConflict, model.CodeConfirm:
		return http.StatusConflict
	default:
		return http.StatusInternalServerError
	}
}

func writeError(w http.ResponseWriter, status int, e *app.Error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": e})
}

// jsonDetail turns a decoding error into a short, safe description.
func jsonDetail(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s: want %s", te.Field, te.Type)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func jsonField(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return strings.Trim(f, `"`)
	}
	return ""
}
