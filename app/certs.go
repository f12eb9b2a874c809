package app

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"sekisho/backend/ca"
	"sekisho/backend/engine"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
)

// Certs issues and manages client certificates (SPEC section 1).
type Certs struct{ base }

// Cert is a certificate as the UI and the API see it. NotBefore and NotAfter
// are the allowed window as inclusive dates (使用開始日, 使用終了日).
type Cert struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name"`
	Kind               CertKind  `json:"kind"`
	UserID             string    `json:"userId,omitempty"`
	UserCode           string    `json:"userCode,omitempty"`
	UserName           string    `json:"userName,omitempty"`
	Serial             string    `json:"serial"`
	KeyAlgorithm       string    `json:"keyAlgorithm"`
	NotBefore          string    `json:"notBefore"`
	NotAfter           string    `json:"notAfter"`
	Enabled            bool      `json:"enabled"`
	State              CertState `json:"state"`
	AuthenticatedUsers int       `json:"authenticatedUsers"`
	RevokedAt          string    `json:"revokedAt"`
	RevokeReason       string    `json:"revokeReason"`
	PredecessorID      string    `json:"predecessorId,omitempty"`
	SuccessorID        string    `json:"successorId,omitempty"`
	CreatedAt          string    `json:"createdAt"`
	// ValidFrom and ValidUntil are the exact window, RFC 3339.
	ValidFrom  string `json:"validFrom"`
	ValidUntil string `json:"validUntil"`
	// X509NotAfter is the certificate's own end (the window cannot pass it).
	X509NotAfter string `json:"x509NotAfter"`
	// AllowedFrom and AllowedUntil are the earliest 使用開始日 and the latest
	// 使用終了日 the window may take (YYYY-MM-DD, inclusive): the X.509
	// validity of the signed certificate. Inside it the window may be widened
	// or narrowed; beyond it only a renewal (更新) goes.
	AllowedFrom  string `json:"allowedFrom"`
	AllowedUntil string `json:"allowedUntil"`
}

func (e *Env) certDTO(c model.Cert) Cert {
	d := Cert{ID: idString(c.ID), Name: c.Name, Kind: CertKind(c.Kind), UserCode: c.UserCode, UserName: c.UserName,
		Serial: c.Serial, KeyAlgorithm: c.KeyAlgo, NotBefore: c.NotBefore.In(e.Loc).Format(model.DateLayout),
		NotAfter: c.NotAfter.Add(-time.Second).In(e.Loc).Format(model.DateLayout), Enabled: c.Enabled,
		State: CertState(c.State(e.now())), AuthenticatedUsers: c.AuthenticatedUsers, RevokedAt: timeString(c.RevokedAt),
		RevokeReason: c.RevokeReason, CreatedAt: timeString(c.CreatedAt), ValidFrom: timeString(c.NotBefore),
		ValidUntil: timeString(c.NotAfter), X509NotAfter: timeString(c.X509NotAfter),
		AllowedFrom: c.X509NotBefore.In(e.Loc).Format(model.DateLayout), AllowedUntil: c.X509NotAfter.In(e.Loc).Format(model.DateLayout)}
	if c.UserID != 0 {
		d.UserID = idString(c.UserID)
	}
	if c.PredecessorID != 0 {
		d.PredecessorID = idString(c.PredecessorID)
	}
	if c.SuccessorID != 0 {
		d.SuccessorID = idString(c.SuccessorID)
	}
	return d
}

// window turns inclusive dates into [start, end) in the admin's time zone,
// defaulting to today and one year (the setting) from today.
func (e *Env) window(nbStr, naStr string, days int) (time.Time, time.Time, *model.Error) {
	today := e.now().In(e.Loc)
	start := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, e.Loc)
	if nbStr != "" {
		d, err := model.ParseDate("notBefore", nbStr)
		if err != nil {
			return time.Time{}, time.Time{}, err
		}
		start = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, e.Loc)
	}
	end := start.AddDate(0, 0, days)
	if naStr != "" {
		d, err := model.ParseDate("notAfter", naStr)
		if err != nil {
			return time.Time{}, time.Time{}, err
		}
		end = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, e.Loc).AddDate(0, 0, 1)
	}
	if !start.Before(end) {
		return time.Time{}, time.Time{}, model.Invalid("notAfter", "cert.window.order", nil)
	}
	return start, end, nil
}

