package engine

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"

	"sekisho/backend/gateway"
)

type fakeSelf struct{ err error }

func (f *fakeSelf) SelfStatus(context.Context, int64) (gateway.SelfStatus, error) {
	return gateway.SelfStatus{Enabled: true}, nil
}

func (f *fakeSelf) SelfIssue(context.Context, int64, netip.Addr, string) (gateway.SelfIssued, error) {
	return gateway.SelfIssued{}, f.err
}

// TestSelfIssueLimit: three a day per person; a refusal before anything
// was issued gives the day's slot back, any other failure (a certificate
// may be stored) keeps it taken, so failures cannot be used to issue more.
func TestSelfIssueLimit(t *testing.T) {
	e := &Engine{now: func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC) }}
	g := &gatewayState{e: e, selfIssues: userLimiter{max: selfIssuesPerWindow, window: selfIssueWindow}}
	if _, err := g.SelfIssue(context.Background(), 1, netip.Addr{}, "p12"); !errors.Is(err, gateway.ErrSelfServiceOff) {
		t.Fatalf("no app: %v", err)
	}
	f := &fakeSelf{}
	e.SetSelfService(f)
	issue := func() error { _, err := g.SelfIssue(context.Background(), 1, netip.Addr{}, "p12"); return err }

	f.err = gateway.ErrSelfServiceOff
	for range 5 {
		issue() // refused before issuing: no slot used
	}
	f.err = errors.New("database is locked") // after the certificate was stored, maybe
	if err := issue(); err == nil {
		t.Fatal("the failure was not passed on")
	}
	f.err = nil
	for i := range 2 {
		if err := issue(); err != nil {
			t.Fatalf("issue %d: %v", i+2, err)
		}
	}
	if err := issue(); !errors.Is(err, gateway.ErrSelfIssueLimit) {
		t.Fatalf("fourth of the day: %v, want the limit (the failed one counts)", err)
	}
	// Another person has their own three.
	if _, err := g.SelfIssue(context.Background(), 2, netip.Addr{}, "p12"); err != nil {
		t.Fatalf("another user: %v", err)
	}
}
