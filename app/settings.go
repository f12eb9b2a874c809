package app

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"sekisho/backend/backup"
	"sekisho/backend/ca"
	"sekisho/backend/config"
	"sekisho/backend/engine"
	"sekisho/backend/i18n"
	"sekisho/backend/model"
	"sekisho/backend/server"
)

// Setting keys.
const (
	settingLanguage        = "language"
	settingOrgName         = engine.SettingOrgName
	settingStrictMode      = engine.SettingStrictMode
	settingCertBypassesIP  = engine.SettingCertBypassesIPRules
	settingValidityDays    = "defaultValidityDays"
	settingKeyAlgo         = "keyAlgorithm"
	settingCompat          = "pkcs12Compat"
	settingLinkMinutes     = "linkExpiresInMinutes"
	settingLinkMaxUses     = "linkMaxUses"
	settingLinksEnabled    = engine.SettingLinksEnabled
	settingMessageTemplate = "messageTemplate"
	settingMessageSubject  = "messageSubject"
	settingRetentionDays   = engine.SettingRetentionDays
	settingLoginTemplate   = "loginTemplate"
	settingLoginSubject    = "loginSubject"
	settingConnsPerAddress = engine.SettingConnsPerAddress
	settingPortalPort      = engine.SettingPortalPort
	settingGatewayPort     = engine.SettingGatewayPort
	settingPublicHost      = engine.SettingPublicHost
	settingBackupEnabled   = engine.SettingBackupEnabled
	settingBackupFolder    = engine.SettingBackupFolder
	settingBackupInterval  = engine.SettingBackupIntervalHours
	settingBackupKeep      = engine.SettingBackupKeep
	settingBackupSealed    = engine.SettingBackupPassphraseSealed
)

// Limits of the settings.
const (
	maxOrgName      = 64
	maxValidityDays = 3650
	maxLinkMinutes  = 60 * 24 * 30
	maxLinkUses     = 100
	maxTemplate     = 4000
	maxSubject      = 200
	// A browser opens up to 6 connections to a host; fewer than 10 per
	// address would break ordinary pages.
	minConnsPerAddress = 10
	maxConnsPerAddress = 10000
	// Scheduled backups: every hour to every 30 days; keep 1 to 365.
	maxBackupIntervalHours = 720
	maxBackupKeep          = 365
)

// Settings reads and changes the app's settings (SPEC section 7).
type Settings struct{ base }