// CertListRequest filters certificates.
type CertListRequest struct {
	Query  string    `json:"query,omitempty"`
	Kind   CertKind  `json:"kind,omitempty"`
	State  CertState `json:"state,omitempty"`
	UserID string    `json:"userId,omitempty"`
	PageRequest
}

// CertPage is one page of certificates, newest first.
type CertPage struct {
	Items    []Cert `json:"items"`
	Total    int    `json:"total"`
	Page     int    `json:"page"`
	PageSize int    `json:"pageSize"`
}

// List returns one page of certificates.
func (s *Certs) List(req CertListRequest) (CertPage, error) {
	v, err := s.list(req)
	return v, s.fail(err)
}

func (s *Certs) list(req CertListRequest) (CertPage, error) {
	page, size, offset, perr := req.offsetLimit()
	if perr != nil {
		return CertPage{}, perr
	}
	if err := checkSearch(searchField{"query", req.Query}); err != nil {
		return CertPage{}, err
	}
	f := store.CertFilter{Query: req.Query, Offset: offset, Limit: size}
	switch k := model.CertKind(req.Kind); k {
	case "", model.CertShared, model.CertPersonal:
		f.Kind = k
	default:
		return CertPage{}, model.Invalid("kind", "field.choice", map[string]any{"value": req.Kind, "choices": "shared, personal"})
	}
	switch st := model.CertState(req.State); st {
	case "", model.CertValid, model.CertDisabled, model.CertExpired, model.CertNotYetValid, model.CertRevoked:
		f.State = st
	default:
		return CertPage{}, model.Invalid("state", "field.choice", map[string]any{"value": req.State, "choices": "valid, disabled, expired, notYetValid, revoked"})
	}
	if req.UserID != "" {
		id, err := parseID("userId", req.UserID)
		if err != nil {
			return CertPage{}, err
		}
		f.UserID = id
	}
	certs, total, err := s.env.DB.ListCerts(context.Background(), f)
	if err != nil {
		return CertPage{}, err
	}
	items := make([]Cert, len(certs))
	for i, c := range certs {
		items[i] = s.env.certDTO(c)
	}
	return CertPage{Items: items, Total: total, Page: page, PageSize: size}, nil
}

// Get returns one certificate.
func (s *Certs) Get(req IDRequest) (Cert, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Cert{}, s.fail(perr)
	}
	c, err := s.env.DB.GetCert(context.Background(), id)
	if err != nil {
		return Cert{}, s.fail(err)
	}
	return s.env.certDTO(c), nil
}

// IssueSharedRequest describes a shared certificate.
type IssueSharedRequest struct {
	Name      string `json:"name"`
	NotBefore string `json:"notBefore,omitempty"`
	NotAfter  string `json:"notAfter,omitempty"`
	Enabled   bool   `json:"enabled"`
	// KeyAlgorithm overrides the setting ("rsa2048" or "ecdsa-p256").
	KeyAlgorithm string `json:"keyAlgorithm,omitempty"`
}

// IssuedCert is a new certificate with its passphrase, shown once.
type IssuedCert struct {
	Cert       Cert   `json:"cert"`
	Passphrase string `json:"passphrase"`
}

// IssueShared issues a shared certificate (one for a department or purpose,
// installed on many devices).
func (s *Certs) IssueShared(req IssueSharedRequest) (IssuedCert, error) {
	v, err := s.issueShared(req, 0)
	return v, s.fail(err)
}

