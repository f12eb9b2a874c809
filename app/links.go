package app

import (
	"context"
	"encoding/base64"
	"net/netip"
	"strings"
	"time"

	"sekisho/backend/model"
	"sekisho/backend/portal"
	"sekisho/backend/secret"
	"sekisho/backend/store"

	qrcode "github.com/skip2/go-qrcode"
)

// Links makes and revokes download links (SPEC section 5).
type Links struct{ base }

// LinkCreateRequest describes a link. Omitted values use the settings
// (24 hours, one use).
type LinkCreateRequest struct {
	CertID           string `json:"certId"`
	ExpiresInMinutes int    `json:"expiresInMinutes,omitempty"`
	MaxUses          int    `json:"maxUses,omitempty"`
	// IPRestricted: only clients that pass the IP rules may download.
	IPRestricted bool `json:"ipRestricted,omitempty"`
}

// LinkCreated is a new link. URL and QRPng exist only in this answer: the
// token is stored as a hash.
type LinkCreated struct {
	ID        string `json:"id"`
	CertID    string `json:"certId"`
	URL       string `json:"url"`
	ExpiresAt string `json:"expiresAt"`
	MaxUses   int    `json:"maxUses"`
	// QRPng is a base64 PNG of the URL.
	QRPng string `json:"qrPng"`
}

// Create makes a download link for a certificate.
func (s *Links) Create(req LinkCreateRequest) (LinkCreated, error) {
	v, err := s.create(req)
	return v, s.fail(err)
}

func (s *Links) create(req LinkCreateRequest) (LinkCreated, error) {
	certID, perr := parseID("certId", req.CertID)
	if perr != nil {
		return LinkCreated{}, perr
	}
	ctx := context.Background()
	set, err := s.env.loadSettings(ctx)
	if err != nil {
		return LinkCreated{}, err
	}
	minutes, uses := req.ExpiresInMinutes, req.MaxUses
	if minutes == 0 {
		minutes = set.LinkExpiresInMinutes
	}
	if uses == 0 {
		uses = set.LinkMaxUses
	}
	if minutes < 1 || minutes > maxLinkMinutes {
		return LinkCreated{}, model.Invalid("expiresInMinutes", "field.int_range", map[string]any{"min": 1, "max": maxLinkMinutes})
	}
	if uses < 1 || uses > maxLinkUses {
		return LinkCreated{}, model.Invalid("maxUses", "field.int_range", map[string]any{"min": 1, "max": maxLinkUses})
	}
	info := s.env.Info.Load()
	if info == nil || info.PortalURL == "" {
		return LinkCreated{}, model.Internalf("the portal is not running")
	}
	token, err := secret.Token(16)
	if err != nil {
		return LinkCreated{}, err
	}
	l, err := s.env.DB.CreateLink(ctx, s.env.Actor, secret.HashToken(token), certID, s.env.now().Add(time.Duration(minutes)*time.Minute), uses, req.IPRestricted)
	if err != nil {
		return LinkCreated{}, err
	}
	url := info.PortalURL + "d/" + token
	png, err := qrcode.Encode(url, qrcode.Medium, 320)
	if err != nil {
		return LinkCreated{}, err
	}
	return LinkCreated{ID: idString(l.ID), CertID: req.CertID, URL: url, ExpiresAt: timeString(l.ExpiresAt), MaxUses: l.MaxUses,
		QRPng: base64.StdEncoding.EncodeToString(png)}, nil
}

// Link is a link as listed (without its URL, which is not kept).
type Link struct {
	ID           string `json:"id"`
	CertID       string `json:"certId"`
	ExpiresAt    string `json:"expiresAt"`
	MaxUses      int    `json:"maxUses"`
	Uses         int    `json:"uses"`
	State        string `json:"state"`
	IPRestricted bool   `json:"ipRestricted"`
	CreatedAt    string `json:"createdAt"`
}

// LinkListRequest names a certificate.
type LinkListRequest struct {
	CertID string `json:"certId"`
}

// LinkList is a certificate's links.
type LinkList struct {
	Items []Link `json:"items"`
}