// SettingsData is the app's settings.
type SettingsData struct {
	// Language is "ja", "en", or "" to follow the OS.
	Language string `json:"language"`
	// EffectiveLanguage is the language in force.
	EffectiveLanguage Language `json:"effectiveLanguage"`
	OrganizationName  string   `json:"organizationName"`
	// StrictMode turns the fail-open row of the certificate matrix off.
	StrictMode bool `json:"strictMode"`
	// CertBypassesIPRules admits a request that presents a valid client
	// certificate from addresses outside the enabled IP rules (kintone's
	// exception to IP restriction); every other rule still applies. False
	// (the default, cyzen's behaviour): the IP rules apply to everyone.
	CertBypassesIPRules bool `json:"certBypassesIpRules"`
	// DefaultValidityDays is the default certificate validity (365).
	DefaultValidityDays int `json:"defaultValidityDays"`
	// KeyAlgorithm is "rsa2048" (default) or "ecdsa-p256".
	KeyAlgorithm KeyAlgorithm `json:"keyAlgorithm"`
	// PKCS12Compat is "legacy" (3DES, default: imports everywhere) or
	// "modern" (AES-256).
	PKCS12Compat Pkcs12Compat `json:"pkcs12Compat"`
	// LinkExpiresInMinutes and LinkMaxUses are the download link defaults.
	LinkExpiresInMinutes int `json:"linkExpiresInMinutes"`
	LinkMaxUses          int `json:"linkMaxUses"`
	// LinkDownloadsEnabled: when false, every download link stops working
	// (ユーザーによるクライアント証明書のダウンロード).
	LinkDownloadsEnabled bool `json:"linkDownloadsEnabled"`
	// MessageTemplate is the notification message (kaonavi), with tags;
	// MessageSubject its subject line.
	MessageTemplate string `json:"messageTemplate"`
	MessageSubject  string `json:"messageSubject"`
	// AccessLogRetentionDays is how long access log entries are kept (90).
	AccessLogRetentionDays int `json:"accessLogRetentionDays"`
	// LoginTemplate and LoginSubject are the login guidance (ログイン案内).
	LoginTemplate string `json:"loginTemplate"`
	LoginSubject  string `json:"loginSubject"`
	// MaxConnectionsPerAddress caps the connections one client address may
	// hold to the portal and gateway together (10–10000, 100).
	MaxConnectionsPerAddress int `json:"maxConnectionsPerAddress"`
	// PortalPort and GatewayPort are the LAN server's ports (7443, 8443);
	// PublicHost the host name links and QR codes use ("" = the first LAN
	// address). A flag on the command line overrides them (LANServer.Fixed).
	PortalPort  int    `json:"portalPort"`
	GatewayPort int    `json:"gatewayPort"`
	PublicHost  string `json:"publicHost"`
	// DownloadPort is the plain-HTTP download listener's port (7080):
	// phones open links there without a certificate warning.
	// DownloadsHTTPSOnly keeps everything on HTTPS instead: no download
	// listener, links to the portal (false).
	DownloadPort       int  `json:"downloadPort"`
	DownloadsHTTPSOnly bool `json:"downloadsHttpsOnly"`
	// SelfServiceEnabled lets employees issue their own personal
	// certificate, signed in at the gateway (false);
	// SelfServiceRevokePrevious revokes their earlier ones then (true).
	// SelfServiceURL is the address to give them ("" while the LAN server
	// does not run).
	SelfServiceEnabled        bool   `json:"selfServiceEnabled"`
	SelfServiceRevokePrevious bool   `json:"selfServiceRevokePrevious"`
	SelfServiceURL            string `json:"selfServiceUrl"`
	// LANServer is where the portal and gateway are now.
	LANServer LANServer `json:"lanServer"`
	// LogFolder is the folder of the engine's log file.
	LogFolder string `json:"logFolder"`
	// BackupScheduleEnabled turns the scheduled backups on (false).
	BackupScheduleEnabled bool `json:"backupScheduleEnabled"`
	// BackupFolder is where they are written: an absolute path ("" while
	// unset).
	BackupFolder string `json:"backupFolder"`
	// BackupIntervalHours is the time between two backups (24; 1–720).
	BackupIntervalHours int `json:"backupIntervalHours"`
	// BackupKeep is how many backups the folder keeps (7; 1–365).
	BackupKeep int `json:"backupKeep"`
	// BackupPassphraseSet says whether the scheduled backups' passphrase
	// is set (it is never returned).
	BackupPassphraseSet bool `json:"backupPassphraseSet"`

	// SMTP for notification mail (Messages.Send, app/smtp.go): the server
	// and port (587), the sign-in name, the sender ("" while unset; mail
	// needs the host and the sender) and the security: "starttls"
	// (default), "tls" or "none". The password is never returned:
	// SMTPPasswordSet says whether one is stored.
	SMTPHost        string       `json:"smtpHost"`
	SMTPPort        int          `json:"smtpPort"`
	SMTPUsername    string       `json:"smtpUsername"`
	SMTPPasswordSet bool         `json:"smtpPasswordSet"`
	SMTPFrom        string       `json:"smtpFrom"`
	SMTPSecurity    SmtpSecurity `json:"smtpSecurity"`
}

// LANServer describes the running portal and gateway.
type LANServer struct {
	PortalURL  string `json:"portalUrl"`
	GatewayURL string `json:"gatewayUrl"`
	// DownloadURL is the download listener's ("" when it does not run).
	DownloadURL string `json:"downloadUrl"`
	// DownloadError is why the download listener is not running although
	// it is wanted (its port was taken at start; links use the portal).
	DownloadError string `json:"downloadError,omitempty"`
	// Fixed names, for portalPort, gatewayPort, downloadPort and
	// publicHost, the
	// command-line flag that sets it; such a setting cannot change here.
	Fixed        map[string]string `json:"fixed"`
	LANAddresses []string          `json:"lanAddresses"`
}

