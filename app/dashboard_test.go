package app

import (
	"testing"
	"time"
)

func TestCAExpiry(t *testing.T) {
	end := time.Date(2046, 11, 21, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, c := range []struct {
		now  time.Time
		days int
		warn bool
	}{
		{end.Add(-20 * 365 * day), 20 * 365, false},
		{end.Add(-365 * day), 365, false},
		{end.Add(-365*day + time.Minute), 364, true},
		{end.Add(-time.Minute), 0, true},
		{end, 0, true},
		{end.Add(time.Minute), -1, true},
		{end.Add(3*day + time.Hour), -4, true},
	} {
		got := caExpiry(end, c.now)
		if got.DaysLeft != c.days || got.Warn != c.warn || got.NotAfter != "2046-11-21T00:00:00Z" {
			t.Errorf("at %s: %+v, want %d days, warn %v", c.now, got, c.days, c.warn)
		}
	}
}
