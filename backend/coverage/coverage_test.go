package coverage

import (
	"testing"
	"time"
)

var now = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func d(days int) time.Time { return now.AddDate(0, 0, days) }

func shared(id int64, from, until int) Span {
	return Span{ID: id, Name: "S", Shared: true, Enabled: true, From: d(from), Until: d(until)}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		spans []Span
		want  []Warning
	}{
		{"ok/nothing", nil, nil},
		{"ok/two overlapping for 90 days", []Span{shared(1, -10, 200), shared(2, -5, 300)}, nil},
		{"fail/one shared only", []Span{shared(1, -10, 200)}, []Warning{{Kind: LowOverlap, From: now, Until: d(90), Count: 1}}},
		{"fail/gap in the middle", []Span{shared(1, -10, 200), shared(2, -10, 40), shared(3, 50, 300)},
			[]Warning{{Kind: LowOverlap, From: d(40), Until: d(50), Count: 1}}},
		{"fail/expiring without successor", []Span{shared(1, -300, 20), shared(2, -300, 20)},
			[]Warning{
				{Kind: ExpiringNoSuccessor, ID: 1, Name: "S", Date: d(20)},
				{Kind: ExpiringNoSuccessor, ID: 2, Name: "S", Date: d(20)},
				{Kind: LowOverlap, From: d(20), Until: d(90), Count: 0},
			}},
		{"ok/expiring with overlapping successors", []Span{shared(1, -300, 20), shared(2, 10, 400), shared(3, -10, 400)}, nil},
		{"fail/disabled successor does not count", []Span{
			{ID: 1, Name: "P", UserID: 7, Enabled: true, From: d(-300), Until: d(10)},
			{ID: 2, Name: "P", UserID: 7, Enabled: false, From: d(0), Until: d(300)},
		}, []Warning{{Kind: ExpiringNoSuccessor, ID: 1, Name: "P", Date: d(10)}}},
		{"ok/personal successor of the same user", []Span{
			{ID: 1, Name: "P", UserID: 7, Enabled: true, From: d(-300), Until: d(10)},
			{ID: 2, Name: "P", UserID: 7, Enabled: true, From: d(0), Until: d(300)},
		}, nil},
		{"fail/another user's cert is no successor", []Span{
			{ID: 1, Name: "P", UserID: 7, Enabled: true, From: d(-300), Until: d(10)},
			{ID: 2, Name: "Q", UserID: 8, Enabled: true, From: d(0), Until: d(300)},
		}, []Warning{{Kind: ExpiringNoSuccessor, ID: 1, Name: "P", Date: d(10)}}},
		{"ok/revoked and expired ignored", []Span{
			{ID: 1, Name: "P", UserID: 7, Enabled: true, Revoked: true, From: d(-300), Until: d(10)},
			{ID: 2, Name: "P", UserID: 7, Enabled: true, From: d(-300), Until: d(-1)},
		}, nil},
		{"ok/successor starting exactly at the end", []Span{shared(1, -300, 400), shared(2, -300, 20), shared(3, 20, 400)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(tc.spans, now)
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
			for i := range got {
				g, w := got[i], tc.want[i]
				if g.Kind != w.Kind || g.ID != w.ID || !g.Date.Equal(w.Date) || !g.From.Equal(w.From) || !g.Until.Equal(w.Until) || g.Count != w.Count {
					t.Errorf("warning %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}
