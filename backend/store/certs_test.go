package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"sekisho/backend/model"
	"sekisho/backend/store"
)

var day = 24 * time.Hour

func newCert(name string, kind model.CertKind, userID int64, code string, serial string, from time.Time, days int) store.NewCert {
	return store.NewCert{Cert: model.Cert{Name: name, Kind: kind, UserID: userID, UserCode: code, Serial: serial, KeyAlgo: "ecdsa-p256",
		X509NotBefore: from, X509NotAfter: from.Add(time.Duration(days)*day - time.Second), NotBefore: from, NotAfter: from.Add(time.Duration(days) * day),
		Enabled: true, DER: []byte{1}}, P12: []byte("p12")}
}

func TestCertsLifecycle(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	now := db.Now()
	u := mustCreate(t, db, "000419", "安井", "")
	ids, err := db.InsertCerts(ctx, "test", []store.NewCert{
		newCert("Sales1", model.CertShared, 0, "", "aa01", now.Add(-day), 365),
		newCert("000419", model.CertPersonal, u.ID, "000419", "aa02", now.Add(-day), 365),
	}, nil, "")
	if err != nil || len(ids) != 2 {
		t.Fatalf("InsertCerts = %v, %v", ids, err)
	}
	t.Run("fail/shared name taken ignoring case and width", func(t *testing.T) {
		for i, name := range []string{"sales1", "ＳＡＬＥＳ１"} {
			_, err := db.InsertCerts(ctx, "test", []store.NewCert{newCert(name, model.CertShared, 0, "", fmt.Sprintf("aa3%d", i), now, 10)}, nil, "")
			if model.CodeOf(err) != model.CodeConflict {
				t.Fatalf("%s: err = %v", name, err)
			}
		}
	})
	t.Run("ok/state and list", func(t *testing.T) {
		items, total, err := db.ListCerts(ctx, store.CertFilter{State: model.CertValid, Limit: 10})
		if err != nil || total != 2 || items[0].State(now) != model.CertValid {
			t.Fatalf("ListCerts = %d, %v", total, err)
		}
		items, total, _ = db.ListCerts(ctx, store.CertFilter{Query: "安井", Limit: 10})
		if total != 1 || items[0].UserName != "安井" {
			t.Errorf("search by user name = %d", total)
		}
	})
	t.Run("fail/widen window", func(t *testing.T) {
		later := now.Add(400 * day)
		_, err := db.UpdateCert(ctx, "test", ids[0], store.CertUpdate{NotAfter: &later})
		if model.CodeOf(err) != model.CodeInvalid || model.AsError(err).Field != "notAfter" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ok/narrow window and disable", func(t *testing.T) {
		end := now.Add(10 * day)
		off := false
		c, err := db.UpdateCert(ctx, "test", ids[0], store.CertUpdate{NotAfter: &end, Enabled: &off})
		if err != nil || !c.NotAfter.Equal(end.UTC().Truncate(time.Second)) || c.State(now) != model.CertDisabled {
			t.Fatalf("UpdateCert = %+v, %v", c, err)
		}
	})
	t.Run("ok/revoke once", func(t *testing.T) {
		c, err := db.RevokeCert(ctx, "test", ids[1], "lost phone")
		if err != nil || c.State(now) != model.CertRevoked || c.RevokeReason != "lost phone" {
			t.Fatalf("RevokeCert = %+v, %v", c, err)
		}
		if _, err := db.RevokeCert(ctx, "test", ids[1], ""); model.CodeOf(err) != model.CodeConflict {
			t.Errorf("second revoke: %v", err)
		}
		on := true
		if _, err := db.UpdateCert(ctx, "test", ids[1], store.CertUpdate{Enabled: &on}); model.CodeOf(err) != model.CodeConflict {
			t.Errorf("enabling a revoked cert: %v", err)
		}
	})
	t.Run("ok/revoke existing on reissue", func(t *testing.T) {
		first := newCert("000419", model.CertPersonal, u.ID, "000419", "bb01", now, 365)
		if _, err := db.InsertCerts(ctx, "test", []store.NewCert{first}, nil, ""); err != nil {
			t.Fatal(err)
		}
		second := newCert("000419", model.CertPersonal, u.ID, "000419", "bb02", now, 365)
		if _, err := db.InsertCerts(ctx, "test", []store.NewCert{second}, []int64{u.ID}, "reissued"); err != nil {
			t.Fatal(err)
		}
		items, _, _ := db.ListCerts(ctx, store.CertFilter{UserID: u.ID, State: model.CertValid, Limit: 10})
		if len(items) != 1 || items[0].Serial != "bb02" {
			t.Errorf("valid after reissue = %+v", items)
		}
	})
	t.Run("ok/delete keeps it revoked", func(t *testing.T) {
		if err := db.DeleteCert(ctx, "test", ids[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetCert(ctx, ids[0]); model.CodeOf(err) != model.CodeNotFound {
			t.Errorf("deleted cert still found: %v", err)
		}
		if _, err := db.CertP12(ctx, ids[0], false); model.CodeOf(err) != model.CodeNotFound {
			t.Error("deleted cert's p12 still readable")
		}
		rev, _ := db.RevokedSerials(ctx)
		found := map[string]bool{}
		for _, r := range rev {
			found[r.Serial] = true
		}
		if !found["aa01"] || !found["aa02"] || !found["bb01"] || found["bb02"] {
			t.Errorf("revoked serials = %v", rev)
		}
		// The name is free again for a new shared certificate.
		if _, err := db.InsertCerts(ctx, "test", []store.NewCert{newCert("Sales1", model.CertShared, 0, "", "aa09", now, 10)}, nil, ""); err != nil {
			t.Errorf("name of a deleted cert not reusable: %v", err)
		}
	})
}

func TestLinkLastUseRace(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ids, err := db.InsertCerts(ctx, "test", []store.NewCert{newCert("S1", model.CertShared, 0, "", "cc01", db.Now().Add(-day), 30)}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 20; round++ {
		l, err := db.CreateLink(ctx, "test", fmt.Sprintf("hash-%d", round), ids[0], db.Now().Add(time.Hour), 1, false)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := db.TakeLinkUse(ctx, l.ID); err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				} else if err != store.ErrLinkUnusable {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("round %d: %d downloads got the last use, want exactly 1", round, wins)
		}
	}
}

func TestLinkStates(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	ids, _ := db.InsertCerts(ctx, "test", []store.NewCert{newCert("S1", model.CertShared, 0, "", "dd01", db.Now().Add(-day), 30)}, nil, "")
	l, err := db.CreateLink(ctx, "test", "h1", ids[0], db.Now().Add(time.Hour), 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if l.State(db.Now()) != store.LinkActive || !l.IPRestricted {
		t.Fatalf("new link %+v", l)
	}
	if l.State(db.Now().Add(2*time.Hour)) != store.LinkExpired {
		t.Error("not expired after its expiry")
	}
	db.TakeLinkUse(ctx, l.ID)
	db.TakeLinkUse(ctx, l.ID)
	got, _ := db.LinkByTokenHash(ctx, "h1")
	if got.State(db.Now()) != store.LinkUsedUp {
		t.Errorf("state %s after 2 of 2 uses", got.State(db.Now()))
	}
	db.ReturnLinkUse(ctx, l.ID)
	if err := db.RevokeLink(ctx, "test", l.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.TakeLinkUse(ctx, l.ID); err != store.ErrLinkUnusable {
		t.Errorf("revoked link still usable: %v", err)
	}
	if err := db.RevokeLink(ctx, "test", 999); model.CodeOf(err) != model.CodeNotFound {
		t.Errorf("revoke unknown: %v", err)
	}
	if _, err := db.LinkByTokenHash(ctx, "nope"); model.CodeOf(err) != model.CodeNotFound {
		t.Errorf("unknown token: %v", err)
	}
	db.DeleteCert(ctx, "test", ids[0])
	if _, err := db.CreateLink(ctx, "test", "h2", ids[0], db.Now().Add(time.Hour), 1, false); model.CodeOf(err) != model.CodeNotFound {
		t.Errorf("link for a deleted cert: %v", err)
	}
}

func TestInsertAccessBatches(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var batch []store.AccessEntry
	for i := 0; i < 257; i++ {
		batch = append(batch, store.AccessEntry{At: db.Now().Add(time.Duration(i) * time.Millisecond), ClientIP: "192.0.2.1",
			UserCode: fmt.Sprintf("u%d", i), Decision: []string{"allow", "deny"}[i%2], Reason: "x"})
	}
	if err := db.InsertAccess(ctx, batch); err != nil {
		t.Fatal(err)
	}
	items, total, err := db.ListAccess(ctx, store.AccessFilter{Limit: 5})
	if err != nil || total != 257 || items[0].UserCode != "u256" {
		t.Fatalf("ListAccess = %d, %v, %+v", total, err, items[0])
	}
	_, denies, _ := db.ListAccess(ctx, store.AccessFilter{Decision: "deny"})
	if denies != 128 {
		t.Errorf("denies %d", denies)
	}
}
