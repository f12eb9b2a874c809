package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// closeWindow asks the program that owns an X window to close it, the way a
// window manager's close button does: a WM_DELETE_WINDOW client message
// (ICCCM 4.1.2.7), which GTK turns into its delete-event, so the program
// goes through its own closing (Wails' OnBeforeClose, OnShutdown). Xvfb has
// no window manager to do it, and `xdotool windowclose` (3.20160805 on
// Debian 12) destroys the window instead, which ends a GTK program with an
// X error rather than a close. This speaks just enough of the X11 protocol
// over the display's Unix socket; Xvfb started without -auth needs no
// authorization.
func closeWindow(display string, window uint32) error {
	num, ok := strings.CutPrefix(display, ":")
	if !ok {
		return fmt.Errorf("display %q: want :N", display)
	}
	num, _, _ = strings.Cut(num, ".")
	if _, err := strconv.Atoi(num); err != nil {
		return fmt.Errorf("display %q: want :N", display)
	}
	conn, err := net.DialTimeout("unix", "/tmp/.X11-unix/X"+num, 5*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	x := &x11{rw: conn}
	if err := x.setup(); err != nil {
		return err
	}
	protocols, err := x.internAtom("WM_PROTOCOLS")
	if err != nil {
		return err
	}
	deleteWindow, err := x.internAtom("WM_DELETE_WINDOW")
	if err != nil {
		return err
	}
	if err := x.send(deleteRequest(window, protocols, deleteWindow)); err != nil {
		return err
	}
	// SendEvent has no reply: a round trip makes sure it was taken, and
	// brings back an error if the window is gone.
	return x.roundTrip()
}

// x11 is a connection to an X server, in little-endian byte order.
type x11 struct {
	rw io.ReadWriter
}

var le = binary.LittleEndian

// setup sends the connection setup without authorization and reads the
// server's answer.
func (x *x11) setup() error {
	req := make([]byte, 12)
	req[0] = 'l' // little-endian
	le.PutUint16(req[2:], 11)
	if _, err := x.rw.Write(req); err != nil {
		return err
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(x.rw, head); err != nil {
		return fmt.Errorf("X connection setup: %w", err)
	}
	rest := make([]byte, 4*int(le.Uint16(head[6:])))
	if _, err := io.ReadFull(x.rw, rest); err != nil {
		return fmt.Errorf("X connection setup: %w", err)
	}
	if head[0] != 1 {
		n := min(int(head[1]), len(rest))
		return fmt.Errorf("the X server refused the connection: %q", rest[:n])
	}
	return nil
}

// internAtom returns the atom named name (InternAtom, opcode 16).
func (x *x11) internAtom(name string) (uint32, error) {
	n := len(name)
	pad := (4 - n%4) % 4
	req := make([]byte, 8+n+pad)
	req[0] = 16
	le.PutUint16(req[2:], uint16(len(req)/4))
	le.PutUint16(req[4:], uint16(n))
	copy(req[8:], name)
	if err := x.send(req); err != nil {
		return 0, err
	}
	reply, err := x.reply()
	if err != nil {
		return 0, fmt.Errorf("InternAtom %s: %w", name, err)
	}
	return le.Uint32(reply[8:]), nil
}

// roundTrip waits for the server to have handled every request sent
// (GetInputFocus, opcode 43).
func (x *x11) roundTrip() error {
	if err := x.send([]byte{43, 0, 1, 0}); err != nil {
		return err
	}
	_, err := x.reply()
	return err
}

func (x *x11) send(req []byte) error {
	_, err := x.rw.Write(req)
	return err
}

// reply reads the next reply; an X error (or an event, which this client
// does not ask for) is an error.
func (x *x11) reply() ([]byte, error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(x.rw, b); err != nil {
		return nil, err
	}
	switch b[0] {
	case 1:
		extra := make([]byte, 4*int(le.Uint32(b[4:])))
		if _, err := io.ReadFull(x.rw, extra); err != nil {
			return nil, err
		}
		return b, nil
	case 0:
		return nil, fmt.Errorf("X error %d (request %d, value %#x)", b[1], b[10], le.Uint32(b[4:]))
	}
	return nil, errors.New("unexpected X event")
}

// deleteRequest is the SendEvent request (opcode 25, no propagation, empty
// event mask: the event goes to the client that created window) carrying a
// ClientMessage (code 33, format 32) of type protocols with
// deleteWindow and CurrentTime.
func deleteRequest(window, protocols, deleteWindow uint32) []byte {
	req := make([]byte, 44)
	req[0] = 25
	le.PutUint16(req[2:], 11)
	le.PutUint32(req[4:], window)
	ev := req[12:]
	ev[0] = 33
	ev[1] = 32
	le.PutUint32(ev[4:], window)
	le.PutUint32(ev[8:], protocols)
	le.PutUint32(ev[12:], deleteWindow)
	return req
}