// List returns a certificate's links, newest first.
func (s *Links) List(req LinkListRequest) (LinkList, error) {
	certID, perr := parseID("certId", req.CertID)
	if perr != nil {
		return LinkList{}, s.fail(perr)
	}
	ctx := context.Background()
	c, err := s.env.DB.GetCert(ctx, certID)
	if err != nil {
		return LinkList{}, s.fail(err)
	}
	ls, err := s.env.DB.ListLinks(ctx, certID)
	if err != nil {
		return LinkList{}, s.fail(err)
	}
	out := LinkList{Items: make([]Link, len(ls))}
	now := s.env.now()
	for i, l := range ls {
		state := l.State(now)
		if !c.RevokedAt.IsZero() && state == store.LinkActive {
			state = store.LinkRevoked // the portal refuses links of a revoked certificate
		}
		out.Items[i] = Link{ID: idString(l.ID), CertID: req.CertID, ExpiresAt: timeString(l.ExpiresAt), MaxUses: l.MaxUses, Uses: l.Uses,
			State: string(state), IPRestricted: l.IPRestricted, CreatedAt: timeString(l.CreatedAt)}
	}
	return out, nil
}

// Revoke stops a link at once.
func (s *Links) Revoke(req IDRequest) (Empty, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Empty{}, s.fail(perr)
	}
	return Empty{}, s.fail(s.env.DB.RevokeLink(context.Background(), s.env.Actor, id))
}

// Downloads serves the portal's download links from the database: it is
// what backend/portal calls.
type Downloads struct {
	env *Env
}

// Downloads returns the portal's view of download links. An IP-restricted
// link serves only clients that pass the IP rules in force.
func (e *Env) Downloads() *Downloads { return &Downloads{env: e} }

// lookup resolves a token to its link, reporting why it cannot be used.
func (d *Downloads) lookup(ctx context.Context, token string, client netip.Addr) (store.Link, model.Cert, portal.Problem, error) {
	if !portal.TokenShapeOK(token) {
		return store.Link{}, model.Cert{}, portal.ProblemUnknown, nil
	}
	l, err := d.env.DB.LinkByTokenHash(ctx, secret.HashToken(token))
	if model.CodeOf(err) == model.CodeNotFound {
		return l, model.Cert{}, portal.ProblemUnknown, nil
	}
	if err != nil {
		return l, model.Cert{}, "", err
	}
	set, err := d.env.loadSettings(ctx)
	if err != nil {
		return l, model.Cert{}, "", err
	}
	if !set.LinkDownloadsEnabled {
		return l, model.Cert{}, portal.ProblemDisabled, nil
	}
	switch l.State(d.env.now()) {
	case store.LinkRevoked:
		return l, model.Cert{}, portal.ProblemRevoked, nil
	case store.LinkExpired:
		return l, model.Cert{}, portal.ProblemExpired, nil
	case store.LinkUsedUp:
		return l, model.Cert{}, portal.ProblemUsedUp, nil
	}
	c, err := d.env.DB.GetCert(ctx, l.CertID)
	if model.CodeOf(err) == model.CodeNotFound {
		return l, c, portal.ProblemRevoked, nil
	}
	if err != nil {
		return l, c, "", err
	}
	if !c.RevokedAt.IsZero() {
		return l, c, portal.ProblemRevoked, nil
	}
	if l.IPRestricted && !d.env.IPAllowed(client) {
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
		CertName: owner, ExpiresAt: l.ExpiresAt, Remaining: l.MaxUses - l.Uses,
		CertNotAfter: c.NotAfter.Add(-time.Second), CAFingerprint: d.env.CA().Fingerprint(),
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
	p12, err := d.env.DB.CertP12(ctx, c.ID)
	if err != nil {
		return portal.File{}, portal.ProblemRevoked, nil
	}
	name, data, err := d.env.certFile(ctx, c, p12, format)
	if err != nil {
		return portal.File{}, "", err
	}
	if err := d.env.DB.TakeLinkUse(ctx, l.ID); err != nil {
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
			if err := d.env.DB.ReturnLinkUse(context.Background(), l.ID); err != nil {
				d.env.Log.Error("return link use", "err", err)
			}
		}
	}}, "", nil
}
