package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"sekisho/backend/csvcell"
	"sekisho/backend/model"
	"sekisho/backend/store"
)

// Devices approves or rejects the devices employees request (端末指定).
type Devices struct{ base }

// Device is a device request as the UI and the API see it.
type Device struct {
	ID          string       `json:"id"`
	UserID      string       `json:"userId"`
	UserCode    string       `json:"userCode"`
	UserName    string       `json:"userName"`
	OS          string       `json:"os"`
	DeviceName  string       `json:"deviceName"`
	Phone       string       `json:"phone"`
	Status      DeviceStatus `json:"status"`
	Designated  bool         `json:"designated"`
	RequestedAt string       `json:"requestedAt"`
	ProcessedAt string       `json:"processedAt"`
}

func deviceDTO(d store.Device) Device {
	return Device{ID: idString(d.ID), UserID: idString(d.UserID), UserCode: d.UserCode, UserName: d.UserName, OS: d.OS,
		DeviceName: d.Name, Phone: d.Phone, Status: DeviceStatus(d.Status), Designated: d.Designated,
		RequestedAt: timeString(d.RequestedAt), ProcessedAt: timeString(d.ProcessedAt)}
}

// DeviceListRequest is the detailed search: OS, device name, state,
// designation on/off, request and processed date ranges (YYYY-MM-DD,
// inclusive).
type DeviceListRequest struct {
	Status     DeviceStatus `json:"status,omitempty"`
	UserID     string       `json:"userId,omitempty"`
	OS         string       `json:"os,omitempty"`
	DeviceName string       `json:"deviceName,omitempty"`
	// Query matches the user's code or name, or the device name.
	Query         string `json:"query,omitempty"`
	Designation   string `json:"designation,omitempty"` // "", "on", "off"
	RequestedFrom string `json:"requestedFrom,omitempty"`
	RequestedTo   string `json:"requestedTo,omitempty"`
	ProcessedFrom string `json:"processedFrom,omitempty"`
	ProcessedTo   string `json:"processedTo,omitempty"`
	PageRequest
}

// DeviceList is one page of devices, newest request first.
type DeviceList struct {
	Items []Device `json:"items"`
	Total int      `json:"total"`
}

// List returns device requests.
func (s *Devices) List(req DeviceListRequest) (DeviceList, error) {
	v, err := s.list(req)
	return v, s.fail(err)
}

func (s *Devices) list(req DeviceListRequest) (DeviceList, error) {
	if err := checkSearch(searchField{"query", req.Query}, searchField{"deviceName", req.DeviceName}, searchField{"os", req.OS}); err != nil {
		return DeviceList{}, err
	}
	f := store.DeviceFilter{OS: req.OS, Name: req.DeviceName, Query: strings.TrimSpace(req.Query)}
	switch req.Status {
	case "", DeviceStatusPending, DeviceStatusApproved, DeviceStatusRejected:
		f.Status = string(req.Status)
	default:
		return DeviceList{}, model.Invalid("status", "field.choice", map[string]any{"value": req.Status, "choices": "pending, approved, rejected"})
	}
	switch req.Designation {
	case "":
	case "on", "off":
		on := req.Designation == "on"
		f.Designated = &on
	default:
		return DeviceList{}, model.Invalid("designation", "field.choice", map[string]any{"value": req.Designation, "choices": "on, off"})
	}
	if req.UserID != "" {
		id, err := parseID("userId", req.UserID)
		if err != nil {
			return DeviceList{}, err
		}
		f.UserID = id
	}
	for _, r := range []struct {
		field, v string
		dst      *time.Time
		end      bool
	}{{"requestedFrom", req.RequestedFrom, &f.From, false}, {"requestedTo", req.RequestedTo, &f.To, true},
		{"processedFrom", req.ProcessedFrom, &f.PFrom, false}, {"processedTo", req.ProcessedTo, &f.PTo, true}} {
		if r.v == "" {
			continue
		}
		d, err := model.ParseDate(r.field, r.v)
		if err != nil {
			return DeviceList{}, err
		}
		t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.env.Loc)
		if r.end {
			t = t.AddDate(0, 0, 1)
		}
		*r.dst = t
	}
	size := req.PageSize
	if size == 0 {
		size = 100
	}
	pr := PageRequest{Page: req.Page, PageSize: size}
	_, size, offset, perr := pr.offsetLimit()
	if perr != nil {
		return DeviceList{}, perr
	}
	f.Offset, f.Limit = offset, size
	ds, total, err := s.env.DB.ListDevices(context.Background(), f)
	if err != nil {
		return DeviceList{}, err
	}
	out := DeviceList{Items: make([]Device, len(ds)), Total: total}
	for i, d := range ds {
		out.Items[i] = deviceDTO(d)
	}
	return out, nil
}

