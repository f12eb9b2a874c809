package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"sekisho/backend/i18n"
	"sekisho/backend/message"
	"sekisho/backend/model"
)

// Messages fills notification messages (kaonavi's 通知) for users: copy,
// mailto: and CSV export. Passwords are filled only when the caller has
// them, right after issuance: they are not stored.
type Messages struct{ base }

// MessageItem is one recipient and the values the caller knows.
type MessageItem struct {
	UserID   string `json:"userId,omitempty"`
	CertID   string `json:"certId,omitempty"`
	URL      string `json:"url,omitempty"`
	Password string `json:"password,omitempty"`
	// ExpiresAt is the download link's expiry (RFC 3339), for 【リンク有効期限】.
	ExpiresAt string `json:"expiresAt,omitempty"`
}

// MessageRequest asks for filled messages; Template and Subject default to
// the settings.
type MessageRequest struct {
	// Kind is "certificate" (default: the download guidance, where password
	// is the certificate's) or "login" (ログイン案内: password is the sign-in
	// password from Users.ResetPassword).
	Kind     MessageKind   `json:"kind,omitempty"`
	Template string        `json:"template,omitempty"`
	Subject  string        `json:"subject,omitempty"`
	Items    []MessageItem `json:"items"`
	Localized
}

// FilledMessage is one filled message.
type FilledMessage struct {
	UserID  string `json:"userId"`
	Code    string `json:"code"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Mailto  string `json:"mailto"`
}

// MessageList is the filled messages, in request order.
type MessageList struct {
	Items []FilledMessage `json:"items"`
}

// maxMessages bounds one request.
const maxMessages = 10000

// Render fills the template for every item.
func (s *Messages) Render(req MessageRequest) (MessageList, error) {
	v, err := s.render(req)
	return v, s.fail(err)
}

func (s *Messages) render(req MessageRequest) (MessageList, error) {
	if len(req.Items) == 0 {
		return MessageList{}, model.Invalid("items", "field.ids_required", nil)
	}
	if len(req.Items) > maxMessages {
		return MessageList{}, model.Invalid("items", "cert.bulk.too_many", map[string]any{"max": maxMessages})
	}
	ctx := context.Background()
	set, err := s.env.loadSettings(ctx)
	if err != nil {
		return MessageList{}, err
	}
	defTmpl, defSubject := set.MessageTemplate, set.MessageSubject
	switch req.Kind {
	case "", "certificate":
	case "login":
		defTmpl, defSubject = set.LoginTemplate, set.LoginSubject
	default:
		return MessageList{}, model.Invalid("kind", "field.choice", map[string]any{"value": req.Kind, "choices": "certificate, login"})
	}
	tmpl, subject := req.Template, req.Subject
	if err := model.CheckMultiline("template", tmpl); err != nil {
		return MessageList{}, err
	}
	if err := model.CheckLine("subject", subject); err != nil {
		return MessageList{}, err
	}
	if strings.TrimSpace(tmpl) == "" {
		tmpl = defTmpl
	}
	if strings.TrimSpace(subject) == "" {
		subject = defSubject
	}
	loginURL := ""
	if info := s.env.Info(); info.GatewayURL != "" {
		loginURL = info.GatewayURL + "_sekisho/login"
	}
	lang := s.langFor(req.Localized)
	missing := i18n.T(lang, "message.missing", nil)
	// Sekisho has no self-service password reset: 【パスワード再発行】 says to
	// ask the admin, with the sign-in page when the gateway runs.
	passwordReset := i18n.T(lang, "message.password_reset_no_url", nil)
	if loginURL != "" {
		passwordReset = i18n.T(lang, "message.password_reset", map[string]any{"url": loginURL})
	}
	out := MessageList{Items: make([]FilledMessage, len(req.Items))}
	for i, it := range req.Items {
		var vars message.Vars
		var u model.User
		certName := ""
		if it.CertID != "" {
			id, perr := parseID(fmt.Sprintf("items[%d].certId", i), it.CertID)
			if perr != nil {
				return MessageList{}, perr
			}
			c, err := s.env.DB.GetCert(ctx, id)
			if err != nil {
				return MessageList{}, err
			}
			// NotAfter is exclusive: the last usable day is the one before
			// (使用終了日, as the certificate list shows it).
			vars.Expiry = i18n.Date(lang, c.NotAfter.Add(-time.Second).In(s.env.Loc))
			certName = c.Name
			if c.UserID != 0 && it.UserID == "" {
				it.UserID = idString(c.UserID)
			}
		}
		if it.UserID != "" {
			id, perr := parseID(fmt.Sprintf("items[%d].userId", i), it.UserID)
			if perr != nil {
				return MessageList{}, perr
			}
			if u, err = s.env.DB.GetUser(ctx, id); err != nil {
				return MessageList{}, err
			}
		}
		if it.ExpiresAt != "" {
			t, err := time.Parse(time.RFC3339, it.ExpiresAt)
			if err != nil {
				return MessageList{}, model.Invalid(fmt.Sprintf("items[%d].expiresAt", i), "field.time", map[string]any{"value": it.ExpiresAt})
			}
			vars.LinkExpiry = i18n.DateTime(lang, t.In(s.env.Loc))
		}
		vars.LoginID, vars.Name, vars.URL, vars.LoginURL, vars.PasswordReset = u.Code, u.Name, it.URL, loginURL, passwordReset
		if req.Kind == "login" {
			vars.SignInPassword = it.Password
		} else {
			vars.Password = it.Password
		}
		if u.ID == 0 {
			// A shared certificate has no person: address it by its name.
			vars.Name = certName
		}
		body := message.Fill(tmpl, vars, missing)
		subj := message.Fill(subject, vars, missing)
		out.Items[i] = FilledMessage{UserID: it.UserID, Code: u.Code, Name: u.Name, Email: u.Email, Subject: subj, Body: body,
			Mailto: message.Mailto(u.Email, subj, body)}
	}
	return out, nil
}

// ExportCSV returns the filled messages as a CSV file (Excel-friendly UTF-8).
func (s *Messages) ExportCSV(req MessageRequest) (FileResult, error) {
	list, err := s.render(req)
	if err != nil {
		return FileResult{}, s.fail(err)
	}
	rows := make([]message.Row, len(list.Items))
	for i, m := range list.Items {
		rows[i] = message.Row{Code: m.Code, Name: m.Name, Email: m.Email, Subject: m.Subject, Body: m.Body}
	}
	data, err := message.CSV(rows)
	if err != nil {
		return FileResult{}, s.fail(err)
	}
	return FileResult{Filename: fmt.Sprintf("messages-%s.csv", s.env.now().Format("20060102-150405")),
		DataBase64: base64.StdEncoding.EncodeToString(data)}, nil
}
