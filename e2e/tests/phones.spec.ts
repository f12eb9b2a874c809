// "Measure it" (issue 11, item 5): what a person does from the QR code (or
// the link) to a working certificate, per platform, counted.
//
// What is measured here, in Chromium launched as the other specs do and with
// each platform's device descriptor (playwright-core's `devices`):
//   - the link opens as the camera would open it, and no page on the way is a
//     certificate warning: the contexts do NOT ignore HTTPS errors, so a page
//     from a server the browser does not trust would fail to load (the
//     control test below shows it does, for the gateway, before the CA is
//     installed);
//   - every tap or click the person makes in the browser, with real taps on
//     touch devices, up to the file download (its name and kind checked:
//     .mobileconfig on iPhone and iPad, .p12 elsewhere) and 社内アプリを開く;
//   - the certificate the file carries works at the gateway: the check page
//     (`/_sekisho/check`) reports "ok" for it, reached from Node with the CA
//     of `cacert.pem` as the only trust anchor and the downloaded identity as
//     the client certificate.
// What is counted, not measured: the taps and entries in the phone's or PC's
// own screens (Settings, the import wizard, Keychain Access), which cannot be
// automated here. They are counted from the step texts the page shows (the
// tables below), and every counted step's words are checked against the
// page, so a change of the steps fails this test instead of silently
// changing the count. docs/distribution.md compares the counts with the
// seeds'.
//
// Run: CGO_ENABLED=0 go build -o sekisho . && cd e2e &&
//      SEKISHO_BIN=../sekisho npx playwright test tests/phones.spec.ts
// The counts are printed as `phones: platform=… total=…` lines and attached
// to each test (counts.json, counts.txt).
import { devices } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Download, Locator, Page, TestInfo } from '@playwright/test';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { test, expect, opensslOpensP12, type Api, type Cert, type Server } from '../fixtures';

// ---------------------------------------------------------------------------
// The devices

/** A device descriptor without `defaultBrowserType` (these tests run Chromium only). */
function descriptor(name: string): BrowserContextOptions {
  const d = devices[name];
  if (!d) throw new Error(`no device descriptor "${name}" in playwright-core`);
  const { defaultBrowserType: _browser, ...options } = d;
  return options;
}

/** What a real iPadOS Safari reports as navigator.maxTouchPoints (Playwright's hasTouch gives 1). */
const IPAD_MAX_TOUCH_POINTS = 5;

interface Device {
  /** The key of the counts (stable, for the output lines). */
  key: string;
  /** The device as the report names it. */
  name: string;
  options: BrowserContextOptions;
  /** Taps (touch screen) or clicks (mouse). */
  touch: boolean;
  /** navigator.maxTouchPoints to emulate through CDP (iPadOS), when set. */
  maxTouchPoints?: number;
  /** data-testid="platform" once the page has settled. */
  platform: string;
  /** Which table of OS steps applies. */
  os: 'ios' | 'android' | 'windows' | 'macos';
}

const DEVICES: Record<string, Device> = {
  iphone: {
    key: 'iphone',
    name: 'iPhone 15 (Safari UA)',
    options: descriptor('iPhone 15'),
    touch: true,
    platform: 'iPhone / iPad',
    os: 'ios',
  },
  // iPadOS Safari asks for desktop sites: it sends a Mac's User-Agent. What
  // tells it apart is its touch screen (navigator.maxTouchPoints 5), which
  // the page's script reads. Playwright's iPad descriptors send an iPad UA,
  // which would not test that, so: the iPad Pro 11's screen, a Mac Safari UA.
  ipad: {
    key: 'ipad',
    name: 'iPad Pro 11 (iPadOS: Mac Safari UA, touch)',
    options: { ...descriptor('iPad Pro 11'), userAgent: descriptor('Desktop Safari').userAgent, hasTouch: true, isMobile: true },
    touch: true,
    maxTouchPoints: IPAD_MAX_TOUCH_POINTS,
    platform: 'iPhone / iPad',
    os: 'ios',
  },
  android: {
    key: 'android',
    name: 'Pixel 7 (Chrome)',
    options: descriptor('Pixel 7'),
    touch: true,
    platform: 'Android',
    os: 'android',
  },
  windows: {
    key: 'windows',
    name: 'Windows PC (Desktop Chrome)',
    options: descriptor('Desktop Chrome'),
    touch: false,
    platform: 'Windows',
    os: 'windows',
  },
  mac: {
    key: 'mac',
    name: 'Mac (Desktop Safari UA)',
    options: descriptor('Desktop Safari'),
    touch: false,
    platform: 'Mac',
    os: 'macos',
  },
};

