package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"sekisho/backend/i18n"
	"sekisho/backend/model"
	"sekisho/backend/secret"
	"sekisho/backend/store"
	"sekisho/backend/usercsv"
)

// Users manages users (SPEC section 2).
type Users struct{ base }

// User is a user as the UI and the API see it.
type User struct {
	ID               string `json:"id"`
	Code             string `json:"code"`
	Name             string `json:"name"`
	Email            string `json:"email"`
	Phone            string `json:"phone"`
	Group            string `json:"group"`
	Suspended        bool   `json:"suspended"`
	RequireCert      bool   `json:"requireCert"`
	RequireDevice    bool   `json:"requireDevice"`
	LastAuthCertName string `json:"lastAuthCertName"`
	// LastAuthCertDeleted is true when that certificate has been deleted
	// (the name then carries the (削除済み) mark).
	LastAuthCertDeleted bool   `json:"lastAuthCertDeleted"`
	LastAuthAt          string `json:"lastAuthAt"`
	CreatedAt           string `json:"createdAt"`
	UpdatedAt           string `json:"updatedAt"`
}

func userDTO(u model.User) User {
	name := u.LastAuthCertName
	if u.LastAuthCertDeleted && name != "" {
		name += " (削除済み)"
	}
	return User{LastAuthCertDeleted: u.LastAuthCertDeleted,
		ID: idString(u.ID), Code: u.Code, Name: u.Name, Email: u.Email, Phone: u.Phone, Group: u.Group,
		Suspended: u.Suspended, RequireCert: u.RequireCert, RequireDevice: u.RequireDevice,
		LastAuthCertName: name, LastAuthAt: timeString(u.LastAuthAt),
		CreatedAt: timeString(u.CreatedAt), UpdatedAt: timeString(u.UpdatedAt),
	}
}

// UserFilter selects users: a quick search over name and code, and the
// detailed search (group, state).
type UserFilter struct {
	Query string `json:"query,omitempty"`
	Group string `json:"group,omitempty"`
	// State is "" (all), "active" or "suspended".
	State UserState `json:"state,omitempty"`
	// RequireCert is "" (all), "on" or "off" (認証を使う).
	RequireCert string `json:"requireCert,omitempty"`
	// CertName selects users who last authenticated with this certificate.
	CertName string `json:"certName,omitempty"`
	// WithoutValidCert selects users not using a valid certificate
	// (有効な証明書を利用していないユーザーのみ).
	WithoutValidCert bool `json:"withoutValidCert,omitempty"`
	// CertState selects users by their personal certificates, for personal
	// issuance: "" (all), "none" (未発行), "valid" (有効), "expired" (期限切れ)
	// or "revoked" (失効); see model.UserCertState.
	CertState UserCertState `json:"certState,omitempty"`
}

func (f UserFilter) model(now time.Time) (model.UserFilter, *model.Error) {
	st := model.UserState(f.State)
	switch st {
	case model.UserStateAny, model.UserStateActive, model.UserStateSuspended:
	default:
		return model.UserFilter{}, model.Invalid("state", "field.choice", map[string]any{"value": f.State, "choices": "active, suspended"})
	}
	if err := checkSearch(searchField{"query", f.Query}, searchField{"group", f.Group}, searchField{"certName", f.CertName}); err != nil {
		return model.UserFilter{}, err
	}
	cs := model.UserCertState(f.CertState)
	switch cs {
	case model.UserCertAny, model.UserCertNone, model.UserCertValid, model.UserCertExpired, model.UserCertRevoked:
	default:
		return model.UserFilter{}, model.Invalid("certState", "field.choice", map[string]any{"value": f.CertState, "choices": "none, valid, expired, revoked"})
	}
	mf := model.UserFilter{Query: f.Query, Group: strings.TrimSpace(f.Group), State: st,
		CertName: strings.TrimSpace(f.CertName), WithoutValidCert: f.WithoutValidCert, CertState: cs, Now: now}
	switch f.RequireCert {
	case "":
	case "on", "off":
		on := f.RequireCert == "on"
		mf.RequireCert = &on
	default:
		return model.UserFilter{}, model.Invalid("requireCert", "field.choice", map[string]any{"value": f.RequireCert, "choices": "on, off"})
	}
	return mf, nil
}

// UserListRequest is a filter and a page.
type UserListRequest struct {
	UserFilter
	PageRequest
}

