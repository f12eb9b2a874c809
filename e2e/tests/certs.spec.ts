// End-to-end tests of the certificate features (証明書, SPEC section 1, and
// the ユーザー認証設定状況 part of section 2), driven through the admin UI of
// `sekisho serve` as an admin would use it. The admin API only seeds data and
// checks what reached the server; openssl checks the files the UI hands out.
//
// Every test starts from no certificates, no users and no routes, with ECDSA
// keys (fast issuance) and strict mode off, so the tests do not depend on each
// other although they share the file's server.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import {
  test,
  expect,
  addDaysISO,
  answerConfirm,
  collectPageErrors,
  deleteAllCerts,
  deleteAllRoutes,
  deleteAllUsers,
  httpsGetInsecure,
  importUsers,
  jaDate,
  opensslOpensP12,
  type Api,
  type Cert,
  type Server,
} from '../fixtures';

// The browser runs in the server's time zone, as it does for a real admin
// (serve mode listens on 127.0.0.1 only): the UI's default dates ("today")
// then agree with the server's, at any hour.
test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

/** The passphrase alphabet (backend/secret): no look-alikes, groups of five. */
const PASSPHRASE_RE = /^[abcdefghijkmnpqrstwxyzACDEFGHJKLMNPQRTUVWXY34679]{5}(-[abcdefghijkmnpqrstwxyzACDEFGHJKLMNPQRTUVWXY34679]{5})+$/;

const CLOSE_BODY = '表示されている証明書のパスワードは二度と表示されません。閉じますか？';

// ---------------------------------------------------------------------------
// Helpers

/** Today in the server's (= this machine's) time zone, YYYY-MM-DD. */
function todayLocal(): string {
  return new Date().toLocaleDateString('sv');
}

async function certsList(api: Api, body: object = {}): Promise<{ items: Cert[]; total: number }> {
  return api('Certs', 'List', { pageSize: 100, ...body });
}

