// End-to-end tests of distribution (配布, SPEC section 5): download links
// made in the admin UI and opened on a phone, the printable QR sheet, the
// notification messages (template, copy, mailto:, CSV), and the download
// setting. The admin API only seeds data and checks effects; phones are
// separate browser contexts with a phone viewport and User-Agent.
import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import {
  test,
  expect,
  answerConfirm,
  collectPageErrors,
  deleteAllCerts,
  deleteAllRoutes,
  deleteAllUsers,
  importUsers,
  jaDate,
  opensslOpensP12,
  type Api,
  type Cert,
  type Server,
} from '../fixtures';

// The browser runs in the server's time zone, as a real admin's does (serve
// mode is on 127.0.0.1): "today" and link expiry times agree with the server.
test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

/** What the message templates of the settings were when the file started (restored before each test). */
let defaultTemplate: { messageSubject: string; messageTemplate: string } | undefined;

// ---------------------------------------------------------------------------
// Helpers

/** A phone: a new context with a phone viewport, User-Agent and touch. */
async function phone(browser: Browser, userAgent: string): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent,
    ignoreHTTPSErrors: true,
    locale: 'ja-JP',
    acceptDownloads: true,
  });
}

async function expectToast(page: Page, text: string | RegExp, kind: 'success' | 'error' | 'info' = 'success'): Promise<void> {
  await expect(page.locator(`[data-testid="toast"][data-kind="${kind}"]`).filter({ hasText: text }).last()).toBeVisible();
}

/** Users with a valid personal certificate each; returns the certificates and passphrases by code. */
async function seedPersonal(
  api: Api,
  users: { code: string; name: string; email?: string }[],
): Promise<Map<string, { cert: Cert; passphrase: string }>> {
  const made = await importUsers(api, users);
  const res = await api<{ items: { cert: Cert; passphrase: string }[] }>('Certs', 'IssuePersonal', {
    userIds: made.map((u) => u.id),
    enabled: true,
  });
  return new Map(res.items.map((i) => [i.cert.userCode!, i]));
}

