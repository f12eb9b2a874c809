package app

import (
	"context"
	"encoding/base64"
	"time"

	"sekisho/backend/engine"
	"sekisho/backend/gateway"
	"sekisho/backend/model"
	"sekisho/backend/store"

	qrcode "github.com/skip2/go-qrcode"
)

// Dashboard is the Home screen at a glance (SPEC section 7).
type Dashboard struct {
	Protection     Protection        `json:"protection"`
	PendingDevices int               `json:"pendingDevices"`
	ExpiringSoon   []Cert            `json:"expiringSoon"`
	Warnings       []CoverageWarning `json:"warnings"`
	Denials        []DenialBucket    `json:"denials"`
	RecentDenials  []AccessEntry     `json:"recentDenials"`
	Server         ServerStatus      `json:"server"`
	// SignIns counts the gateway's sign-ins that did not succeed in the
	// last 24 hours. They are left out of Denials and RecentDenials, which
	// are requests to the apps that the rules refused: a password-guessing
	// burst would otherwise bury those (it has its own count here, and the
	// access log has every attempt). Redirects to the sign-in page are left
	// out too: they are the normal way in.
	SignIns SignInCounts `json:"signIns"`
	// Backup is the backup schedule's state and last run.
	Backup BackupState `json:"backup"`
	// CA is the CA's own end date: every certificate chains to it.
	CA CAExpiry `json:"ca"`
}

// CAWarnDays: Home warns when fewer days than this remain before the CA
// ends (a year, to plan a renewal; docs/operations.md).
const CAWarnDays = 365

// CAExpiry is the CA's end date at a glance.
type CAExpiry struct {
	// NotAfter is the CA certificate's end (RFC 3339).
	NotAfter string `json:"notAfter"`
	// DaysLeft counts the whole days until NotAfter (negative once past).
	DaysLeft int `json:"daysLeft"`
	// Warn: fewer than CAWarnDays remain.
	Warn bool `json:"warn"`
}

// caExpiry describes a CA ending at notAfter, seen at now.
func caExpiry(notAfter, now time.Time) CAExpiry {
	left := notAfter.Sub(now)
	days := int(left / (24 * time.Hour))
	if left < 0 && left%(24*time.Hour) != 0 {
		days-- // a part of a day past the end counts as a day past
	}
	return CAExpiry{NotAfter: timeString(notAfter), DaysLeft: days, Warn: days < CAWarnDays}
}

// BackupState is the scheduled backups at a glance.
type BackupState struct {
	Enabled bool `json:"enabled"`
	// LastAt is the last scheduled attempt's time (RFC 3339; "" for
	// never), LastOk its result, LastError its error, LastFile the file it
	// wrote (a name in the backup folder).
	LastAt    string `json:"lastAt"`
	LastOk    bool   `json:"lastOk"`
	LastError string `json:"lastError"`
	LastFile  string `json:"lastFile"`
	// Due: the last successful backup is older than the interval, or
	// there is none.
	Due bool `json:"due"`
}

// SignInCounts counts unsuccessful gateway sign-ins.
type SignInCounts struct {
	// Failed: a user code and password were checked and are wrong.
	Failed int `json:"failed"`
	// Throttled: refused before any check (too many failures, or busy).
	Throttled int `json:"throttled"`
}

// Protection says what is enforced.
type Protection struct {
	FailOpen           bool `json:"failOpen"`
	StrictMode         bool `json:"strictMode"`
	ValidCerts         int  `json:"validCerts"`
	IPRulesEnforcing   bool `json:"ipRulesEnforcing"`
	IPRules            int  `json:"ipRules"`
	Routes             int  `json:"routes"`
	RequireCertUsers   int  `json:"requireCertUsers"`
	RequireDeviceUsers int  `json:"requireDeviceUsers"`
	SuspendedUsers     int  `json:"suspendedUsers"`
	ActiveUsers        int  `json:"activeUsers"`
}

// DenialBucket counts denials in one hour (RFC 3339 start).
type DenialBucket struct {
	Hour  string `json:"hour"`
	Count int    `json:"count"`
}

// ServerStatus describes the LAN server.
type ServerStatus struct {
	PortalURL  string `json:"portalUrl"`
	GatewayURL string `json:"gatewayUrl"`
	// DownloadURL is the plain-HTTP download listener's ("" when it does
	// not run).
	DownloadURL string `json:"downloadUrl"`
	// CAPageURL is the page phones open to install the root certificate:
	// the download listener's (no certificate warning), else the
	// portal's. PortalQRPng is its QR code.
	CAPageURL     string   `json:"caPageUrl"`
	PortalQRPng   string   `json:"portalQrPng"`
	GatewayQRPng  string   `json:"gatewayQrPng"`
	LANAddresses  []string `json:"lanAddresses"`
	CAFingerprint string   `json:"caFingerprint"`
	StartedAt     string   `json:"startedAt"`
	LogWritten    int64    `json:"logWritten"`
	LogDropped    int64    `json:"logDropped"`
	LogQueued     int      `json:"logQueued"`
}

// Dashboard returns everything the Home screen shows.
func (s *System) Dashboard(Empty) (Dashboard, error) {
	v, err := s.dashboard(context.Background())
	return v, s.fail(err)
}

