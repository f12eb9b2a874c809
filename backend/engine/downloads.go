package engine

import (
	"context"
	"net/netip"
	"strings"
	"time"

	"sekisho/backend/ca"
	"sekisho/backend/model"
	"sekisho/backend/portal"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// Downloads serves the portal's download links from the database: it is
// what backend/portal calls.
type Downloads struct {
	e *Engine
}

// Downloads returns the portal's view of download links. An IP-restricted
// link serves only clients that pass the IP rules in force.
func (e *Engine) Downloads() *Downloads { return &Downloads{e: e} }

// lookup resolves a token to its link, reporting why it cannot be used.
func (d *Downloads) lookup(ctx context.Context, token string, client netip.Addr) (store.Link, model.Cert, portal.Problem, error) {
	if !portal.TokenShapeOK(token) {
		return store.Link{}, model.Cert{}, portal.ProblemUnknown, nil
	}
	l, err := d.e.DB.LinkByTokenHash(ctx, secret.HashToken(token))
	if model.CodeOf(err) == model.CodeNotFound {
		return l, model.Cert{}, portal.ProblemUnknown, nil
	}
	if err != nil {
		return l, model.Cert{}, "", err
	}
	set, err := LoadSettings(ctx, d.e.DB)
	if err != nil {
		return l, model.Cert{}, "", err
	}
	if !set.LinkDownloadsEnabled {
		return l, model.Cert{}, portal.ProblemDisabled, nil
	}
	switch l.State(d.e.now()) {
	case store.LinkRevoked:
		return l, model.Cert{}, portal.ProblemRevoked, nil
	case store.LinkExpired:
		return l, model.Cert{}, portal.ProblemExpired, nil
	case store.LinkUsedUp:
		return l, model.Cert{}, portal.ProblemUsedUp, nil
	}
	c, err := d.e.DB.GetCert(ctx, l.CertID)
	if model.CodeOf(err) == model.CodeNotFound {
		return l, c, portal.ProblemRevoked, nil
	}
	if err != nil {
		return l, c, "", err
	}
	if !c.RevokedAt.IsZero() {
		return l, c, portal.ProblemRevoked, nil
	}
	if l.IPRestricted && !d.e.IPAllowed(client) {
		return l, c, portal.ProblemAddress, nil
	}
	return l, c, "", nil
}

// Page describes a link for its download page.
func (d *Downloads) Page(ctx context.Context, token string, client netip.Addr) (portal.PageInfo, error) {
	l, c, problem, err := d.lookup(ctx, token, client)
	if err != nil || problem != "" {
		return portal.PageInfo{Problem: problem}, err
	}
	owner := c.Name
	if c.Kind == model.CertPersonal && c.UserName != "" {
		owner = c.UserName + " (" + c.UserCode + ")"
	}
	return portal.PageInfo{
		CertName: owner, FileBase: c.Name, ExpiresAt: l.ExpiresAt, Remaining: l.MaxUses - l.Uses,
		CertNotAfter: c.NotAfter.Add(-time.Second), CAFingerprint: d.e.CA().Fingerprint(),
	}, nil
}

// File takes one use of the link and returns the file. Release must be
// called with whether the file reached the client; a failed delivery gives
// the use back.
func (d *Downloads) File(ctx context.Context, token, format string, client netip.Addr) (portal.File, portal.Problem, error) {
	l, c, problem, err := d.lookup(ctx, token, client)
	if err != nil || problem != "" {
		return portal.File{}, problem, err
	}
	p12, err := d.e.DB.CertP12(ctx, c.ID, format == "mobileconfig")
	if err != nil {
		return portal.File{}, portal.ProblemRevoked, nil
	}
	name, data, err := d.e.CertFile(ctx, c, p12, format)
	if err != nil {
		return portal.File{}, "", err
	}
	if err := d.e.DB.TakeLinkUse(ctx, l.ID); err != nil {
		if err == store.ErrLinkUnusable {
			return portal.File{}, portal.ProblemUsedUp, nil
		}
		return portal.File{}, "", err
	}
	ctype := "application/x-pkcs12"
	if strings.HasSuffix(name, ".mobileconfig") {
		ctype = "application/x-apple-aspen-config"
	}
	return portal.File{Name: name, ContentType: ctype, Data: data, Release: func(delivered bool) {
		if !delivered {
			if err := d.e.DB.ReturnLinkUse(context.Background(), l.ID); err != nil {
				d.e.Log.Error("return link use", "err", err)
			}
		}
	}}, "", nil
}

// CertFile builds the download file of a certificate.
func (e *Engine) CertFile(ctx context.Context, c model.Cert, p12 []byte, format string) (string, []byte, error) {
	base := c.Name
	switch format {
	case "p12", "":
		return base + ".p12", p12, nil
	case "mobileconfig":
		set, err := LoadSettings(ctx, e.DB)
		if err != nil {
			return "", nil, err
		}
		org := set.OrganizationName
		key, display := "", c.Name
		if c.Kind == model.CertShared {
			// A renewed shared certificate has a new name; its profile
			// keeps the first one's identifier, so iOS replaces the old
			// profile.
			first, err := e.DB.LineageFirstName(ctx, c)
			if err != nil {
				return "", nil, err
			}
			key = "shared:" + strings.ToLower(first)
		} else {
			key, display = "user:"+strings.ToLower(c.UserCode), c.UserCode
			if c.UserName != "" {
				display = c.UserName + " (" + c.UserCode + ")"
			}
		}
		data, err := e.CA().MobileConfig(p12, base+".p12", ca.ProfileOwner{Key: key, DisplayName: display, Org: org})
		if err != nil {
			return "", nil, err
		}
		return base + ".mobileconfig", data, nil
	default:
		return "", nil, model.Invalid("format", "field.choice", map[string]any{"value": format, "choices": "p12, mobileconfig"})
	}
}