// DefaultLoginTemplate is the login guidance until the admin writes one.
const DefaultLoginTemplate = `【氏名】 様

社内アプリのログイン情報をお知らせします。
スマートフォンまたはPCで下記のURLを開き、ログインしてください。

ログインURL: 【ログインURL】
ログインID: 【ログインID】
パスワード: 【パスワード】

このメールはログインの後、削除してください。`

// DefaultLoginSubject is the login guidance's subject until the admin sets one.
const DefaultLoginSubject = "【関所】ログインのご案内"

// DefaultMessageSubject is the notification subject until the admin sets one.
const DefaultMessageSubject = "【関所】クライアント証明書のご案内"

// DefaultMessageTemplate is the notification message used until the admin
// writes one; the tags are those of Messages.Render.
const DefaultMessageTemplate = `【氏名】 様

社内システムに接続するためのクライアント証明書をお送りします。
下記のURLをスマートフォンまたはPCで開き、案内に従ってインストールしてください。

ログインID: 【ログインID】
ダウンロードURL: 【証明書DL画面URL】
URLの有効期限: 【リンク有効期限】
証明書のパスワード: 【証明書パスワード】
証明書の使用終了日: 【有効期限】

このメールに心当たりがない場合は、管理者までご連絡ください。`

// loadSettings reads every setting, with defaults for unset ones.
func (e *Env) loadSettings(ctx context.Context) (SettingsData, error) {
	d := SettingsData{
		DefaultValidityDays:    365,
		KeyAlgorithm:           KeyAlgorithm(ca.RSA2048),
		PKCS12Compat:           Pkcs12Compat(ca.CompatLegacy),
		LinkExpiresInMinutes:   24 * 60,
		LinkMaxUses:            1,
		LinkDownloadsEnabled:   true,
		MessageTemplate:        DefaultMessageTemplate,
		MessageSubject:         DefaultMessageSubject,
		AccessLogRetentionDays: engine.DefaultRetentionDays,
		LoginTemplate:          DefaultLoginTemplate,
		LoginSubject:           DefaultLoginSubject,

		MaxConnectionsPerAddress: server.DefaultConnsPerAddress,
	}
	for key, dst := range map[string]any{
		settingLanguage: &d.Language, settingOrgName: &d.OrganizationName, settingStrictMode: &d.StrictMode, settingCertBypassesIP: &d.CertBypassesIPRules,
		settingValidityDays: &d.DefaultValidityDays, settingKeyAlgo: &d.KeyAlgorithm, settingCompat: &d.PKCS12Compat,
		settingLinkMinutes: &d.LinkExpiresInMinutes, settingLinkMaxUses: &d.LinkMaxUses, settingLinksEnabled: &d.LinkDownloadsEnabled,
		settingMessageTemplate: &d.MessageTemplate, settingMessageSubject: &d.MessageSubject, settingRetentionDays: &d.AccessLogRetentionDays,
		settingLoginTemplate: &d.LoginTemplate, settingLoginSubject: &d.LoginSubject,
		settingConnsPerAddress: &d.MaxConnectionsPerAddress,
	} {
		if _, err := e.DB.GetSetting(ctx, key, dst); err != nil {
			return SettingsData{}, err
		}
	}
	d.EffectiveLanguage = Language(e.Lang())
	eset, err := engine.LoadSettings(ctx, e.DB)
	if err != nil {
		return SettingsData{}, err
	}
	d.PortalPort, d.GatewayPort, d.PublicHost = eset.PortalPort, eset.GatewayPort, eset.PublicHost
	if d.PortalPort == 0 {
		d.PortalPort = config.DefaultPortalPort
	}
	if d.GatewayPort == 0 {
		d.GatewayPort = config.DefaultGatewayPort
	}
	d.DownloadPort, d.DownloadsHTTPSOnly = eset.DownloadPort, eset.DownloadsHTTPSOnly
	d.SelfServiceEnabled, d.SelfServiceRevokePrevious = eset.SelfService, eset.SelfServiceRevoke
	d.SelfServiceURL = e.selfServiceURL(d)
	if d.DownloadPort == 0 {
		d.DownloadPort = config.DefaultDownloadPort
	}
	plan := e.PlanFor(eset)
	info := e.Info()
	d.LANServer = LANServer{PortalURL: info.PortalURL, GatewayURL: info.GatewayURL, DownloadURL: info.DownloadURL, DownloadError: e.DownloadError(), Fixed: map[string]string{},
		LANAddresses: addrStrings(e.selfAddresses())}
	for k, f := range map[string]string{"portal": "portalPort", "gateway": "gatewayPort", "download": "downloadPort", "publicHost": "publicHost"} {
		if flag := plan.Fixed[k]; flag != "" {
			d.LANServer.Fixed[f] = flag
		}
	}
	d.LogFolder = e.LogDir()
	b := eset.Backup
	d.BackupScheduleEnabled, d.BackupFolder, d.BackupIntervalHours, d.BackupKeep = b.Enabled, b.Folder, b.IntervalHours, b.Keep
	d.BackupPassphraseSet = len(b.PassphraseSealed) > 0
	if err := e.loadSMTP(ctx, &d); err != nil {
		return SettingsData{}, err
	}
	return d, nil
}

