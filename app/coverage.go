package app

import (
	"context"
	"time"

	"sekisho/backend/coverage"
	"sekisho/backend/model"
)

// failOpen reports whether the decision matrix's fail-open row is in effect
// now — strict mode is off and no valid certificate exists at all, so users
// who require a certificate get in without one (seed 000) — and how many
// certificates are valid. Both come from the snapshot the gateway decides
// by, so the screens never disagree with it.
func (e *Env) failOpen() (bool, int) {
	snap, now := e.Snapshot(), e.now().Unix()
	return snap.FailOpen(now), snap.ValidCerts(now)
}

// CoverageRequest selects the certificates of the timeline.
type CoverageRequest struct {
	Kind CertKind `json:"kind,omitempty"`
}

// CoverageItem is one bar of the timeline.
type CoverageItem struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Kind        CertKind  `json:"kind"`
	UserCode    string    `json:"userCode,omitempty"`
	ValidFrom   string    `json:"validFrom"`
	ValidUntil  string    `json:"validUntil"`
	State       CertState `json:"state"`
	SuccessorID string    `json:"successorId,omitempty"`
}

// CoverageWarning is one problem of the timeline.
type CoverageWarning struct {
	Kind   string `json:"kind"`
	CertID string `json:"certId,omitempty"`
	Name   string `json:"name,omitempty"`
	Date   string `json:"date,omitempty"`
	Days   int    `json:"days,omitempty"`
	From   string `json:"from,omitempty"`
	Until  string `json:"until,omitempty"`
	Count  int    `json:"count"`
}

// Coverage is the validity timeline with its warnings.
type Coverage struct {
	Now        string            `json:"now"`
	From       string            `json:"from"`
	Until      string            `json:"until"`
	Items      []CoverageItem    `json:"items"`
	Total      int               `json:"total"`
	Warnings   []CoverageWarning `json:"warnings"`
	FailOpen   bool              `json:"failOpen"`
	StrictMode bool              `json:"strictMode"`
	ValidCount int               `json:"validCount"`
}

// maxTimeline bounds the bars sent to the chart; warnings cover them all.
const maxTimeline = 300

// Coverage returns every live certificate's window from 30 days ago on, the
// coverage warnings (SPEC section 1: expiring within 30 days without an
// overlapping successor; fewer than two valid certificates overlapping in
// the next 90 days), and whether fail-open is in effect.
func (s *Certs) Coverage(req CoverageRequest) (Coverage, error) {
	v, err := s.coverage(req)
	return v, s.fail(err)
}

func (s *Certs) coverage(req CoverageRequest) (Coverage, error) {
	kind := model.CertKind(req.Kind)
	switch kind {
	case "", model.CertShared, model.CertPersonal:
	default:
		return Coverage{}, model.Invalid("kind", "field.choice", map[string]any{"value": req.Kind, "choices": "shared, personal"})
	}
	ctx := context.Background()
	now := s.env.now()
	from := now.AddDate(0, 0, -30)
	windows, err := s.env.DB.CertWindows(ctx, "", from)
	if err != nil {
		return Coverage{}, err
	}
	spans := make([]coverage.Span, len(windows))
	successor := map[int64]int64{}
	for i, w := range windows {
		spans[i] = coverage.Span{ID: w.ID, Name: w.Name, Shared: w.Kind == string(model.CertShared), UserID: w.UserID,
			Enabled: w.Enabled, From: w.From, Until: w.Until, PredID: w.PredID}
		if w.PredID != 0 {
			successor[w.PredID] = w.ID
		}
	}
	failOpen, valid := s.env.failOpen()
	out := Coverage{Now: timeString(now), From: timeString(from), Items: []CoverageItem{}, Warnings: []CoverageWarning{},
		FailOpen: failOpen, StrictMode: s.env.Snapshot().Strict(), ValidCount: valid}
	until := now.AddDate(0, 0, 120)
	for _, w := range windows {
		if kind != "" && w.Kind != string(kind) {
			continue
		}
		out.Total++
		if len(out.Items) >= maxTimeline {
			continue
		}
		c := model.Cert{Enabled: w.Enabled, NotBefore: w.From, NotAfter: w.Until}
		item := CoverageItem{ID: idString(w.ID), Name: w.Name, Kind: CertKind(w.Kind), UserCode: w.UserCode, ValidFrom: timeString(w.From),
			ValidUntil: timeString(w.Until), State: CertState(c.State(now))}
		if id := successor[w.ID]; id != 0 {
			item.SuccessorID = idString(id)
		}
		if w.Until.After(until) {
			until = w.Until
		}
		out.Items = append(out.Items, item)
	}
	if max := now.AddDate(2, 0, 0); until.After(max) {
		until = max // keep the axis readable; long bars run off the edge
	}
	out.Until = timeString(until)
	for _, w := range coverage.Check(spans, now) {
		cw := CoverageWarning{Kind: w.Kind, Count: w.Count}
		if w.ID != 0 {
			cw.CertID, cw.Name, cw.Date = idString(w.ID), w.Name, timeString(w.Date)
			cw.Days = calendarDays(now, w.Date.Add(-time.Second), s.env.Loc)
		} else {
			cw.From, cw.Until = timeString(w.From), timeString(w.Until)
		}
		out.Warnings = append(out.Warnings, cw)
	}
	return out, nil
}

// calendarDays counts calendar days from a to b in loc (today → tomorrow is 1).
func calendarDays(a, b time.Time, loc *time.Location) int {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}