func (s *Certs) issueShared(req IssueSharedRequest, pred int64) (IssuedCert, error) {
	name := strings.TrimSpace(req.Name)
	if err := model.ValidateCertName(name); err != nil {
		return IssuedCert{}, err
	}
	spec, err := s.baseSpec(req.NotBefore, req.NotAfter, req.Enabled, req.KeyAlgorithm)
	if err != nil {
		return IssuedCert{}, err
	}
	spec.name, spec.kind, spec.pred = name, model.CertShared, pred
	return s.issueOne(spec, nil)
}

func (s *Certs) issueOne(spec issueSpec, revokeUsers []int64) (IssuedCert, error) {
	ctx := context.Background()
	made, err := s.env.makeCerts(ctx, []issueSpec{spec}, nil)
	if err != nil {
		return IssuedCert{}, err
	}
	ids, err := s.env.storeCerts(ctx, s.env.Actor, made, revokeUsers)
	if err != nil {
		return IssuedCert{}, err
	}
	s.env.changed()
	if len(revokeUsers) > 0 {
		s.env.refreshCRLAfterRevocation(ctx)
	}
	c, err := s.env.DB.GetCert(ctx, ids[0])
	if err != nil {
		return IssuedCert{}, err
	}
	return IssuedCert{Cert: s.env.certDTO(c), Passphrase: made[0].passphrase}, nil
}

// baseSpec reads the settings and the window common to every issuance.
func (s *Certs) baseSpec(nb, na string, enabled bool, algo string) (issueSpec, error) {
	set, err := s.env.loadSettings(context.Background())
	if err != nil {
		return issueSpec{}, err
	}
	start, end, werr := s.env.window(nb, na, set.DefaultValidityDays)
	if werr != nil {
		return issueSpec{}, werr
	}
	if algo == "" {
		algo = string(set.KeyAlgorithm)
	}
	if !ca.KeyAlgo(algo).Valid() {
		return issueSpec{}, model.Invalid("keyAlgorithm", "field.choice", map[string]any{"value": algo, "choices": "rsa2048, ecdsa-p256"})
	}
	return issueSpec{notBefore: start, notAfter: end, enabled: enabled, algo: ca.KeyAlgo(algo), compat: ca.Compat(set.PKCS12Compat)}, nil
}

// IssuePersonalRequest describes personal certificates for several users.
type IssuePersonalRequest struct {
	UserIDs   []string `json:"userIds"`
	NotBefore string   `json:"notBefore,omitempty"`
	NotAfter  string   `json:"notAfter,omitempty"`
	Enabled   bool     `json:"enabled"`
	// RevokeExisting revokes the users' current certificates in the same
	// step (発行済みのクライアント証明書を無効にして再発行する).
	RevokeExisting bool   `json:"revokeExisting,omitempty"`
	KeyAlgorithm   string `json:"keyAlgorithm,omitempty"`
	// JobID, chosen by the caller, lets Certs.Progress and Certs.Cancel
	// follow this issuance while it runs.
	JobID string `json:"jobId,omitempty"`
}

// IssuedPersonal is the result of a personal issuance. Zip (base64) holds one
// folder per user with the .p12 and password.txt; it exists only in this
// answer, because passphrases are not kept.
type IssuedPersonal struct {
	Items []IssuedCert `json:"items"`
	Zip   string       `json:"zip"`
}

// maxBulk bounds one bulk issuance.
const maxBulk = 10000

// IssuePersonal issues one personal certificate per user, on every core.
// All are stored, or none (on error or cancellation).
func (s *Certs) IssuePersonal(req IssuePersonalRequest) (IssuedPersonal, error) {
	v, err := s.issuePersonal(req)
	return v, s.fail(err)
}