/** Goes to 証明書 through the sidebar and waits for the list. */
async function openCerts(page: Page): Promise<void> {
  await page.getByTestId('nav-certs').click();
  await expect(page).toHaveURL(/#\/certificates$/);
  await expect(page.getByTestId('certs-table')).toBeVisible();
  await expect(page.getByTestId('certs-table').locator('..')).toHaveAttribute('aria-busy', 'false');
}

function certRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="cert-row"][data-cert-id="${id}"]`);
}

/** Opens a certificate's details by clicking its row. */
async function openCert(page: Page, cert: Cert): Promise<Locator> {
  await certRow(page, cert.id).getByTestId('cert-row-not-after').click();
  const dialog = page.getByTestId('cert-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('cert-name')).toHaveText(cert.kind === 'personal' ? `${cert.userCode} ${cert.userName}` : cert.name);
  return dialog;
}

/** A toast of that kind with that text is showing. */
async function expectToast(page: Page, text: string | RegExp, kind: 'success' | 'error' | 'info' = 'success'): Promise<void> {
  await expect(page.locator(`[data-testid="toast"][data-kind="${kind}"]`).filter({ hasText: text }).last()).toBeVisible();
}

/** Closes the passphrase dialog: 閉じる, then (unless the passwords were copied or saved) confirms that they will not be shown again. */
async function closePassphrase(page: Page): Promise<void> {
  const dialog = page.getByTestId('passphrase-dialog');
  const asks = (await dialog.getAttribute('data-secret')) === 'shown';
  await dialog.getByTestId('passphrase-close').click();
  if (asks) expect(await answerConfirm(page, true, '閉じますか？')).toContain(CLOSE_BODY);
  await expect(dialog).toHaveCount(0);
}

/** 新規発行 of a shared certificate through the dialog; returns the passphrase shown. */
async function issueSharedInUI(page: Page, name: string): Promise<string> {
  const dialog = page.getByTestId('issue-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('issue-name').fill(name);
  await dialog.getByTestId('issue-submit').click();
  const pp = page.getByTestId('passphrase-dialog');
  await expect(pp).toBeVisible();
  await expectToast(page, `証明書「${name}」を発行しました`);
  return (await pp.getByTestId('passphrase-value').getAttribute('data-value')) ?? '';
}

/** Whether a text appears anywhere in the page: its HTML (attributes too), input values, storage. */
async function appearsOnPage(page: Page, text: string): Promise<boolean> {
  return page.evaluate((t) => {
    const inputs = Array.from(document.querySelectorAll('input, textarea')).some((i) => (i as HTMLInputElement).value.includes(t));
    const storage = JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage });
    return inputs || document.documentElement.outerHTML.includes(t) || storage.includes(t);
  }, text);
}

/** The serial numbers `openssl crl -text` lists, upper-case hex without leading zeros. */
async function crlSerials(server: Server, file: string): Promise<string[]> {
  const res = await httpsGetInsecure(`${server.portalURL}crl.pem`);
  expect(res.status, 'GET crl.pem').toBe(200);
  writeFileSync(file, res.body);
  const text = execFileSync('openssl', ['crl', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
  return [...text.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1].replace(/^0+/, ''));
}

function serialForCRL(serial: string): string {
  return serial.toUpperCase().replace(/^0+/, '');
}

/** Lists a zip's entries (`unzip -Z1`). */
function zipEntries(zip: string): string[] {
  return execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** One entry of a zip as bytes (`unzip -p`). */
function zipEntry(zip: string, entry: string): Buffer {
  return execFileSync('unzip', ['-p', zip, entry]);
}

// ---------------------------------------------------------------------------
// Per-test set-up

let pageErrors: string[] = [];

test.beforeEach(async ({ api, page }) => {
  await deleteAllCerts(api);
  await deleteAllUsers(api);
  await deleteAllRoutes(api);
  await api('Settings', 'Update', { language: '', keyAlgorithm: 'ecdsa-p256', strictMode: false, linkDownloadsEnabled: true });
  pageErrors = collectPageErrors(page);
});

test.afterEach(async () => {
  expect(pageErrors, 'no uncaught exceptions or logged errors in the page').toEqual([]);
});

// ---------------------------------------------------------------------------
// 1. 新規発行 (shared)

test('新規発行: the name is checked at the field (required, 英数字, 20 chars, taken) and nothing is issued; then it issues', async ({
  api,
  adminPage: page,
}) => {
  await api('Certs', 'IssueShared', { name: 'Taken01', enabled: true });
  await openCerts(page);
  await expect(page.getByTestId('certs-total')).toHaveText('1件');

  await page.getByTestId('certs-new').click();
  const dialog = page.getByTestId('issue-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: '証明書新規発行' })).toBeVisible();
  // Shared is the default kind; the window defaults to today … a year less a day.
  await expect(dialog.getByTestId('issue-kind-shared').locator('input')).toBeChecked();
  await expect(dialog.getByTestId('issue-enabled')).toBeChecked();
  await expect(dialog.getByTestId('issue-not-before')).toHaveValue(todayLocal());
  await expect(dialog.getByTestId('issue-not-after')).toHaveValue(addDaysISO(addDaysISO(todayLocal(), 365), -1));

  const name = dialog.getByTestId('issue-name');
  const error = dialog.getByTestId('field-error-issue-name');
  const submit = dialog.getByTestId('issue-submit');
  const bad: [string, string][] = [
    ['', '証明書名を入力してください。'],
    ['Sales-2026', '証明書名は英数字のみでご入力ください。'],
    ['営業部', '証明書名は英数字のみでご入力ください。'],
    ['Sales 2026', '証明書名は英数字のみでご入力ください。'],
    ['A'.repeat(21), '証明書名は20文字までです。'],
  ];
  for (const [value, message] of bad) {
    await name.fill(value);
    await submit.click();
    await expect(error, `error for ${JSON.stringify(value)}`).toHaveText(message);
    await expect(name).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(dialog.getByTestId('issue-name-count')).toHaveText('21 / 20');
  // Twenty characters are fine for the field check.
  await name.fill('A'.repeat(20));
  await expect(dialog.getByTestId('issue-name-count')).toHaveText('20 / 20');
  await expect(error).toHaveCount(0);

  // A taken name: the server's answer shows at the same field.
  await name.fill('Taken01');
  await submit.click();
  await expect(error).toHaveText('証明書名 Taken01 はすでに使われています。');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('passphrase-dialog')).toHaveCount(0);
  expect((await certsList(api)).total, 'nothing was issued').toBe(1);

  // Right: issued, the passphrase dialog replaces the form, the list shows it.
  const passphrase = await issueSharedInUI(page, 'Sales2026');
  await expect(page.getByTestId('issue-dialog')).toHaveCount(0);
  expect(passphrase).toMatch(PASSPHRASE_RE);
  const { items } = await certsList(api, { query: 'Sales2026' });
  expect(items).toHaveLength(1);
  const cert = items[0];
  expect(cert).toMatchObject({
    name: 'Sales2026',
    kind: 'shared',
    state: 'valid',
    enabled: true,
    keyAlgorithm: 'ecdsa-p256',
    notBefore: todayLocal(),
    notAfter: addDaysISO(addDaysISO(todayLocal(), 365), -1),
  });
  await closePassphrase(page);
  await expect(page.getByTestId('certs-total')).toHaveText('2件');
  const row = certRow(page, cert.id);
  await expect(row).toHaveAttribute('data-kind', 'shared');
  await expect(row.getByTestId('cert-row-open')).toHaveText('Sales2026');
  await expect(row.getByTestId('cert-row-kind')).toHaveText('共有');
  await expect(row.getByTestId('cert-row-not-before')).toHaveText(jaDate(cert.notBefore));
  await expect(row.getByTestId('cert-row-not-after')).toHaveText(jaDate(cert.notAfter));
  await expect(row.getByTestId('cert-row-state')).toHaveText('有効');
  await expect(row.getByTestId('cert-row-download')).toBeVisible();
});

// ---------------------------------------------------------------------------
// 2. The passphrase dialog

test('the passphrase is shown once: copy puts exactly it on the clipboard, closing asks, and it opens the downloaded .p12', async ({
  api,
  adminPage: page,
  context,
  server,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.adminURL).origin });
  await openCerts(page);
  await page.getByTestId('certs-new').click();
  const passphrase = await issueSharedInUI(page, 'Office1');
  const pp = page.getByTestId('passphrase-dialog');
  await expect(pp.getByRole('heading', { name: '証明書を発行しました' })).toBeVisible();
  await expect(pp.getByTestId('passphrase-once')).toContainText('ここで表示される証明書のパスワードは再表示されません。');
  expect(passphrase, 'groups of five readable characters').toMatch(PASSPHRASE_RE);
  expect(passphrase.replace(/-/g, '').length * Math.log2(48), '≥128 bits of entropy').toBeGreaterThanOrEqual(128);
  await expect(pp.getByTestId('passphrase-value')).toHaveText(passphrase);

  // Until the password is copied, closing asks; cancelling keeps the dialog and the password.
  await expect(pp).toHaveAttribute('data-secret', 'shown');
  await pp.getByTestId('passphrase-close').click();
  expect(await answerConfirm(page, false, '閉じますか？')).toBe(CLOSE_BODY);
  await expect(pp).toBeVisible();
  // × in the title bar asks too.
  await pp.getByTestId('passphrase-dialog-close').click();
  expect(await answerConfirm(page, false)).toBe(CLOSE_BODY);
  // Escape asks too.
  await pp.getByTestId('passphrase-value').click();
  await page.keyboard.press('Escape');
  expect(await answerConfirm(page, false)).toBe(CLOSE_BODY);
  await expect(pp.getByTestId('passphrase-value')).toHaveText(passphrase);

  // Copy: exactly the passphrase reaches the clipboard.
  await page.evaluate(() => navigator.clipboard.writeText('something else'));
  const copy = pp.getByTestId('passphrase-copy');
  await expect(copy).toHaveText('コピー');
  await copy.click();
  await expect(copy).toHaveAttribute('data-copied', 'true');
  await expect(copy).toHaveText('コピーしました');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(passphrase);

  // リンクを作成 right here: the URL shows in the dialog.
  await pp.getByTestId('passphrase-link').click();
  const link = page.getByTestId('link-dialog');
  await expect(link).toContainText('対象の証明書: Office1');
  await link.getByTestId('link-create-submit').click();
  const linkURL = await link.getByTestId('link-url').inputValue();
  expect(linkURL).toMatch(new RegExp(`^${server.downloadURL.replace(/[.]/g, '\\.')}d/[A-Za-z0-9_-]{22,}$`));
  await link.getByTestId('link-done').click();
  await expect(link).toHaveCount(0);
  await expect(pp.getByTestId('passphrase-link-url')).toHaveText(linkURL);
  expect((await httpsGetInsecure(linkURL)).status, 'the link works').toBe(200);

  // The .p12 through the dialog's download button opens with the passphrase, and only with it.
  const p12Download = page.waitForEvent('download');
  await pp.getByTestId('passphrase-download-p12').click();
  const p12 = await p12Download;
  expect(p12.suggestedFilename()).toBe('Office1.p12');
  const p12Path = testInfo.outputPath('Office1.p12');
  await p12.saveAs(p12Path);
  await expectToast(page, 'Office1.p12 を保存しました');
  const opened = opensslOpensP12(p12Path, passphrase);
  expect(opened.ok, opened.output).toBe(true);
  expect(opened.output).toMatch(/subject=.*CN ?= ?Office1/);
  expect(opensslOpensP12(p12Path, `${passphrase}x`).ok, 'a wrong passphrase fails').toBe(false);
  expect(opensslOpensP12(p12Path, '').ok, 'no passphrase fails').toBe(false);

  // The iOS profile: a plist with the PKCS#12 payload and the root CA, no password inside.
  const mcDownload = page.waitForEvent('download');
  await pp.getByTestId('passphrase-download-mobileconfig').click();
  const mc = await mcDownload;
  expect(mc.suggestedFilename()).toBe('Office1.mobileconfig');
  const profile = readFileSync((await mc.path())!, 'utf8');
  expect(profile).toContain('<plist');
  expect(profile).toContain('com.apple.security.pkcs12');
  expect(profile).toContain('com.apple.security.root');
  expect(profile).not.toContain(passphrase);

  // Copied: Escape closes it without asking.
  await expect(pp).toHaveAttribute('data-secret', 'kept');
  await expect(pp.getByTestId('passphrase-value')).toHaveText(passphrase);
  await pp.getByTestId('passphrase-value').click();
  await page.keyboard.press('Escape');
  await expect(pp).toHaveCount(0);
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);

  // The passphrase is nowhere any more: not in the page, not in storage, not in the details.
  expect(await appearsOnPage(page, passphrase)).toBe(false);
  const [cert] = (await certsList(api, { query: 'Office1' })).items;
  const details = await openCert(page, cert);
  await expect(details.getByTestId('cert-download-p12')).toBeEnabled();
  expect(await appearsOnPage(page, passphrase)).toBe(false);
});

// ---------------------------------------------------------------------------
// 3. Personal bulk issuance

test('bulk personal issuance for 30 users picked in the UI: progress, then a zip with a folder per user', async ({
  api,
  adminPage: page,
}, testInfo) => {
  const users = await importUsers(
    api,
    Array.from({ length: 30 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return { code: `b${n}`, name: `一括 ${n}`, email: `b${n}@example.com` };
    }),
  );
  await openCerts(page);
  await page.getByTestId('certs-new').click();
  const dialog = page.getByTestId('issue-dialog');
  await dialog.getByTestId('issue-kind-personal').click();
  const picker = dialog.getByTestId('user-picker');
  await expect(picker).toBeVisible();
  await expect(dialog.getByTestId('issue-name')).toHaveCount(0);

  // Nobody chosen: the form says so and issues nothing.
  await dialog.getByTestId('issue-submit').click();
  await expect(dialog.getByTestId('field-error-issue-users')).toHaveText('証明書を発行するユーザーを選択してください。');

  // Pick page 1 (20 users) and page 2 (10 users).
  await expect(picker.getByTestId('user-picker-row')).toHaveCount(20);
  await picker.getByTestId('user-picker-page-all').click();
  await expect(picker.getByTestId('user-picker-count')).toHaveText('20人選択中');
  await picker.getByTestId('user-picker-next').click();
  await expect(picker.getByTestId('user-picker-row')).toHaveCount(10);
  await expect(picker.getByTestId('user-picker-row').first()).toHaveAttribute('data-code', 'b21');
  await picker.getByTestId('user-picker-page-all').click();
  await expect(picker.getByTestId('user-picker-count')).toHaveText('30人選択中');
  await expect(picker.getByTestId('user-picker-chip')).toHaveCount(30);
  await expect(dialog.getByTestId('field-error-issue-users')).toHaveCount(0);
  await expect(dialog.getByTestId('issue-submit')).toHaveText('30人分を発行');

  // ECDSA issuance of 30 users takes a fraction of a second: hold the
  // server's answer (after the server has done the work) until the progress
  // has been seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/Certs.IssuePersonal', async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  await dialog.getByTestId('issue-submit').click();
  const progress = dialog.getByTestId('issue-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('30人分の証明書を発行しています…');
  const bar = progress.getByTestId('issue-progress-bar');
  await expect(bar).toHaveAttribute('role', 'progressbar');
  await expect(bar).toHaveAttribute('aria-valuemax', '30');
  await expect(bar).toHaveAttribute('aria-valuenow', '30');
  await expect(progress.getByTestId('issue-progress-text')).toContainText('30 / 30 件');
  await expect(dialog.getByTestId('issue-cancel-job')).toBeVisible();
  release();
  const pp = page.getByTestId('passphrase-dialog');
  await expect(pp).toBeVisible();
  await page.unroute('**/api/Certs.IssuePersonal');
  await expectToast(page, '30件の個人証明書を発行しました');
  await expect(pp.getByTestId('passphrase-count')).toContainText('30件の個人証明書を発行しました。');
  await expect(pp.getByTestId('passphrase-row')).toHaveCount(30);

  // まとめてダウンロード: one folder per user with <code>.p12 and password.txt.
  const downloading = page.waitForEvent('download');
  await pp.getByTestId('passphrase-zip').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^sekisho-certs-\d{8}\.zip$/);
  expect(download.suggestedFilename()).toBe(`sekisho-certs-${todayLocal().replace(/-/g, '')}.zip`);
  const zip = testInfo.outputPath('bulk.zip');
  await download.saveAs(zip);
  const entries = zipEntries(zip).filter((e) => !e.endsWith('/'));
  expect(entries.sort()).toEqual(users.flatMap((u) => [`${u.code}/${u.code}.p12`, `${u.code}/password.txt`]).sort());

  // b07's password.txt is the passphrase shown for b07, and it opens b07's .p12.
  const shown = await pp.locator('[data-testid="passphrase-row"][data-user-code="b07"]').getByTestId('passphrase-row-value').getAttribute('data-value');
  const password = zipEntry(zip, 'b07/password.txt').toString('utf8').trim();
  expect(password).toBe(shown);
  const p12 = testInfo.outputPath('b07.p12');
  writeFileSync(p12, zipEntry(zip, 'b07/b07.p12'));
  const opened = opensslOpensP12(p12, password);
  expect(opened.ok, opened.output).toBe(true);
  expect(opened.output).toMatch(/subject=.*CN ?= ?b07/);
  expect(opensslOpensP12(p12, zipEntry(zip, 'b08/password.txt').toString('utf8').trim()).ok, "b08's password does not open b07's file").toBe(false);

  await closePassphrase(page);
  const issued = await certsList(api, { kind: 'personal' });
  expect(issued.total).toBe(30);
  expect(new Set(issued.items.map((c) => c.userCode))).toEqual(new Set(users.map((u) => u.code)));
  expect(issued.items.every((c) => c.state === 'valid' && c.keyAlgorithm === 'ecdsa-p256')).toBe(true);
  await expect(page.getByTestId('certs-total')).toHaveText('30件');
});

test('the issuance picker filters by group and certificate state (未発行 / 有効 / 期限切れ / 失効); 一致するN人 and issuance take exactly those', async ({
  api,
  adminPage: page,
}) => {
  const users = await importUsers(api, [
    { code: 'f01', name: '未発行 営業', group: '営業部' },
    { code: 'f02', name: '有効 営業', group: '営業部' },
    { code: 'f03', name: '期限切れ 営業', group: '営業部' },
    { code: 'f04', name: '失効 開発', group: '開発部' },
    { code: 'f05', name: '未発行 開発', group: '開発部' },
    { code: 'f06', name: '未発行 営業2', group: '営業部' },
  ]);
  const id = (code: string) => users.find((u) => u.code === code)!.id;
  const issue = (code: string, extra: object = {}) =>
    api<{ items: { cert: Cert }[] }>('Certs', 'IssuePersonal', { userIds: [id(code)], enabled: true, ...extra });
  await issue('f02');
  await issue('f03', { notBefore: '2020-01-01', notAfter: '2020-12-31' });
  const f04 = (await issue('f04')).items[0].cert;
  await api('Certs', 'Revoke', { id: f04.id, confirm: true });

  await openCerts(page);
  await page.getByTestId('certs-new').click();
  const dialog = page.getByTestId('issue-dialog');
  await dialog.getByTestId('issue-kind-personal').click();
  const picker = dialog.getByTestId('user-picker');
  const rows = picker.getByTestId('user-picker-row');
  const codes = async () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
  await expect(rows).toHaveCount(6);
  const state = picker.getByTestId('user-picker-cert-state');
  for (const [value, want] of [
    ['valid', ['f02']],
    ['expired', ['f03']],
    ['revoked', ['f04']],
    ['none', ['f01', 'f05', 'f06']],
  ] as const) {
    await state.selectOption(value);
    await expect(rows).toHaveCount(want.length);
    expect(await codes(), value).toEqual(want);
  }
  await expect(picker.getByTestId('user-picker-total')).toHaveText('3件');

  // 未発行 in 営業部: take everyone matching, then issue to exactly them.
  await picker.getByTestId('user-picker-group').selectOption('営業部');
  await expect(rows).toHaveCount(2);
  expect(await codes()).toEqual(['f01', 'f06']);
  await expect(picker.getByTestId('user-picker-all-matching')).toContainText('2');
  await picker.getByTestId('user-picker-all-matching').click();
  await expect(picker.getByTestId('user-picker-count')).toHaveText('2人選択中');
  await dialog.getByTestId('issue-submit').click();
  await expect(page.getByTestId('passphrase-dialog')).toBeVisible();
  await closePassphrase(page);
  const personal = (await certsList(api, { kind: 'personal' })).items.filter((c) => c.state === 'valid');
  expect(personal.map((c) => c.userCode).sort()).toEqual(['f01', 'f02', 'f06']);
  expect((await api<{ total: number }>('Users', 'List', { certState: 'none' })).total).toBe(1);
});

test('a cancelled bulk issuance (RSA chosen in 詳細設定) stores nothing and says so without an error', async ({
  api,
  adminPage: page,
}) => {
  await importUsers(
    api,
    Array.from({ length: 50 }, (_, i) => ({ code: `r${String(i + 1).padStart(2, '0')}`, name: `取消 ${i + 1}` })),
  );
  await openCerts(page);
  await page.getByTestId('certs-new').click();
  const dialog = page.getByTestId('issue-dialog');
  await dialog.getByTestId('issue-kind-personal').click();
  const picker = dialog.getByTestId('user-picker');
  await expect(picker.getByTestId('user-picker-all-matching')).toHaveText('一致する50人をすべて選択');
  await picker.getByTestId('user-picker-all-matching').click();
  await expect(picker.getByTestId('user-picker-count')).toHaveText('50人選択中');

  // 詳細設定: the key algorithm follows the settings (ECDSA here); RSA takes long enough to cancel.
  await dialog.getByTestId('issue-advanced').click();
  const algo = dialog.getByTestId('issue-key-algorithm');
  await expect(algo).toHaveValue('ecdsa-p256');
  await algo.selectOption('rsa2048');

  await dialog.getByTestId('issue-submit').click();
  const progress = dialog.getByTestId('issue-progress');
  await expect(progress).toBeVisible();
  const bar = progress.getByTestId('issue-progress-bar');
  await expect(bar).toHaveAttribute('aria-valuemax', '50');
  // Wait until the run has really started (some keys made), then cancel.
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 20_000 })
    .toBeGreaterThan(0);
  expect(Number(await bar.getAttribute('aria-valuenow')), 'still running when cancelled').toBeLessThan(50);
  await dialog.getByTestId('issue-cancel-job').click();

  // The form is back with an info note and an info toast; no error anywhere.
  const note = dialog.getByTestId('issue-cancelled');
  await expect(note).toBeVisible();
  await expect(note).toContainText('発行されていません');
  await expectToast(page, /発行されていません/, 'info');
  await expect(page.locator('[data-testid="toast"][data-kind="error"]')).toHaveCount(0);
  await expect(dialog.getByTestId('issue-form-error')).toHaveCount(0);
  await expect(progress).toHaveCount(0);
  await expect(dialog.getByTestId('issue-submit')).toBeEnabled();
  await expect(picker.getByTestId('user-picker-count')).toHaveText('50人選択中');
  await expect(page.getByTestId('passphrase-dialog')).toHaveCount(0);

  expect((await certsList(api)).total, 'no certificate was stored').toBe(0);
  await dialog.getByTestId('issue-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('certs-empty')).toBeVisible();
  expect((await certsList(api)).total).toBe(0);
});

// ---------------------------------------------------------------------------
// 4. Certificate details

test('details: disable and enable; narrow the end date; widening past the certificate shows an error', async ({
  api,
  adminPage: page,
}) => {
  const { cert } = await api<{ cert: Cert }>('Certs', 'IssueShared', { name: 'Detail1', enabled: true });
  await openCerts(page);
  const dialog = await openCert(page, cert);
  const state = dialog.getByTestId('cert-state');
  await expect(state).toHaveAttribute('data-state', 'valid');
  await expect(state).toHaveText('有効');
  const enabled = dialog.getByTestId('cert-enabled');
  await expect(enabled).toBeChecked();

  // Disable, then enable again.
  await enabled.click();
  await expectToast(page, 'Detail1 を無効にしました');
  await expect(state).toHaveAttribute('data-state', 'disabled');
  await expect(state).toHaveText('無効');
  await expect(enabled).not.toBeChecked();
  await expect(certRow(page, cert.id)).toHaveAttribute('data-state', 'disabled');
  expect(await api<Cert>('Certs', 'Get', { id: cert.id })).toMatchObject({ enabled: false, state: 'disabled' });
  await enabled.click();
  await expectToast(page, 'Detail1 を有効にしました');
  await expect(state).toHaveAttribute('data-state', 'valid');
  await expect(enabled).toBeChecked();
  expect(await api<Cert>('Certs', 'Get', { id: cert.id })).toMatchObject({ enabled: true, state: 'valid' });

  // Narrow the end date by 30 days.
  const notAfter = dialog.getByTestId('cert-not-after');
  const save = dialog.getByTestId('cert-window-save');
  await expect(notAfter).toHaveValue(cert.notAfter);
  await expect(save).toBeDisabled();
  const narrowed = addDaysISO(cert.notAfter, -30);
  await notAfter.fill(narrowed);
  await save.click();
  await expectToast(page, '有効期間を変更しました');
  await expect(certRow(page, cert.id).getByTestId('cert-row-not-after')).toHaveText(jaDate(narrowed));
  expect((await api<Cert>('Certs', 'Get', { id: cert.id })).notAfter).toBe(narrowed);

  // End before start: refused at once.
  await notAfter.fill(addDaysISO(cert.notBefore, -1));
  await save.click();
  await expect(dialog.getByTestId('cert-window-error')).toHaveText('使用終了日は使用開始日以降にしてください。');
  expect((await api<Cert>('Certs', 'Get', { id: cert.id })).notAfter).toBe(narrowed);

  // Past the certificate's own X.509 end: the server refuses and points to 更新.
  await notAfter.fill(addDaysISO(cert.notAfter, 30));
  await save.click();
  const error = dialog.getByTestId('cert-window-error');
  await expect(error).toContainText(`${jaDate(cert.notAfter)} より後にできません`);
  await expect(error).toContainText('更新');
  expect((await api<Cert>('Certs', 'Get', { id: cert.id })).notAfter, 'unchanged').toBe(narrowed);

  // Back to the original end (inside the X.509 dates) is allowed.
  await notAfter.fill(cert.notAfter);
  await save.click();
  await expectToast(page, '有効期間を変更しました');
  await expect(dialog.getByTestId('cert-window-error')).toHaveCount(0);
  expect((await api<Cert>('Certs', 'Get', { id: cert.id })).notAfter).toBe(cert.notAfter);
});

test('details: a narrowed window widens again up to the X.509 dates, shown as the inputs\' range and in the hint; past them the server says 更新', async ({
  api,
  adminPage: page,
}) => {
  const today = todayLocal();
  const from = addDaysISO(today, 10);
  const until = addDaysISO(today, 100);
  const { cert } = await api<{ cert: Cert }>('Certs', 'IssueShared', { name: 'Widen1', enabled: true, notBefore: from, notAfter: until });
  expect(cert).toMatchObject({ allowedFrom: from, allowedUntil: until });
  // Narrowed earlier on both sides.
  await api('Certs', 'Update', { id: cert.id, notBefore: addDaysISO(from, 20), notAfter: addDaysISO(until, -30) });

  await openCerts(page);
  const dialog = await openCert(page, { ...cert, notBefore: addDaysISO(from, 20) });
  const notBefore = dialog.getByTestId('cert-not-before');
  const notAfter = dialog.getByTestId('cert-not-after');
  for (const input of [notBefore, notAfter]) {
    await expect(input).toHaveAttribute('min', from);
    await expect(input).toHaveAttribute('max', until);
  }
  const hint = dialog.getByTestId('cert-window-hint');
  await expect(hint).toContainText(`${jaDate(from)} 〜 ${jaDate(until)}`);
  await expect(hint).toContainText('広げることも狭めることもできます');
  await expect(hint).toContainText('更新');

  // Widen both ends back to the certificate's own dates.
  await notBefore.fill(from);
  await notAfter.fill(until);
  await dialog.getByTestId('cert-window-save').click();
  await expectToast(page, '有効期間を変更しました');
  await expect(dialog.getByTestId('cert-window-error')).toHaveCount(0);
  await expect(certRow(page, cert.id).getByTestId('cert-row-not-before')).toHaveText(jaDate(from));
  await expect(certRow(page, cert.id).getByTestId('cert-row-not-after')).toHaveText(jaDate(until));
  expect(await api<Cert>('Certs', 'Get', { id: cert.id })).toMatchObject({ notBefore: from, notAfter: until });

  // A day past the end: the server's refusal names the day and 更新 (the API
  // alone: the dialog refuses it before asking).
  await expect(api('Certs', 'Update', { id: cert.id, notAfter: addDaysISO(until, 1) })).rejects.toMatchObject({
    status: 400,
    field: 'notAfter',
    message: expect.stringContaining(until),
  });
  await notAfter.fill(addDaysISO(until, 1));
  await dialog.getByTestId('cert-window-save').click();
  await expect(dialog.getByTestId('cert-window-error')).toContainText(`${jaDate(until)} より後にできません`);
  await expect(dialog.getByTestId('cert-window-error')).toContainText('「更新」');
  await notBefore.fill(addDaysISO(from, -1));
  await notAfter.fill(until);
  await dialog.getByTestId('cert-window-save').click();
  await expect(dialog.getByTestId('cert-window-error')).toContainText(`${jaDate(from)} より前にできません`);
  expect(await api<Cert>('Certs', 'Get', { id: cert.id })).toMatchObject({ notBefore: from, notAfter: until });
});

test('details: renewing a shared certificate needs a new name and makes an overlapping successor', async ({ api, adminPage: page }) => {
  const { cert } = await api<{ cert: Cert }>('Certs', 'IssueShared', { name: 'Sales2026', enabled: true });
  await openCerts(page);
  const dialog = await openCert(page, cert);
  await dialog.getByTestId('cert-renew').click();
  const renew = page.getByTestId('renew-dialog');
  await expect(renew).toBeVisible();
  await expect(renew).toContainText('「Sales2026」');
  const name = renew.getByTestId('renew-name');
  await expect(name, 'a suggested next name').toHaveValue('Sales2027');
  await expect(renew.getByTestId('renew-not-before')).toHaveValue(cert.notBefore);
  const error = renew.getByTestId('field-error-renew-name');

  await name.fill('');
  await renew.getByTestId('renew-submit').click();
  await expect(error).toHaveText('証明書名を入力してください。');
  await name.fill('Sales-2027');
  await renew.getByTestId('renew-submit').click();
  await expect(error).toHaveText('証明書名は英数字のみでご入力ください。');
  // The old name is taken (by the certificate being renewed).
  await name.fill('Sales2026');
  await renew.getByTestId('renew-submit').click();
  await expect(error).toHaveText('証明書名 Sales2026 はすでに使われています。');
  expect((await certsList(api)).total, 'nothing issued yet').toBe(1);

  // A start after the old end leaves a gap: warned.
  const notBefore = renew.getByTestId('renew-not-before');
  await notBefore.fill(addDaysISO(cert.notAfter, 1));
  await expect(renew.getByTestId('renew-gap')).toBeVisible();
  await notBefore.fill(cert.notBefore);
  await expect(renew.getByTestId('renew-gap')).toHaveCount(0);

  await name.fill('Sales2027');
  await renew.getByTestId('renew-submit').click();
  const pp = page.getByTestId('passphrase-dialog');
  await expect(pp).toBeVisible();
  await expect(pp.getByRole('heading', { name: '証明書を更新しました' })).toBeVisible();
  await expect(pp.getByTestId('passphrase-value')).toHaveAttribute('data-value', PASSPHRASE_RE);
  await expectToast(page, '証明書「Sales2027」を発行しました');
  await closePassphrase(page);

  // The old certificate knows its successor; both are valid and overlap.
  await expect(dialog.getByTestId('cert-successor')).toHaveText('更新済み（後継の証明書があります）');
  const old = await api<Cert>('Certs', 'Get', { id: cert.id });
  const [successor] = (await certsList(api, { query: 'Sales2027' })).items;
  expect(successor).toMatchObject({ kind: 'shared', state: 'valid', predecessorId: cert.id, notBefore: cert.notBefore });
  expect(old).toMatchObject({ successorId: successor.id, state: 'valid' });
  expect(successor.notBefore <= old.notAfter, 'the successor starts before the old one ends').toBe(true);
  await dialog.getByTestId('cert-close').click();
  await expect(page.getByTestId('certs-total')).toHaveText('2件');
  await expect(certRow(page, cert.id)).toContainText('更新済み');
  await expect(certRow(page, successor.id).getByTestId('cert-row-open')).toHaveText('Sales2027');
});

test('details: revoking asks first, keeps the reason, and the CRL lists the serial; deleting asks and removes it', async ({
  api,
  adminPage: page,
  server,
}, testInfo) => {
  const { cert: lost } = await api<{ cert: Cert }>('Certs', 'IssueShared', { name: 'Lost1', enabled: true });
  const { cert: gone } = await api<{ cert: Cert }>('Certs', 'IssueShared', { name: 'Gone1', enabled: true });
  await openCerts(page);
  let dialog = await openCert(page, lost);

  // Cancel first: nothing happens.
  await dialog.getByTestId('cert-revoke').click();
  const revoke = page.getByTestId('revoke-dialog');
  await expect(revoke.getByRole('heading', { name: '証明書を失効しますか？' })).toBeVisible();
  await expect(revoke.getByTestId('revoke-warning')).toContainText('「Lost1」を失効します。失効は取り消せません。');
  await revoke.getByTestId('revoke-cancel').click();
  await expect(revoke).toHaveCount(0);
  expect((await api<Cert>('Certs', 'Get', { id: lost.id })).state).toBe('valid');

  await dialog.getByTestId('cert-revoke').click();
  await revoke.getByTestId('revoke-reason').fill('端末の紛失');
  await revoke.getByTestId('revoke-submit').click();
  await expect(revoke).toHaveCount(0);
  await expectToast(page, 'Lost1 を失効しました');
  await expect(dialog.getByTestId('cert-state')).toHaveAttribute('data-state', 'revoked');
  await expect(dialog.getByTestId('cert-state')).toHaveText('失効');
  await expect(dialog.getByTestId('cert-revoke-reason')).toHaveText('端末の紛失');
  // A revoked certificate can no longer change or be downloaded.
  await expect(dialog.getByTestId('cert-enabled')).toHaveCount(0);
  await expect(dialog.getByTestId('cert-revoke')).toHaveCount(0);
  await expect(dialog.getByTestId('cert-renew')).toHaveCount(0);
  await expect(dialog.getByTestId('cert-link-create')).toHaveCount(0);
  await expect(dialog.getByTestId('cert-download-p12')).toBeDisabled();
  expect(await api<Cert>('Certs', 'Get', { id: lost.id })).toMatchObject({ state: 'revoked', revokeReason: '端末の紛失' });
  await dialog.getByTestId('cert-close').click();
  const lostRow = certRow(page, lost.id);
  await expect(lostRow).toHaveAttribute('data-state', 'revoked');
  await expect(lostRow.getByTestId('cert-row-state')).toHaveText('失効');
  await expect(lostRow.getByTestId('cert-row-download')).toHaveCount(0);

  // The portal's CRL lists the revoked serial (and not the valid one).
  let serials = await crlSerials(server, testInfo.outputPath('crl-1.pem'));
  expect(serials).toContain(serialForCRL(lost.serial));
  expect(serials).not.toContain(serialForCRL(gone.serial));

  // Delete: cancel keeps it; confirming removes it from the list.
  dialog = await openCert(page, gone);
  await dialog.getByTestId('cert-delete').click();
  expect(await answerConfirm(page, false, '証明書を削除しますか？')).toContain('「Gone1」を削除します。');
  await expect(dialog).toBeVisible();
  expect((await certsList(api)).total).toBe(2);
  await dialog.getByTestId('cert-delete').click();
  expect(await answerConfirm(page, true, '証明書を削除しますか？')).toContain('「Gone1 (削除済み)」');
  await expectToast(page, 'Gone1 を削除しました');
  await expect(dialog).toHaveCount(0);
  await expect(certRow(page, gone.id)).toHaveCount(0);
  await expect(page.getByTestId('certs-total')).toHaveText('1件');
  expect((await certsList(api)).items.map((c) => c.name)).toEqual(['Lost1']);
  // A deleted certificate is revoked: it stays in the CRL.
  serials = await crlSerials(server, testInfo.outputPath('crl-2.pem'));
  expect(serials).toEqual(expect.arrayContaining([serialForCRL(lost.serial), serialForCRL(gone.serial)]));
});

// ---------------------------------------------------------------------------
// 7. ユーザー認証設定状況

/** Starts an upstream app and a route to it that needs no sign-in; returns a stop function. */
async function startApp(api: Api): Promise<() => Promise<void>> {
  const upstream = http.createServer((req, res) => res.end(`hello ${req.headers['x-sekisho-user'] ?? ''}`));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const port = (upstream.address() as AddressInfo).port;
  await api('Routes', 'Create', { name: 'App', pathPrefix: '/app', upstream: `http://127.0.0.1:${port}`, requireSignIn: false, enabled: true });
  return () => new Promise<void>((resolve) => upstream.close(() => resolve()));
}

