import { describe, expect, it } from 'vitest';
import SmtpSection from './SmtpSection.svelte';
import { choose, click, settle, toastTexts, type } from '../../test/dom';
import { harness } from '../../test/harness';

const h = harness(SmtpSection);
const { s, open, calls } = h;

describe('設定 → メール送信 (SMTP)', () => {
  it('saves the server with a write-only password, then shows 設定済み and never the password', async () => {
    await open();
    expect(s.$('smtp-password-state')!.textContent).toContain('未設定');
    expect(s.$<HTMLButtonElement>('smtp-test-send')!.disabled).toBe(true);
    type(s.$('smtp-host'), ' smtp.example.co.jp ');
    // The port follows the security while it is the usual one.
    choose(s.$('smtp-security'), 'tls');
    expect(s.$<HTMLInputElement>('smtp-port')!.value).toBe('465');
    choose(s.$('smtp-security'), 'starttls');
    expect(s.$<HTMLInputElement>('smtp-port')!.value).toBe('587');
    type(s.$('smtp-username'), 'sekisho@example.co.jp');
    type(s.$('smtp-password'), 'kaisha-smtp-2026');
    type(s.$('smtp-from'), '情報システム部 <it@example.co.jp>');
    click(s.$('smtp-save'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({
      smtpHost: 'smtp.example.co.jp',
      smtpPort: 587,
      smtpSecurity: 'starttls',
      smtpUsername: 'sekisho@example.co.jp',
      smtpFrom: '情報システム部 <it@example.co.jp>',
      smtpPassword: 'kaisha-smtp-2026',
    });
    expect(toastTexts().map((t) => t.text).join()).toContain('メール送信の設定を保存しました');
    expect(s.$('smtp-password-state')!.textContent).toContain('設定済み');
    expect(s.$('smtp-password')).toBeNull();
    expect(s.target.innerHTML).not.toContain('kaisha-smtp-2026');

    // Saving again without touching the password leaves it out (kept).
    type(s.$('smtp-port'), '2587');
    click(s.$('smtp-save'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).not.toHaveProperty('smtpPassword');
    expect(h.backend.settings.smtpPasswordSet).toBe(true);

    // テスト送信 with the saved settings.
    type(s.$('smtp-test-to'), 'admin@example.co.jp');
    click(s.$('smtp-test-send'));
    await settle();
    expect(calls('Messages.SendTest').map((c) => c.req)).toEqual([{ to: 'admin@example.co.jp' }]);
    expect(h.backend.mails.map((m) => m.to)).toEqual(['admin@example.co.jp']);
    expect(toastTexts().map((t) => t.text).join()).toContain('admin@example.co.jp にテストメールを送信しました');
    type(s.$('smtp-test-to'), 'not-an-address');
    click(s.$('smtp-test-send'));
    await settle();
    expect(s.$('smtp-test-error')!.textContent).toContain('メールアドレスの形式が正しくありません');

    // 削除: the password and the user name go.
    click(s.$('smtp-password-remove'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ smtpPasswordClear: true, smtpUsername: '' });
    expect(s.$('smtp-password-state')!.textContent).toContain('未設定');
    expect(s.$<HTMLInputElement>('smtp-username')!.value).toBe('');
  });

  it("shows the server's field errors next to the fields", async () => {
    await open();
    type(s.$('smtp-host'), 'smtp://mail.example.co.jp');
    click(s.$('smtp-save'));
    await settle();
    expect(s.$('field-error-smtp-host')!.textContent).toContain('ホスト名かIPアドレスだけ');
    type(s.$('smtp-host'), 'mail.example.co.jp');
    expect(s.$('field-error-smtp-host')).toBeNull();

    type(s.$('smtp-username'), 'someone');
    click(s.$('smtp-save'));
    await settle();
    expect(s.$('field-error-smtp-password')!.textContent).toContain('パスワードも入力してください');

    type(s.$('smtp-password'), 'x');
    choose(s.$('smtp-security'), 'none');
    expect(s.$<HTMLInputElement>('smtp-port')!.value).toBe('25');
    click(s.$('smtp-save'));
    await settle();
    expect(s.$('field-error-smtp-security')!.textContent).toContain('平文');
    expect(h.backend.settings.smtpHost).toBe('');
  });
});