func (s *Certs) issuePersonal(req IssuePersonalRequest) (IssuedPersonal, error) {
	ids, perr := parseIDs(req.UserIDs)
	if perr != nil {
		return IssuedPersonal{}, perr
	}
	if len(ids) > maxBulk {
		return IssuedPersonal{}, model.Invalid("userIds", "cert.bulk.too_many", map[string]any{"max": maxBulk})
	}
	ids = model.UniqueIDs(ids)
	base, err := s.baseSpec(req.NotBefore, req.NotAfter, req.Enabled, req.KeyAlgorithm)
	if err != nil {
		return IssuedPersonal{}, err
	}
	ctx := context.Background()
	specs := make([]issueSpec, len(ids))
	for i, id := range ids {
		u, err := s.env.DB.GetUser(ctx, id)
		if err != nil {
			return IssuedPersonal{}, err
		}
		sp := base
		sp.name, sp.kind, sp.user = u.Code, model.CertPersonal, u
		specs[i] = sp
	}
	var job *Job
	if req.JobID != "" {
		if utf8.RuneCountInString(req.JobID) > 64 {
			return IssuedPersonal{}, model.Invalid("jobId", "field.too_long", map[string]any{"max": 64, "len": utf8.RuneCountInString(req.JobID)})
		}
		if job, err = s.env.jobs.start(req.JobID, len(specs)); err != nil {
			return IssuedPersonal{}, model.Conflict("jobId", "cert.job.in_use", nil)
		}
		defer s.env.jobs.finish(req.JobID, job)
		ctx = job.ctx
	}
	made, err := s.env.makeCerts(ctx, specs, job)
	if err != nil {
		return IssuedPersonal{}, err
	}
	var revoke []int64
	if req.RevokeExisting {
		revoke = ids
	}
	certIDs, err := s.env.storeCerts(context.Background(), s.env.Actor, made, revoke)
	if err != nil {
		return IssuedPersonal{}, err
	}
	s.env.changed()
	if req.RevokeExisting {
		s.env.refreshCRLAfterRevocation(context.Background())
	}
	zipData, err := zipBundle(made)
	if err != nil {
		return IssuedPersonal{}, err
	}
	certs, err := s.env.DB.CertsByIDs(context.Background(), certIDs)
	if err != nil {
		return IssuedPersonal{}, err
	}
	out := IssuedPersonal{Items: make([]IssuedCert, len(made)), Zip: base64.StdEncoding.EncodeToString(zipData)}
	for i, m := range made {
		out.Items[i] = IssuedCert{Cert: s.env.certDTO(certs[i]), Passphrase: m.passphrase}
	}
	return out, nil
}

// JobRequest names a running issuance.
type JobRequest struct {
	JobID string `json:"jobId"`
}

// JobProgress reports a running issuance.
type JobProgress struct {
	Total    int  `json:"total"`
	Done     int  `json:"done"`
	Finished bool `json:"finished"`
	Known    bool `json:"known"`
}

// Progress reports how far a bulk issuance has come.
func (s *Certs) Progress(req JobRequest) (JobProgress, error) {
	job := s.env.jobs.get(req.JobID)
	if job == nil {
		return JobProgress{}, nil
	}
	return JobProgress{Total: job.total, Done: int(job.done.Load()), Finished: job.ended.Load(), Known: true}, nil
}

// Cancel stops a running bulk issuance; nothing of it is stored.
func (s *Certs) Cancel(req JobRequest) (Empty, error) {
	if job := s.env.jobs.get(req.JobID); job != nil {
		job.cancel()
	}
	return Empty{}, nil
}

// CertUpdateRequest changes the enabled flag and narrows the window.
type CertUpdateRequest struct {
	ID        string  `json:"id"`
	Enabled   *bool   `json:"enabled,omitempty"`
	NotBefore *string `json:"notBefore,omitempty"`
	NotAfter  *string `json:"notAfter,omitempty"`
}

