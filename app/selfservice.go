package app

import (
	"context"
	"net/netip"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/gateway"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// The employees' self-service (Settings → 従業員による証明書の発行): a
// signed-in person issues their own personal certificate at the gateway's
// /_sekisho/me. The engine calls these (Engine.SetSelfService, in Use).

// selfLinkMinutes is how long the self-issued certificate's download link
// works: the person downloads it at once, on the phone in their hand.
const selfLinkMinutes = 30

// selfActor is the history's actor of what a person did for themselves.
func selfActor(code string) store.Actor { return store.Actor("self:" + code) }

// SelfStatus implements gateway.SelfService: whether self-service is on,
// and (for a user) their name and personal certificates not revoked.
func (e *Env) SelfStatus(ctx context.Context, userID int64) (gateway.SelfStatus, error) {
	set, err := e.loadSettings(ctx)
	if err != nil {
		return gateway.SelfStatus{}, err
	}
	// Link downloads switched off (the incident switch) stops self-service
	// too: its file comes through a link.
	st := gateway.SelfStatus{Enabled: set.SelfServiceEnabled && set.LinkDownloadsEnabled, RevokePrevious: set.SelfServiceRevokePrevious}
	if userID == 0 || !st.Enabled {
		return st, nil
	}
	u, err := e.DB.GetUser(ctx, userID)
	if err != nil {
		return gateway.SelfStatus{}, err
	}
	st.UserName = u.Name
	if st.Certs, err = e.selfCerts(ctx, userID); err != nil {
		return gateway.SelfStatus{}, err
	}
	return st, nil
}

// selfCerts are the user's personal certificates that are not revoked.
func (e *Env) selfCerts(ctx context.Context, userID int64) ([]gateway.SelfCert, error) {
	certs, _, err := e.DB.ListCerts(ctx, store.CertFilter{Kind: model.CertPersonal, UserID: userID, Limit: 20})
	if err != nil {
		return nil, err
	}
	var out []gateway.SelfCert
	now := e.now()
	for _, c := range certs {
		if state := c.State(now); state != model.CertRevoked {
			out = append(out, gateway.SelfCert{Name: c.Name, Until: c.NotAfter.Add(-time.Second), State: string(state)})
		}
	}
	return out, nil
}

// SelfIssue implements gateway.SelfService: a personal certificate for
// the user with the default validity, revoking their earlier ones if the
// setting says so, and a one-use download link for format that works for
// selfLinkMinutes. The history names the person as the actor (self:CODE).
func (e *Env) SelfIssue(ctx context.Context, userID int64, client netip.Addr, format string) (gateway.SelfIssued, error) {
	set, err := e.loadSettings(ctx)
	if err != nil {
		return gateway.SelfIssued{}, err
	}
	if !set.SelfServiceEnabled || !set.LinkDownloadsEnabled {
		return gateway.SelfIssued{}, gateway.ErrSelfServiceOff
	}
	u, err := e.DB.GetUser(ctx, userID)
	if err != nil {
		return gateway.SelfIssued{}, err
	}
	if u.Suspended {
		return gateway.SelfIssued{}, gateway.ErrSuspended
	}
	if format != "mobileconfig" {
		format = "p12"
	}
	// From here on the person's browser going away (a double tap cancels
	// the first POST, a phone leaving Wi-Fi) must not stop halfway between
	// the stored certificate and its link.
	ctx = context.WithoutCancel(ctx)
	out, err := e.selfIssue(ctx, set, u, format)
	if err != nil {
		e.Log.Error("self-service: issuance failed", "user", u.Code, "client", client.String(), "err", err)
		return gateway.SelfIssued{}, err
	}
	e.Log.Info("self-service: certificate issued", "user", u.Code, "cert", out.CertName, "client", client.String())
	return out, nil
}

// selfIssue issues the certificate and its link (SelfIssue's work).
func (e *Env) selfIssue(ctx context.Context, set SettingsData, u model.User, format string) (gateway.SelfIssued, error) {
	userID := u.ID
	token, err := secret.Token(16)
	if err != nil {
		return gateway.SelfIssued{}, err
	}
	start, end, werr := e.window("", "", set.DefaultValidityDays)
	if werr != nil {
		return gateway.SelfIssued{}, werr
	}
	spec := issueSpec{name: u.Code, kind: model.CertPersonal, user: u, notBefore: start, notAfter: end, enabled: true,
		algo: ca.KeyAlgo(set.KeyAlgorithm), compat: ca.Compat(set.PKCS12Compat)}
	made, err := e.makeCerts(ctx, []issueSpec{spec}, nil)
	if err != nil {
		return gateway.SelfIssued{}, err
	}
	revoked := 0
	var revoke []int64
	if set.SelfServiceRevokePrevious {
		revoke = []int64{userID}
		if certs, err := e.selfCerts(ctx, userID); err == nil {
			revoked = len(certs)
		}
	}
	actor := selfActor(u.Code)
	ids, err := e.storeCerts(ctx, actor, made, revoke)
	if err != nil {
		return gateway.SelfIssued{}, err
	}
	e.changed()
	if len(revoke) > 0 {
		e.refreshCRLAfterRevocation(ctx)
	}
	c, err := e.DB.GetCert(ctx, ids[0])
	if err != nil {
		return gateway.SelfIssued{}, err
	}
	if _, err := e.DB.CreateLink(ctx, actor, secret.HashToken(token), c.ID, e.now().Add(selfLinkMinutes*time.Minute), 1, false); err != nil {
		return gateway.SelfIssued{}, err
	}
	base := e.linkBase(set)
	return gateway.SelfIssued{CertName: c.Name, Until: c.NotAfter.Add(-time.Second), Passphrase: made[0].passphrase,
		FileURL: base + "d/" + token + "/" + format, PageURL: base + "d/" + token, CAURL: base + "cacert.cer", Revoked: revoked}, nil
}

// linkBase is where download links point: the download listener (no
// certificate warning on a phone that does not trust the CA yet), unless
// everything stays on HTTPS or it does not run; else the portal.
func (e *Env) linkBase(set SettingsData) string {
	info := e.Info()
	if info.DownloadURL != "" && !set.DownloadsHTTPSOnly {
		return info.DownloadURL
	}
	return info.PortalURL
}

// selfServiceURL is the address employees open for self-service: the
// download listener's /me (which leads to the gateway over HTTPS once the
// CA is trusted), or the gateway's page itself when everything stays on
// HTTPS.
func (e *Env) selfServiceURL(set SettingsData) string {
	info := e.Info()
	if info.DownloadURL != "" && !set.DownloadsHTTPSOnly {
		return info.DownloadURL + "me"
	}
	if info.GatewayURL == "" {
		return ""
	}
	return info.GatewayURL + gateway.MePath[1:]
}