// UserPage is one page of users.
type UserPage struct {
	Items    []User `json:"items"`
	Total    int    `json:"total"`
	Page     int    `json:"page"`
	PageSize int    `json:"pageSize"`
}

// List returns one page of users matching the filter, ordered by code.
func (s *Users) List(req UserListRequest) (UserPage, error) {
	v, err := s.list(req)
	return v, s.fail(err)
}

func (s *Users) list(req UserListRequest) (UserPage, error) {
	f, err := req.UserFilter.model(s.env.now())
	if err != nil {
		return UserPage{}, err
	}
	page, size, offset, perr := req.PageRequest.offsetLimit()
	if perr != nil {
		return UserPage{}, perr
	}
	f.Offset, f.Limit = offset, size
	users, total, lerr := s.env.DB.ListUsers(context.Background(), f)
	if lerr != nil {
		return UserPage{}, lerr
	}
	items := make([]User, len(users))
	for i, u := range users {
		items[i] = userDTO(u)
	}
	return UserPage{Items: items, Total: total, Page: page, PageSize: size}, nil
}

// Get returns one user.
func (s *Users) Get(req IDRequest) (User, error) {
	id, err := parseID("id", req.ID)
	if err != nil {
		return User{}, s.fail(err)
	}
	u, gerr := s.env.DB.GetUser(context.Background(), id)
	return userDTO(u), s.fail(gerr)
}

// UserCreateRequest holds a new user's fields.
type UserCreateRequest struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	Group string `json:"group,omitempty"`
}

// Create adds a user.
func (s *Users) Create(req UserCreateRequest) (User, error) {
	in := model.UserInput{Code: req.Code, Name: req.Name, Email: req.Email, Phone: req.Phone, Group: req.Group}.Normalize()
	if err := in.Validate(); err != nil {
		return User{}, s.fail(err)
	}
	u, err := s.env.DB.CreateUser(context.Background(), s.env.Actor, in)
	if err == nil {
		s.env.changed()
	}
	return userDTO(u), s.fail(err)
}

// UserUpdateRequest changes the fields it carries; omitted fields stay.
type UserUpdateRequest struct {
	ID    string  `json:"id"`
	Code  *string `json:"code,omitempty"`
	Name  *string `json:"name,omitempty"`
	Email *string `json:"email,omitempty"`
	Phone *string `json:"phone,omitempty"`
	Group *string `json:"group,omitempty"`
}

// Update edits a user.
func (s *Users) Update(req UserUpdateRequest) (User, error) {
	id, err := parseID("id", req.ID)
	if err != nil {
		return User{}, s.fail(err)
	}
	ctx := context.Background()
	old, gerr := s.env.DB.GetUser(ctx, id)
	if gerr != nil {
		return User{}, s.fail(gerr)
	}
	in := model.UserInput{Code: old.Code, Name: old.Name, Email: old.Email, Phone: old.Phone, Group: old.Group}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Code, req.Code)
	set(&in.Name, req.Name)
	set(&in.Email, req.Email)
	set(&in.Phone, req.Phone)
	set(&in.Group, req.Group)
	in = in.Normalize()
	if err := in.Validate(); err != nil {
		return User{}, s.fail(err)
	}
	u, uerr := s.env.DB.UpdateUser(ctx, s.env.Actor, id, in)
	if uerr == nil {
		s.env.changed()
	}
	return userDTO(u), s.fail(uerr)
}

// bulk parses ids and runs fn over them.
func (s *Users) bulk(ids []string, fn func(ctx context.Context, ids []int64) (int, error)) (Changed, error) {
	parsed, err := parseIDs(ids)
	if err != nil {
		return Changed{}, s.fail(err)
	}
	n, ferr := fn(context.Background(), parsed)
	if ferr == nil && n > 0 {
		s.env.changed()
	}
	return Changed{Changed: n}, s.fail(ferr)
}

// Delete deletes users. Their history stays in the admin history.
func (s *Users) Delete(req IDsRequest) (Changed, error) {
	return s.bulk(req.IDs, func(ctx context.Context, ids []int64) (int, error) {
		return s.env.DB.DeleteUsers(ctx, s.env.Actor, ids)
	})
}

// SetSuspendedRequest suspends (true) or resumes (false) users.
type SetSuspendedRequest struct {
	IDs       []string `json:"ids"`
	Suspended bool     `json:"suspended"`
}

