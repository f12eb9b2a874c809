package app

import (
	"context"
	"encoding/base64"
	"time"

	"sekisho/backend/model"
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
	info := s.env.Info()
	if info.PortalURL == "" {
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
	url := s.env.linkBase(set) + "d/" + token
	png, err := qrcode.Encode(url, qrcode.Medium, 320)
	if err != nil {
		return LinkCreated{}, err
	}
	return LinkCreated{ID: idString(l.ID), CertID: req.CertID, URL: url, ExpiresAt: timeString(l.ExpiresAt), MaxUses: l.MaxUses,
		QRPng: base64.StdEncoding.EncodeToString(png)}, nil
}

// Link is a link as listed (without its URL, which is not kept).
type Link struct {
	ID           string    `json:"id"`
	CertID       string    `json:"certId"`
	ExpiresAt    string    `json:"expiresAt"`
	MaxUses      int       `json:"maxUses"`
	Uses         int       `json:"uses"`
	State        LinkState `json:"state"`
	IPRestricted bool      `json:"ipRestricted"`
	CreatedAt    string    `json:"createdAt"`
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
			State: LinkState(state), IPRestricted: l.IPRestricted, CreatedAt: timeString(l.CreatedAt)}
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
