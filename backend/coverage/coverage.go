// Package coverage checks that certificates keep covering time: it finds
// certificates about to expire with nothing to take over, and stretches of
// time when fewer than two valid certificates overlap (the seeds' advice:
// 常に最低2つ以上の証明書の有効期間が重複するように). It is pure.
package coverage

import (
	"sort"
	"time"
)

// Span is one certificate's window.
type Span struct {
	ID      int64
	Name    string
	Shared  bool
	UserID  int64 // personal only
	Enabled bool
	Revoked bool
	From    time.Time // inclusive
	Until   time.Time // exclusive
	PredID  int64
}

// live reports whether the span authenticates at some time.
func (s Span) live() bool { return s.Enabled && !s.Revoked }

// Warning kinds.
const (
	ExpiringNoSuccessor = "expiringNoSuccessor"
	LowOverlap          = "lowOverlap"
)

// Warning is one problem.
type Warning struct {
	Kind  string
	ID    int64
	Name  string
	Date  time.Time // when the certificate ends
	From  time.Time // low-overlap stretch
	Until time.Time
	Count int
}

// Windows used by Check.
const (
	ExpiryHorizon  = 30 * 24 * time.Hour
	OverlapHorizon = 90 * 24 * time.Hour
)

// Check returns the warnings at now:
//   - an enabled certificate ending within 30 days with no successor: no other
//     live certificate of the same owner (the same user, or any shared one)
//     covering the moment it ends;
//   - over the next 90 days, every stretch where fewer than two live shared
//     certificates overlap (only when shared certificates are in use).
func Check(spans []Span, now time.Time) []Warning {
	var out []Warning
	for _, s := range spans {
		if !s.live() || s.Until.Before(now) || s.Until.After(now.Add(ExpiryHorizon)) {
			continue
		}
		if !hasSuccessor(spans, s) {
			out = append(out, Warning{Kind: ExpiringNoSuccessor, ID: s.ID, Name: s.Name, Date: s.Until})
		}
	}
	out = append(out, lowOverlap(spans, now)...)
	return out
}

func hasSuccessor(spans []Span, s Span) bool {
	for _, o := range spans {
		if o.ID == s.ID || !o.live() {
			continue
		}
		sameOwner := o.Shared == s.Shared && (s.Shared || o.UserID == s.UserID)
		if (o.PredID == s.ID || sameOwner) && !o.From.After(s.Until) && o.Until.After(s.Until) {
			return true
		}
	}
	return false
}

// lowOverlap sweeps the next 90 days over live shared certificates.
func lowOverlap(spans []Span, now time.Time) []Warning {
	end := now.Add(OverlapHorizon)
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	any := false
	for _, s := range spans {
		if !s.Shared || !s.live() {
			continue
		}
		any = true
		from, until := maxTime(s.From, now), minTime(s.Until, end)
		if !from.Before(until) {
			continue
		}
		edges = append(edges, edge{from, +1}, edge{until, -1})
	}
	if !any {
		return nil
	}
	sort.Slice(edges, func(i, j int) bool {
		if !edges[i].at.Equal(edges[j].at) {
			return edges[i].at.Before(edges[j].at)
		}
		return edges[i].delta < edges[j].delta // ends before starts at the same instant
	})
	var out []Warning
	count := 0
	cur := now
	flush := func(until time.Time) {
		if !cur.Before(until) || count >= 2 {
			return
		}
		if n := len(out); n > 0 && out[n-1].Until.Equal(cur) && out[n-1].Count == count {
			out[n-1].Until = until
			return
		}
		out = append(out, Warning{Kind: LowOverlap, From: cur, Until: until, Count: count})
	}
	for _, e := range edges {
		flush(e.at)
		count += e.delta
		if e.at.After(cur) {
			cur = e.at
		}
	}
	flush(end)
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