func (s *Devices) setStatus(ids []string, status string) (Changed, error) {
	parsed, perr := parseIDs(ids)
	if perr != nil {
		return Changed{}, s.fail(perr)
	}
	ctx := context.Background()
	n, err := s.env.DB.SetDeviceStatus(ctx, s.env.Actor, parsed, status)
	if err != nil {
		return Changed{}, s.fail(err)
	}
	// Takes effect on the device's next request.
	if err := s.env.ReloadDevices(ctx); err != nil {
		return Changed{}, s.fail(err)
	}
	return Changed{Changed: n}, nil
}

// UnrequestedRequest pages through users with designation and no request.
type UnrequestedRequest struct {
	Query string `json:"query,omitempty"`
	PageRequest
}

// Unrequested lists users with device designation who have not requested a
// device yet (未申請): they cannot use the protected apps until they do.
func (s *Devices) Unrequested(req UnrequestedRequest) (UserPage, error) {
	page, size, offset, perr := req.offsetLimit()
	if perr != nil {
		return UserPage{}, s.fail(perr)
	}
	if err := checkSearch(searchField{"query", req.Query}); err != nil {
		return UserPage{}, s.fail(err)
	}
	users, total, err := s.env.DB.UnrequestedUsers(context.Background(), req.Query, offset, size)
	if err != nil {
		return UserPage{}, s.fail(err)
	}
	out := UserPage{Items: make([]User, len(users)), Total: total, Page: page, PageSize: size}
	for i, u := range users {
		out.Items[i] = userDTO(u)
	}
	return out, nil
}

// Approve approves device requests (承認).
func (s *Devices) Approve(req IDsRequest) (Changed, error) { return s.setStatus(req.IDs, "approved") }

// Reject rejects devices (却下); an approved device loses access at once.
func (s *Devices) Reject(req IDsRequest) (Changed, error) { return s.setStatus(req.IDs, "rejected") }

// Access reads the gateway's access log.
type Access struct{ base }

// AccessEntry is one decision.
type AccessEntry struct {
	Time     string         `json:"time"`
	ClientIP string         `json:"clientIp"`
	UserCode string         `json:"userCode"`
	CertName string         `json:"certName"`
	Device   string         `json:"device"`
	Route    string         `json:"route"`
	Method   string         `json:"method"`
	Path     string         `json:"path"`
	Decision AccessDecision `json:"decision"`
	Reason   string         `json:"reason"`
}

// AccessListRequest searches the log. Dates are YYYY-MM-DD, inclusive.
type AccessListRequest struct {
	Decision AccessDecision `json:"decision,omitempty"`
	UserID   string         `json:"userId,omitempty"`
	UserCode string         `json:"userCode,omitempty"`
	Reason   string         `json:"reason,omitempty"`
	ClientIP string         `json:"clientIp,omitempty"`
	Route    string         `json:"route,omitempty"`
	From     string         `json:"from,omitempty"`
	To       string         `json:"to,omitempty"`
	PageRequest
}

