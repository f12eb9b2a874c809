package app

import (
	"context"
	netmail "net/mail"
	"strings"
	"unicode/utf8"

	"sekisho/backend/config"
	"sekisho/backend/engine"
	"sekisho/backend/mailer"
	"sekisho/backend/model"
)

// The SMTP settings (Settings → メール送信): the server Messages.Send and
// Messages.SendTest send through. They sit apart from settings.go, which
// calls loadSMTP, validateSMTP and smtpPassword.
const (
	settingSMTPHost     = engine.SettingSMTPHost
	settingSMTPPort     = engine.SettingSMTPPort
	settingSMTPUsername = engine.SettingSMTPUsername
	settingSMTPSealed   = engine.SettingSMTPPasswordSealed
	settingSMTPFrom     = engine.SettingSMTPFrom
	settingSMTPSecurity = engine.SettingSMTPSecurity
)

// Defaults and limits of the SMTP settings.
const (
	// defaultSMTPPort is the submission port (RFC 6409) that STARTTLS,
	// the default security, runs on.
	defaultSMTPPort     = 587
	defaultSMTPSecurity = mailer.SecurityStartTLS
	maxSMTPUsername     = 256
	maxSMTPPassword     = 256
	// maxSMTPFrom: an address is at most 254 characters (RFC 5321 path
	// limits); a display name may come in front.
	maxSMTPFrom = 320
)

// smtpSettings is the SMTP settings as stored.
type smtpSettings struct {
	Host, Username, From string
	Port                 int
	Security             mailer.Security
	PasswordSealed       []byte
}

// loadSMTPSettings reads the SMTP settings, with defaults for unset ones.
func (e *Env) loadSMTPSettings(ctx context.Context) (smtpSettings, error) {
	v := smtpSettings{Port: defaultSMTPPort, Security: defaultSMTPSecurity}
	var sec string
	for key, dst := range map[string]any{
		settingSMTPHost: &v.Host, settingSMTPPort: &v.Port, settingSMTPUsername: &v.Username,
		settingSMTPSealed: &v.PasswordSealed, settingSMTPFrom: &v.From, settingSMTPSecurity: &sec,
	} {
		if _, err := e.DB.GetSetting(ctx, key, dst); err != nil {
			return smtpSettings{}, err
		}
	}
	if sec != "" {
		v.Security = mailer.Security(sec)
	}
	return v, nil
}

// loadSMTP fills the SMTP part of d. The password is never returned: only
// whether one is stored.
func (e *Env) loadSMTP(ctx context.Context, d *SettingsData) error {
	v, err := e.loadSMTPSettings(ctx)
	if err != nil {
		return err
	}
	d.SMTPHost, d.SMTPPort, d.SMTPUsername, d.SMTPFrom, d.SMTPSecurity = v.Host, v.Port, v.Username, v.From, SmtpSecurity(v.Security)
	d.SMTPPasswordSet = len(v.PasswordSealed) > 0
	return nil
}

// validateSMTP checks each SMTP field of req on its own and puts the
// values to store into values. The password is sealed later
// (smtpPassword), once the fields are known to fit together.
func (req SettingsUpdate) validateSMTP(values map[string]any) *model.Error {
	if req.SMTPHost != nil {
		host := strings.TrimSpace(*req.SMTPHost)
		if !config.ValidHost(host) {
			return model.Invalid("smtpHost", "settings.smtp.host.invalid", map[string]any{"value": host})
		}
		values[settingSMTPHost] = host
	}
	if req.SMTPPort != nil {
		if *req.SMTPPort < 1 || *req.SMTPPort > 65535 {
			return model.Invalid("smtpPort", "settings.port.range", nil)
		}
		values[settingSMTPPort] = *req.SMTPPort
	}
	if req.SMTPUsername != nil {
		name := strings.TrimSpace(*req.SMTPUsername)
		if n := utf8.RuneCountInString(name); n > maxSMTPUsername {
			return model.Invalid("smtpUsername", "field.too_long", map[string]any{"max": maxSMTPUsername, "len": n})
		}
		if err := model.CheckLine("smtpUsername", name); err != nil {
			return err
		}
		values[settingSMTPUsername] = name
	}
	if req.SMTPPassword != nil && *req.SMTPPassword != "" {
		if req.SMTPPasswordClear {
			return model.Invalid("smtpPassword", "settings.smtp.password.set_and_clear", nil)
		}
		// Taken as typed: spaces may belong to a password.
		if n := utf8.RuneCountInString(*req.SMTPPassword); n > maxSMTPPassword {
			return model.Invalid("smtpPassword", "field.too_long", map[string]any{"max": maxSMTPPassword, "len": n})
		}
		if err := model.CheckLine("smtpPassword", *req.SMTPPassword); err != nil {
			return err
		}
	}
	if req.SMTPFrom != nil {
		from := strings.TrimSpace(*req.SMTPFrom)
		if from != "" {
			if n := utf8.RuneCountInString(from); n > maxSMTPFrom {
				return model.Invalid("smtpFrom", "field.too_long", map[string]any{"max": maxSMTPFrom, "len": n})
			}
			if err := model.CheckLine("smtpFrom", from); err != nil {
				return err
			}
			a, err := netmail.ParseAddress(from)
			if err != nil || !strings.Contains(a.Address[strings.LastIndex(a.Address, "@")+1:], ".") {
				return model.Invalid("smtpFrom", "settings.smtp.from.invalid", map[string]any{"value": from})
			}
		}
		values[settingSMTPFrom] = from
	}
	if req.SMTPSecurity != nil {
		if !mailer.Security(*req.SMTPSecurity).Valid() {
			return model.Invalid("smtpSecurity", "field.choice", map[string]any{"value": *req.SMTPSecurity, "choices": "starttls, tls, none"})
		}
		values[settingSMTPSecurity] = string(*req.SMTPSecurity)
	}
	return nil
}

