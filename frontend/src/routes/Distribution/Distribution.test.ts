// 配布: QR sheet, notification messages and download settings.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import Distribution from './Distribution.svelte';
import { createFakeBackend, makeCert, sampleUsers, type FakeBackend } from '../../test/fakeBackend';
import { click, settle, type, waitFor, type Screen } from '../../test/dom';
import { openScreen, useScreenTests } from '../../test/screens';
import { router } from '../../lib/stores/router.svelte';
import { app } from '../../lib/stores/app.svelte';
import { formatISODate, formatISODateTime } from '../../lib/dates';

let backend: FakeBackend;
let s: Screen;

async function open(path: string) {
  router.path = path;
  s = await openScreen(Distribution, backend);
}

useScreenTests();
beforeEach(() => {
  backend = createFakeBackend({
    users: sampleUsers(6),
    certs: [
      makeCert(1, { name: 'Sales2026' }),
      makeCert(2, { name: '001002', kind: 'personal', userId: '2', userCode: '001002', userName: '佐藤 花子' }),
      makeCert(3, { name: '001003', kind: 'personal', userId: '3', userCode: '001003', userName: '高橋 健' }),
      makeCert(4, { name: '001004', kind: 'personal', userId: '4', userCode: '001004', userName: '田中 直樹', enabled: false }),
    ],
  });
  app.settings = backend.settings;
});

const calls = (m: string) => backend.calls.filter((c) => c.method === m);

describe('QRコードシート', () => {
  it('creates one link per chosen certificate and lays out printable cards', async () => {
    await open('/distribution');
    // personal certificates by default, valid ones only
    expect(s.$$('cert-picker-row').map((r) => r.dataset.certId)).toEqual(['2', '3']);
    click(s.$('cert-picker-page-all'));
    (s.$('qr-expires') as HTMLSelectElement).value = '60';
    s.$('qr-expires')!.dispatchEvent(new Event('change', { bubbles: true }));
    type(s.$('qr-max-uses'), '2');
    click(s.$('qr-create'));
    await waitFor(() => s.$$('qr-card').length === 2);
    expect(calls('Links.Create').map((c) => c.req)).toEqual([
      { certId: '2', expiresInMinutes: 60, maxUses: 2, ipRestricted: false },
      { certId: '3', expiresInMinutes: 60, maxUses: 2, ipRestricted: false },
    ]);
    const card = s.$$('qr-card')[0];
    expect(card.querySelector('[data-testid="qr-card-name"]')!.textContent).toBe('佐藤 花子');
    expect(card.textContent).toContain('001002');
    expect(card.querySelector<HTMLImageElement>('[data-testid="qr-card-qr"]')!.src).toMatch(/^data:image\/png;base64,/);
    expect(card.querySelector('[data-testid="qr-card-url"]')!.textContent).toMatch(/^http:\/\/192\.168\.1\.10:7080\/d\//);
    // the root certificate's fingerprint on every card, to compare with the phone's page
    for (const c of s.$$('qr-card')) {
      const fp = c.querySelector<HTMLElement>('[data-testid="qr-card-fingerprint"]')!;
      expect(fp.dataset.value).toBe(backend.info.caFingerprint);
      expect(fp.textContent).toContain('ルート証明書のフィンガープリント (SHA-256)');
      expect(fp.textContent).toContain('3F:2A:9C:0E:5B:7D:11:AA');
    }
    expect(calls('System.Info')).toHaveLength(1);
    // The link's expiry, labelled as the link's, in the one date format (2026/03/10 09:00).
    const link = backend.links[0];
    expect(card.textContent).toContain('リンクの有効期限');
    expect(card.querySelector('[data-testid="qr-card-expires"]')!.textContent).toBe(formatISODateTime(link.expiresAt, 'ja'));
    expect(card.querySelector('[data-testid="qr-card-expires"]')!.textContent).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);

    const print = vi.fn();
    window.print = print;
    click(s.$('qr-print'));
    expect(print).toHaveBeenCalled();

    click(s.$('qr-messages'));
    await waitFor(() => s.$$('message-item').length === 2);
    const req = calls('Messages.Render')[0].req as { items: Record<string, string>[] };
    expect(req.items[0]).toMatchObject({ userId: '2', certId: '2', url: expect.stringContaining('/d/') });
    expect(req.items[0].password).toBeUndefined();
    expect(s.$$('message-body')[0].textContent).toContain('（別途お知らせします）');
  });

  it('keeps the sheet while another tab is open', async () => {
    await open('/distribution');
    click(s.$$('cert-picker-check')[0]);
    click(s.$('qr-create'));
    await waitFor(() => s.$$('qr-card').length === 1);
    router.path = '/distribution/settings';
    flushSync();
    await settle();
    expect(s.$('dist-settings')).toBeTruthy();
    router.path = '/distribution';
    flushSync();
    expect(s.$$('qr-card')).toHaveLength(1);
  });
});

