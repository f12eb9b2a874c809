package store_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"sekisho/backend/store"
)

// TestRequestDeviceReplacesPending: a new request replaces the user's
// pending one for the same device (by cookie hash, or by name and OS);
// other devices, other users and processed rows stay.
func TestRequestDeviceReplacesPending(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	a, b := mustCreate(t, db, "a1", "A", ""), mustCreate(t, db, "b1", "B", "")
	req := func(user int64, hash, name, os, prev string) int {
		t.Helper()
		_, n, err := db.RequestDevice(ctx, store.Device{UserID: user, TokenHash: hash, Name: name, OS: os}, prev)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	rows := func() string {
		t.Helper()
		ds, _, err := db.ListDevices(ctx, store.DeviceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range ds {
			out = append(out, d.UserCode+"/"+d.TokenHash+"/"+d.Name+"/"+d.Status)
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	req(a.ID, "h1", "PC", "Windows", "")
	req(b.ID, "hb", "PC", "Windows", "")
	if n := req(a.ID, "h2", "経理PC", "Windows", "h1"); n != 1 { // same cookie, new name
		t.Errorf("replaced %d by cookie, want 1", n)
	}
	if n := req(a.ID, "h3", "経理PC", "Windows", ""); n != 1 { // no cookie, same name and OS
		t.Errorf("replaced %d by name, want 1", n)
	}
	if n := req(a.ID, "h4", "経理PC", "iOS", ""); n != 0 { // another device
		t.Errorf("replaced %d for another OS, want 0", n)
	}
	if n := req(a.ID, "h5", "PC", "Windows", "hb"); n != 0 { // someone else's cookie
		t.Errorf("replaced %d of another user, want 0", n)
	}
	if got, want := rows(), "a1/h3/経理PC/pending a1/h4/経理PC/pending a1/h5/PC/pending b1/hb/PC/pending"; got != want {
		t.Errorf("rows = %s\nwant   %s", got, want)
	}
	ds, _, _ := db.ListDevices(ctx, store.DeviceFilter{UserID: a.ID, OS: "iOS"})
	if _, err := db.SetDeviceStatus(ctx, "test", []int64{ds[0].ID}, "approved"); err != nil {
		t.Fatal(err)
	}
	if n := req(a.ID, "h6", "経理PC", "iOS", "h4"); n != 0 { // an approved row is history
		t.Errorf("replaced %d approved, want 0", n)
	}
	if got := rows(); !strings.Contains(got, "a1/h4/経理PC/approved") || !strings.Contains(got, "a1/h6/経理PC/pending") {
		t.Errorf("rows = %s", got)
	}
}