// Get returns the settings.
func (s *Settings) Get(Empty) (SettingsData, error) {
	v, err := s.env.loadSettings(context.Background())
	return v, s.fail(err)
}

// SettingsUpdate changes the fields it carries.
type SettingsUpdate struct {
	Language               *string       `json:"language,omitempty"`
	OrganizationName       *string       `json:"organizationName,omitempty"`
	StrictMode             *bool         `json:"strictMode,omitempty"`
	CertBypassesIPRules    *bool         `json:"certBypassesIpRules,omitempty"`
	DefaultValidityDays    *int          `json:"defaultValidityDays,omitempty"`
	KeyAlgorithm           *KeyAlgorithm `json:"keyAlgorithm,omitempty"`
	PKCS12Compat           *Pkcs12Compat `json:"pkcs12Compat,omitempty"`
	LinkExpiresInMinutes   *int          `json:"linkExpiresInMinutes,omitempty"`
	LinkMaxUses            *int          `json:"linkMaxUses,omitempty"`
	LinkDownloadsEnabled   *bool         `json:"linkDownloadsEnabled,omitempty"`
	MessageTemplate        *string       `json:"messageTemplate,omitempty"`
	MessageSubject         *string       `json:"messageSubject,omitempty"`
	AccessLogRetentionDays *int          `json:"accessLogRetentionDays,omitempty"`
	LoginTemplate          *string       `json:"loginTemplate,omitempty"`
	LoginSubject           *string       `json:"loginSubject,omitempty"`

	MaxConnectionsPerAddress *int `json:"maxConnectionsPerAddress,omitempty"`

	PortalPort  *int    `json:"portalPort,omitempty"`
	GatewayPort *int    `json:"gatewayPort,omitempty"`
	PublicHost  *string `json:"publicHost,omitempty"`

	DownloadPort       *int  `json:"downloadPort,omitempty"`
	DownloadsHTTPSOnly *bool `json:"downloadsHttpsOnly,omitempty"`

	SelfServiceEnabled        *bool `json:"selfServiceEnabled,omitempty"`
	SelfServiceRevokePrevious *bool `json:"selfServiceRevokePrevious,omitempty"`
	// The backup schedule. BackupPassphrase (write-only, at least 12
	// characters) is stored sealed with the engine's seal key.
	BackupScheduleEnabled *bool   `json:"backupScheduleEnabled,omitempty"`
	BackupFolder          *string `json:"backupFolder,omitempty"`
	BackupIntervalHours   *int    `json:"backupIntervalHours,omitempty"`
	BackupKeep            *int    `json:"backupKeep,omitempty"`
	BackupPassphrase      *string `json:"backupPassphrase,omitempty"`
	// SMTP (app/smtp.go). SMTPPassword is write-only and stored sealed with
	// the engine's seal key: "" or omitted keeps the stored one,
	// SMTPPasswordClear removes it.
	SMTPHost          *string       `json:"smtpHost,omitempty"`
	SMTPPort          *int          `json:"smtpPort,omitempty"`
	SMTPUsername      *string       `json:"smtpUsername,omitempty"`
	SMTPPassword      *string       `json:"smtpPassword,omitempty"`
	SMTPPasswordClear bool          `json:"smtpPasswordClear,omitempty"`
	SMTPFrom          *string       `json:"smtpFrom,omitempty"`
	SMTPSecurity      *SmtpSecurity `json:"smtpSecurity,omitempty"`
	// Confirm accepts that devices connected now must reconnect to the
	// LAN server's new address.
	Confirm bool `json:"confirm,omitempty"`
}