describe('通知メッセージ', () => {
  it('edits the template with tag buttons and saves it', async () => {
    await open('/distribution/messages');
    const body = s.$<HTMLTextAreaElement>('template-body')!;
    type(body, 'こんにちは ');
    body.focus();
    body.setSelectionRange(6, 6);
    body.dispatchEvent(new Event('focus'));
    click(s.$('template-tag-name'));
    await settle();
    expect(body.value).toBe('こんにちは 【氏名】');
    expect(s.$('template-no-url')).toBeTruthy();
    click(s.$('template-tag-url'));
    await settle();
    expect(s.$('template-no-url')).toBeNull();
    expect(s.$('template-preview')!.textContent).toContain('山田 太郎');
    type(s.$('template-subject'), '【関所】ご案内 {foo}');
    expect(s.$('template-unknown')!.textContent).toContain('{foo}');
    expect(s.$('template-unknown')!.textContent).not.toContain('【関所】');
    click(s.$('template-save'));
    await settle();
    expect(calls('Settings.Update')[0].req).toEqual({
      messageSubject: '【関所】ご案内 {foo}',
      messageTemplate: 'こんにちは 【氏名】【証明書DL画面URL】',
    });
  });

  it('offers 【リンク有効期限】 and 【パスワード再発行】, explains each tag and previews them as the server fills them', async () => {
    await open('/distribution/messages');
    const body = s.$<HTMLTextAreaElement>('template-body')!;
    type(body, '');
    body.focus();
    body.dispatchEvent(new Event('focus'));
    for (const key of ['expiry', 'linkExpiry', 'passwordReset']) {
      click(s.$(`template-tag-${key}`));
      await settle();
    }
    expect(body.value).toBe('【有効期限】【リンク有効期限】【パスワード再発行】');
    expect(s.$('template-unknown')).toBeNull();
    expect(s.$('template-tag-help-expiry')!.textContent).toBe('有効期限（証明書の使用終了日）');
    expect(s.$('template-tag-help-linkExpiry')!.textContent).toBe('リンクの有効期限（日時）');
    // the certificate's last day (a date), then the link's date and time, then the instruction
    expect(s.$('template-preview')!.querySelector('pre')!.textContent).toMatch(
      /^\d{4}\/\d{2}\/\d{2}\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}パスワードを忘れた場合は管理者に再発行を依頼してください（ログインURL: https:\/\/.+\/_sekisho\/login）$/,
    );
  });

  it('the default template uses 【】 tags and fills the certificate’s last day and the link’s expiry apart', async () => {
    expect(backend.settings.messageTemplate).not.toMatch(/\{\w+\}/);
    await open('/distribution/messages');
    const rows = s.$$('user-picker-row');
    click(rows.find((r) => r.dataset.code === '001002')!.querySelector('input'));
    click(s.$('messages-make'));
    await waitFor(() => s.$$('message-item').length === 1);
    const text = s.$$('message-body')[0].textContent!;
    const cert = backend.certs.find((c) => c.id === '2')!;
    expect(text).toContain(`証明書の使用終了日: ${formatISODate(cert.notAfter, 'ja')}`);
    expect(text).toContain(`URLの有効期限: ${formatISODateTime(backend.links[0].expiresAt, 'ja')}`);
    expect(text).not.toMatch(/【(?!関所)|\{\w+\}/);
  });

  it('makes messages for chosen users with links to their valid personal certificates', async () => {
    await open('/distribution/messages');
    const rows = s.$$('user-picker-row');
    for (const code of ['001002', '001004']) click(rows.find((r) => r.dataset.code === code)!.querySelector('input'));
    click(s.$('messages-make'));
    await waitFor(() => s.$$('message-item').length === 2);
    expect(calls('Links.Create').map((c) => c.req)).toEqual([{ certId: '2' }]);
    expect(s.$('messages-no-cert')!.textContent).toContain('1人');
    const items = s.$$('message-item');
    expect(items[0].dataset.userCode).toBe('001002');
    expect(items[0].querySelector('[data-testid="message-body"]')!.textContent).toContain('/d/');
    expect(items[0].querySelector<HTMLElement>('[data-testid="message-mailto"]')!.dataset.href).toMatch(/^mailto:user2%40example\.co\.jp\?subject=/);

    click(s.$('messages-export'));
    await settle();
    expect(calls('Messages.ExportCSV')).toHaveLength(1);
    expect(calls('System.SaveFile')[0].req).toMatchObject({ filename: 'messages.csv' });
  });
});