// SetSuspended suspends or resumes users (利用停止 / 利用再開). A suspended
// user keeps all data and history.
func (s *Users) SetSuspended(req SetSuspendedRequest) (Changed, error) {
	return s.bulk(req.IDs, func(ctx context.Context, ids []int64) (int, error) {
		n, err := s.env.DB.SetSuspended(ctx, s.env.Actor, ids, req.Suspended)
		if err == nil && req.Suspended {
			s.env.endSessions(ctx, ids) // 利用を停止すると…ログアウトされ
		}
		return n, err
	})
}

// SetFlagRequest turns a per-user setting on or off.
type SetFlagRequest struct {
	IDs     []string `json:"ids"`
	Enabled bool     `json:"enabled"`
}

// SetRequireCert turns the certificate requirement (認証を使う) on or off.
func (s *Users) SetRequireCert(req SetFlagRequest) (Changed, error) {
	return s.bulk(req.IDs, func(ctx context.Context, ids []int64) (int, error) {
		return s.env.DB.SetRequireCert(ctx, s.env.Actor, ids, req.Enabled)
	})
}

// SetRequireDevice turns device designation (端末指定を使う) on or off.
func (s *Users) SetRequireDevice(req SetFlagRequest) (Changed, error) {
	return s.bulk(req.IDs, func(ctx context.Context, ids []int64) (int, error) {
		return s.env.DB.SetRequireDevice(ctx, s.env.Actor, ids, req.Enabled)
	})
}

// SetRequireCertMatchingRequest applies the certificate requirement to every
// user matching a filter (条件に一致するN人すべてに適用).
type SetRequireCertMatchingRequest struct {
	UserFilter
	Enabled bool `json:"enabled"`
}

// SetRequireCertMatching turns the certificate requirement on or off for
// every user matching the filter, all or none.
func (s *Users) SetRequireCertMatching(req SetRequireCertMatchingRequest) (Changed, error) {
	return s.matching(req.UserFilter, func(ctx context.Context, ids []int64) (int, error) {
		return s.env.DB.SetRequireCert(ctx, s.env.Actor, ids, req.Enabled)
	})
}

// SetRequireDeviceMatchingRequest applies device designation to every user
// matching a filter (the Users list's 一致するN件をすべて選択).
type SetRequireDeviceMatchingRequest struct {
	UserFilter
	Enabled bool `json:"enabled"`
}

// SetRequireDeviceMatching turns device designation on or off for every
// user matching the filter, all or none: turning it on is refused as a whole
// when any of them requires a certificate, as SetRequireDevice.
func (s *Users) SetRequireDeviceMatching(req SetRequireDeviceMatchingRequest) (Changed, error) {
	return s.matching(req.UserFilter, func(ctx context.Context, ids []int64) (int, error) {
		return s.env.DB.SetRequireDevice(ctx, s.env.Actor, ids, req.Enabled)
	})
}

// matching runs fn over the users matching the filter (nothing when none do).
func (s *Users) matching(filter UserFilter, fn func(ctx context.Context, ids []int64) (int, error)) (Changed, error) {
	f, err := filter.model(s.env.now())
	if err != nil {
		return Changed{}, s.fail(err)
	}
	ctx := context.Background()
	ids, lerr := s.env.DB.UserIDs(ctx, f)
	if lerr != nil {
		return Changed{}, s.fail(lerr)
	}
	if len(ids) == 0 {
		return Changed{}, nil
	}
	n, serr := fn(ctx, ids)
	if serr == nil && n > 0 {
		s.env.changed()
	}
	return Changed{Changed: n}, s.fail(serr)
}

// RequireCertCheckRequest names users by ids, or (all) by a filter.
type RequireCertCheckRequest struct {
	IDs []string `json:"ids,omitempty"`
	All bool     `json:"all,omitempty"`
	UserFilter
}

// RequireCertCheck is what the UI warns about before turning the
// certificate requirement on (運用途中から導入).
type RequireCertCheck struct {
	Total int `json:"total"`
	// NeverAuthenticated counts those not yet using a valid certificate:
	// they are locked out once the requirement is on (unless fail-open).
	NeverAuthenticated int `json:"neverAuthenticated"`
	// FailOpen is true while no valid certificate exists and strict mode is
	// off: the requirement is then not enforced at all.
	FailOpen bool `json:"failOpen"`
}