// Update enables or disables a certificate, or narrows its window (the
// window never grows past the certificate's own dates: that is renewing).
func (s *Certs) Update(req CertUpdateRequest) (Cert, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Cert{}, s.fail(perr)
	}
	u := store.CertUpdate{Enabled: req.Enabled, Loc: s.env.Loc}
	if req.NotBefore != nil {
		d, err := model.ParseDate("notBefore", *req.NotBefore)
		if err != nil {
			return Cert{}, s.fail(err)
		}
		t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.env.Loc)
		u.NotBefore = &t
	}
	if req.NotAfter != nil {
		d, err := model.ParseDate("notAfter", *req.NotAfter)
		if err != nil {
			return Cert{}, s.fail(err)
		}
		t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.env.Loc).AddDate(0, 0, 1)
		u.NotAfter = &t
	}
	c, err := s.env.DB.UpdateCert(context.Background(), s.env.Actor, id, u)
	if err != nil {
		return Cert{}, s.fail(err)
	}
	s.env.changed()
	return s.env.certDTO(c), nil
}

// RevokeRequest revokes a certificate; Confirm must be true (revocation is
// permanent, so the UI asks first).
type RevokeRequest struct {
	ID      string `json:"id"`
	Reason  string `json:"reason,omitempty"`
	Confirm bool   `json:"confirm,omitempty"`
}

// maxReason bounds a revocation reason.
const maxReason = 200

// Revoke revokes a certificate permanently and re-signs the CRL.
func (s *Certs) Revoke(req RevokeRequest) (Cert, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Cert{}, s.fail(perr)
	}
	reason := strings.TrimSpace(req.Reason)
	if n := utf8.RuneCountInString(reason); n > maxReason {
		return Cert{}, s.fail(model.Invalid("reason", "field.too_long", map[string]any{"max": maxReason, "len": n}))
	}
	if err := model.CheckLine("reason", reason); err != nil {
		return Cert{}, s.fail(err)
	}
	ctx := context.Background()
	if !req.Confirm {
		c, err := s.env.DB.GetCert(ctx, id)
		if err != nil {
			return Cert{}, s.fail(err)
		}
		return Cert{}, s.fail(&model.Error{Code: model.CodeConfirm, Key: "cert.revoke.confirm", Params: map[string]any{"name": c.Name}})
	}
	c, err := s.env.DB.RevokeCert(ctx, s.env.Actor, id, reason)
	if err != nil {
		return Cert{}, s.fail(err)
	}
	s.env.changed()
	s.env.refreshCRLAfterRevocation(ctx)
	return s.env.certDTO(c), nil
}

// DeleteRequest deletes a certificate; Confirm must be true.
type DeleteRequest struct {
	ID      string `json:"id"`
	Confirm bool   `json:"confirm,omitempty"`
}

// Delete deletes a certificate: it is revoked, its file erased, its links
// stopped; users who authenticated with it keep its name marked (削除済み).
func (s *Certs) Delete(req DeleteRequest) (Empty, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return Empty{}, s.fail(perr)
	}
	ctx := context.Background()
	if !req.Confirm {
		c, err := s.env.DB.GetCert(ctx, id)
		if err != nil {
			return Empty{}, s.fail(err)
		}
		return Empty{}, s.fail(&model.Error{Code: model.CodeConfirm, Key: "cert.delete.confirm", Params: map[string]any{"name": c.Name}})
	}
	if err := s.env.DB.DeleteCert(ctx, s.env.Actor, id); err != nil {
		return Empty{}, s.fail(err)
	}
	s.env.changed()
	s.env.refreshCRLAfterRevocation(ctx)
	return Empty{}, nil
}

// RenewRequest renews a certificate: a new one whose window starts before
// the old one ends. Name is required for shared certificates (names are
// unique); personal ones keep the user code.
type RenewRequest struct {
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	NotBefore string `json:"notBefore,omitempty"`
	NotAfter  string `json:"notAfter,omitempty"`
}

// Renew issues the successor of a certificate.
func (s *Certs) Renew(req RenewRequest) (IssuedCert, error) {
	v, err := s.renew(req)
	return v, s.fail(err)
}