describe('メールで送信', () => {
  it('mails the messages, lists each failure with its reason, and retries only the failed', async () => {
    backend.users.find((u) => u.code === '001003')!.email = '';
    backend.mailRejects['user4@example.co.jp'] = '550 5.1.1 no such user';
    await open('/distribution/messages');
    const rows = s.$$('user-picker-row');
    for (const code of ['001002', '001003', '001004']) click(rows.find((r) => r.dataset.code === code)!.querySelector('input'));
    click(s.$('messages-with-links'));
    click(s.$('messages-make'));
    await waitFor(() => s.$$('message-item').length === 3);

    // SMTP not set up: the server's message, with the way to the settings.
    click(s.$('messages-send'));
    expect(s.$('confirm-dialog')!.textContent).toContain('2人にメールを送信します');
    expect(s.$('confirm-dialog')!.textContent).toContain('1人には送れません');
    click(s.$('confirm-ok'));
    await waitFor(() => s.$('messages-send-error'));
    expect(s.$('messages-send-error')!.textContent).toContain('設定 → メール送信（SMTP）');
    expect(s.$<HTMLAnchorElement>('messages-send-settings')!.getAttribute('href')).toBe('#/settings?section=smtp');
    expect(backend.mails).toEqual([]);

    backend.settings.smtpHost = 'smtp.example.co.jp';
    backend.settings.smtpFrom = 'it@example.co.jp';
    click(s.$('messages-send'));
    click(s.$('confirm-ok'));
    await waitFor(() => s.$('messages-send-result'));
    expect(s.$('messages-send-error')).toBeNull();
    expect(calls('Messages.Send').at(-1)!.req).toEqual({ items: [{ userId: '2' }, { userId: '3' }, { userId: '4' }] });
    expect(backend.mails.map((m) => m.to)).toEqual(['user2@example.co.jp']);
    expect(s.$('messages-send-result')!.textContent).toContain('1通を送信し、2通は送信できませんでした');
    expect(s.$$('message-item').map((m) => m.dataset.mail)).toEqual(['sent', 'failed', 'failed']);
    const failures = s.$$('messages-send-failure');
    expect(failures.map((f) => f.dataset.userId)).toEqual(['3', '4']);
    expect(failures[0].textContent).toContain('メールアドレスが登録されていません');
    expect(failures[1].textContent).toContain('550 5.1.1 no such user');
    expect(s.$$('message-mail-reason')[1].textContent).toContain('user4@example.co.jp');

    // 失敗した宛先に再送: only the failed items, no second confirmation.
    backend.users.find((u) => u.code === '001003')!.email = 'user3@example.co.jp';
    delete backend.mailRejects['user4@example.co.jp'];
    expect(s.$('messages-send-retry')!.textContent).toContain('失敗した宛先に再送（2件）');
    click(s.$('messages-send-retry'));
    await waitFor(() => s.$$('message-item').every((m) => m.dataset.mail === 'sent'));
    expect(calls('Messages.Send').at(-1)!.req).toEqual({ items: [{ userId: '3' }, { userId: '4' }] });
    expect(backend.mails.map((m) => m.to)).toEqual(['user2@example.co.jp', 'user3@example.co.jp', 'user4@example.co.jp']);
    expect(s.$('messages-send-retry')).toBeNull();
    expect(s.$('messages-send-result')!.textContent).toContain('2通のメールを送信しました');
  });
});