async function openCerts(page: Page): Promise<void> {
  await page.getByTestId('nav-certs').click();
  await expect(page).toHaveURL(/#\/certificates$/);
  await expect(page.getByTestId('certs-table').locator('..')).toHaveAttribute('aria-busy', 'false');
}

async function openCert(page: Page, cert: Cert): Promise<Locator> {
  await page.locator(`[data-testid="cert-row"][data-cert-id="${cert.id}"]`).getByTestId('cert-row-not-after').click();
  const dialog = page.getByTestId('cert-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/**
 * リンクを作成 in a certificate's details: sets the number of uses, creates
 * the link, checks the URL and QR code shown, closes, and returns the URL.
 */
async function createLinkInUI(page: Page, server: Server, dialog: Locator, maxUses: number): Promise<string> {
  await dialog.getByTestId('cert-link-create').click();
  const link = page.getByTestId('link-dialog');
  await expect(link).toBeVisible();
  await expect(link.getByTestId('link-expires')).toHaveValue('1440');
  await expect(link.getByTestId('link-max-uses')).toHaveValue('1');
  await link.getByTestId('link-max-uses').fill(String(maxUses));
  const created = page.waitForResponse((r) => r.url().endsWith('/api/Links.Create'));
  await link.getByTestId('link-create-submit').click();
  const answer = await (await created).json();
  const result = link.getByTestId('link-result');
  await expect(result).toBeVisible();
  const url = await result.getByTestId('link-url').inputValue();
  expect(url).toBe(answer.url);
  expect(url).toMatch(new RegExp(`^${escapeRe(server.downloadURL)}d/[A-Za-z0-9_-]{22,}$`));
  // The QR code is the server's PNG of that URL, and it has loaded.
  const qr = result.getByTestId('link-qr');
  await expect(qr).toHaveAttribute('src', `data:image/png;base64,${answer.qrPng}`);
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(result).toContainText(`${maxUses}回まで`);
  await link.getByTestId('link-done').click();
  await expect(link).toHaveCount(0);
  return url;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The problem page of a link: its status, title and the X-Sekisho-Link header. */
async function expectLinkProblem(page: Page, url: string, status: number, title: string, problem: string): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status(), `${url} answers ${status}`).toBe(status);
  expect(res?.headers()['x-sekisho-link']).toBe(problem);
  await expect(page.locator('h1')).toHaveText(title);
  await expect(page.getByTestId('download')).toHaveCount(0);
}

/** A minimal CSV parser (quoted fields may hold commas, quotes and line breaks). */
function parseCSV(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Decodes a mailto: URL (RFC 6068: %20 spaces, CRLF line breaks). */
function parseMailto(href: string): { to: string; subject: string; body: string } {
  expect(href).toMatch(/^mailto:/);
  const [to, query = ''] = href.slice('mailto:'.length).split('?');
  const params: Record<string, string> = {};
  for (const part of query.split('&')) {
    const [k, v = ''] = part.split('=');
    params[k] = decodeURIComponent(v);
  }
  return { to: decodeURIComponent(to), subject: params.subject ?? '', body: params.body ?? '' };
}

// ---------------------------------------------------------------------------
// Per-test set-up

let pageErrors: string[] = [];

test.beforeEach(async ({ api, page }) => {
  await deleteAllCerts(api);
  await deleteAllUsers(api);
  await deleteAllRoutes(api);
  const settings = await api<{ messageSubject: string; messageTemplate: string }>('Settings', 'Get', {});
  defaultTemplate ??= { messageSubject: settings.messageSubject, messageTemplate: settings.messageTemplate };
  await api('Settings', 'Update', {
    language: '',
    keyAlgorithm: 'ecdsa-p256',
    strictMode: false,
    linkDownloadsEnabled: true,
    linkExpiresInMinutes: 1440,
    linkMaxUses: 1,
    ...defaultTemplate,
  });
  pageErrors = collectPageErrors(page);
});

test.afterEach(async () => {
  expect(pageErrors, 'no uncaught exceptions or logged errors in the page').toEqual([]);
});

// ---------------------------------------------------------------------------
// 5. Links and the phone

test('a link made in the UI opens on an iPhone (steps, uses left, CA fingerprint) and gives the profile; on Android the .p12', async ({
  api,
  adminPage: page,
  server,
  browser,
}, testInfo) => {
  const seeded = await seedPersonal(api, [{ code: 'ph01', name: '携帯 花子', email: 'hanako@example.com' }]);
  const { cert, passphrase } = seeded.get('ph01')!;
  const ca = await api<{ fingerprint: string }>('Certs', 'CA', {});

  await openCerts(page);
  const dialog = await openCert(page, cert);
  await expect(dialog.getByTestId('cert-links')).toContainText('ダウンロードリンクはありません。');
  const url = await createLinkInUI(page, server, dialog, 2);
  const row = dialog.getByTestId('cert-link-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'active');
  await expect(row).toContainText('0 / 2');

  // An iPhone opens the link.
  const iphone = await phone(browser, IPHONE_UA);
  try {
    const p = await iphone.newPage();
    const res = await p.goto(url);
    expect(res?.status()).toBe(200);
    await expect(p.locator('h1')).toHaveText('クライアント証明書のダウンロード');
    await expect(p.locator('main')).toContainText('携帯 花子');
    await expect(p.getByTestId('platform')).toHaveText('iPhone / iPad');
    await expect(p.getByTestId('remaining')).toHaveText('2');
    const steps = p.locator('ol li');
    await expect(steps).toHaveCount(4);
    await expect(steps.first()).toContainText('Safari');
    await expect(p.locator('ol')).toContainText('「設定」App');
    await expect(p.locator('ol')).toContainText('証明書のパスワードを入力');
    await expect(p.getByTestId('fingerprint')).toHaveText(ca.fingerprint);
    const button = p.getByTestId('download');
    await expect(button).toHaveText('プロファイルをダウンロード');
    await expect(button).toHaveAttribute('href', /\/mobileconfig$/);

    // It looks right on a phone: nothing wider than the screen, a big tappable button.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await p.screenshot({ path: testInfo.outputPath('phone-ios.png'), fullPage: true });

    // Tapping the button downloads the configuration profile.
    const downloading = p.waitForEvent('download');
    await button.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('ph01.mobileconfig');
    const profile = readFileSync((await download.path())!, 'utf8');
    expect(profile).toMatch(/^<\?xml[^>]*>\s*<!DOCTYPE plist/);
    expect(profile).toContain('<plist version="1.0">');
    expect(profile).toContain('<string>com.apple.security.pkcs12</string>');
    expect(profile).toContain('<string>com.apple.security.root</string>');
    expect(profile, 'no password inside the profile').not.toContain(passphrase);

    // One use is gone.
    await p.reload();
    await expect(p.getByTestId('remaining')).toHaveText('1');
  } finally {
    await iphone.close();
  }
  await dialog.getByTestId('cert-close').click();
  await openCert(page, cert);
  await expect(page.getByTestId('cert-link-row')).toContainText('1 / 2');

  // An Android phone gets the .p12 and the Android steps; the file opens with the passphrase.
  const android = await phone(browser, ANDROID_UA);
  try {
    const p = await android.newPage();
    await p.goto(url);
    await expect(p.getByTestId('platform')).toHaveText('Android');
    await expect(p.locator('ol')).toContainText('暗号化と認証情報');
    await expect(p.locator('ol li').first()).toContainText('Chrome');
    await expect(p.getByTestId('remaining')).toHaveText('1');
    const button = p.getByTestId('download');
    await expect(button).toHaveText('証明書ファイルをダウンロード');
    await expect(button).toHaveAttribute('href', /\/p12$/);
    await p.screenshot({ path: testInfo.outputPath('phone-android.png'), fullPage: true });
    const downloading = p.waitForEvent('download');
    await button.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('ph01.p12');
    const file = testInfo.outputPath('ph01.p12');
    await download.saveAs(file);
    const opened = opensslOpensP12(file, passphrase);
    expect(opened.ok, opened.output).toBe(true);
    expect(opened.output).toMatch(/subject=.*CN ?= ?ph01/);
    expect(opensslOpensP12(file, 'not-the-passphrase').ok).toBe(false);

    // Both uses are gone: the link page is now the 使用済み page.
    await expectLinkProblem(p, url, 410, 'このリンクはすでに使用済みです', 'usedUp');
  } finally {
    await android.close();
  }
  const links = await api<{ items: { uses: number; maxUses: number; state: string }[] }>('Links', 'List', { certId: cert.id });
  expect(links.items).toEqual([expect.objectContaining({ uses: 2, maxUses: 2, state: 'usedUp' })]);
});

test('the download page\'s other-device buttons (Android, Windows, Mac) switch the instructions', async ({
  api,
  browser,
}) => {
  const seeded = await seedPersonal(api, [{ code: 'os01', name: '切替 太郎' }]);
  const link = await api<{ url: string }>('Links', 'Create', { certId: seeded.get('os01')!.cert.id, maxUses: 3 });
  const iphone = await phone(browser, IPHONE_UA);
  try {
    const p = await iphone.newPage();
    await p.goto(link.url);
    await expect(p.getByTestId('platform')).toHaveText('iPhone / iPad');
    await p.getByRole('link', { name: 'Android', exact: true }).click();
    await expect(p.getByTestId('platform')).toHaveText('Android', { timeout: 3_000 });
  } finally {
    await iphone.close();
  }
});

test('maxUses 1: the file downloads once; the second time the link answers 410 with the 使用済み page', async ({
  api,
  adminPage: page,
  server,
  browser,
}) => {
  const seeded = await seedPersonal(api, [{ code: 'once1', name: '一回 限子' }]);
  const { cert } = seeded.get('once1')!;
  await openCerts(page);
  const dialog = await openCert(page, cert);
  const url = await createLinkInUI(page, server, dialog, 1);

  const iphone = await phone(browser, IPHONE_UA);
  try {
    const p = await iphone.newPage();
    await p.goto(url);
    await expect(p.getByTestId('remaining')).toHaveText('1');
    const href = await p.getByTestId('download').getAttribute('href');
    const fileURL = new URL(href!, url).toString();
    // HEAD (a link preview) does not use it.
    expect((await iphone.request.head(fileURL)).status()).toBe(200);
    const first = await iphone.request.get(fileURL);
    expect(first.status()).toBe(200);
    expect(first.headers()['content-type']).toBe('application/x-apple-aspen-config');
    expect((await first.body()).toString('utf8')).toContain('com.apple.security.pkcs12');

    const second = await iphone.request.get(fileURL);
    expect(second.status()).toBe(410);
    expect(await second.text()).toContain('このリンクはすでに使用済みです');
    await expectLinkProblem(p, url, 410, 'このリンクはすでに使用済みです', 'usedUp');
    await expect(p.locator('main')).toContainText('管理者に新しいリンクを依頼してください');
  } finally {
    await iphone.close();
  }
  await dialog.getByTestId('cert-close').click();
  await openCert(page, cert);
  const row = page.getByTestId('cert-link-row');
  await expect(row).toHaveAttribute('data-state', 'usedUp');
  await expect(row).toContainText('使用済み');
  await expect(row.getByTestId('cert-link-revoke')).toHaveCount(0);
});

test('a revoked link answers 410, an unknown token 404, each with a page that says why', async ({
  api,
  adminPage: page,
  server,
  browser,
}) => {
  const seeded = await seedPersonal(api, [{ code: 'rv01', name: '無効 化子' }]);
  const { cert } = seeded.get('rv01')!;
  await openCerts(page);
  const dialog = await openCert(page, cert);
  const url = await createLinkInUI(page, server, dialog, 3);
  const row = dialog.getByTestId('cert-link-row');

  // 無効にする asks first; cancel keeps the link working.
  await row.getByTestId('cert-link-revoke').click();
  await answerConfirm(page, false, 'リンクを無効にしますか？');
  await expect(row).toHaveAttribute('data-state', 'active');
  const iphone = await phone(browser, IPHONE_UA);
  try {
    const p = await iphone.newPage();
    expect((await p.goto(url))?.status()).toBe(200);

    await row.getByTestId('cert-link-revoke').click();
    await answerConfirm(page, true, 'リンクを無効にしますか？');
    await expectToast(page, 'リンクを無効にしました');
    await expect(row).toHaveAttribute('data-state', 'revoked');
    await expect(row).toContainText('無効化済み');

    await expectLinkProblem(p, url, 410, 'このリンクは無効になっています', 'revoked');
    const file = await iphone.request.get(`${url}/mobileconfig`);
    expect(file.status()).toBe(410);

    // Unknown tokens: well-formed or junk, both 404 with a clear page.
    const unknown = `${server.portalURL}d/${randomBytes(16).toString('base64url')}`;
    await expectLinkProblem(p, unknown, 404, 'このリンクは見つかりません', 'unknown');
    await expect(p.locator('main')).toContainText('URLが途中で切れていないか確かめてください。');
    const junk = await p.goto(`${server.portalURL}d/abc`);
    expect(junk?.status()).toBe(404);
    await expect(p.locator('body')).not.toContainText('panic');
  } finally {
    await iphone.close();
  }

  // Revoking the certificate stops its other links too.
  const other = await api<{ url: string }>('Links', 'Create', { certId: cert.id, maxUses: 3 });
  await api('Certs', 'Revoke', { id: cert.id, reason: 'e2e', confirm: true });
  const android = await phone(browser, ANDROID_UA);
  try {
    await expectLinkProblem(await android.newPage(), other.url, 410, 'このリンクは無効になっています', 'revoked');
  } finally {
    await android.close();
  }
});

test('ダウンロードの設定: switching user downloads off (after confirming) stops links with a clear page; on again restores them', async ({
  api,
  adminPage: page,
  browser,
}) => {
  const seeded = await seedPersonal(api, [{ code: 'off01', name: '停止 太郎' }]);
  const link = await api<{ url: string }>('Links', 'Create', { certId: seeded.get('off01')!.cert.id, maxUses: 2 });
  await page.getByTestId('nav-distribution').click();
  await page.getByTestId('dist-tab-settings').click();
  await expect(page).toHaveURL(/#\/distribution\/settings$/);
  const toggle = page.getByTestId('dist-downloads-enabled');
  await expect(toggle).toBeChecked();
  await toggle.click();
  await answerConfirm(page, false, 'ダウンロードを禁止しますか？');
  await expect(toggle).toBeChecked();
  expect((await api<{ linkDownloadsEnabled: boolean }>('Settings', 'Get', {})).linkDownloadsEnabled).toBe(true);
  await toggle.click();
  await answerConfirm(page, true, 'ダウンロードを禁止しますか？');
  await expectToast(page, 'ユーザーによるダウンロードを禁止しました');
  await expect(toggle).not.toBeChecked();
  await expect(page.getByTestId('dist-downloads-off')).toBeVisible();
  expect((await api<{ linkDownloadsEnabled: boolean }>('Settings', 'Get', {})).linkDownloadsEnabled).toBe(false);

  const iphone = await phone(browser, IPHONE_UA);
  try {
    const p = await iphone.newPage();
    await expectLinkProblem(p, link.url, 410, 'リンクからのダウンロードは停止されています', 'disabled');

    // The other tabs say downloads are off.
    await page.getByTestId('dist-tab-sheet').click();
    await expect(page.getByTestId('dist-downloads-off-banner')).toBeVisible();
    await page.getByTestId('dist-tab-settings').click();
    await toggle.click();
    await expectToast(page, 'ユーザーによるダウンロードを許可しました');
    await expect(toggle).toBeChecked();
    expect((await p.goto(link.url))?.status()).toBe(200);
    await expect(p.getByTestId('remaining')).toHaveText('2');
  } finally {
    await iphone.close();
  }
});

// ---------------------------------------------------------------------------
// 6. The QR sheet

test('QR sheet: links for several certificates as printable cards (name, QR, URL); print layout is 2 × 3 on A4', async ({
  api,
  adminPage: page,
  server,
}, testInfo) => {
  const seeded = await seedPersonal(
    api,
    Array.from({ length: 5 }, (_, i) => ({ code: `qr0${i + 1}`, name: `印刷 ${['一郎', '二郎', '三郎', '四郎', '五郎'][i]}` })),
  );
  const { cert: shared } = await api<{ cert: Cert }>('Certs', 'IssueShared', { name: 'Lobby1', enabled: true });
  await api('Certs', 'IssueShared', { name: 'Paused1', enabled: false }); // not valid: not offered

  await page.getByTestId('nav-distribution').click();
  await expect(page).toHaveURL(/#\/distribution$/);
  const pick = page.getByTestId('qr-pick');
  const picker = pick.getByTestId('cert-picker');
  await expect(picker.getByTestId('cert-picker-kind')).toHaveValue('personal');
  await expect(picker.getByTestId('cert-picker-row')).toHaveCount(5);
  await picker.getByTestId('cert-picker-kind').selectOption('');
  await expect(picker.getByTestId('cert-picker-row')).toHaveCount(6);
  await expect(picker).not.toContainText('Paused1');
  await expect(pick.getByTestId('qr-create')).toBeDisabled();
  await picker.getByTestId('cert-picker-page-all').check();
  await expect(pick.getByTestId('qr-create')).toHaveText('リンクを作成（6件）');
  await expect(pick.getByTestId('qr-max-uses')).toHaveValue('1');
  await pick.getByTestId('qr-max-uses').fill('2');
  await pick.getByTestId('qr-create').click();
  await expectToast(page, '6件のリンクを作成しました');

  const sheet = page.getByTestId('qr-sheet');
  const cards = sheet.getByTestId('qr-card');
  await expect(cards).toHaveCount(6);
  const expected = new Map<string, string>([...seeded.values()].map(({ cert }) => [cert.id, cert.userName!]));
  expected.set(shared.id, 'Lobby1');
  for (const [id, name] of expected) {
    const card = sheet.locator(`[data-testid="qr-card"][data-cert-id="${id}"]`);
    await expect(card.getByTestId('qr-card-name')).toHaveText(name);
    await expect(card.getByTestId('qr-card-url')).toHaveText(new RegExp(`^${escapeRe(server.downloadURL)}d/[A-Za-z0-9_-]{22,}$`));
    const qr = card.getByTestId('qr-card-qr');
    await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/);
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await expect(card).toContainText('2回まで');
    const links = await api<{ items: { state: string; maxUses: number }[] }>('Links', 'List', { certId: id });
    expect(links.items).toEqual([expect.objectContaining({ state: 'active', maxUses: 2 })]);
  }
  const personalCard = sheet.locator(`[data-testid="qr-card"][data-cert-id="${seeded.get('qr01')!.cert.id}"]`);
  await expect(personalCard).toContainText('qr01');

  // 印刷 calls window.print().
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await page.getByTestId('qr-print').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // Print media: only the cards, two across; six fit on one A4 page.
  await page.emulateMedia({ media: 'print' });
  try {
    await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeHidden();
    await expect(pick).toBeHidden();
    await expect(page.getByTestId('qr-print')).toBeHidden();
    await expect(page.locator('h1')).toBeHidden();
    await expect(cards.first()).toBeVisible();
    const boxes = await cards.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    const rows = [...new Set(boxes.map((b) => Math.round(b.top)))];
    expect(rows, 'three rows of cards').toHaveLength(3);
    for (const top of rows) expect(boxes.filter((b) => Math.round(b.top) === top), 'two cards per row').toHaveLength(2);
    expect(boxes[0].left).toBeLessThan(boxes[1].left);
    await page.screenshot({ path: testInfo.outputPath('qr-sheet-print.png'), fullPage: true });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(testInfo.outputPath('qr-sheet.pdf'), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length, 'six cards print on one A4 page').toBe(1);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }

  // 通知メッセージを作成 for the cards: the URLs, no passwords.
  await page.getByTestId('qr-messages').click();
  const messages = page.getByTestId('messages-dialog');
  await expect(messages).toBeVisible();
  await expect(messages.getByTestId('messages-total')).toHaveText('6件のメッセージ');
  const first = messages.locator('[data-testid="message-item"][data-user-code="qr01"]');
  const firstURL = await personalCard.getByTestId('qr-card-url').textContent();
  await expect(first.getByTestId('message-body')).toContainText(firstURL!);
  await expect(first.getByTestId('message-body')).toContainText('証明書のパスワード: （別途お知らせします）');
  await messages.getByTestId('messages-dialog-done').click();

  // シートを消去 asks first.
  await page.getByTestId('qr-clear').click();
  await answerConfirm(page, false, 'シートを消去しますか？');
  await expect(cards).toHaveCount(6);
  await page.getByTestId('qr-clear').click();
  await answerConfirm(page, true, 'シートを消去しますか？');
  await expect(sheet).toHaveCount(0);
});

// ---------------------------------------------------------------------------
// 6. Notification messages

test('通知メッセージ: template with tag buttons and preview; per-user copy, mailto:, CSV of the filled messages', async ({
  api,
  adminPage: page,
  context,
  server,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.adminURL).origin });
  const seeded = await seedPersonal(api, [
    { code: 'ms01', name: '通知 一郎', email: 'ichiro@example.com' },
    { code: 'ms02', name: '通知 二郎', email: 'jiro@example.com' },
  ]);
  await importUsers(api, [{ code: 'ms03', name: '証明書 無し子' }]);

  await page.getByTestId('nav-distribution').click();
  await page.getByTestId('dist-tab-messages').click();
  await expect(page).toHaveURL(/#\/distribution\/messages$/);
  const editor = page.getByTestId('messages-template').getByTestId('template-editor');
  const subject = editor.getByTestId('template-subject');
  const body = editor.getByTestId('template-body');
  await expect(subject).toHaveValue(defaultTemplate!.messageSubject);
  await expect(body).toHaveValue(defaultTemplate!.messageTemplate);
  await expect(editor.getByTestId('template-save')).toBeDisabled();

  // Subject: the tag goes where the caret is.
  await subject.fill('証明書のご案内（様）');
  await subject.press('ArrowLeft');
  await subject.press('ArrowLeft');
  await editor.getByTestId('template-tag-name').click();
  await expect(subject).toHaveValue('証明書のご案内（【氏名】様）');

  // Body: typed text and tags, each at the caret.
  await body.fill('様\nID: ');
  await editor.getByTestId('template-tag-loginId').click();
  await expect(editor.getByTestId('template-no-url')).toHaveText('本文に【証明書DL画面URL】がありません。');
  await page.keyboard.type('\nURL: ');
  await editor.getByTestId('template-tag-url').click();
  await expect(editor.getByTestId('template-no-url')).toHaveCount(0);
  await page.keyboard.type('\nパスワード: ');
  await editor.getByTestId('template-tag-password').click();
  await page.keyboard.type('\n期限: ');
  await editor.getByTestId('template-tag-expiry').click();
  await page.keyboard.type('\nURL期限: ');
  await editor.getByTestId('template-tag-linkExpiry').click();
  await page.keyboard.type('\n');
  await editor.getByTestId('template-tag-passwordReset').click();
  await body.press('ControlOrMeta+Home');
  await editor.getByTestId('template-tag-name').click();
  const template =
    '【氏名】様\nID: 【ログインID】\nURL: 【証明書DL画面URL】\nパスワード: 【証明書パスワード】\n期限: 【有効期限】\nURL期限: 【リンク有効期限】\n【パスワード再発行】';
  await expect(body).toHaveValue(template);

  // Tag-like text that is not a tag is pointed out.
  await page.keyboard.type('{foo}');
  await expect(editor.getByTestId('template-unknown')).toContainText('{foo}');
  await body.fill(template);
  await expect(editor.getByTestId('template-unknown')).toHaveCount(0);

  // The preview fills the tags with example values.
  const preview = editor.getByTestId('template-preview');
  await expect(preview).toContainText('件名: 証明書のご案内（山田 太郎様）');
  await expect(preview).toContainText('山田 太郎様');
  await expect(preview).toContainText('ID: yamada.taro');
  await expect(preview).toContainText(`URL: ${server.downloadURL}d/…`);
  await expect(preview).toContainText('パスワード: （別途お知らせします）');
  // 【有効期限】 is the certificate's last day (a date), 【リンク有効期限】 the link's date and time.
  await expect(preview).toContainText(/期限: \d{4}\/\d{2}\/\d{2}\nURL期限: \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}\n/);
  await expect(preview).toContainText('パスワードを忘れた場合は管理者に再発行を依頼してください（ログインURL: ');

  await editor.getByTestId('template-save').click();
  await expectToast(page, 'テンプレートを保存しました');
  await expect(editor.getByTestId('template-save')).toBeDisabled();
  expect(await api('Settings', 'Get', {})).toMatchObject({ messageSubject: '証明書のご案内（【氏名】様）', messageTemplate: template });
  // 元に戻す goes back to the saved template.
  await body.fill('あとで消す');
  await editor.getByTestId('template-revert').click();
  await expect(body).toHaveValue(template);

  // Recipients: three users, with a new link to each one's valid personal certificate.
  const recipients = page.getByTestId('messages-recipients');
  const picker = recipients.getByTestId('user-picker');
  await expect(picker.getByTestId('user-picker-row')).toHaveCount(3);
  await picker.getByTestId('user-picker-page-all').click();
  await expect(recipients.getByTestId('messages-with-links')).toBeChecked();
  await recipients.getByTestId('messages-make').click();
  await expect(recipients.getByTestId('messages-no-cert')).toHaveText('1人は有効な個人証明書がないため、リンクを作成していません。');
  const list = page.getByTestId('messages-list');
  await expect(list.getByTestId('messages-total')).toHaveText('3件のメッセージ');
  await expect(list.getByTestId('message-item')).toHaveCount(3);

  const links = await api<{ items: { expiresAt: string }[] }>('Links', 'List', { certId: seeded.get('ms01')!.cert.id });
  expect(links.items).toHaveLength(1);
  const expiry = new Date(links.items[0].expiresAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const expiryText = `${expiry.getFullYear()}/${pad(expiry.getMonth() + 1)}/${pad(expiry.getDate())} ${pad(expiry.getHours())}:${pad(expiry.getMinutes())}`;

  const one = list.locator('[data-testid="message-item"][data-user-code="ms01"]');
  const oneBody = one.getByTestId('message-body');
  await expect(oneBody).toContainText('通知 一郎様\nID: ms01\nURL: ');
  await expect(oneBody).toContainText('パスワード: （別途お知らせします）');
  await expect(oneBody).toContainText(`期限: ${jaDate(seeded.get('ms01')!.cert.notAfter)}\nURL期限: ${expiryText}\n`);
  await expect(oneBody).toContainText(/パスワードを忘れた場合は管理者に再発行を依頼してください（ログインURL: https:\/\/\S+\/_sekisho\/login）/);
  await expect(one).toContainText('ichiro@example.com');
  const oneText = (await oneBody.textContent())!;
  const oneURL = /URL: (\S+)/.exec(oneText)![1];
  expect(oneURL).toMatch(new RegExp(`^${escapeRe(server.downloadURL)}d/[A-Za-z0-9_-]{22,}$`));
  const none = list.locator('[data-testid="message-item"][data-user-code="ms03"]');
  await expect(none.getByTestId('message-body')).toContainText('URL: （別途お知らせします）');
  await expect(none).toContainText('メールアドレス未登録');

  // The link in the message works.
  const portal = await page.request.get(oneURL);
  expect(portal.status()).toBe(200);
  expect(await portal.text()).toContain('通知 一郎');

  // Copy: exactly the body.
  await one.getByTestId('message-copy').click();
  await expect(one.getByTestId('message-copy')).toHaveAttribute('data-copied', 'true');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(oneText);

  // メールを作成: a mailto: URL to the user with the filled subject and body.
  const href = (await one.getByTestId('message-mailto').getAttribute('data-href'))!;
  expect(href.startsWith('mailto:ichiro@example.com?')).toBe(true);
  expect(href, 'RFC 6068: no + for spaces').not.toContain('+');
  const mail = parseMailto(href);
  expect(mail.to).toBe('ichiro@example.com');
  expect(mail.subject).toBe('証明書のご案内（通知 一郎様）');
  expect(mail.body.replace(/\r\n/g, '\n')).toBe(oneText);
  expect(mail.body, 'CRLF line breaks').toContain('\r\n');
  // Clicking it hands the URL to the mail client; the page stays where it is.
  await one.getByTestId('message-mailto').click();
  await expect(page).toHaveURL(/#\/distribution\/messages$/);
  await expect(list.getByTestId('message-item')).toHaveCount(3);

  // CSVエクスポート: every filled message.
  const downloading = page.waitForEvent('download');
  await list.getByTestId('messages-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  await expectToast(page, `${download.suggestedFilename()} に書き出しました`);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCSV(bytes.subarray(3).toString('utf8'));
  expect(rows[0]).toEqual(['ユーザーコード', '氏名', 'メールアドレス', '件名', '本文']);
  const byCode = new Map(rows.slice(1).map((r) => [r[0], r]));
  expect([...byCode.keys()].sort()).toEqual(['ms01', 'ms02', 'ms03']);
  expect(byCode.get('ms01')!.slice(1, 4)).toEqual(['通知 一郎', 'ichiro@example.com', '証明書のご案内（通知 一郎様）']);
  expect(byCode.get('ms01')![4].replace(/\r\n/g, '\n')).toBe(oneText);
  expect(byCode.get('ms02')![4]).toMatch(/URL: http:\/\/\S+\/d\/[A-Za-z0-9_-]{22,}/);
  expect(byCode.get('ms03')![4]).toContain('URL: （別途お知らせします）');
});

test('after a personal issuance, the messages of the passphrase dialog carry each password and link', async ({ api, adminPage: page }, testInfo) => {
  await importUsers(api, [
    { code: 'pi01', name: '発行 一子', email: 'ichiko@example.com' },
    { code: 'pi02', name: '発行 二子', email: 'niko@example.com' },
    { code: 'pi03', name: '発行 三子', email: 'miko@example.com' },
  ]);
  // From the Users screen: check the rows, 証明書を発行.
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('users-total')).toHaveText('3件');
  await page.getByTestId('users-select-all').check();
  await page.getByTestId('users-bulk-issue').click();
  const dialog = page.getByTestId('issue-dialog');
  await expect(dialog.getByTestId('issue-kind-personal').locator('input')).toBeChecked();
  await expect(dialog.getByTestId('user-picker-count')).toHaveText('3人選択中');
  await dialog.getByTestId('issue-submit').click();
  const pp = page.getByTestId('passphrase-dialog');
  await expect(pp.getByTestId('passphrase-row')).toHaveCount(3);
  const passwords = new Map<string, string>();
  for (const code of ['pi01', 'pi02', 'pi03']) {
    const value = await pp.locator(`[data-testid="passphrase-row"][data-user-code="${code}"]`).getByTestId('passphrase-row-value').getAttribute('data-value');
    passwords.set(code, value!);
  }

  // Links for everyone, shown per row.
  await pp.getByTestId('passphrase-links').click();
  await expectToast(page, '3件のダウンロードリンクを作成しました');
  await expect(pp.getByTestId('passphrase-row-url')).toHaveCount(3);
  await expect(pp.getByTestId('passphrase-links')).toBeDisabled();
  const urls = new Map<string, string>();
  for (const code of passwords.keys()) {
    urls.set(code, (await pp.locator(`[data-testid="passphrase-row"][data-user-code="${code}"]`).getByTestId('passphrase-row-url').textContent())!);
  }

  await pp.getByTestId('passphrase-messages').click();
  const messages = page.getByTestId('messages-dialog');
  await expect(messages).toContainText('発行した証明書のパスワード入りのメッセージです。');
  await expect(messages.getByTestId('messages-total')).toHaveText('3件のメッセージ');
  for (const [code, password] of passwords) {
    const body = messages.locator(`[data-testid="message-item"][data-user-code="${code}"]`).getByTestId('message-body');
    await expect(body).toContainText(`証明書のパスワード: ${password}`);
    await expect(body).toContainText(`ダウンロードURL: ${urls.get(code)}`);
    await expect(body).toContainText(`ログインID: ${code}`);
  }
  // The mailto: link and the CSV carry the password too.
  const href = await messages.locator('[data-testid="message-item"][data-user-code="pi02"]').getByTestId('message-mailto').getAttribute('data-href');
  expect(parseMailto(href!).body).toContain(`証明書のパスワード: ${passwords.get('pi02')}`);
  const downloading = page.waitForEvent('download');
  await messages.getByTestId('messages-export').click();
  const csv = readFileSync((await (await downloading).path())!).toString('utf8');
  writeFileSync(testInfo.outputPath('messages.csv'), csv);
  for (const [code, password] of passwords) expect(csv, code).toContain(`証明書のパスワード: ${password}`);

  await messages.getByTestId('messages-dialog-done').click();
  await expect(messages).toHaveCount(0);
  await expect(pp).toBeVisible();
  await pp.getByTestId('passphrase-close').click();
  await answerConfirm(page, true, '閉じますか？');
  await expect(pp).toHaveCount(0);
  const issued = await api<{ total: number }>('Certs', 'List', { kind: 'personal' });
  expect(issued.total).toBe(3);
});