/**
 * A new context for a device. ignoreHTTPSErrors is explicitly false (the
 * config's `use` turns it on for the admin UI tests, and contexts made in a
 * test inherit it): an untrusted certificate must show as a failure here.
 */
async function openDevice(browser: Browser, device: Device): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...device.options,
    locale: 'ja-JP',
    acceptDownloads: true,
    ignoreHTTPSErrors: false,
  });
  const page = await context.newPage();
  if (device.maxTouchPoints) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: device.maxTouchPoints });
  }
  return { context, page };
}

// ---------------------------------------------------------------------------
// The steps outside the browser, counted from the page's texts

/**
 * One thing the person does outside the page: a tap or click in the OS's
 * screens (or the browser's own dialogs), or typing something.
 */
interface OsStep {
  /** The page's step (1-based <li>) that says to do it; 0: before the page is open. */
  step: number;
  kind: 'tap' | 'entry';
  /** What the person does (for the report). */
  what: string;
  /**
   * Words of that step that name it; each must appear in the step's text
   * ('{ca}' stands for the CA's name). A quoted word (「…」 on the page)
   * counts against that quote's occurrences in the step.
   */
  words: string[];
  /**
   * Set when the page does not name this action: why it is counted anyway
   * (the OS asks for it; the seed that shows it). Its words, if any, must
   * still be on the page, but it does not use up a quote.
   */
  unnamed?: string;
}

/** A button of the page the person taps, in order. */
interface BrowserStep {
  step: number;
  /** The quoted label in the step's text; the button's text contains it. */
  label: string;
  testid: 'download' | 'download-ca' | 'open-apps';
}

interface PageSteps {
  /** How many steps (<li>) the page shows. */
  stepCount: number;
  browser: BrowserStep[];
  os: OsStep[];
  /** Quoted words of the steps that are no action (a screen's title, a label, a default kept). */
  labels: { step: number; label: string }[];
}

const tap = (step: number, what: string, words: string[], unnamed?: string): OsStep => ({ step, kind: 'tap', what, words, unnamed });
const entry = (step: number, what: string, words: string[], unnamed?: string): OsStep => ({ step, kind: 'entry', what, words, unnamed });

const QR_TAP = tap(0, 'tap the link the camera shows for the QR code (opens the browser)', [], 'the QR code; before the page');
const LINK_CLICK = tap(0, 'click the link in the mail or chat message (a PC does not scan the QR code)', [], 'the link; before the page');

/**
 * The steps per platform, as the page's texts (backend/i18n/catalog.go,
 * portal.steps.*) tell them, one row per tap or entry.
 */
