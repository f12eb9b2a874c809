package httpapi_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// openEvents opens GET /api/events with auth as the Authorization header
// ("" for none).
func openEvents(t *testing.T, ctx context.Context, f *fixture, auth string) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+"/api/events", nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// lines reads the stream's lines into a channel.
func lines(r io.Reader) <-chan string {
	ch := make(chan string, 64)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			ch <- sc.Text()
		}
	}()
	return ch
}

func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case l, ok := <-ch:
		if !ok {
			t.Fatal("the stream ended")
		}
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("no line within 10 s")
	}
	return ""
}

func TestEventsNeedTheToken(t *testing.T) {
	f := newFixture(t)
	for _, auth := range []string{"", "Bearer wrong", token} {
		// A stream opened by mistake would never end: bound it.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		resp := openEvents(t, ctx, f, auth)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), `"code":"unauthorized"`) {
			t.Errorf("Authorization %q: %d %s, want 401", auth, resp.StatusCode, body)
		}
	}
}

// TestEventsReachSubscribers: an event published (env.Notify in serve
// mode) reaches every open stream, in the server-sent events format; a
// closed stream is dropped; CloseEvents ends the rest at once.
func TestEventsReachSubscribers(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := openEvents(t, ctx, f, "Bearer "+token)
	defer a.Body.Close()
	if a.StatusCode != 200 || !strings.HasPrefix(a.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("GET /api/events: %d %s", a.StatusCode, a.Header.Get("Content-Type"))
	}
	bctx, bcancel := context.WithCancel(ctx)
	b := openEvents(t, bctx, f, "Bearer "+token)
	la, lb := lines(a.Body), lines(b.Body)
	for _, l := range []<-chan string{la, lb} {
		if got := next(t, l); got != ": subscribed" {
			t.Fatalf("first line %q", got)
		}
		next(t, l) // its blank line
	}

	f.api.Publish("device:requested", map[string]any{"userCode": "001018", "deviceName": "iPhone 15"})
	for _, l := range []<-chan string{la, lb} {
		if got := next(t, l); got != "event: device:requested" {
			t.Errorf("event line %q", got)
		}
		if got := next(t, l); got != `data: {"deviceName":"iPhone 15","userCode":"001018"}` {
			t.Errorf("data line %q", got)
		}
		if got := next(t, l); got != "" {
			t.Errorf("end of event %q", got)
		}
	}

	// b goes away; a still gets events.
	bcancel()
	b.Body.Close()
	for range lb {
	}
	f.api.Publish("device:requested", map[string]any{"userCode": "2"})
	if got := next(t, la); got != "event: device:requested" {
		t.Errorf("after b left: %q", got)
	}
	next(t, la)
	next(t, la)

	done := make(chan struct{})
	go func() {
		for range la {
		}
		close(done)
	}()
	f.api.CloseEvents()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("CloseEvents left the stream open")
	}
	// Closed: new streams are refused.
	c := openEvents(t, context.Background(), f, "Bearer "+token)
	c.Body.Close()
	if c.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a stream after CloseEvents: %d, want 503", c.StatusCode)
	}
}