// Update changes settings (all or none) and returns them all. A change of
// the LAN server's ports or public host moves the listeners at once: the
// new port is bound before the old one closes, and a port that cannot be
// bound changes nothing. Devices seen in the last five minutes would have
// to reconnect, so such a change needs Confirm while there are any.
func (s *Settings) Update(req SettingsUpdate) (SettingsData, error) {
	values, verr := req.validate()
	if verr != nil {
		return SettingsData{}, s.fail(verr)
	}
	ctx := context.Background()
	// One update at a time: each reads the settings, may move the
	// listeners, and stores; two at once could leave the listeners where
	// neither stored them.
	s.env.settingsMu.Lock()
	defer s.env.settingsMu.Unlock()
	if err := s.backupSchedule(ctx, req, values); err != nil {
		return SettingsData{}, s.fail(err)
	}
	if err := s.smtpPassword(ctx, req, values); err != nil {
		return SettingsData{}, s.fail(err)
	}
	moved, err := s.moveListeners(ctx, req, values)
	if err != nil {
		return SettingsData{}, s.fail(err)
	}
	if len(values) > 0 {
		if err := s.env.DB.PutSettings(ctx, s.env.Actor, values); err != nil {
			if moved != nil {
				if rerr := s.env.Relisten(ctx, *moved); rerr != nil {
					s.env.Log.Error("move the listeners back", "err", rerr)
				}
			}
			return SettingsData{}, s.fail(err)
		}
	}
	if req.Language != nil {
		s.env.setLang(i18n.Lang(*req.Language))
	}
	if req.StrictMode != nil || req.CertBypassesIPRules != nil || req.MaxConnectionsPerAddress != nil {
		s.env.changed() // the snapshot's fail-open row and IP exception; new connections' limit
	}
	v, err := s.env.loadSettings(ctx)
	return v, s.fail(err)
}

// backupSchedule seals a new scheduled-backup passphrase into values, and
// refuses a schedule turned on (or left on) without a folder or a
// passphrase.
func (s *Settings) backupSchedule(ctx context.Context, req SettingsUpdate, values map[string]any) error {
	if req.BackupScheduleEnabled == nil && req.BackupFolder == nil && req.BackupPassphrase == nil {
		return nil
	}
	cur, err := engine.LoadSettings(ctx, s.env.DB)
	if err != nil {
		return err
	}
	b := cur.Backup
	if req.BackupScheduleEnabled != nil {
		b.Enabled = *req.BackupScheduleEnabled
	}
	if req.BackupFolder != nil {
		b.Folder = values[settingBackupFolder].(string)
	}
	passSet := len(b.PassphraseSealed) > 0 || req.BackupPassphrase != nil
	if b.Enabled && b.Folder == "" {
		return model.Invalid("backupFolder", "settings.backup.folder_required", nil)
	}
	if b.Enabled && !passSet {
		return model.Invalid("backupPassphrase", "settings.backup.passphrase_required", nil)
	}
	if req.BackupPassphrase != nil {
		sealed, err := s.env.SealBackupPassphrase(*req.BackupPassphrase)
		if err != nil {
			return model.Internalf("seal the backup passphrase: %w", err)
		}
		values[settingBackupSealed] = sealed
	}
	return nil
}

