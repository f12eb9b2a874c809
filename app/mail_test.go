package app

import (
	"errors"
	"strings"
	"testing"

	"sekisho/backend/i18n"
	"sekisho/backend/mailer"
)

// TestMailErrorEveryStage: every stage a send can fail at has its message
// in both languages, with the server and the server's reply in it where
// there is one.
func TestMailErrorEveryStage(t *testing.T) {
	cfg := mailer.Config{Host: "smtp.example.co.jp", Port: 587, From: "it@example.co.jp"}
	for _, st := range []mailer.Stage{mailer.StageConnect, mailer.StageTimeout, mailer.StageTLS, mailer.StageNoStartTLS,
		mailer.StageAuth, mailer.StageAddress, mailer.StageSender, mailer.StageRecipient, mailer.StageData, "unknown"} {
		me := mailError(cfg, "yasui@example.co.jp", &mailer.Error{Stage: st, Reply: "550 5.1.1 no such user", Err: errors.New("x")})
		if !i18n.Has(me.Key) {
			t.Errorf("%s: key %q is not in the catalog", st, me.Key)
			continue
		}
		for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
			msg := render(lang, me.Key, me.Params)
			if strings.Contains(msg, "{") {
				t.Errorf("%s %s: unfilled placeholder in %q", st, lang, msg)
			}
			switch st {
			case mailer.StageConnect, mailer.StageTLS, mailer.StageAuth, mailer.StageRecipient, mailer.StageSender, mailer.StageData:
				if !strings.Contains(msg, "550 5.1.1 no such user") {
					t.Errorf("%s %s: %q does not carry the server's reply", st, lang, msg)
				}
			}
		}
	}
}
