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
	// The LAN listeners (Settings → LAN サーバー). A flag given on the
	// command line wins over them.
	SettingPortalPort  = "portalPort"
	SettingGatewayPort = "gatewayPort"
	SettingPublicHost  = "publicHost"
)

// Defaults of the settings the engine reads.
const (
	DefaultRetentionDays = 90
)

// Settings are the settings the engine runs by.
type Settings struct {
	OrganizationName     string
	StrictMode           bool
	LinkDownloadsEnabled bool
	RetentionDays        int
	ConnsPerAddress      int
	// PortalPort and GatewayPort are 0 while unset; PublicHost is "" while
	// unset (the first LAN address).
	PortalPort  int
	GatewayPort int
	PublicHost  string
}

// LoadSettings reads the engine's settings, with defaults for unset ones.
func LoadSettings(ctx context.Context, db *store.DB) (Settings, error) {
	s := Settings{LinkDownloadsEnabled: true, RetentionDays: DefaultRetentionDays, ConnsPerAddress: server.DefaultConnsPerAddress}
	for key, dst := range map[string]any{
		SettingOrgName: &s.OrganizationName, SettingStrictMode: &s.StrictMode, SettingLinksEnabled: &s.LinkDownloadsEnabled,
		SettingRetentionDays: &s.RetentionDays, SettingConnsPerAddress: &s.ConnsPerAddress,
		SettingPortalPort: &s.PortalPort, SettingGatewayPort: &s.GatewayPort, SettingPublicHost: &s.PublicHost,
	} {
		if _, err := db.GetSetting(ctx, key, dst); err != nil {
			return Settings{}, err
		}
	}
	return s, nil
}
