package server

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestStartPortInUse(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	freeAddr := free.Addr().String()
	free.Close()

	_, err = Start([]Listener{
		{Name: "portal", Flag: "--portal", Addr: freeAddr, Handler: http.NotFoundHandler()},
		{Name: "gateway", Flag: "--gateway", Addr: taken.Addr().String(), Handler: http.NotFoundHandler()},
	}, slog.New(slog.DiscardHandler))
	var le *ListenError
	if !errors.As(err, &le) {
		t.Fatalf("Start = %v, want a *ListenError", err)
	}
	if !le.InUse() || le.Flag != "--gateway" {
		t.Errorf("ListenError = %+v, InUse %v; want --gateway in use", le, le.InUse())
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "--gateway "+taken.Addr().String()+": ") || !strings.Contains(msg, "already in use") {
		t.Errorf("message = %q, want it to name --gateway and say the address is in use", msg)
	}
	// All or none: the portal's address was let go.
	if l, err := net.Listen("tcp", freeAddr); err != nil {
		t.Errorf("the first listener was kept: %v", err)
	} else {
		l.Close()
	}
}

func TestListenErrorOther(t *testing.T) {
	_, err := Start([]Listener{{Name: "admin", Flag: "--admin", Addr: "256.0.0.1:0", Handler: http.NotFoundHandler()}}, slog.New(slog.DiscardHandler))
	var le *ListenError
	if !errors.As(err, &le) || le.InUse() || !strings.HasPrefix(err.Error(), "--admin 256.0.0.1:0: cannot listen") {
		t.Errorf("Start = %v, want a ListenError naming --admin that is not InUse", err)
	}
}
