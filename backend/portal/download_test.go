package portal

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// fakeLinks serves one file and reports each Release on released. before,
// when set, runs in File before the file is handed out.
type fakeLinks struct {
	data     []byte
	before   func(ctx context.Context)
	released chan bool
}

func (f *fakeLinks) Page(context.Context, string, netip.Addr) (PageInfo, error) {
	return PageInfo{}, nil
}

func (f *fakeLinks) File(ctx context.Context, _, _ string, _ netip.Addr) (File, Problem, error) {
	if f.before != nil {
		f.before(ctx)
	}
	return File{Name: "u1.p12", ContentType: "application/x-pkcs12", Data: f.data,
		Release: func(delivered bool) { f.released <- delivered }}, "", nil
}

const testToken = "AAAAAAAAAAAAAAAAAAAAAA"

func released(t *testing.T, ch chan bool) bool {
	t.Helper()
	select {
	case d := <-ch:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("Release was never called")
		return false
	}
}

// TestFileDeliveredCounts: a file written and flushed without error counts
// as delivered (the link's use is kept).
func TestFileDeliveredCounts(t *testing.T) {
	links := &fakeLinks{data: []byte("p12-bytes"), released: make(chan bool, 1)}
	srv := httptest.NewServer(New(nil, nil, links))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/d/" + testToken + "/p12")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "p12-bytes" {
		t.Fatalf("%d %q", resp.StatusCode, body)
	}
	if !released(t, links.released) {
		t.Error("a delivered file gave its use back")
	}
}

// TestFileResetBeforeSendGivesUseBack: the client resets the connection right
// after its request, before the server has sent anything; the server sees
// that (the request's context ends) and gives the use back. Before, the
// small file went into the server's buffer, the flush failed unseen, and
// the use was gone (10 of 10 tries).
func TestFileResetBeforeSendGivesUseBack(t *testing.T) {
	links := &fakeLinks{data: []byte("p12-bytes"), released: make(chan bool, 1)}
	// Hold the file until the server has noticed the reset.
	links.before = func(ctx context.Context) {
		select {
		case <-ctx.Done():
		case <-time.After(10 * time.Second):
		}
	}
	srv := httptest.NewServer(New(nil, nil, links))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Write([]byte("GET /d/" + testToken + "/p12 HTTP/1.1\r\nHost: portal\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	conn.(*net.TCPConn).SetLinger(0) // Close sends RST
	conn.Close()
	if released(t, links.released) {
		t.Error("a file the client never got took the link's use")
	}
}

// brokenFlush accepts the bytes but fails to hand them to the socket, as a
// connection reset while the server flushes does.
type brokenFlush struct{ *httptest.ResponseRecorder }

func (b brokenFlush) FlushError() error { return errors.New("write: connection reset by peer") }

// brokenWrite fails the write itself.
type brokenWrite struct{ *httptest.ResponseRecorder }

func (b brokenWrite) Write([]byte) (int, error) { return 0, errors.New("write: broken pipe") }

// TestFileWriteFailureGivesUseBack: a failed write or a failed final flush is
// a failure the server sees: the use comes back.
func TestFileWriteFailureGivesUseBack(t *testing.T) {
	for name, wrap := range map[string]func(*httptest.ResponseRecorder) http.ResponseWriter{
		"fail/flush": func(r *httptest.ResponseRecorder) http.ResponseWriter { return brokenFlush{r} },
		"fail/write": func(r *httptest.ResponseRecorder) http.ResponseWriter { return brokenWrite{r} },
	} {
		t.Run(name, func(t *testing.T) {
			links := &fakeLinks{data: []byte("p12-bytes"), released: make(chan bool, 1)}
			h := New(nil, nil, links)
			req := httptest.NewRequest("GET", "/d/"+testToken+"/p12", nil)
			h.ServeHTTP(wrap(httptest.NewRecorder()), req)
			if released(t, links.released) {
				t.Error("a failed delivery took the link's use")
			}
		})
	}
}

// TestFileClientGoneBeforeSend: a request whose client is already gone gets
// nothing written and its use back.
func TestFileClientGoneBeforeSend(t *testing.T) {
	links := &fakeLinks{data: []byte("p12-bytes"), released: make(chan bool, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	New(nil, nil, links).ServeHTTP(rec, httptest.NewRequest("GET", "/d/"+testToken+"/p12", nil).WithContext(ctx))
	if released(t, links.released) {
		t.Error("a gone client took the link's use")
	}
	if rec.Body.Len() != 0 {
		t.Errorf("wrote %q to a gone client", rec.Body.String())
	}
}

// TestContentDisposition: plain ASCII names stay as they are; others get an
// ASCII fallback and RFC 6266's filename*.
func TestContentDisposition(t *testing.T) {
	for name, want := range map[string]string{
		"Sales1.p12":         `attachment; filename="Sales1.p12"`,
		"営業1.p12":            `attachment; filename="__1.p12"; filename*=UTF-8''%E5%96%B6%E6%A5%AD1.p12`,
		`a"b;c.mobileconfig`: `attachment; filename="a_b;c.mobileconfig"; filename*=UTF-8''a%22b%3Bc.mobileconfig`,
	} {
		if got := ContentDisposition("attachment", name); got != want {
			t.Errorf("ContentDisposition(%q) = %s, want %s", name, got, want)
		}
	}
}
