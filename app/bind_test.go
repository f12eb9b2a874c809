package app

import (
	"reflect"
	"testing"
)

// TestBoundMethodsTakeOneRequest: every method the window binds and the
// admin API serves takes exactly one request value and returns a value and
// an error. The frontend's call() relies on it: it passes the request
// object as the one argument (Wails checks the count exactly), and
// httpapi decodes one JSON body into it.
func TestBoundMethodsTakeOneRequest(t *testing.T) {
	errType := reflect.TypeFor[error]()
	n := 0
	for name, svc := range NewServices(NewEnv(nil, ModeServe, "")).Bind() {
		v := reflect.TypeOf(svc)
		for i := 0; i < v.NumMethod(); i++ {
			m := v.Method(i)
			n++
			// In(0) is the receiver.
			if m.Type.NumIn() != 2 || m.Type.NumOut() != 2 || m.Type.Out(1) != errType {
				t.Errorf("%s.%s is %s: want func(Request) (Result, error)", name, m.Name, m.Type)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d methods found", n)
	}
}