// checkBackupFolder returns the error of a backup folder that is not an
// absolute path of an existing folder this process can write in.
func checkBackupFolder(dir string) *model.Error {
	const field = "backupFolder"
	if !filepath.IsAbs(dir) {
		return model.Invalid(field, "settings.backup_folder.relative", nil)
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return model.Invalid(field, "settings.backup_folder.missing", map[string]any{"folder": dir})
	case err != nil:
		return model.Invalid(field, "settings.backup_folder.not_writable", map[string]any{"folder": dir, "reason": err.Error()})
	case !fi.IsDir():
		return model.Invalid(field, "settings.backup_folder.not_folder", map[string]any{"folder": dir})
	}
	f, err := os.CreateTemp(dir, ".sekisho-write-check-*")
	if err != nil {
		return model.Invalid(field, "settings.backup_folder.not_writable", map[string]any{"folder": dir, "reason": err.Error()})
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// moveListeners applies the listener settings in values, if they change
// anything, and returns the settings the listeners ran by before (nil when
// nothing moved).
func (s *Settings) moveListeners(ctx context.Context, req SettingsUpdate, values map[string]any) (*engine.Settings, error) {
	if req.PortalPort == nil && req.GatewayPort == nil && req.PublicHost == nil && req.DownloadPort == nil && req.DownloadsHTTPSOnly == nil {
		return nil, nil
	}
	old, err := engine.LoadSettings(ctx, s.env.DB)
	if err != nil {
		return nil, err
	}
	before := s.env.PlanFor(old)
	next := old
	for _, f := range []struct {
		field, planKey string
		v              *int
		dst            *int
	}{{"portalPort", "portal", req.PortalPort, &next.PortalPort}, {"gatewayPort", "gateway", req.GatewayPort, &next.GatewayPort},
		{"downloadPort", "download", req.DownloadPort, &next.DownloadPort}} {
		if f.v == nil {
			continue
		}
		if flag := before.Fixed[f.planKey]; flag != "" {
			return nil, model.Invalid(f.field, "settings.fixed_by_flag", map[string]any{"flag": flag})
		}
		*f.dst = *f.v
	}
	if req.PublicHost != nil {
		if flag := before.Fixed["publicHost"]; flag != "" {
			return nil, model.Invalid("publicHost", "settings.fixed_by_flag", map[string]any{"flag": flag})
		}
		next.PublicHost = values[settingPublicHost].(string)
	}
	if req.DownloadsHTTPSOnly != nil {
		next.DownloadsHTTPSOnly = *req.DownloadsHTTPSOnly
	}
	after := s.env.PlanFor(next)
	if (req.PortalPort != nil || req.GatewayPort != nil) && after.Portal == after.Gateway {
		return nil, model.Invalid("gatewayPort", "settings.port.same", nil)
	}
	if after.Download != "" && (req.DownloadPort != nil || req.PortalPort != nil || req.GatewayPort != nil) &&
		(after.Download == after.Portal || after.Download == after.Gateway) {
		return nil, model.Invalid("downloadPort", "settings.port.same_download", nil)
	}
	if after.Portal == before.Portal && after.Gateway == before.Gateway && after.Download == before.Download && after.PublicHost == before.PublicHost {
		return nil, nil
	}
	// Who would lose the way: the devices seen lately, when the gateway's
	// address changes, and the download links handed out and still
	// usable, when the portal's does (they name the old address).
	if !req.Confirm {
		var clients []string
		if after.Gateway != before.Gateway || after.PublicHost != before.PublicHost {
			clients = addrStrings(s.env.connectedClients())
		}
		links := 0
		// Links name the portal or the download listener: moving or
		// stopping either strands them (starting the download listener
		// does not: links made meanwhile name the portal, which stays).
		if after.Portal != before.Portal || before.Download != "" && after.Download != before.Download || after.PublicHost != before.PublicHost {
			if links, err = s.env.DB.CountUsableLinks(ctx, s.env.now()); err != nil {
				return nil, err
			}
		}
		key := ""
		switch {
		case len(clients) > 0 && links > 0:
			key = "settings.listen.confirm_both"
		case len(clients) > 0:
			key = "settings.listen.confirm"
		case links > 0:
			key = "settings.listen.confirm_links"
		}
		if key != "" {
			return nil, &model.Error{Code: model.CodeConfirm, Key: key,
				Params: map[string]any{"count": len(clients), "addresses": strings.Join(clients, ", "), "links": links}}
		}
	}
	if err := s.env.Relisten(ctx, next); err != nil {
		var le *server.ListenError
		if !errors.As(err, &le) {
			return nil, err
		}
		field := le.Name + "Port"
		_, port, _ := net.SplitHostPort(le.Addr)
		if le.InUse() {
			return nil, model.Invalid(field, "settings.port.in_use", map[string]any{"port": port})
		}
		return nil, model.Invalid(field, "settings.port.cannot_listen", map[string]any{"port": port, "reason": le.Err.Error()})
	}
	return &old, nil
}

func (req SettingsUpdate) validate() (map[string]any, *model.Error) {
	values := map[string]any{}
	if req.Language != nil {
		switch *req.Language {
		case "", string(i18n.JA), string(i18n.EN):
			values[settingLanguage] = *req.Language
		default:
			return nil, model.Invalid("language", "settings.language.invalid", nil)
		}
	}
	if req.OrganizationName != nil {
		org := model.UserInput{Name: *req.OrganizationName}.Normalize().Name
		if utf8.RuneCountInString(org) > maxOrgName {
			return nil, model.Invalid("organizationName", "settings.org.too_long", map[string]any{"max": maxOrgName})
		}
		// It names the CA and goes into every iOS profile: a NUL there made
		// each profile invalid XML.
		if err := model.CheckLine("organizationName", org); err != nil {
			return nil, err
		}
		values[settingOrgName] = org
	}
	if req.StrictMode != nil {
		values[settingStrictMode] = *req.StrictMode
	}
	if req.CertBypassesIPRules != nil {
		values[settingCertBypassesIP] = *req.CertBypassesIPRules
	}
	intIn := func(field, key string, v *int, lo, hi int) *model.Error {
		if v == nil {
			return nil
		}
		if *v < lo || *v > hi {
			return model.Invalid(field, "field.int_range", map[string]any{"min": lo, "max": hi})
		}
		values[key] = *v
		return nil
	}
	if err := intIn("defaultValidityDays", settingValidityDays, req.DefaultValidityDays, 1, maxValidityDays); err != nil {
		return nil, err
	}
	if err := intIn("linkExpiresInMinutes", settingLinkMinutes, req.LinkExpiresInMinutes, 5, maxLinkMinutes); err != nil {
		return nil, err
	}
	if err := intIn("linkMaxUses", settingLinkMaxUses, req.LinkMaxUses, 1, maxLinkUses); err != nil {
		return nil, err
	}
	if err := intIn("accessLogRetentionDays", settingRetentionDays, req.AccessLogRetentionDays, 1, 3650); err != nil {
		return nil, err
	}
	if v := req.MaxConnectionsPerAddress; v != nil {
		if *v < minConnsPerAddress || *v > maxConnsPerAddress {
			return nil, model.Invalid("maxConnectionsPerAddress", "settings.conns_per_address.range", map[string]any{"min": minConnsPerAddress, "max": maxConnsPerAddress})
		}
		values[settingConnsPerAddress] = *v
	}
	for _, p := range []struct {
		field, key string
		v          *int
	}{{"portalPort", settingPortalPort, req.PortalPort}, {"gatewayPort", settingGatewayPort, req.GatewayPort}, {"downloadPort", engine.SettingDownloadPort, req.DownloadPort}} {
		if p.v == nil {
			continue
		}
		if *p.v < 1 || *p.v > 65535 {
			return nil, model.Invalid(p.field, "settings.port.range", nil)
		}
		values[p.key] = *p.v
	}
	if req.DownloadsHTTPSOnly != nil {
		values[engine.SettingDownloadsHTTPSOnly] = *req.DownloadsHTTPSOnly
	}
	if req.SelfServiceEnabled != nil {
		values[engine.SettingSelfService] = *req.SelfServiceEnabled
	}
	if req.SelfServiceRevokePrevious != nil {
		values[engine.SettingSelfServiceRevoke] = *req.SelfServiceRevokePrevious
	}
	if req.PublicHost != nil {
		host := strings.TrimSpace(*req.PublicHost)
		if !config.ValidHost(host) {
			return nil, model.Invalid("publicHost", "settings.public_host.invalid", nil)
		}
		values[settingPublicHost] = host
	}
	if err := intIn("backupIntervalHours", settingBackupInterval, req.BackupIntervalHours, 1, maxBackupIntervalHours); err != nil {
		return nil, err
	}
	if err := intIn("backupKeep", settingBackupKeep, req.BackupKeep, 1, maxBackupKeep); err != nil {
		return nil, err
	}
	if req.BackupScheduleEnabled != nil {
		values[settingBackupEnabled] = *req.BackupScheduleEnabled
	}
	if req.BackupFolder != nil {
		dir := strings.TrimSpace(*req.BackupFolder)
		if dir != "" {
			if err := model.CheckLine("backupFolder", dir); err != nil {
				return nil, err
			}
			if err := checkBackupFolder(dir); err != nil {
				return nil, err
			}
			dir = filepath.Clean(dir)
		}
		values[settingBackupFolder] = dir
	}
	if req.BackupPassphrase != nil {
		if backup.CheckPassphrase(*req.BackupPassphrase) != nil {
			return nil, model.Invalid("backupPassphrase", "backup.passphrase.short", map[string]any{"min": backup.MinPassphrase})
		}
		// Typed again at a terminal to restore: no control characters.
		if err := model.CheckLine("backupPassphrase", *req.BackupPassphrase); err != nil {
			return nil, err
		}
	}
	if req.KeyAlgorithm != nil {
		if !ca.KeyAlgo(*req.KeyAlgorithm).Valid() {
			return nil, model.Invalid("keyAlgorithm", "field.choice", map[string]any{"value": *req.KeyAlgorithm, "choices": "rsa2048, ecdsa-p256"})
		}
		values[settingKeyAlgo] = string(*req.KeyAlgorithm)
	}
	if req.PKCS12Compat != nil {
		if !ca.Compat(*req.PKCS12Compat).Valid() {
			return nil, model.Invalid("pkcs12Compat", "field.choice", map[string]any{"value": *req.PKCS12Compat, "choices": "legacy, modern"})
		}
		values[settingCompat] = string(*req.PKCS12Compat)
	}
	if req.LinkDownloadsEnabled != nil {
		values[settingLinksEnabled] = *req.LinkDownloadsEnabled
	}
	for _, t := range []struct {
		field, key, def string
		v               *string
	}{{"messageTemplate", settingMessageTemplate, DefaultMessageTemplate, req.MessageTemplate},
		{"loginTemplate", settingLoginTemplate, DefaultLoginTemplate, req.LoginTemplate}} {
		if t.v == nil {
			continue
		}
		body := strings.TrimSpace(*t.v)
		if body == "" {
			body = t.def
		}
		if n := utf8.RuneCountInString(body); n > maxTemplate {
			return nil, model.Invalid(t.field, "field.too_long", map[string]any{"max": maxTemplate, "len": n})
		}
		if err := model.CheckMultiline(t.field, body); err != nil {
			return nil, err
		}
		values[t.key] = body
	}
	for _, t := range []struct {
		field, key, def string
		v               *string
	}{{"messageSubject", settingMessageSubject, DefaultMessageSubject, req.MessageSubject},
		{"loginSubject", settingLoginSubject, DefaultLoginSubject, req.LoginSubject}} {
		if t.v == nil {
			continue
		}
		sub := model.UserInput{Name: *t.v}.Normalize().Name
		if sub == "" {
			sub = t.def
		}
		if n := utf8.RuneCountInString(sub); n > maxSubject {
			return nil, model.Invalid(t.field, "field.too_long", map[string]any{"max": maxSubject, "len": n})
		}
		if err := model.CheckLine(t.field, sub); err != nil {
			return nil, err
		}
		values[t.key] = sub
	}
	if err := req.validateSMTP(values); err != nil {
		return nil, err
	}
	return values, nil
}
