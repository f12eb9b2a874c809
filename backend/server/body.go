package server

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// BodyPace bounds how slowly a request body may arrive. Only the time spent
// waiting for the client counts: a handler that pauses between reads (an
// upstream slow to take the upload) costs the client nothing, and a
// connection that carries no body — an idle keep-alive connection, a
// WebSocket after its upgrade, a server-sent event stream — is never
// affected.
type BodyPace struct {
	// ReadTimeout ends the request when one read of the body delivers
	// nothing for this long (0: none).
	ReadTimeout time.Duration
	// MinRate ends the request when the body arrives at fewer bytes per
	// second than this, averaged over each Window of time spent waiting for
	// it (0: none). This is what stops a body sent a byte at a time, which
	// never lets a single read wait long.
	MinRate int
	Window  time.Duration
}

// defaultBodyPace is the portal's and gateway's: a read may wait 30 s
// (nginx's client_body_timeout is 60 s, Apache's mod_reqtimeout 20 s), and
// the body must average 500 bytes/s over each 20 s of waiting, Apache
// mod_reqtimeout's MinRate. A phone uploading at 10 KB/s is twenty times
// above that.
var defaultBodyPace = BodyPace{ReadTimeout: 30 * time.Second, MinRate: 500, Window: 20 * time.Second}

// ErrBodyTooSlow is what a paced body's Read returns once the body has been
// cut; the connection is closed after the response.
var ErrBodyTooSlow = errors.New("the request body arrived too slowly")

func (p BodyPace) active() bool {
	return p.ReadTimeout > 0 || (p.MinRate > 0 && p.Window > 0)
}

// Handler wraps h so that request bodies are read at this pace. Requests
// without a body pass through untouched.
func (p BodyPace) Handler(h http.Handler) http.Handler {
	if !p.active() {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			h.ServeHTTP(w, r)
			return
		}
		b := &pacedBody{body: r.Body, rc: http.NewResponseController(w), pace: p, h2: r.ProtoMajor >= 2}
		if !b.h2 && p.ReadTimeout > 0 {
			// Armed now too, for the server's own read of a body the
			// handler leaves unread (it discards up to 256 KB before
			// answering); every read through b arms it afresh.
			if err := b.rc.SetReadDeadline(time.Now().Add(p.ReadTimeout)); err != nil {
				h.ServeHTTP(w, r) // a writer without deadlines: nothing to enforce with
				return
			}
		}
		// On the request itself, as http.MaxBytesReader is used, not on a
		// copy: the server removes the temporary files of a multipart form
		// parsed on the request it passed in, and would never see a copy's.
		r.Body = b
		h.ServeHTTP(w, r)
	})
}

type pacedBody struct {
	body io.ReadCloser
	rc   *http.ResponseController
	pace BodyPace
	h2   bool
	// time spent waiting in reads and bytes received, this window
	waited time.Duration
	got    int64
	err    error
}

func (b *pacedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	start := time.Now()
	var deadline time.Time
	if b.pace.ReadTimeout > 0 {
		deadline = start.Add(b.pace.ReadTimeout)
		b.rc.SetReadDeadline(deadline)
	}
	n, err := b.body.Read(p)
	now := time.Now()
	switch {
	case err == io.EOF:
		// The server now watches the connection for the client going away,
		// and a deadline left behind would end the response early (Go's
		// HTTP/1 server clears it itself as it starts watching).
		b.rc.SetReadDeadline(time.Time{})
		return n, err
	case err != nil:
		if isTimeout(err) && !deadline.IsZero() && !now.Before(deadline) {
			return n, b.cut(fmt.Errorf("%w: no data for %v", ErrBodyTooSlow, b.pace.ReadTimeout))
		}
		return n, err
	}
	if b.h2 {
		// An HTTP/2 deadline is a timer that would end the stream's body
		// even while the handler is not reading; keep it to the read.
		b.rc.SetReadDeadline(time.Time{})
	}
	if b.pace.MinRate > 0 && b.pace.Window > 0 {
		b.waited += now.Sub(start)
		b.got += int64(n)
		if b.waited >= b.pace.Window {
			if float64(b.got) < float64(b.pace.MinRate)*b.waited.Seconds() {
				return n, b.cut(fmt.Errorf("%w: %d bytes in %v, below %d bytes/s", ErrBodyTooSlow, b.got, b.waited.Round(time.Millisecond), b.pace.MinRate))
			}
			b.waited, b.got = 0, 0
		}
	}
	return n, nil
}

// cut ends the body: later reads fail at once, the server's included, so
// the connection closes after the response instead of reading on.
func (b *pacedBody) cut(err error) error {
	b.err = err
	b.rc.SetReadDeadline(time.Unix(1, 0))
	return err
}

func (b *pacedBody) Close() error { return b.body.Close() }

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