const STEPS: Record<Device['os'], PageSteps> = {
  // iOS / iPadOS: a configuration profile (the identity and the root CA),
  // then full trust for the root in Certificate Trust Settings.
  ios: {
    stepCount: 4,
    browser: [
      { step: 1, label: 'プロファイルをダウンロード', testid: 'download' },
      { step: 4, label: '社内アプリを開く', testid: 'open-apps' },
    ],
    os: [
      QR_TAP,
      tap(1, 'Safari: allow the configuration profile download', ['許可']),
      tap(1, 'close the "profile downloaded" notice', ['閉じる']),
      tap(2, 'open the Settings app', ['設定']),
      tap(2, 'Profile Downloaded (under the Apple ID)', ['プロファイルがダウンロードされました']),
      tap(2, 'Install (top right of the profile)', ['インストール']),
      entry(2, 'the iPhone passcode', ['パスコード']),
      tap(2, 'Install on the warning screen', ['インストール'], 'iOS asks again on the profile warning screen (seed 003, kintone iPhone; seed 000, cyzen: さらにインストール)'),
      tap(2, 'Install in the confirmation sheet', ['インストール'], 'iOS confirms once more in a sheet (seed 003)'),
      entry(2, 'the certificate password', ['証明書のパスワード']),
      tap(2, 'Next after the password', [], 'the password screen has 次へ (seeds 000 and 003)'),
      tap(2, 'Done', ['完了']),
      tap(3, 'Settings (back to its top)', ['設定']),
      tap(3, 'General', ['一般']),
      tap(3, 'About', ['情報']),
      tap(3, 'Certificate Trust Settings', ['証明書信頼設定']),
      tap(3, "switch on the CA's full trust", ['{ca}', 'オン']),
      tap(3, 'Continue (the trust warning)', ['続ける']),
      tap(4, "Continue (Safari's certificate request)", ['続ける']),
    ],
    labels: [{ step: 2, label: '未検証' }],
  },
  // Android: the CA into the CA store, the .p12 into the user store.
  android: {
    stepCount: 4,
    browser: [
      { step: 1, label: '証明書ファイルをダウンロード', testid: 'download' },
      { step: 1, label: 'ルート証明書をダウンロード', testid: 'download-ca' },
      { step: 4, label: '社内アプリを開く', testid: 'open-apps' },
    ],
    os: [
      QR_TAP,
      tap(2, 'open Settings', ['設定']),
      tap(2, 'Security', ['セキュリティ']),
      tap(2, 'Encryption & credentials', ['暗号化と認証情報']),
      tap(2, 'Install a certificate', ['証明書のインストール']),
      tap(2, 'CA certificate', ['CA 証明書']),
      tap(2, 'Install anyway', ['インストールする']),
      entry(2, 'the screen lock (PIN) the phone asks for', ['画面ロック']),
      tap(2, 'pick cacert.cer', ['cacert.cer']),
      tap(3, 'VPN & app user certificate', ['VPN とアプリのユーザー証明書']),
      tap(3, 'pick the .p12 file', ['.p12']),
      entry(3, 'the certificate password', ['証明書のパスワード']),
      tap(3, 'OK', ['OK']),
      tap(3, 'OK on the certificate name', [], 'Android may ask to name the certificate (seed 000, cyzen: 証明書名は変更せず、そのままOK)'),
      tap(4, "pick this certificate in Chrome's certificate request", ['この証明書を選んで']),
      tap(4, 'Select', ['選択']),
    ],
    labels: [],
  },
  // Windows: the Certificate Import Wizard; the .p12 carries the root CA.
  windows: {
    stepCount: 5,
    browser: [
      { step: 1, label: '証明書ファイルをダウンロード', testid: 'download' },
      { step: 5, label: '社内アプリを開く', testid: 'open-apps' },
    ],
    os: [
      LINK_CLICK,
      tap(1, 'open the downloaded .p12 (double-click)', ['.p12', 'ダブルクリック']),
      tap(1, 'Current User', ['現在のユーザー']),
      tap(1, 'Next', ['次へ']),
      tap(2, 'Next (File to Import)', ['次へ']),
      entry(3, 'the certificate password', ['証明書のパスワード']),
      tap(3, 'Next (Private key protection)', ['次へ']),
      tap(3, 'Next (Certificate Store: automatic)', ['次へ']),
      tap(3, 'Finish', ['完了']),
      tap(4, 'Yes (install the root certificate)', ['はい']),
      tap(4, 'OK ("The import was successful")', [], 'Windows reports the import in a message box (not on the page)'),
      tap(5, 'close the browser', ['ブラウザを再起動']),
      tap(5, 'start the browser again', ['ブラウザを再起動']),
      tap(5, "pick this certificate in the browser's certificate request", ['この証明書を選んで']),
      tap(5, 'OK', ['OK']),
    ],
    labels: [
      { step: 2, label: 'インポートする証明書ファイル' },
      { step: 3, label: '証明書の種類に基づいて、自動的に証明書ストアを選択する' },
    ],
  },
  // macOS: the .p12 into the login keychain, the root CA trusted by hand.
  macos: {
    stepCount: 3,
    browser: [
      { step: 1, label: '証明書ファイルをダウンロード', testid: 'download' },
      { step: 2, label: 'ルート証明書をダウンロード', testid: 'download-ca' },
      { step: 3, label: '社内アプリを開く', testid: 'open-apps' },
    ],
    os: [
      LINK_CLICK,
      tap(1, 'open the downloaded .p12 (double-click)', ['.p12', 'ダブルクリック']),
      tap(1, 'choose the login keychain', ['ログイン']),
      entry(1, 'the certificate password', ['証明書のパスワード']),
      tap(1, 'OK', [], 'the password dialog is confirmed with OK (seed 000, cyzen Mac: 「OK」をクリック)'),
      tap(2, 'open cacert.cer (double-click)', ['cacert.cer', 'ダブルクリック']),
      tap(2, 'add it to the login keychain', ['ログイン']),
      tap(2, 'double-click the CA in Keychain Access', ['{ca}']),
      tap(2, 'open Trust', ['信頼']),
      tap(2, 'open "When using this certificate"', ['この証明書を使用するとき']),
      tap(2, 'choose Always Trust', ['常に信頼']),
      tap(2, 'close the window', ['閉じ']),
      entry(2, 'the Mac password', ['Mac のパスワード']),
      tap(2, 'Update Settings', [], 'macOS asks for the password in a dialog confirmed with 設定をアップデート (not on the page)'),
      tap(3, "pick this certificate in the browser's certificate request", ['この証明書を選んで']),
      tap(3, 'Continue', ['続ける']),
      entry(3, 'the Mac password for the keychain', [], 'the keychain asks for the Mac password before 常に許可 (not on the page)'),
      tap(3, 'Always Allow', ['常に許可']),
    ],
    labels: [],
  },
};

