package app

import (
	"testing"
	"time"
)

func TestCalendarDays(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	tests := []struct {
		a, b time.Time
		want int
	}{
		{time.Date(2026, 11, 23, 7, 0, 0, 0, jst), time.Date(2026, 12, 13, 0, 0, 0, 0, jst), 20},
		{time.Date(2026, 11, 23, 23, 59, 0, 0, jst), time.Date(2026, 11, 24, 0, 1, 0, 0, jst), 1},
		{time.Date(2026, 11, 23, 1, 0, 0, 0, jst), time.Date(2026, 11, 23, 23, 0, 0, 0, jst), 0},
		// Across a month and a year in the given zone, whatever UTC says.
		{time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 15, 0, 0, 0, time.UTC), 1},
	}
	for _, tc := range tests {
		if got := calendarDays(tc.a, tc.b, jst); got != tc.want {
			t.Errorf("calendarDays(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
