package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"sekisho/backend/i18n"
	"sekisho/backend/mailer"
	"sekisho/backend/model"
)

// maxSend bounds one Messages.Send: the screen sends a long list in
// batches, each on one connection, and shows the progress between them.
const maxSend = 1000

// MessageSendResult is what Messages.Send did.
type MessageSendResult struct {
	// Sent counts the messages the SMTP server accepted.
	Sent int `json:"sent"`
	// Failed lists the others, in request order.
	Failed []MessageFailure `json:"failed"`
}

// MessageFailure is one message that was not sent.
type MessageFailure struct {
	// Index is the item's position in the request (retrying sends these
	// items again).
	Index  int    `json:"index"`
	UserID string `json:"userId"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	// Message says why, in the request's language.
	Message string `json:"message"`
}

// Send fills each item's message as Render does and sends it by SMTP
// (Settings → メール送信) to the user's e-mail address, one connection for
// the batch. A user without an address, or one the server refuses, is a
// failure in the result, not an error of the call; no SMTP server set, or
// one that cannot be reached or refuses the sign-in, is (400, nothing
// sent). Each message, sent or not, is in the admin history.
func (s *Messages) Send(req MessageRequest) (MessageSendResult, error) {
	v, err := s.send(req)
	return v, s.fail(err)
}

func (s *Messages) send(req MessageRequest) (MessageSendResult, error) {
	if len(req.Items) == 0 {
		return MessageSendResult{}, model.Invalid("items", "field.ids_required", nil)
	}
	if len(req.Items) > maxSend {
		return MessageSendResult{}, model.Invalid("items", "message.send.too_many", map[string]any{"max": maxSend})
	}
	ctx := context.Background()
	cfg, err := s.env.mailConfig(ctx)
	if err != nil {
		return MessageSendResult{}, err
	}
	list, err := s.render(req)
	if err != nil {
		return MessageSendResult{}, err
	}
	kind := req.Kind
	if kind == "" {
		kind = "certificate"
	}
	lang := s.langFor(req.Localized)
	res := MessageSendResult{Failed: []MessageFailure{}}

	var codes []string
	for _, m := range list.Items {
		if m.UserID != "" && m.Email != "" {
			codes = append(codes, m.Code)
		}
	}
	var sess *mailer.Session
	if len(codes) > 0 {
		if sess, err = mailer.Dial(ctx, cfg); err != nil {
			me := mailError(cfg, "", err)
			s.record(ctx, "message.send_failed", strings.Join(codes, ", "), fmt.Sprintf("%s: %s", kind, err))
			return MessageSendResult{}, me
		}
		defer sess.Close()
	}
	// gone is the connection error that ends the batch: reconnecting
	// failed, so the messages left fail with it.
	var gone *model.Error
	for i, m := range list.Items {
		failed := func(me *model.Error, detail string) {
			res.Failed = append(res.Failed, MessageFailure{Index: i, UserID: m.UserID, Code: m.Code, Name: m.Name, Email: m.Email,
				Message: render(lang, me.Key, me.Params)})
			s.record(ctx, "message.send_failed", m.Code, fmt.Sprintf("%s %s: %s", kind, m.Email, detail))
		}
		switch {
		case m.UserID == "":
			failed(&model.Error{Key: "message.send.no_user"}, "no user")
			continue
		case m.Email == "":
			failed(&model.Error{Key: "message.send.no_email", Params: map[string]any{"name": m.Name, "code": m.Code}}, "no address")
			continue
		case gone != nil:
			failed(gone, gone.Err.Error())
			continue
		}
		err := sess.Send(ctx, mailer.Message{ToName: m.Name, To: m.Email, Subject: m.Subject, Body: m.Body})
		if err != nil {
			me := mailError(cfg, m.Email, err)
			if connectionStage(err) {
				gone = me
			}
			failed(me, err.Error())
			continue
		}
		res.Sent++
		s.record(ctx, "message.send", m.Code, fmt.Sprintf("%s %s", kind, m.Email))
	}
	return res, nil
}

// MessageTestRequest asks for a test message to one address.
type MessageTestRequest struct {
	To string `json:"to"`
	Localized
}

// SendTest sends a short test message to an address with the saved SMTP
// settings; an error says what went wrong (400).
func (s *Messages) SendTest(req MessageTestRequest) (Empty, error) {
	return Empty{}, s.fail(s.sendTest(req))
}

func (s *Messages) sendTest(req MessageTestRequest) error {
	to := strings.TrimSpace(req.To)
	if to == "" {
		return model.Invalid("to", "mail.test.to_required", nil)
	}
	if err := model.CheckLine("to", to); err != nil {
		return err
	}
	if err := model.CheckEmail("to", to); err != nil {
		return err
	}
	ctx := context.Background()
	cfg, err := s.env.mailConfig(ctx)
	if err != nil {
		return err
	}
	lang := s.langFor(req.Localized)
	msg := mailer.Message{To: to, Subject: i18n.T(lang, "mail.test.subject", nil),
		Body: i18n.T(lang, "mail.test.body", map[string]any{"server": net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)), "security": string(cfg.Security)})}
	sess, err := mailer.Dial(ctx, cfg)
	if err == nil {
		err = sess.Send(ctx, msg)
		sess.Close()
	}
	if err != nil {
		s.record(ctx, "message.send_test_failed", to, err.Error())
		return mailError(cfg, to, err)
	}
	s.record(ctx, "message.send_test", to, "")
	return nil
}

// record adds a send to the admin history; a failure to record is logged,
// not reported (the mail is gone either way).
func (s *Messages) record(ctx context.Context, action, target, detail string) {
	if err := s.env.DB.RecordAction(ctx, s.env.Actor, action, "mail", target, detail); err != nil {
		s.env.Log.Error("record a mail in the history", "action", action, "err", err)
	}
}

// connectionStage reports whether err means the server cannot be used at
// all (rather than one message failing).
func connectionStage(err error) bool {
	var e *mailer.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Stage {
	case mailer.StageConnect, mailer.StageTimeout, mailer.StageTLS, mailer.StageNoStartTLS, mailer.StageAuth:
		return true
	}
	return false
}

// mailError words a mailer error for people: which step failed, the
// server's own reply, and what to check. to is the recipient ("" for
// none yet).
func mailError(cfg mailer.Config, to string, err error) *model.Error {
	e := &mailer.Error{Stage: mailer.StageData, Reply: err.Error()}
	errors.As(err, &e)
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = mailer.DefaultTimeout
	}
	params := map[string]any{"server": net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)), "reply": e.Reply, "from": cfg.From, "email": to,
		"seconds": int(timeout.Seconds())}
	key := map[mailer.Stage]string{
		mailer.StageConnect:    "mail.connect",
		mailer.StageTimeout:    "mail.timeout",
		mailer.StageTLS:        "mail.tls",
		mailer.StageNoStartTLS: "mail.no_starttls",
		mailer.StageAuth:       "mail.auth",
		mailer.StageAddress:    "mail.address",
		mailer.StageSender:     "mail.sender",
		mailer.StageRecipient:  "mail.recipient",
		mailer.StageData:       "mail.data",
	}[e.Stage]
	if key == "" {
		key = "mail.data"
	}
	return &model.Error{Code: model.CodeInvalid, Key: key, Params: params, Err: err}
}