/** The 「…」 quotes of a text, in order. */
function quotes(text: string): string[] {
  return [...text.matchAll(/「([^」]+)」/g)].map((m) => m[1]);
}

function count<T>(items: T[], x: T): number {
  return items.filter((i) => i === x).length;
}

/**
 * Checks the table against the step texts of the page: the number of steps;
 * each row's words in its step; and every quote of a step accounted for
 * exactly (a named action per occurrence, a page button, or a label).
 */
function checkStepsAgainstPage(table: PageSteps, texts: string[], caName: string): void {
  expect(texts, 'the page shows the steps the table counts').toHaveLength(table.stepCount);
  const resolve = (w: string) => (w === '{ca}' ? caName : w);
  for (const s of table.os) {
    if (s.step === 0) continue;
    for (const w of s.words) {
      expect(texts[s.step - 1], `step ${s.step} names "${s.what}" (${resolve(w)})`).toContain(resolve(w));
    }
  }
  for (let i = 1; i <= table.stepCount; i++) {
    const text = texts[i - 1];
    const q = quotes(text);
    const accounted: string[] = [
      ...table.browser.filter((b) => b.step === i).map((b) => b.label),
      ...table.labels.filter((l) => l.step === i).map((l) => l.label),
      ...table.os.filter((s) => s.step === i && !s.unnamed).flatMap((s) => s.words.map(resolve).filter((w) => q.includes(w))),
    ];
    for (const w of new Set([...q, ...accounted])) {
      expect(count(accounted, w), `step ${i}: 「${w}」 occurs ${count(q, w)}× on the page and is counted ${count(accounted, w)}×\n${text}`).toBe(
        count(q, w),
      );
    }
  }
}

// ---------------------------------------------------------------------------
// Helpers

interface Issued {
  cert: Cert;
  passphrase: string;
  /** The check's cert.user for this certificate ('' for a shared one). */
  user: string;
}

function todayLocal(): string {
  return new Date().toLocaleDateString('sv');
}

function plusDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A personal certificate for a new user. */
async function issuePersonal(api: Api, code: string, name: string): Promise<Issued> {
  const user = await api<{ id: string }>('Users', 'Create', { code, name });
  const res = await api<{ items: { cert: Cert; passphrase: string }[] }>('Certs', 'IssuePersonal', { userIds: [user.id], enabled: true });
  return { ...res.items[0], user: code };
}

/** A shared certificate (a company device). */
async function issueShared(api: Api, name: string): Promise<Issued> {
  const today = todayLocal();
  const res = await api<{ cert: Cert; passphrase: string }>('Certs', 'IssueShared', {
    name,
    notBefore: today,
    notAfter: plusDays(today, 365),
    enabled: true,
  });
  return { ...res, user: '' };
}