// AccessPage is one page of the log, newest first. Dropped counts entries
// lost because the writer's queue was full (reported, never silent).
type AccessPage struct {
	Items   []AccessEntry `json:"items"`
	Total   int           `json:"total"`
	Dropped int64         `json:"dropped"`
}

func (s *Access) filter(req AccessListRequest) (store.AccessFilter, error) {
	f := store.AccessFilter{UserCode: req.UserCode, Reason: req.Reason, ClientIP: req.ClientIP, Route: req.Route}
	if err := checkSearch(searchField{"userCode", req.UserCode}, searchField{"reason", req.Reason}, searchField{"clientIp", req.ClientIP}, searchField{"route", req.Route}); err != nil {
		return f, err
	}
	switch req.Decision {
	case "", "allow", "deny":
		f.Decision = string(req.Decision)
	default:
		return f, model.Invalid("decision", "field.choice", map[string]any{"value": req.Decision, "choices": "allow, deny"})
	}
	if req.UserID != "" {
		id, perr := parseID("userId", req.UserID)
		if perr != nil {
			return f, perr
		}
		u, err := s.env.DB.GetUser(context.Background(), id)
		if err != nil {
			return f, err
		}
		f.UserCode = u.Code
	}
	if req.From != "" {
		d, err := model.ParseDate("from", req.From)
		if err != nil {
			return f, err
		}
		f.From = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.env.Loc)
	}
	if req.To != "" {
		d, err := model.ParseDate("to", req.To)
		if err != nil {
			return f, err
		}
		f.To = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.env.Loc).AddDate(0, 0, 1)
	}
	return f, nil
}

// List returns one page of the access log.
func (s *Access) List(req AccessListRequest) (AccessPage, error) {
	f, err := s.filter(req)
	if err != nil {
		return AccessPage{}, s.fail(err)
	}
	_, size, offset, perr := req.offsetLimit()
	if perr != nil {
		return AccessPage{}, s.fail(perr)
	}
	f.Offset, f.Limit = offset, size
	es, total, lerr := s.env.DB.ListAccess(context.Background(), f)
	if lerr != nil {
		return AccessPage{}, s.fail(lerr)
	}
	out := AccessPage{Items: make([]AccessEntry, len(es)), Total: total}
	for i, e := range es {
		out.Items[i] = AccessEntry{Time: e.At.UTC().Format(time.RFC3339Nano), ClientIP: e.ClientIP, UserCode: e.UserCode, CertName: e.CertName,
			Device: e.Device, Route: e.Route, Method: e.Method, Path: e.Path, Decision: AccessDecision(e.Decision), Reason: e.Reason}
	}
	out.Dropped = s.env.LogStats().Dropped
	return out, nil
}

// ExportCSV returns the matching entries (up to 100,000) as CSV.
func (s *Access) ExportCSV(req AccessListRequest) (FileResult, error) {
	f, err := s.filter(req)
	if err != nil {
		return FileResult{}, s.fail(err)
	}
	f.Limit = 100000
	es, _, lerr := s.env.DB.ListAccess(context.Background(), f)
	if lerr != nil {
		return FileResult{}, s.fail(lerr)
	}
	var buf bytes.Buffer
	buf.Write([]byte{0xEF, 0xBB, 0xBF})
	// Device names and user codes come from people at the gateway: cells
	// that would start a formula are neutralised.
	w := csvcell.NewWriter(&buf)
	w.Write([]string{"日時", "クライアントIP", "ユーザーコード", "証明書", "端末", "アプリ", "メソッド", "パス", "判定", "理由"})
	for _, e := range es {
		w.Write([]string{e.At.In(s.env.Loc).Format("2006-01-02 15:04:05.000"), e.ClientIP, e.UserCode, e.CertName, e.Device, e.Route, e.Method, e.Path, e.Decision, e.Reason})
	}
	w.Flush()
	return FileResult{Filename: fmt.Sprintf("access-%s.csv", s.env.now().Format("20060102-150405")), DataBase64: base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}