func (s *System) dashboard(ctx context.Context) (Dashboard, error) {
	e := s.env
	now := e.now()
	var d Dashboard
	var err error
	// What is enforced, from the snapshot the gateway decides by.
	snap := e.Snapshot()
	d.Protection.FailOpen, d.Protection.ValidCerts = e.failOpen()
	d.Protection.StrictMode = snap.Strict()
	d.Protection.IPRules = snap.IPRuleCount()
	d.Protection.IPRulesEnforcing = snap.IPRulesEnforcing()
	d.Protection.Routes = snap.RouteCount()
	on := true
	for dst, f := range map[*int]model.UserFilter{
		&d.Protection.RequireCertUsers: {RequireCert: &on},
		&d.Protection.SuspendedUsers:   {State: model.UserStateSuspended},
		&d.Protection.ActiveUsers:      {State: model.UserStateActive},
	} {
		ids, err := e.DB.UserIDs(ctx, f)
		if err != nil {
			return d, err
		}
		*dst = len(ids)
	}
	if d.Protection.RequireDeviceUsers, err = e.DB.CountRequireDevice(ctx); err != nil {
		return d, err
	}
	if d.PendingDevices, err = e.DB.CountDevices(ctx, "pending"); err != nil {
		return d, err
	}
	// Certificates ending within 30 days.
	windows, err := e.DB.CertWindows(ctx, "", now)
	if err != nil {
		return d, err
	}
	var soon []int64
	for _, w := range windows {
		if w.Enabled && w.Until.Before(now.AddDate(0, 0, 30)) && len(soon) < 20 {
			soon = append(soon, w.ID)
		}
	}
	certs, err := e.DB.CertsByIDs(ctx, soon)
	if err != nil {
		return d, err
	}
	d.ExpiringSoon = make([]Cert, len(certs))
	for i, c := range certs {
		d.ExpiringSoon[i] = e.certDTO(c)
	}
	cov, err := (&Certs{base: s.base}).coverage(CoverageRequest{})
	if err != nil {
		return d, err
	}
	d.Warnings = cov.Warnings
	signIn := []string{gateway.ReasonSignInFailed, gateway.ReasonSignInThrottled}
	// Not denials on Home: the sign-in page's failures (counted apart) and
	// the redirects to it (the normal way to sign in). Allowed entries
	// (signed_in, self_issued, …) are never denials.
	notDenials := append([]string{gateway.ReasonSignInRequired}, signIn...)
	buckets, err := e.DB.DenialsByHour(ctx, now.Add(-24*time.Hour), notDenials...)
	if err != nil {
		return d, err
	}
	counts, err := e.DB.CountDenials(ctx, now.Add(-24*time.Hour), signIn...)
	if err != nil {
		return d, err
	}
	d.SignIns = SignInCounts{Failed: counts[gateway.ReasonSignInFailed], Throttled: counts[gateway.ReasonSignInThrottled]}
	d.Denials = make([]DenialBucket, len(buckets))
	for i, b := range buckets {
		d.Denials[i] = DenialBucket{Hour: timeString(b.Hour), Count: b.Count}
	}
	recent, _, err := e.DB.ListAccess(ctx, store.AccessFilter{Decision: "deny", ExceptReasons: notDenials, Limit: 10})
	if err != nil {
		return d, err
	}
	d.RecentDenials = make([]AccessEntry, len(recent))
	for i, r := range recent {
		d.RecentDenials[i] = AccessEntry{Time: timeString(r.At), ClientIP: r.ClientIP, UserCode: r.UserCode, CertName: r.CertName,
			Device: r.Device, Route: r.Route, Method: r.Method, Path: r.Path, Decision: AccessDecision(r.Decision), Reason: r.Reason}
	}
	if info := e.Info(); info.PortalURL != "" {
		d.Server.PortalURL, d.Server.GatewayURL, d.Server.CAFingerprint = info.PortalURL, info.GatewayURL, info.CAFingerprint
		d.Server.DownloadURL, d.Server.CAPageURL = info.DownloadURL, info.PortalURL
		eset, err := engine.LoadSettings(ctx, e.DB)
		if err != nil {
			return d, err
		}
		if info.DownloadURL != "" && !eset.DownloadsHTTPSOnly {
			d.Server.CAPageURL = info.DownloadURL
		}
		d.Server.StartedAt = timeString(info.StartedAt)
		for dst, u := range map[*string]string{&d.Server.PortalQRPng: d.Server.CAPageURL, &d.Server.GatewayQRPng: info.GatewayURL} {
			if png, err := qrcode.Encode(u, qrcode.Medium, 256); err == nil {
				*dst = base64.StdEncoding.EncodeToString(png)
			}
		}
	}
	d.Server.LANAddresses = addrStrings(e.selfAddresses())
	st := e.LogStats()
	d.Server.LogWritten, d.Server.LogDropped, d.Server.LogQueued = st.Written, st.Dropped, st.Queued
	bs, err := e.BackupStatus(ctx)
	if err != nil {
		return d, err
	}
	d.CA = caExpiry(e.CA().Cert.NotAfter, now)
	d.Backup = BackupState{Enabled: bs.Enabled, LastOk: bs.LastOk, LastError: bs.LastError, LastFile: bs.LastFile, Due: bs.Due}
	if !bs.LastAt.IsZero() {
		d.Backup.LastAt = timeString(bs.LastAt)
	}
	return d, nil
}