/** Reaches the gateway with a client certificate (a PKCS#12 and its passphrase), as an employee's device would. */
function gatewayGet(server: Server, p12: Buffer, passphrase: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${server.gatewayURL}app/`,
      { pfx: p12, passphrase, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('gateway: timeout')));
  });
}

/** Goes to ユーザー → ユーザー認証設定状況 and waits for the list. */
async function openAuth(page: Page, total: number): Promise<void> {
  await page.getByTestId('nav-users').click();
  await page.getByTestId('users-tab-auth').click();
  await expect(page).toHaveURL(/#\/users\/auth$/);
  await expect(page.getByTestId('auth-guide')).toBeVisible();
  await expect(page.getByTestId('auth-total')).toHaveText(`${total}件`);
  await expect(page.getByTestId('auth-table').locator('..')).toHaveAttribute('aria-busy', 'false');
}

function authRow(page: Page, code: string): Locator {
  return page.locator(`[data-testid="auth-row"][data-code="${code}"]`);
}

async function requireCertOf(api: Api, code: string): Promise<boolean> {
  const res = await api<{ items: { code: string; requireCert: boolean }[] }>('Users', 'List', { query: code, pageSize: 100 });
  return res.items.find((u) => u.code === code)!.requireCert;
}

test('認証を使う: a user who never authenticated needs a confirmation, one who did does not; the filter and (削除済み)', async ({
  api,
  adminPage: page,
  server,
}) => {
  const stop = await startApp(api);
  try {
    const [, did] = await importUsers(api, [
      { code: 'au1', name: '未認証 一郎' },
      { code: 'au2', name: '認証済 二郎' },
    ]);
    // au2 installs a personal certificate and reaches an app through the gateway.
    const issued = await api<{ items: { cert: Cert; passphrase: string }[] }>('Certs', 'IssuePersonal', { userIds: [did.id], enabled: true });
    const { cert, passphrase } = issued.items[0];
    const file = await api<{ dataBase64: string }>('Certs', 'Download', { id: cert.id, format: 'p12' });
    const res = await gatewayGet(server, Buffer.from(file.dataBase64, 'base64'), passphrase);
    expect(res).toEqual({ status: 200, body: 'hello au2' });
    await expect
      .poll(async () => (await api<{ lastAuthCertName: string }>('Users', 'Get', { id: did.id })).lastAuthCertName)
      .toBe('au2');

    await openAuth(page, 2);
    await expect(page.getByTestId('fail-open-banner'), 'a valid certificate exists').toHaveCount(0);
    await expect(authRow(page, 'au2').getByTestId('auth-row-cert')).toHaveText('au2');
    await expect(authRow(page, 'au2').getByTestId('auth-row-last-at')).not.toHaveText('–');
    await expect(authRow(page, 'au1').getByTestId('auth-row-cert')).toHaveText('–');
    await expect(authRow(page, 'au1').getByTestId('auth-row-last-at')).toHaveText('–');

    // au1 never authenticated: turning 認証を使う on warns; cancel changes nothing.
    const toggle1 = authRow(page, 'au1').getByTestId('auth-row-toggle');
    await expect(toggle1).not.toBeChecked();
    await toggle1.click();
    const body = await answerConfirm(page, false, '証明書認証を有効にしますか？');
    expect(body).toContain('対象の1人のうち1人は、まだ有効な証明書で認証したことがありません。');
    expect(body).toContain('①証明書の発行 → ②配布・インストール → ③「認証を使う」を有効');
    expect(body).not.toContain('フェイルオープン');
    await expect(toggle1).not.toBeChecked();
    expect(await requireCertOf(api, 'au1')).toBe(false);
    await toggle1.click();
    await answerConfirm(page, true, '証明書認証を有効にしますか？');
    await expectToast(page, '未認証 一郎 の証明書認証を有効にしました');
    await expect(toggle1).toBeChecked();
    expect(await requireCertOf(api, 'au1')).toBe(true);

    // au2 uses a valid certificate: no question.
    const toggle2 = authRow(page, 'au2').getByTestId('auth-row-toggle');
    await toggle2.click();
    await expectToast(page, '認証済 二郎 の証明書認証を有効にしました');
    await expect(toggle2).toBeChecked();
    await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
    expect(await requireCertOf(api, 'au2')).toBe(true);
    // Turning it off never asks.
    await toggle2.click();
    await expectToast(page, '認証済 二郎 の証明書認証を無効にしました');
    await expect(toggle2).not.toBeChecked();
    expect(await requireCertOf(api, 'au2')).toBe(false);

    // 有効な証明書を利用していないユーザーのみ: only au1.
    const without = page.getByTestId('auth-filter-without-valid');
    await without.check();
    await expect(page.getByTestId('auth-total')).toHaveText('1件');
    await expect(page.getByTestId('auth-row')).toHaveCount(1);
    await expect(authRow(page, 'au1')).toBeVisible();
    await without.uncheck();
    await expect(page.getByTestId('auth-total')).toHaveText('2件');

    // Deleting au2's certificate marks the name (削除済み), and au2 no longer uses a valid certificate.
    await api('Certs', 'Delete', { id: cert.id, confirm: true });
    await page.reload();
    await expect(page.getByTestId('auth-total')).toHaveText('2件');
    await expect(authRow(page, 'au2').getByTestId('auth-row-cert')).toHaveText('au2 (削除済み)');
    await page.getByTestId('auth-filter-without-valid').check();
    await expect(page.getByTestId('auth-total')).toHaveText('2件');
  } finally {
    await stop();
  }
});

test('認証を使う in bulk: 条件に一致するN人すべてに適用 and 選択したN人に適用, with the 認証を使う filter (fail-open warned)', async ({
  api,
  adminPage: page,
}) => {
  const users = await importUsers(
    api,
    Array.from({ length: 6 }, (_, i) => ({ code: `m${i + 1}`, name: `一括設定 ${i + 1}` })),
  );
  await api('Users', 'SetRequireCert', { ids: users.slice(0, 3).map((u) => u.id), enabled: true });
  // No certificate at all: fail-open is in effect and the screen says so.
  await openAuth(page, 6);
  await expect(page.getByTestId('fail-open-banner')).toBeVisible();

  // 詳細検索: 認証を使う 無効 → m4..m6.
  await page.getByTestId('auth-advanced-toggle').click();
  await page.getByTestId('auth-filter-require-off').click();
  await page.getByTestId('auth-filter-apply').click();
  await expect(page.getByTestId('auth-total')).toHaveText('3件');
  await expect(page.getByTestId('auth-row')).toHaveCount(3);
  expect(await page.getByTestId('auth-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(['m4', 'm5', 'm6']);

  // Apply 有効 to all matching: always asks, with the fail-open and never-authenticated warnings.
  await expect(page.getByTestId('auth-bulk-value')).toHaveValue('on');
  const matching = page.getByTestId('auth-apply-matching');
  await expect(matching).toHaveText('条件に一致する3人すべてに適用');
  await matching.click();
  let body = await answerConfirm(page, false, '証明書認証を有効にしますか？');
  expect(body).toContain('条件に一致する3人すべての「認証を使う」を有効にします。');
  expect(body).toContain('フェイルオープン');
  expect(body).toContain('対象の3人のうち3人は');
  expect(await requireCertOf(api, 'm4')).toBe(false);
  await matching.click();
  await answerConfirm(page, true, '証明書認証を有効にしますか？');
  await expectToast(page, '3人の証明書認証を有効にしました');
  await expect(page.getByTestId('auth-total')).toHaveText('0件');
  await expect(page.getByTestId('auth-empty')).toBeVisible();
  for (const u of users) expect(await requireCertOf(api, u.code), u.code).toBe(true);

  // 認証を使う 有効 → all six; turn two off through the row checkboxes.
  await page.getByTestId('auth-filter-require-on').click();
  await page.getByTestId('auth-filter-apply').click();
  await expect(page.getByTestId('auth-total')).toHaveText('6件');
  await authRow(page, 'm1').getByTestId('auth-row-check').check();
  await authRow(page, 'm2').getByTestId('auth-row-check').check();
  await expect(page.getByTestId('auth-bulk-count')).toHaveText('2件選択中');
  await page.getByTestId('auth-bulk-value').selectOption('off');
  await expect(page.getByTestId('auth-apply-selected')).toHaveText('選択した2人に適用');
  await page.getByTestId('auth-apply-selected').click();
  await expectToast(page, '2人の証明書認証を無効にしました');
  await expect(page.getByTestId('auth-total')).toHaveText('4件');
  expect(await requireCertOf(api, 'm1')).toBe(false);
  expect(await requireCertOf(api, 'm2')).toBe(false);
  expect(await requireCertOf(api, 'm3')).toBe(true);

  // 無効 for all matching (the remaining four): asks with the plain question.
  await expect(matching).toHaveText('条件に一致する4人すべてに適用');
  await matching.click();
  body = await answerConfirm(page, true, '条件に一致するユーザーすべてに適用しますか？');
  expect(body).toBe('条件に一致する4人すべての「認証を使う」を無効にします。');
  await expectToast(page, '4人の証明書認証を無効にしました');
  await expect(page.getByTestId('auth-total')).toHaveText('0件');
  for (const u of users) expect(await requireCertOf(api, u.code), u.code).toBe(false);

  await page.getByTestId('auth-filter-clear-inline').click();
  await expect(page.getByTestId('auth-total')).toHaveText('6件');
  await expect(page.getByTestId('auth-row-toggle').first()).not.toBeChecked();
});

// ---------------------------------------------------------------------------
// 8. 有効期間と更新 and fail-open

test('no valid certificate: the red fail-open banner on Home and Certificates; issuing one removes it', async ({ api, adminPage: page }) => {
  await expect(page.getByTestId('home-coverage')).toBeVisible();
  const banner = page.getByTestId('fail-open-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('フェイルオープン: 証明書による接続制限が働いていません');
  expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toMatch(/^rgb\((\d+), (\d+), (\d+)\)$/);
  const [r, g, b] = (await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).match(/\d+/g)!.map(Number);
  expect(r > 150 && g < 100 && b < 100, `red background (rgb ${r},${g},${b})`).toBe(true);
  await expect(page.getByTestId('home-valid-certs')).toHaveText('有効な証明書: 0枚');

  // A disabled certificate is not valid: still fail-open.
  await api('Certs', 'IssueShared', { name: 'Off1', enabled: false });
  await openCerts(page);
  await expect(banner).toBeVisible();

  // 証明書を発行 in the banner opens 新規発行 right here.
  await banner.getByTestId('fail-open-issue').click();
  await issueSharedInUI(page, 'First1');
  await closePassphrase(page);
  await expect(banner).toHaveCount(0);
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home-valid-certs')).toHaveText('有効な証明書: 1枚');
  await expect(banner).toHaveCount(0);
  expect((await api<{ failOpen: boolean }>('Certs', 'Coverage', {})).failOpen).toBe(false);
});

test('有効期間と更新: one shared certificate warns that fewer than two overlap; a second one clears it; bars open details', async ({
  api,
  adminPage: page,
}) => {
  const { cert: only } = await api<{ cert: Cert }>('Certs', 'IssueShared', { name: 'Only1', enabled: true });
  await openCerts(page);
  await expect(page.getByTestId('certs-tab-coverage-count')).toHaveText('1');
  await page.getByTestId('certs-tab-coverage').click();
  await expect(page).toHaveURL(/#\/certificates\/coverage$/);
  const panel = page.getByTestId('coverage-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('coverage-valid-count')).toHaveText('有効な証明書: 1枚');
  const low = panel.locator('[data-testid="coverage-warning"][data-kind="lowOverlap"]');
  await expect(low).toBeVisible();
  await expect(low).toContainText('有効な証明書の重複が2つ未満です（共有証明書、最少1枚）');
  await expect(low).toContainText('常に最低2つ以上の証明書の有効期間が重複するように設定してください。');
  await expect(panel.getByTestId('coverage-ok')).toHaveCount(0);
  await expect(panel.getByTestId('coverage-chart')).toBeVisible();
  await expect(panel.getByTestId('coverage-today')).toHaveCount(1);
  await expect(panel.getByTestId('coverage-bar')).toHaveCount(1);
  await expect(panel.getByTestId('coverage-bar')).toHaveAttribute('data-cert-id', only.id);
  expect(await panel.getByTestId('coverage-band').evaluateAll((els) => els.map((e) => e.getAttribute('data-count')))).toContain('1');

  // Issue a second shared certificate: two overlap, no warning.
  await page.getByTestId('certs-new').click();
  await issueSharedInUI(page, 'Second1');
  await closePassphrase(page);
  await expect(panel.getByTestId('coverage-ok')).toContainText('警告はありません');
  await expect(low).toHaveCount(0);
  await expect(page.getByTestId('certs-tab-coverage-count')).toHaveCount(0);
  await expect(panel.getByTestId('coverage-bar')).toHaveCount(2);
  await expect(panel.getByTestId('coverage-valid-count')).toHaveText('有効な証明書: 2枚');

  // A bar opens the certificate.
  await panel.locator(`[data-testid="coverage-bar"][data-cert-id="${only.id}"]`).click();
  await expect(page.getByTestId('cert-dialog').getByTestId('cert-name')).toHaveText('Only1');
});

test('有効期間と更新: a certificate ending soon without a successor is warned; 更新 in the warning clears it', async ({
  api,
  adminPage: page,
}) => {
  const end = addDaysISO(todayLocal(), 10);
  await api('Certs', 'IssueShared', { name: 'Soon1', enabled: true, notAfter: end });
  await openCerts(page);
  await page.getByTestId('certs-tab-coverage').click();
  const panel = page.getByTestId('coverage-panel');
  const expiring = panel.locator('[data-testid="coverage-warning"][data-kind="expiringNoSuccessor"]');
  await expect(expiring).toBeVisible();
  await expect(expiring).toContainText(/証明書「Soon1」は\d+日後に期限切れになりますが、後継の証明書がありません。/);
  await expiring.getByTestId('coverage-warning-renew').click();
  const renew = page.getByTestId('renew-dialog');
  await expect(renew.getByTestId('renew-name')).toHaveValue('Soon2');
  await renew.getByTestId('renew-submit').click();
  await expect(page.getByTestId('passphrase-dialog').getByRole('heading', { name: '証明書を更新しました' })).toBeVisible();
  await closePassphrase(page);
  await expect(expiring).toHaveCount(0);
  await expect(panel.getByTestId('coverage-bar')).toHaveCount(2);
  const coverage = await api<{ warnings: { kind: string }[] }>('Certs', 'Coverage', {});
  expect(coverage.warnings.map((w) => w.kind)).not.toContain('expiringNoSuccessor');
});