/** GET over https with the CA as the only trust anchor and a client certificate (what the device has once installed). */
function httpsGetTrusted(
  url: string,
  tls: { ca: string; pfx: Buffer; passphrase: string },
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: tls.ca, pfx: tls.pfx, passphrase: tls.passphrase, rejectUnauthorized: true, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url}: timeout`)));
  });
}

/** The payloads of a configuration profile: each innermost <dict>'s PayloadType and PayloadContent <data>. */
function profilePayloads(xml: string): { type: string; content: Buffer }[] {
  const out: { type: string; content: Buffer }[] = [];
  for (const m of xml.matchAll(/<dict>((?:(?!<\/?dict>)[\s\S])*)<\/dict>/g)) {
    const type = /<key>PayloadType<\/key>\s*<string>([^<]*)<\/string>/.exec(m[1])?.[1];
    const data = /<key>PayloadContent<\/key>\s*<data>([^<]*)<\/data>/.exec(m[1])?.[1];
    if (type && data) out.push({ type, content: Buffer.from(data.replace(/\s+/g, ''), 'base64') });
  }
  return out;
}

const hex = (s: string) => s.replace(/[^0-9a-f]/gi, '').toLowerCase();

/** The CA as a phone gets it: `cacert.pem` from the download listener, checked against the portal's. */
async function fetchCA(server: Server): Promise<{ pem: string; cert: X509Certificate; name: string }> {
  const res = await fetch(`${server.downloadURL}cacert.pem`);
  expect(res.status, 'the download listener serves cacert.pem').toBe(200);
  const pem = await res.text();
  const cert = new X509Certificate(pem);
  expect(cert.ca).toBe(true);
  const name = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? '';
  expect(name, 'the CA has a common name').not.toBe('');
  return { pem, cert, name };
}

/** Everything the browser navigated to and everything that failed, to assert no warning page on the way. */
interface PathLog {
  navigations: { url: string; status: number | null }[];
  frames: string[];
  failures: { url: string; error: string }[];
}

function recordPath(page: Page): PathLog {
  const log: PathLog = { navigations: [], frames: [], failures: [] };
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) log.frames.push(f.url());
  });
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) log.navigations.push({ url: r.url(), status: r.status() });
  });
  page.on('requestfailed', (r) => log.failures.push({ url: r.url(), error: r.failure()?.errorText ?? '' }));
  return log;
}

/** What one journey measured and counted. */
interface Journey {
  key: string;
  device: string;
  platform: string;
  file: string;
  browserTaps: string[];
  osTaps: string[];
  entries: string[];
  pages: string[];
  notes: string[];
}

function totals(j: Journey) {
  return {
    browserTaps: j.browserTaps.length,
    osTaps: j.osTaps.length,
    entries: j.entries.length,
    total: j.browserTaps.length + j.osTaps.length + j.entries.length,
  };
}

function countsLine(j: Journey): string {
  const t = totals(j);
  return `phones: platform=${j.key} browserTaps=${t.browserTaps} osTaps=${t.osTaps} entries=${t.entries} total=${t.total} file=${j.file} device="${j.device}"`;
}

const journeys: Journey[] = [];

async function report(j: Journey, testInfo: TestInfo): Promise<void> {
  journeys.push(j);
  const t = totals(j);
  const lines = [
    countsLine(j),
    `  in the browser (measured, ${t.browserTaps}): ${j.browserTaps.join(' → ')}`,
    `  outside the browser (counted from the page, ${t.osTaps} taps, ${t.entries} entries):`,
    ...STEPS[DEVICES[j.key].os].os.map((s) => `    [${s.step}] ${s.kind === 'tap' ? 'tap  ' : 'entry'} ${s.what}${s.unnamed ? `  (not on the page: ${s.unnamed})` : ''}`),
    `  pages: ${j.pages.join(' → ')}`,
    ...j.notes.map((n) => `  note: ${n}`),
  ];
  console.log(lines.join('\n'));
  await testInfo.attach('counts.json', { body: JSON.stringify({ ...j, ...t }, null, 2), contentType: 'application/json' });
  await testInfo.attach('counts.txt', { body: lines.join('\n') + '\n', contentType: 'text/plain' });
}

// ---------------------------------------------------------------------------
// The journey

/**
 * Walks one device from the link to the check page with the certificate
 * `issued`, tapping what the person taps, and reports what it measured and
 * counted.
 */
async function walk(
  { api, server, browser }: { api: Api; server: Server; browser: Browser },
  testInfo: TestInfo,
  device: Device,
  issued: Issued,
): Promise<void> {
  const table = STEPS[device.os];
  const ca = await fetchCA(server);
  const caInfo = await api<{ fingerprint: string }>('Certs', 'CA', {});
  expect(hex(caInfo.fingerprint)).toBe(hex(ca.cert.fingerprint256));

  // The admin makes a link with the default settings (24 h, one use).
  const link = await api<{ url: string; maxUses: number; qrPng: string }>('Links', 'Create', { certId: issued.cert.id });
  expect(link.url, 'the QR code opens the plain-HTTP download listener').toMatch(new RegExp(`^${escapeRe(server.downloadURL)}d/[A-Za-z0-9_-]{22,}$`));
  expect(link.url.startsWith('http://')).toBe(true);
  expect(Buffer.from(link.qrPng, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');

  const journey: Journey = {
    key: device.key,
    device: device.name,
    platform: device.platform,
    file: '',
    browserTaps: [],
    osTaps: table.os.filter((s) => s.kind === 'tap').map((s) => s.what),
    entries: table.os.filter((s) => s.kind === 'entry').map((s) => s.what),
    pages: [],
    notes: [],
  };
  /** A tap (touch screen) or click (mouse) of the person: counted. */
  const press = async (target: Locator, what: string) => {
    journey.browserTaps.push(what);
    if (device.touch) await target.tap();
    else await target.click();
  };

  const { context, page } = await openDevice(browser, device);
  try {
    const path = recordPath(page);

    // The camera (or the mail) opens the link.
    const res = await page.goto(link.url);
    expect(res?.status(), 'the download page loads').toBe(200);
    await expect(page.locator('h1')).toHaveText('クライアント証明書のダウンロード');
    // The page settles on this device's platform (an iPad is sent on by the page's script: no tap).
    await expect(page.getByTestId('platform')).toHaveText(device.platform);
    expect(page.url().startsWith(server.downloadURL), `${page.url()} is on the download listener`).toBe(true);
    if (device.key === 'ipad') {
      await expect(page).toHaveURL(/[?&]os=ios(&|$)/);
      await expect(page).toHaveURL(/[?&]auto=1(&|$)/);
      expect(await page.evaluate(() => navigator.maxTouchPoints)).toBe(IPAD_MAX_TOUCH_POINTS);
      expect(await page.evaluate(() => navigator.userAgent)).toContain('Macintosh');
    }
    await expect(page.getByTestId('remaining')).toHaveText(String(link.maxUses));
    await expect(page.getByTestId('fingerprint')).toHaveText(caInfo.fingerprint);
    await expect(page.getByTestId('plain-note')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`${device.key}-page.png`), fullPage: true });

    // The steps the page shows are the ones the table counts.
    const texts = (await page.locator('ol li').allTextContents()).map((t) => t.trim());
    await testInfo.attach('steps.txt', { body: texts.map((t, i) => `${i + 1}. ${t}`).join('\n') + '\n', contentType: 'text/plain' });
    checkStepsAgainstPage(table, texts, ca.name);

    // The root certificate button: the profile on iOS (not needed: the
    // profile of the download carries the root), cacert.cer elsewhere.
    await expect(page.getByTestId('download-ca')).toHaveAttribute('href', device.os === 'ios' ? '/ca.mobileconfig' : '/cacert.cer');

    // The buttons, in the order of the steps.
    let identity: Buffer | undefined;
    for (const b of table.browser) {
      const button = page.getByTestId(b.testid);
      await expect(button, `the page's 「${b.label}」 button`).toContainText(b.label);
      if (device.touch) {
        // Big enough for a finger.
        const box = (await button.boundingBox())!;
        expect(box.height, `「${b.label}」 is at least 44 px high`).toBeGreaterThanOrEqual(44);
      }
      if (b.testid === 'open-apps') break; // below, after the files
      const downloading = page.waitForEvent('download');
      await press(button, `「${b.label}」`);
      const download = await downloading;
      const saved = testInfo.outputPath(`${device.key}-${download.suggestedFilename()}`);
      await download.saveAs(saved);
      if (b.testid === 'download') {
        identity = await checkCertFile(download, saved, device, issued, ca);
        journey.file = download.suggestedFilename();
      } else {
        expect(download.suggestedFilename()).toBe('cacert.cer');
        expect(hex(new X509Certificate(readFileSync(saved)).fingerprint256), 'cacert.cer is the CA').toBe(hex(ca.cert.fingerprint256));
      }
    }
    expect(identity, 'the certificate file was downloaded').toBeDefined();

    // (The OS's steps happen here: counted in the table, not automated.)

    // 社内アプリを開く goes to the gateway's check page over HTTPS.
    const open = page.getByTestId('open-apps');
    const href = (await open.getAttribute('href'))!;
    const checkURL = new URL(href, page.url());
    const gateway = new URL(server.gatewayURL);
    expect(checkURL.protocol).toBe('https:');
    expect(checkURL.host).toBe(gateway.host);
    expect(checkURL.pathname).toBe('/_sekisho/check');
    // This headless Chromium has not done the OS's steps: it does not trust
    // the CA and holds no client certificate. The device that did them
    // reaches the gateway with the CA as trust anchor and the installed
    // identity; Node does that TLS (strict verification) for the tapped
    // request, and the page shows the gateway's answer.
    const tls = { ca: ca.pem, pfx: identity!, passphrase: issued.passphrase };
    let routed = '';
    await page.route(
      (u) => u.href.startsWith(`${server.gatewayURL}_sekisho/check`),
      async (route) => {
        routed = route.request().url();
        const r = await httpsGetTrusted(routed, tls, { 'Accept-Language': 'ja' });
        await route.fulfill({ status: r.status, headers: r.headers, body: r.body });
      },
    );
    await press(open, '「社内アプリを開く」');
    await expect(page).toHaveURL(checkURL.toString());
    expect(routed).toBe(checkURL.toString());
    await expect(page.getByTestId('check-tls')).toBeVisible();
    await expect(page.getByTestId('check-cert')).toHaveAttribute('data-state', 'ok');
    await page.screenshot({ path: testInfo.outputPath(`${device.key}-check.png`), fullPage: true });

    // The same check as JSON, straight from Node: the installed certificate is "ok".
    const json = await httpsGetTrusted(`${server.gatewayURL}_sekisho/check?format=json`, tls);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body.toString('utf8'))).toEqual({
      tls: true,
      cert: { state: 'ok', name: issued.cert.name, ...(issued.user ? { user: issued.user } : {}) },
    });

    // No certificate warning anywhere on the path: every page loaded, from
    // the download listener (http) or the check (https, trusted once installed).
    journey.pages = path.frames;
    expect(path.frames.filter((u) => u.startsWith('chrome-error:')), 'no error or warning page').toEqual([]);
    expect(path.failures.filter((f) => /CERT|SSL/.test(f.error)), 'no TLS failure').toEqual([]);
    for (const n of path.navigations) {
      expect(n.status, `${n.url} loads`).toBe(200);
      expect(n.url.startsWith(server.downloadURL) || n.url.startsWith(`${server.gatewayURL}_sekisho/check`), `${n.url} is on the path`).toBe(true);
    }
    expect(path.frames[0]).toBe(link.url);
    expect(path.frames.at(-1)).toBe(checkURL.toString());

    // After the download the link is used up (one use): what the person
    // finds when the page has to be opened again (a browser restart on
    // Windows, a tab Safari reloaded).
    const again = await context.newPage();
    const reopened = await again.goto(link.url);
    const stillOpens = (await again.getByTestId('open-apps').count()) > 0;
    journey.notes.push(
      `reopening the link after the download: HTTP ${reopened?.status()} ${reopened?.headers()['x-sekisho-link'] ?? ''}` +
        (stillOpens ? ', 社内アプリを開く still there' : ', no 社内アプリを開く on that page'),
    );
    // The used-up page still leads to the check (it is not secret).
    expect(reopened?.status(), 'the reopened one-use link is used up').toBe(410);
    expect(stillOpens, 'the used-up page still offers 社内アプリを開く').toBe(true);
    await again.close();
  } finally {
    await context.close();
  }
  await report(journey, testInfo);
}