describe('ダウンロードの設定', () => {
  it('turns downloads off after confirming and saves link defaults', async () => {
    await open('/distribution/settings');
    click(s.$('dist-downloads-enabled'));
    expect(s.$('confirm-dialog')).toBeTruthy();
    click(s.$('confirm-ok'));
    await settle();
    expect(backend.settings.linkDownloadsEnabled).toBe(false);
    expect(s.$('dist-downloads-off')).toBeTruthy();

    type(s.$('dist-link-minutes'), '60');
    type(s.$('dist-link-uses'), '3');
    click(s.$('dist-link-save'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ linkExpiresInMinutes: 60, linkMaxUses: 3 });

    type(s.$('dist-link-minutes'), '1');
    click(s.$('dist-link-save'));
    await settle();
    expect(s.$('field-error-dist-link-minutes')!.textContent).toContain('5〜43200');
  });
});

describe('認証局の書き出し', () => {
  it('warns, refuses short or different passphrases, then exports with confirm and saves the .p12', async () => {
    await open('/distribution/settings');
    click(s.$('dist-ca-export'));
    await settle();
    expect(s.$('ca-export-dialog')).toBeTruthy();
    expect(s.$('ca-export-warning')!.textContent).toContain('すべての端末が信頼する証明書');
    expect(s.$('ca-export-submit')!.className).toContain('btn-danger');

    type(s.$('ca-export-passphrase'), 'short');
    type(s.$('ca-export-passphrase-again'), 'short');
    click(s.$('ca-export-submit'));
    await settle();
    expect(s.$('field-error-ca-export-passphrase')!.textContent).toContain('12文字以上');
    type(s.$('ca-export-passphrase'), 'move-to-step-ca-2026');
    type(s.$('ca-export-passphrase-again'), 'move-to-step-ca-2027');
    click(s.$('ca-export-submit'));
    await settle();
    expect(s.$('field-error-ca-export-passphrase-again')!.textContent).toContain('一致しません');
    expect(calls('Certs.ExportCA')).toHaveLength(0);

    type(s.$('ca-export-passphrase-again'), 'move-to-step-ca-2026');
    click(s.$('ca-export-submit'));
    await settle();
    expect(calls('Certs.ExportCA').map((c) => c.req)).toEqual([{ passphrase: 'move-to-step-ca-2026', confirm: true }]);
    const save = calls('System.SaveFile');
    expect(save).toHaveLength(1);
    expect(save[0].req.filename).toBe('sekisho-ca-20261203.p12');
    expect(save[0].req.dataBase64).toBe(btoa('fake pkcs12'));
    expect(s.$('ca-export-dialog')).toBeNull();
  });

  it('exports with a generated passphrase, kept on screen to copy', async () => {
    await open('/distribution/settings');
    click(s.$('dist-ca-export'));
    await settle();
    click(s.$('ca-export-generate'));
    const shown = s.$('ca-export-generated-passphrase')!.dataset.value!;
    expect(shown.length).toBeGreaterThanOrEqual(12);
    expect(s.$('ca-export-copy')).toBeTruthy();
    click(s.$('ca-export-submit'));
    await settle();
    expect(calls('Certs.ExportCA').map((c) => c.req)).toEqual([{ passphrase: shown, confirm: true }]);
    expect(calls('System.SaveFile')).toHaveLength(1);
    expect(s.$('ca-export-generated-passphrase')!.dataset.value).toBe(shown);
    // The file needs this passphrase: closing asks until it was copied.
    click(s.$('ca-export-cancel'));
    await settle();
    expect(s.$('confirm-body')!.textContent).toBe('表示されているパスフレーズは二度と表示されません。閉じますか？');
    click(s.$('confirm-ok'));
    await settle();
    expect(s.$('ca-export-dialog')).toBeNull();
  });

  it('closes the CA export at once before a file was saved under the generated passphrase', async () => {
    await open('/distribution/settings');
    click(s.$('dist-ca-export'));
    await settle();
    click(s.$('ca-export-generate'));
    click(s.$('ca-export-cancel'));
    await settle();
    expect(s.$('confirm-dialog')).toBeNull();
    expect(s.$('ca-export-dialog')).toBeNull();
  });

  it('the API itself wants confirm and 12 characters', async () => {
    await open('/distribution/settings');
    await expect(backend.services.Certs.ExportCA({ passphrase: 'move-to-step-ca-2026' })).rejects.toContain('"confirm"');
    await expect(backend.services.Certs.ExportCA({ passphrase: 'short', confirm: true })).rejects.toContain('"invalid"');
  });
});