// RequireCertCheck reports who would be affected by requiring certificates.
func (s *Users) RequireCertCheck(req RequireCertCheckRequest) (RequireCertCheck, error) {
	v, err := s.requireCertCheck(req)
	return v, s.fail(err)
}

func (s *Users) requireCertCheck(req RequireCertCheckRequest) (RequireCertCheck, error) {
	ctx := context.Background()
	now := s.env.now()
	var ids []int64
	if req.All {
		f, merr := req.UserFilter.model(now)
		if merr != nil {
			return RequireCertCheck{}, merr
		}
		var err error
		if ids, err = s.env.DB.UserIDs(ctx, f); err != nil {
			return RequireCertCheck{}, err
		}
	} else {
		parsed, err := parseIDs(req.IDs)
		if err != nil {
			return RequireCertCheck{}, err
		}
		ids = model.UniqueIDs(parsed)
	}
	never, err := s.env.DB.CountNeverAuthenticated(ctx, ids, now)
	if err != nil {
		return RequireCertCheck{}, err
	}
	failOpen, _ := s.env.failOpen()
	return RequireCertCheck{Total: len(ids), NeverAuthenticated: never, FailOpen: failOpen}, nil
}

// PasswordResult carries a new password, shown once.
type PasswordResult struct {
	Password string `json:"password"`
}

// ResetPassword gives the user a new random sign-in password and returns it
// once; only its Argon2id hash is stored.
func (s *Users) ResetPassword(req IDRequest) (PasswordResult, error) {
	id, err := parseID("id", req.ID)
	if err != nil {
		return PasswordResult{}, s.fail(err)
	}
	pw, perr := secret.Passphrase(72)
	if perr != nil {
		return PasswordResult{}, s.fail(perr)
	}
	hash, herr := secret.HashPassword(pw)
	if herr != nil {
		return PasswordResult{}, s.fail(herr)
	}
	ctx := context.Background()
	if err := s.env.DB.SetPasswordHash(ctx, s.env.Actor, id, hash); err != nil {
		return PasswordResult{}, s.fail(err)
	}
	s.env.endSessions(ctx, []int64{id}) // a reset ends the old sessions
	return PasswordResult{Password: pw}, nil
}

// Groups lists the groups in use, for the detailed search.
type Groups struct {
	Items []string `json:"items"`
}

// Groups returns every group in use.
func (s *Users) Groups(Empty) (Groups, error) {
	g, err := s.env.DB.Groups(context.Background())
	return Groups{Items: g}, s.fail(err)
}

// ImportRequest carries a CSV file's raw bytes.
type ImportRequest struct {
	CSVBase64 string `json:"csvBase64"`
	DryRun    bool   `json:"dryRun,omitempty"`
	Localized
}

