package engine

import (
	"context"
	"errors"
	"net/netip"

	"sekisho/backend/gateway"
)

// selfServiceBox holds the app's self-service (an interface value cannot
// sit in an atomic.Pointer by itself).
type selfServiceBox struct{ s gateway.SelfService }

// SetSelfService gives the engine the employees' self-service (issue a
// personal certificate at the gateway's /_sekisho/me). The app provides
// it: issuing certificates is the app's work. The setting
// selfServiceEnabled still decides whether it is on.
func (e *Engine) SetSelfService(s gateway.SelfService) {
	e.selfService.Store(&selfServiceBox{s: s})
}

func (e *Engine) selfServiceImpl() gateway.SelfService {
	if b := e.selfService.Load(); b != nil {
		return b.s
	}
	return nil
}

// SelfServiceOn reports whether employees may issue their own certificate
// now (the setting, and an app that provides it).
func (e *Engine) SelfServiceOn(ctx context.Context) bool {
	if e.selfServiceImpl() == nil {
		return false
	}
	set, err := LoadSettings(ctx, e.DB)
	return err == nil && set.SelfService && set.LinkDownloadsEnabled
}

// SelfStatus implements gateway.SelfService for the gateway.
func (g *gatewayState) SelfStatus(ctx context.Context, userID int64) (gateway.SelfStatus, error) {
	s := g.e.selfServiceImpl()
	if s == nil {
		return gateway.SelfStatus{}, nil
	}
	return s.SelfStatus(ctx, userID)
}

// SelfIssue implements gateway.SelfService for the gateway: at most
// selfIssuesPerWindow a day per person.
func (g *gatewayState) SelfIssue(ctx context.Context, userID int64, client netip.Addr, format string) (gateway.SelfIssued, error) {
	s := g.e.selfServiceImpl()
	if s == nil {
		return gateway.SelfIssued{}, gateway.ErrSelfServiceOff
	}
	at := g.e.now()
	if !g.selfIssues.take(userID, at) {
		return gateway.SelfIssued{}, gateway.ErrSelfIssueLimit
	}
	out, err := s.SelfIssue(ctx, userID, client, format)
	// The day's slot comes back only when nothing was issued: once a
	// certificate is stored (even if what follows failed), it counts.
	if errors.Is(err, gateway.ErrSelfServiceOff) || errors.Is(err, gateway.ErrSuspended) {
		g.selfIssues.undo(userID, at)
	}
	return out, err
}
