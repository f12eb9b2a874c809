package engine

import (
	"context"

	"sekisho/backend/server"
	"sekisho/backend/store"
)

// Setting keys the engine reads. The admin's Settings service stores them
// (with the others, which only the screens use).
const (
	SettingOrgName         = "organizationName"
	SettingStrictMode      = "strictMode"
	SettingLinksEnabled    = "linkDownloadsEnabled"
	SettingRetentionDays   = "accessLogRetentionDays"
	SettingConnsPerAddress = "maxConnectionsPerAddress"
	// SettingCertBypassesIPRules: a valid client certificate admits a
	// request from outside the enabled IP rules (kintone's exception to IP
	// restriction); off by default (cyzen: the IP rules apply to everyone).
	SettingCertBypassesIPRules = "certBypassesIpRules"
	// The LAN listeners (Settings → LAN サーバー). A flag given on the
	// command line wins over them.
	SettingPortalPort  = "portalPort"
	SettingGatewayPort = "gatewayPort"
	SettingPublicHost  = "publicHost"
	// The plain-HTTP download listener (CONTRACT "Downloads without a
	// browser warning"): its port, and whether everything stays on HTTPS
	// instead (no download listener; links point to the portal).
	SettingDownloadPort       = "downloadPort"
	SettingDownloadsHTTPSOnly = "downloadsHttpsOnly"
	// Employees' self-service (the gateway's /_sekisho/me): on or off, and
	// whether a self-issued certificate revokes the person's earlier ones.
	SettingSelfService       = "selfServiceEnabled"
	SettingSelfServiceRevoke = "selfServiceRevokePrevious"
	// Scheduled backups (Settings → バックアップ, schedule.go). The
	// passphrase is stored only sealed with the seal key.
	SettingBackupEnabled          = "backupScheduleEnabled"
	SettingBackupFolder           = "backupFolder"
	SettingBackupIntervalHours    = "backupIntervalHours"
	SettingBackupKeep             = "backupKeep"
	SettingBackupPassphraseSealed = "backupPassphraseSealed"
	// The last scheduled backup (written by the engine, no history entry).
	SettingBackupLastAt        = "backupLastAt"
	SettingBackupLastOk        = "backupLastOk"
	SettingBackupLastError     = "backupLastError"
	SettingBackupLastFile      = "backupLastFile"
	SettingBackupLastSuccessAt = "backupLastSuccessAt"
)

// Defaults of the settings the engine reads.
const (
	DefaultRetentionDays = 90
	// DefaultBackupIntervalHours and DefaultBackupKeep: daily, a week kept.
	DefaultBackupIntervalHours = 24
	DefaultBackupKeep          = 7
)

// Settings are the settings the engine runs by.
type Settings struct {
	OrganizationName     string
	StrictMode           bool
	LinkDownloadsEnabled bool
	RetentionDays        int
	ConnsPerAddress      int
	// CertBypassesIPRules lets a request that presents a valid client
	// certificate in from any address (false).
	CertBypassesIPRules bool
	// PortalPort and GatewayPort are 0 while unset; PublicHost is "" while
	// unset (the first LAN address).
	PortalPort  int
	GatewayPort int
	PublicHost  string
	// DownloadPort is 0 while unset; DownloadsHTTPSOnly runs no download
	// listener and points links to the portal.
	DownloadPort       int
	DownloadsHTTPSOnly bool
	// SelfService lets employees issue their own personal certificate
	// (false); SelfServiceRevoke revokes their earlier ones then (true).
	SelfService       bool
	SelfServiceRevoke bool
	// Backup is the backup schedule.
	Backup BackupSchedule
}

// BackupSchedule is the scheduled backups' settings.
type BackupSchedule struct {
	Enabled bool
	// Folder is an absolute path ("" while unset).
	Folder        string
	IntervalHours int
	Keep          int
	// PassphraseSealed is the passphrase sealed with the seal key (nil
	// while unset).
	PassphraseSealed []byte
}

// LoadSettings reads the engine's settings, with defaults for unset ones.
func LoadSettings(ctx context.Context, db *store.DB) (Settings, error) {
	s := Settings{LinkDownloadsEnabled: true, SelfServiceRevoke: true, RetentionDays: DefaultRetentionDays, ConnsPerAddress: server.DefaultConnsPerAddress,
		Backup: BackupSchedule{IntervalHours: DefaultBackupIntervalHours, Keep: DefaultBackupKeep}}
	for key, dst := range map[string]any{
		SettingOrgName: &s.OrganizationName, SettingStrictMode: &s.StrictMode, SettingLinksEnabled: &s.LinkDownloadsEnabled,
		SettingRetentionDays: &s.RetentionDays, SettingConnsPerAddress: &s.ConnsPerAddress, SettingCertBypassesIPRules: &s.CertBypassesIPRules,
		SettingPortalPort: &s.PortalPort, SettingGatewayPort: &s.GatewayPort, SettingPublicHost: &s.PublicHost,
		SettingDownloadPort: &s.DownloadPort, SettingDownloadsHTTPSOnly: &s.DownloadsHTTPSOnly,
		SettingSelfService: &s.SelfService, SettingSelfServiceRevoke: &s.SelfServiceRevoke,
		SettingBackupEnabled: &s.Backup.Enabled, SettingBackupFolder: &s.Backup.Folder, SettingBackupIntervalHours: &s.Backup.IntervalHours,
		SettingBackupKeep: &s.Backup.Keep, SettingBackupPassphraseSealed: &s.Backup.PassphraseSealed,
	} {
		if _, err := db.GetSetting(ctx, key, dst); err != nil {
			return Settings{}, err
		}
	}
	return s, nil
}
