package store_test

import (
	"context"
	"strconv"
	"testing"

	"sekisho/backend/model"
	"sekisho/backend/store"
)

// TestHistoryNamesTargets: the history names what changed (a device by its
// name and user, a link by its certificate, the certificates a reissue
// revoked), never a bare id or count; rows written with ids before are
// named when read.
func TestHistoryNamesTargets(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	now := db.Now()
	u := mustCreate(t, db, "a1", "A", "")
	dev, _, err := db.RequestDevice(ctx, store.Device{UserID: u.ID, TokenHash: "h1", Name: "経理PC", OS: "Windows"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetDeviceStatus(ctx, "test", []int64{dev.ID}, "approved"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.InsertCerts(ctx, "test", []store.NewCert{newCert("a1", model.CertPersonal, u.ID, "a1", "cc01", now, 365)}, nil, ""); err != nil {
		t.Fatal(err)
	}
	second, err := db.InsertCerts(ctx, "test", []store.NewCert{newCert("a1-2", model.CertPersonal, u.ID, "a1", "cc02", now, 365)}, []int64{u.ID}, "reissued")
	if err != nil {
		t.Fatal(err)
	}
	l, err := db.CreateLink(ctx, "test", "lh1", second[0], now.Add(day), 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeLink(ctx, "test", l.ID); err != nil {
		t.Fatal(err)
	}
	// As written before targets were names.
	if err := db.RecordAction(ctx, "test", "device.rejected", "device", strconv.FormatInt(dev.ID, 10)+", 999", ""); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordAction(ctx, "test", "link.revoke", "link", strconv.FormatInt(l.ID, 10), ""); err != nil {
		t.Fatal(err)
	}
	items, _, err := db.ListHistory(ctx, "", 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range items {
		key := h.Action
		if _, ok := got[key]; ok {
			key += "/old"
		}
		got[key] = h.Target + "|" + h.Detail
	}
	// Newest first: the old-style rows come first in items.
	want := map[string]string{
		"device.approved": "経理PC (a1)|",
		"device.rejected": "経理PC (a1), #999|",
		"link.revoke":     "a1-2|",
		"link.revoke/old": "a1-2|",
		"cert.revoke":     "a1|reissued",
		"cert.issue":      "a1-2|",
		"cert.issue/old":  "a1|",
		"link.create":     "a1-2|",
		"user.create":     "a1|A",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: target|detail = %q, want %q", k, got[k], w)
		}
	}
}