func (s *Certs) renew(req RenewRequest) (IssuedCert, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return IssuedCert{}, perr
	}
	ctx := context.Background()
	old, err := s.env.DB.GetCert(ctx, id)
	if err != nil {
		return IssuedCert{}, err
	}
	if !old.RevokedAt.IsZero() {
		return IssuedCert{}, model.Conflict("", "cert.revoked", map[string]any{"name": old.Name})
	}
	set, err := s.env.loadSettings(ctx)
	if err != nil {
		return IssuedCert{}, err
	}
	// The successor starts today (or at the old start, if later) unless
	// told otherwise, and must start before the old one ends.
	nb := req.NotBefore
	if nb == "" {
		start := s.env.now()
		if old.NotBefore.After(start) {
			start = old.NotBefore
		}
		nb = start.In(s.env.Loc).Format(model.DateLayout)
	}
	spec, err := s.baseSpec(nb, req.NotAfter, true, old.KeyAlgo)
	if err != nil {
		return IssuedCert{}, err
	}
	if req.NotAfter == "" {
		spec.notAfter = spec.notBefore.AddDate(0, 0, set.DefaultValidityDays)
	}
	if !spec.notBefore.Before(old.NotAfter) {
		return IssuedCert{}, model.Invalid("notBefore", "cert.renew.gap", map[string]any{"date": old.NotAfter.Add(-time.Second).In(s.env.Loc).Format(model.DateLayout)})
	}
	spec.pred = old.ID
	if old.Kind == model.CertShared {
		name := strings.TrimSpace(req.Name)
		if verr := model.ValidateCertName(name); verr != nil {
			return IssuedCert{}, verr
		}
		spec.name, spec.kind = name, model.CertShared
		return s.issueOne(spec, nil)
	}
	u, err := s.env.DB.GetUser(ctx, old.UserID)
	if err != nil {
		return IssuedCert{}, err
	}
	spec.name, spec.kind, spec.user = u.Code, model.CertPersonal, u
	return s.issueOne(spec, nil)
}

// DownloadRequest asks for a certificate's file: "p12" or "mobileconfig".
type DownloadRequest struct {
	ID     string     `json:"id"`
	Format CertFormat `json:"format"`
}

// Download returns the stored, passphrase-encrypted PKCS#12, or an iOS
// configuration profile holding it and the root CA.
func (s *Certs) Download(req DownloadRequest) (FileResult, error) {
	v, err := s.download(req)
	return v, s.fail(err)
}

func (s *Certs) download(req DownloadRequest) (FileResult, error) {
	id, perr := parseID("id", req.ID)
	if perr != nil {
		return FileResult{}, perr
	}
	ctx := context.Background()
	c, err := s.env.DB.GetCert(ctx, id)
	if err != nil {
		return FileResult{}, err
	}
	p12, err := s.env.DB.CertP12(ctx, id, req.Format == "mobileconfig")
	if err != nil {
		return FileResult{}, err
	}
	name, data, ferr := s.env.CertFile(ctx, c, p12, string(req.Format))
	if ferr != nil {
		return FileResult{}, ferr
	}
	return FileResult{Filename: name, DataBase64: base64.StdEncoding.EncodeToString(data)}, nil
}

// CAInfo is the root certificate.
type CAInfo struct {
	PEM         string `json:"pem"`
	DERBase64   string `json:"derBase64"`
	Fingerprint string `json:"fingerprint"`
	Subject     string `json:"subject"`
	NotAfter    string `json:"notAfter"`
}

// CA returns the root certificate, for manual installation.
func (s *Certs) CA(Empty) (CAInfo, error) {
	c := s.env.CA()
	return CAInfo{PEM: string(c.CertPEM), DERBase64: base64.StdEncoding.EncodeToString(c.Cert.Raw), Fingerprint: c.Fingerprint(),
		Subject: c.Cert.Subject.CommonName, NotAfter: timeString(c.Cert.NotAfter)}, nil
}

// CAExportRequest asks for the CA with its private key. Confirm accepts
// that whoever holds the file can issue certificates every device trusts.
type CAExportRequest struct {
	// Passphrase encrypts the file: at least ca.MinExportPassphrase
	// characters.
	Passphrase string `json:"passphrase"`
	Confirm    bool   `json:"confirm,omitempty"`
}