/** Checks the downloaded certificate file; returns the PKCS#12 identity it carries. */
async function checkCertFile(
  download: Download,
  saved: string,
  device: Device,
  issued: Issued,
  ca: { cert: X509Certificate },
): Promise<Buffer> {
  if (device.os === 'ios') {
    expect(download.suggestedFilename()).toBe(`${issued.cert.name}.mobileconfig`);
    const xml = readFileSync(saved, 'utf8');
    expect(xml).toMatch(/^<\?xml[^>]*>\s*<!DOCTYPE plist/);
    const payloads = profilePayloads(xml);
    const p12 = payloads.filter((p) => p.type === 'com.apple.security.pkcs12');
    const roots = payloads.filter((p) => p.type === 'com.apple.security.root');
    expect(p12, 'the profile carries one identity').toHaveLength(1);
    expect(roots.map((r) => hex(new X509Certificate(r.content).fingerprint256)), 'the profile carries the root CA').toContain(
      hex(ca.cert.fingerprint256),
    );
    expect(xml, 'no password inside the profile').not.toContain(issued.passphrase);
    const file = `${saved}.p12`;
    writeFileSync(file, p12[0].content);
    const opened = opensslOpensP12(file, issued.passphrase);
    expect(opened.ok, opened.output).toBe(true);
    return p12[0].content;
  }
  expect(download.suggestedFilename()).toBe(`${issued.cert.name}.p12`);
  const opened = opensslOpensP12(saved, issued.passphrase);
  expect(opened.ok, opened.output).toBe(true);
  // The file carries the root CA too (Windows installs it from there: step 4).
  const pems = opened.output.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  expect(pems.map((p) => hex(new X509Certificate(p).fingerprint256)), 'the .p12 carries the root CA').toContain(hex(ca.cert.fingerprint256));
  return readFileSync(saved);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------
// The tests

test('iPhone: QR code → profile → trust → check, counted', async ({ api, server, browser }, testInfo) => {
  await walk({ api, server, browser }, testInfo, DEVICES.iphone, await issuePersonal(api, 'iph01', '携帯 一郎'));
});

test('iPad (iPadOS sends a Mac UA): the page turns to iPhone / iPad by itself; profile → trust → check, counted', async ({
  api,
  server,
  browser,
}, testInfo) => {
  await walk({ api, server, browser }, testInfo, DEVICES.ipad, await issuePersonal(api, 'ipd01', '板 二郎'));
});

test('Android: QR code → .p12 and root → install → check, counted', async ({ api, server, browser }, testInfo) => {
  await walk({ api, server, browser }, testInfo, DEVICES.android, await issuePersonal(api, 'and01', '緑 三郎'));
});

test('Windows: link → .p12 → import wizard → check, counted (a shared certificate)', async ({ api, server, browser }, testInfo) => {
  await walk({ api, server, browser }, testInfo, DEVICES.windows, await issueShared(api, 'OfficePC01'));
});

test('Mac: link → .p12 and root → Keychain Access → check, counted', async ({ api, server, browser }, testInfo) => {
  await walk({ api, server, browser }, testInfo, DEVICES.mac, await issuePersonal(api, 'mac01', '林檎 四郎'));
});

test('iPad: a platform chosen with the page\'s links stays on reload (cookie), over the iPad detection', async ({ api, server, browser }) => {
  const issued = await issuePersonal(api, 'ipd02', '板 五郎');
  const link = await api<{ url: string }>('Links', 'Create', { certId: issued.cert.id, maxUses: 1 });
  const { context, page } = await openDevice(browser, DEVICES.ipad);
  try {
    await page.goto(link.url);
    await expect(page.getByTestId('platform')).toHaveText('iPhone / iPad');
    await expect(page).toHaveURL(/auto=1/);
    expect((await context.cookies()).find((c) => c.name === 'sekisho_os'), 'the automatic choice sets no cookie').toBeUndefined();

    // The person says it is a Mac after all: it stays so, over the script.
    await page.getByRole('link', { name: 'Mac', exact: true }).tap();
    await expect(page.getByTestId('platform')).toHaveText('Mac');
    expect((await context.cookies()).find((c) => c.name === 'sekisho_os')?.value).toBe('macos');
    await page.reload();
    await expect(page.getByTestId('platform')).toHaveText('Mac');
    await page.goto(link.url); // the bare link again
    await expect(page.getByTestId('platform')).toHaveText('Mac');
    await page.waitForLoadState('networkidle');
    await expect(page.getByTestId('platform')).toHaveText('Mac');
    expect(page.url()).toBe(link.url);

    // And back to iPhone / iPad.
    await page.getByRole('link', { name: 'iPhone / iPad', exact: true }).tap();
    await expect(page.getByTestId('platform')).toHaveText('iPhone / iPad');
    await page.goto(link.url);
    await expect(page.getByTestId('platform')).toHaveText('iPhone / iPad');
    expect((await context.cookies()).find((c) => c.name === 'sekisho_os')?.value).toBe('ios');
    // Viewing the page used nothing.
    await expect(page.getByTestId('remaining')).toHaveText('1');
  } finally {
    await context.close();
  }
});

test('control: these browsers do not trust the CA, so a warning would show (the gateway before the OS steps)', async ({ server, browser }) => {
  const { context, page } = await openDevice(browser, DEVICES.android);
  try {
    await expect(page.goto(`${server.gatewayURL}_sekisho/check`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID|ERR_CERT_/);
    await expect(page.goto(`${server.portalURL}`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID|ERR_CERT_/);
  } finally {
    await context.close();
  }
});

test.afterAll(async () => {
  if (journeys.length === 0) return;
  console.log(['phones: summary', ...journeys.map(countsLine)].join('\n'));
});