// touchesSMTP reports whether req changes an SMTP setting.
func (req SettingsUpdate) touchesSMTP() bool {
	return req.SMTPHost != nil || req.SMTPPort != nil || req.SMTPUsername != nil || req.SMTPPassword != nil ||
		req.SMTPPasswordClear || req.SMTPFrom != nil || req.SMTPSecurity != nil
}

// smtpPassword checks that the SMTP settings fit together as they will be
// stored, and seals a new password into values (an empty or omitted one
// keeps the stored password; SMTPPasswordClear removes it).
func (s *Settings) smtpPassword(ctx context.Context, req SettingsUpdate, values map[string]any) error {
	if !req.touchesSMTP() {
		return nil
	}
	cur, err := s.env.loadSMTPSettings(ctx)
	if err != nil {
		return err
	}
	// The stored password goes only to the server and user it was typed
	// for: pointing the host or the user name elsewhere needs it typed
	// again (else whoever holds the admin screen could collect it on a
	// server of their own).
	moved := false
	if v, ok := values[settingSMTPHost].(string); ok && v != cur.Host {
		moved = true
	}
	if v, ok := values[settingSMTPUsername].(string); ok {
		moved = moved || v != cur.Username
		cur.Username = v
	}
	if v, ok := values[settingSMTPSecurity].(string); ok {
		cur.Security = mailer.Security(v)
	}
	newPass := req.SMTPPassword != nil && *req.SMTPPassword != ""
	keepOld := len(cur.PasswordSealed) > 0 && !req.SMTPPasswordClear
	if moved && keepOld && !newPass {
		if cur.Username != "" {
			return model.Invalid("smtpPassword", "settings.smtp.password.retype", nil)
		}
		// No user name any more: the old password goes.
		values[settingSMTPSealed] = []byte(nil)
		keepOld = false
	}
	passSet := newPass || keepOld
	if cur.Username != "" && cur.Security == mailer.SecurityNone {
		// AUTH would send the password in the clear (go-mail refuses PLAIN
		// and LOGIN there anyway).
		return model.Invalid("smtpSecurity", "settings.smtp.none_with_auth", nil)
	}
	if cur.Username != "" && !passSet {
		return model.Invalid("smtpPassword", "settings.smtp.password.required", nil)
	}
	switch {
	case newPass:
		sealed, err := s.env.SealSMTPPassword(*req.SMTPPassword)
		if err != nil {
			return model.Internalf("seal the SMTP password: %w", err)
		}
		values[settingSMTPSealed] = sealed
	case req.SMTPPasswordClear && len(cur.PasswordSealed) > 0:
		values[settingSMTPSealed] = []byte(nil)
	}
	return nil
}

// mailConfig is the mailer's configuration from the settings: an error
// that names the settings when no server or sender is set.
func (e *Env) mailConfig(ctx context.Context) (mailer.Config, error) {
	v, err := e.loadSMTPSettings(ctx)
	if err != nil {
		return mailer.Config{}, err
	}
	if v.Host == "" || v.From == "" {
		return mailer.Config{}, &model.Error{Code: model.CodeInvalid, Key: "mail.not_configured"}
	}
	cfg := mailer.Config{Host: v.Host, Port: v.Port, Username: v.Username, From: v.From, Security: v.Security,
		Timeout: e.SMTPTimeout, RootCAs: e.SMTPRootCAs, Now: e.now}
	if v.Username != "" && len(v.PasswordSealed) > 0 {
		if cfg.Password, err = e.OpenSMTPPassword(v.PasswordSealed); err != nil {
			e.Log.Error("open the SMTP password", "err", err)
			return mailer.Config{}, &model.Error{Code: model.CodeInvalid, Key: "mail.password_unreadable", Err: err}
		}
	}
	return cfg, nil
}