// ExportCA returns the CA certificate and its private key as a PKCS#12
// encrypted with AES-256 under the passphrase, for an admin who moves to
// another PKI (step-ca, an MDM; docs/operations.md). Without Confirm it
// answers 409 "confirm". The key is opened from its sealed copy for this
// call only and never written unencrypted.
func (s *Certs) ExportCA(req CAExportRequest) (FileResult, error) {
	v, err := s.exportCA(req)
	return v, s.fail(err)
}

func (s *Certs) exportCA(req CAExportRequest) (FileResult, error) {
	short := model.Invalid("passphrase", "ca.export.passphrase.short", map[string]any{"min": ca.MinExportPassphrase})
	if utf8.RuneCountInString(req.Passphrase) < ca.MinExportPassphrase {
		return FileResult{}, short
	}
	// It is typed again at a terminal (openssl): no control characters.
	if err := model.CheckLine("passphrase", req.Passphrase); err != nil {
		return FileResult{}, err
	}
	if !req.Confirm {
		return FileResult{}, &model.Error{Code: model.CodeConfirm, Key: "ca.export.confirm"}
	}
	p12, err := s.env.ExportCA(context.Background(), req.Passphrase)
	switch {
	case errors.Is(err, ca.ErrShortExportPassphrase):
		return FileResult{}, short
	case errors.Is(err, secret.ErrOpen):
		return FileResult{}, &model.Error{Code: model.CodeInternal, Key: "ca.export.seal_key", Err: err}
	case err != nil:
		return FileResult{}, model.Internalf("export CA: %w", err)
	}
	name := "sekisho-ca-" + s.env.now().In(s.env.Loc).Format("20060102") + ".p12"
	// Who took the CA's key away, and when: the history keeps it.
	if err := s.env.DB.RecordAction(context.Background(), s.env.Actor, "ca.export", "ca", name, s.env.CA().Fingerprint()); err != nil {
		return FileResult{}, err
	}
	return FileResult{Filename: name, DataBase64: base64.StdEncoding.EncodeToString(p12)}, nil
}

// CAStatus is the CA in use and the ones it replaced.
type CAStatus struct {
	Active CACertInfo `json:"active"`
	// Previous are the replaced CAs, newest first.
	Previous []PreviousCAInfo `json:"previous"`
	// WarnDays is how many days ahead of the end Home warns.
	WarnDays int `json:"warnDays"`
	// MinOverlapDays and MaxOverlapDays bound a new key's overlap now
	// (MaxOverlapDays: until the CA in use ends, at most five years).
	MinOverlapDays int `json:"minOverlapDays"`
	MaxOverlapDays int `json:"maxOverlapDays"`
}

// CACertInfo is one CA certificate.
type CACertInfo struct {
	Subject     string `json:"subject"`
	Fingerprint string `json:"fingerprint"`
	NotBefore   string `json:"notBefore"`
	NotAfter    string `json:"notAfter"`
	DaysLeft    int    `json:"daysLeft"`
}

// PreviousCAInfo is a replaced CA.
type PreviousCAInfo struct {
	CACertInfo
	// SameKey: renewed with the same key, so what it issued is the CA in
	// use's.
	SameKey bool `json:"sameKey"`
	// TrustedUntil is when the gateway stops accepting what it issued.
	TrustedUntil string `json:"trustedUntil"`
	ReplacedAt   string `json:"replacedAt"`
	Trusted      bool   `json:"trusted"`
}

// CA renewal modes (CARenewRequest.Mode).
const (
	CARenewSameKey CARenewMode = engine.CARenewSameKey
	CARenewNewKey  CARenewMode = engine.CARenewNewKey
)

