// Package app holds the services that the frontend calls. In the desktop
// window they are bound to Wails; in serve mode app/httpapi serves the very
// same methods at POST /api/<Service>.<Method>. One code path, two transports.
package app

import (
	"encoding/json"
	"errors"

	"sekisho/backend/i18n"
	"sekisho/backend/model"
)

// Error is the public error every service method returns. Its Error() text is
// the JSON {code, message, field}, because Wails hands a Go error to
// JavaScript as a plain string: the frontend parses it back into a typed
// error (wailsapp/wails#5200).
type Error struct {
	Code    model.Code `json:"code"`
	Message string     `json:"message"`
	Field   string     `json:"field,omitempty"`

	src *model.Error
}

// Error returns the JSON form.
func (e *Error) Error() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// Unwrap returns the domain error.
func (e *Error) Unwrap() error { return e.src }

// Render returns the error's message in lang.
func (e *Error) Render(lang i18n.Lang) *Error {
	if e.src == nil {
		return e
	}
	return publicError(e.src, lang)
}

// publicError renders a domain error in lang.
func publicError(me *model.Error, lang i18n.Lang) *Error {
	return &Error{Code: me.Code, Message: render(lang, me.Key, me.Params), Field: me.Field, src: me}
}

// render translates key with params, translating MessageRef params too.
func render(lang i18n.Lang, key string, params map[string]any) string {
	if len(params) > 0 {
		p := make(map[string]any, len(params))
		for k, v := range params {
			if ref, ok := v.(model.MessageRef); ok {
				v = i18n.T(lang, string(ref), nil)
			}
			p[k] = v
		}
		params = p
	}
	return i18n.T(lang, key, params)
}

// base is embedded in every service: it knows the language errors are
// rendered in and who the actor is in the admin history.
type base struct {
	env *Env
}

// fail turns any error into a public *Error, logging internal causes. It
// returns nil for nil, so a method can end with `return v, s.fail(err)`.
func (b base) fail(err error) error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	me := model.AsError(err)
	if me.Code == model.CodeInternal {
		b.env.Log.Error("internal error", "err", err)
	}
	return publicError(me, b.env.Lang())
}

// Localized is embedded in requests whose results carry text (not only
// errors). Lang is never read from JSON: the HTTP transport fills it from
// Accept-Language; in the window it stays empty and the app's language
// applies.
type Localized struct {
	Lang i18n.Lang `json:"-"`
}

// langFor returns the language a result should be written in.
func (b base) langFor(l Localized) i18n.Lang {
	if l.Lang != "" {
		return l.Lang
	}
	return b.env.Lang()
}
