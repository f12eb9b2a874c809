package engine

import (
	"sync"
	"time"
)

// Device request limits. A person asks for a device once, maybe again after
// a typo or on a new phone; a request replaces the same device's pending one
// anyway (store.RequestDevice), so a handful an hour is plenty. One signed-in
// person once sent 4,681 in 45 seconds.
const (
	deviceRequestsPerWindow = 5
	deviceRequestWindow     = time.Hour
)

// Self-service limits: a person issues their own certificate for a new
// phone, or again after a lost passphrase; a few a day is plenty, and each
// issuance costs a key pair and a database row.
const (
	selfIssuesPerWindow = 3
	selfIssueWindow     = 24 * time.Hour
)

// userLimiter counts each user's actions (device requests, self-issued
// certificates) in a sliding window. It holds at most max times per user
// who acted in the last window, so it stays as small as the user table.
type userLimiter struct {
	max    int
	window time.Duration
	mu     sync.Mutex
	m      map[int64][]time.Time
}

// take records a request by user at now and reports true, or reports false
// (recording nothing) when the user has used up the window.
func (l *userLimiter) take(user int64, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[int64][]time.Time{}
	}
	cutoff := now.Add(-l.window)
	keep := l.m[user][:0]
	for _, t := range l.m[user] {
		if t.After(cutoff) {
			keep = append(keep, t)
		}
	}
	if len(keep) >= l.max {
		l.m[user] = keep
		return false
	}
	l.m[user] = append(keep, now)
	// Forget users whose requests have all left the window.
	for u, ts := range l.m {
		if len(ts) == 0 || !ts[len(ts)-1].After(cutoff) {
			delete(l.m, u)
		}
	}
	return true
}

// undo takes back the request recorded at t (one that failed to store).
func (l *userLimiter) undo(user int64, t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ts := l.m[user]
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Equal(t) {
			l.m[user] = append(ts[:i], ts[i+1:]...)
			return
		}
	}
}