// CARenewRequest asks for a CA renewal. Confirm accepts what it changes.
type CARenewRequest struct {
	// Mode is "sameKey" or "newKey".
	Mode CARenewMode `json:"mode"`
	// OverlapDays is how long the old CA stays trusted after a change of
	// key (MinOverlapDays…MaxOverlapDays).
	OverlapDays int  `json:"overlapDays,omitempty"`
	Confirm     bool `json:"confirm,omitempty"`
}

// CAStatus returns the CA in use and the ones it replaced.
func (s *Certs) CAStatus(Empty) (CAStatus, error) {
	v, err := s.caStatus()
	return v, s.fail(err)
}

func (s *Certs) caStatus() (CAStatus, error) {
	st, err := s.env.CAState(context.Background())
	if err != nil {
		return CAStatus{}, err
	}
	now := s.env.now()
	info := func(c engine.CACert) CACertInfo {
		return CACertInfo{Subject: c.Subject, Fingerprint: c.Fingerprint, NotBefore: timeString(c.NotBefore), NotAfter: timeString(c.NotAfter),
			DaysLeft: caExpiry(c.NotAfter, now).DaysLeft}
	}
	out := CAStatus{Active: info(st.Active), Previous: []PreviousCAInfo{}, WarnDays: CAWarnDays,
		MinOverlapDays: int(engine.MinCAOverlap / day), MaxOverlapDays: int(min(engine.MaxCAOverlap, st.Active.NotAfter.Sub(now)) / day)}
	for _, p := range st.Previous {
		out.Previous = append(out.Previous, PreviousCAInfo{CACertInfo: info(p.CACert), SameKey: p.SameKey, TrustedUntil: timeString(p.TrustedUntil),
			ReplacedAt: timeString(p.ReplacedAt), Trusted: p.Trusted})
	}
	return out, nil
}

const day = 24 * time.Hour

// RenewCA renews the CA. "sameKey" gives the CA a new certificate with the
// same key and name: nothing issued before changes, and devices need the
// new root only before the old one ends. "newKey" makes a new CA; the old
// one stays trusted for OverlapDays, during which the portal and the
// profiles offer both roots and the LAN server keeps the old CA's
// certificate; then what the old CA issued stops working. Without Confirm
// it answers 409 "confirm" saying so.
func (s *Certs) RenewCA(req CARenewRequest) (CAStatus, error) {
	v, err := s.renewCA(req)
	return v, s.fail(err)
}

func (s *Certs) renewCA(req CARenewRequest) (CAStatus, error) {
	st, err := s.caStatus()
	if err != nil {
		return CAStatus{}, err
	}
	var overlap time.Duration
	switch req.Mode {
	case CARenewSameKey:
	case CARenewNewKey:
		if req.OverlapDays < st.MinOverlapDays || req.OverlapDays > st.MaxOverlapDays {
			return CAStatus{}, model.Invalid("overlapDays", "ca.renew.overlap", map[string]any{"min": st.MinOverlapDays, "max": st.MaxOverlapDays})
		}
		overlap = time.Duration(req.OverlapDays) * day
	default:
		return CAStatus{}, model.Invalid("mode", "ca.renew.mode", nil)
	}
	if !req.Confirm {
		key := "ca.renew.confirm_same_key"
		if req.Mode == CARenewNewKey {
			key = "ca.renew.confirm_new_key"
		}
		return CAStatus{}, &model.Error{Code: model.CodeConfirm, Key: key, Params: map[string]any{"days": req.OverlapDays}}
	}
	_, err = s.env.RenewCA(context.Background(), s.env.Actor, string(req.Mode), overlap)
	switch {
	case errors.Is(err, engine.ErrCAOverlap):
		return CAStatus{}, model.Invalid("overlapDays", "ca.renew.overlap", map[string]any{"min": st.MinOverlapDays, "max": st.MaxOverlapDays})
	case errors.Is(err, secret.ErrOpen):
		return CAStatus{}, &model.Error{Code: model.CodeInternal, Key: "ca.renew.seal_key", Err: err}
	case err != nil:
		return CAStatus{}, model.Internalf("renew CA: %w", err)
	}
	return s.caStatus()
}