// ImportError is one bad line.
type ImportError struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// ImportPreviewRow is one good line and what importing it does.
type ImportPreviewRow struct {
	Line   int    `json:"line"`
	Action string `json:"action"` // "create" or "update"
	Code   string `json:"code"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Phone  string `json:"phone"`
	Group  string `json:"group"`
	// State is "" (unchanged / active for new users), "active" or "suspended".
	State string `json:"state"`
}

// ImportResult is what an import did (or, with dryRun, would do).
type ImportResult struct {
	Created int                `json:"created"`
	Updated int                `json:"updated"`
	Errors  []ImportError      `json:"errors"`
	Preview []ImportPreviewRow `json:"preview"`
	// PreviewTruncated is true when the preview lists only the first lines.
	PreviewTruncated bool `json:"previewTruncated"`
	DryRun           bool `json:"dryRun"`
}

// maxPreview bounds the preview sent back to the UI.
const maxPreview = 1000

// ImportCSV creates or updates users (matched by code) from a CSV file. If
// any line is bad, nothing is imported and every bad line is reported.
func (s *Users) ImportCSV(req ImportRequest) (ImportResult, error) {
	v, err := s.importCSV(req)
	return v, s.fail(err)
}

func (s *Users) importCSV(req ImportRequest) (ImportResult, error) {
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(req.CSVBase64))
	if err != nil {
		return ImportResult{}, model.Invalid("csvBase64", "field.base64", nil)
	}
	rows, lineErrs, fatal := usercsv.Read(data)
	if fatal != nil {
		return ImportResult{}, fatal
	}
	res := ImportResult{Errors: []ImportError{}, Preview: []ImportPreviewRow{}, DryRun: req.DryRun}
	lang := s.langFor(req.Localized)
	for _, le := range lineErrs {
		msg := render(lang, le.Err.Key, le.Err.Params)
		if le.Column != "" {
			msg = render(lang, "csv.line", map[string]any{"field": i18n.T(lang, "csv.field."+string(le.Column), nil), "message": msg})
		}
		res.Errors = append(res.Errors, ImportError{Line: le.Line, Message: msg, Field: string(le.Column)})
	}
	ctx := context.Background()
	codes := make([]string, len(rows))
	for i, r := range rows {
		codes[i] = r.Input.Code
	}
	existing, eerr := s.env.DB.ExistingCodes(ctx, codes)
	if eerr != nil {
		return ImportResult{}, eerr
	}
	for _, r := range rows {
		action := "create"
		if existing[strings.ToLower(r.Input.Code)] {
			action = "update"
			res.Updated++
		} else {
			res.Created++
		}
		if len(res.Preview) >= maxPreview {
			res.PreviewTruncated = true
			continue
		}
		state := ""
		if r.Suspended != nil {
			state = string(model.UserStateActive)
			if *r.Suspended {
				state = string(model.UserStateSuspended)
			}
		}
		in := r.Input
		res.Preview = append(res.Preview, ImportPreviewRow{Line: r.Line, Action: action, Code: in.Code, Name: in.Name,
			Email: in.Email, Phone: in.Phone, Group: in.Group, State: state})
	}
	if len(res.Errors) > 0 {
		// All or nothing: report, write nothing.
		res.Created, res.Updated = 0, 0
		return res, nil
	}
	if req.DryRun {
		return res, nil
	}
	srows := make([]store.ImportRow, len(rows))
	for i, r := range rows {
		srows[i] = store.ImportRow{Line: r.Line, Input: r.Input, Suspended: r.Suspended,
			KeepEmail: !r.Has.Email, KeepPhone: !r.Has.Phone, KeepGroup: !r.Has.Group}
	}
	c, u, ierr := s.env.DB.ImportUsers(ctx, s.env.Actor, srows)
	if ierr != nil {
		return ImportResult{}, ierr
	}
	s.env.changed()
	res.Created, res.Updated = c, u
	return res, nil
}

// ExportRequest selects the users to export and the file's encoding.
type ExportRequest struct {
	UserFilter
	Localized
	// Encoding is "utf8" (default, with BOM for Excel) or "sjis".
	Encoding CsvEncoding `json:"encoding,omitempty"`
}

// FileResult is a file for the UI to save.
type FileResult struct {
	Filename   string `json:"filename"`
	DataBase64 string `json:"dataBase64"`
	// CSVBase64 repeats DataBase64 for CSV exports.
	CSVBase64 string `json:"csvBase64,omitempty"`
}

// ExportCSV returns the matching users as a CSV file that ImportCSV reads.
func (s *Users) ExportCSV(req ExportRequest) (FileResult, error) {
	v, err := s.exportCSV(req)
	return v, s.fail(err)
}

func (s *Users) exportCSV(req ExportRequest) (FileResult, error) {
	f, err := req.UserFilter.model(s.env.now())
	if err != nil {
		return FileResult{}, err
	}
	enc := usercsv.Encoding(req.Encoding)
	switch enc {
	case "":
		enc = usercsv.UTF8
	case usercsv.UTF8, usercsv.SJIS:
	default:
		return FileResult{}, model.Invalid("encoding", "field.choice", map[string]any{"value": req.Encoding, "choices": "utf8, sjis"})
	}
	users, _, lerr := s.env.DB.ListUsers(context.Background(), f)
	if lerr != nil {
		return FileResult{}, lerr
	}
	lang := s.langFor(req.Localized)
	data, werr := usercsv.Write(users, enc, func(susp bool) string {
		if susp {
			return i18n.T(lang, "csv.state.suspended", nil)
		}
		return i18n.T(lang, "csv.state.active", nil)
	})
	if werr != nil {
		return FileResult{}, werr
	}
	b64 := base64.StdEncoding.EncodeToString(data)
	name := fmt.Sprintf("users-%s.csv", s.env.now().Format("20060102-150405"))
	return FileResult{Filename: name, DataBase64: b64, CSVBase64: b64}, nil
}
