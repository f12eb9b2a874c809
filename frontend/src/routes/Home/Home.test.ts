import { describe, expect, it } from 'vitest';
import Home from './Home.svelte';
import { createFakeBackend, makeCert, sampleAccess } from '../../test/fakeBackend';
import { click, render, settle, type Screen } from '../../test/dom';
import { openScreen, useScreenTests } from '../../test/screens';
import { setLanguage } from '../../lib/i18n/index.svelte';
import { dashboardState } from '../../lib/stores/dashboard.svelte';

let s: Screen;

useScreenTests();

describe('Home', () => {
  it('says "loading" until the first answer, never "none", "not running" or "could not be loaded"', async () => {
    const backend = createFakeBackend();
    const real = backend.services.System.Dashboard;
    let release = () => {};
    let fail = (_e: unknown) => {};
    backend.services.System.Dashboard = (req) =>
      new Promise((resolve, reject) => {
        release = () => resolve(real(req));
        fail = reject;
      });
    dashboardState.error = '';
    s = await openScreen(Home, backend);
    // everything the dashboard fills (the system card reads System.Info, loaded before the shell)
    const text = () =>
      ['home-protection', 'home-pending', 'home-signins', 'home-denials', 'home-lan', 'home-server']
        .map((id) => s.$(id)!.textContent)
        .join(' ');
    expect(s.$('home-loading')).toBeTruthy();
    expect(s.$('home-dashboard-error')).toBeNull();
    expect(text()).not.toContain('停止中');
    expect(text()).not.toContain('読み込めません');
    expect(text()).not.toContain('申請中の端末はありません');
    expect(text()).not.toContain('ログインの失敗はありません');
    expect(s.$('home-gateway-url')!.textContent).toContain('読み込み中');
    release();
    await settle();
    expect(s.$('home-loading')).toBeNull();
    expect(s.$('home-gateway-url')!.textContent).toContain('https://');
    expect(s.$('home-pending')!.textContent).not.toContain('読み込み中');

    // A failure shows as one, after it happened.
    s.destroy();
    dashboardState.data = null;
    s = render(Home);
    await settle();
    expect(s.$('home-dashboard-error')).toBeNull();
    fail(new Error('engine gone'));
    await settle();
    expect(s.$('home-dashboard-error')!.textContent).toContain('読み込めませんでした');
    expect(s.$('home-loading')).toBeNull();
    expect(text()).not.toContain('停止中');
  });

  it('shows the compact coverage timeline and its warnings, renewing from there', async () => {
    const backend = createFakeBackend();
    s = await openScreen(Home, backend);
    expect(s.$('fail-open-banner')).toBeNull();
    expect(s.$('home-valid-certs')!.textContent).toContain('3枚');
    expect(s.$('coverage-chart')).toBeTruthy();
    expect(s.$$('coverage-bar').length).toBeLessThanOrEqual(8);
    expect(s.$$('coverage-warning').map((w) => w.dataset.kind).sort()).toEqual(['expiringNoSuccessor', 'lowOverlap']);
    click(s.$('coverage-warning-renew'));
    await settle();
    expect(s.$('renew-dialog')).toBeTruthy();
  });

  it('flags fail-open loudly', async () => {
    s = await openScreen(Home, createFakeBackend({ certs: [makeCert(1, { enabled: false })] }));
    expect(s.$('fail-open-banner')!.textContent).toContain('フェイルオープン');
    expect(s.$('fail-open-settings')!.getAttribute('href')).toBe('#/settings');
  });

  it('shows what is enforced, pending devices, denials over 24 hours, the LAN and the server', async () => {
    const backend = createFakeBackend({
      ipRules: [{ id: '1', name: 'LAN', description: '', address: '192.168.1.0/24', enabled: true }],
      routes: [{ id: '1', name: 'Wiki', host: '', pathPrefix: '/', upstream: 'http://w', requireSignIn: true, requireCertificate: false, enabled: true }],
      access: sampleAccess(40),
    });
    backend.dropped = 2;
    s = await openScreen(Home, backend);
    const ip = s.$('home-protection-ip')!;
    expect(ip.dataset.on).toBe('true');
    expect(ip.textContent).toContain('有効な1件の接続制限で制限中');
    expect(s.$('home-protection-routes')!.textContent).toContain('1件が有効');
    expect(s.$('home-protection-cert')!.textContent).toContain('11人に適用');
    expect(s.$('home-protection-suspended')!.textContent).toContain('6人');
    expect(s.$('home-protection-strict')!.dataset.on).toBe('false');

    expect(s.$('home-pending-count')!.textContent).toBe('2');
    expect(s.$('home-pending-link')!.getAttribute('href')).toBe('#/devices?status=pending');

    const bars = s.$$('denials-bar');
    expect(bars).toHaveLength(24);
    const total = bars.reduce((n, b) => n + Number(b.dataset.count), 0);
    expect(total).toBeGreaterThan(0);
    expect(s.$('denials-chart')!.dataset.total).toBe(String(total));
    expect(s.$('home-denials-total')!.textContent).toContain(`${total}件`);
    expect(s.$$('home-recent-denial').length).toBeGreaterThan(0);
    expect(s.$$('home-recent-denial')[0].dataset.reason).toBeTruthy();
    expect(s.$('home-denials-link')!.getAttribute('href')).toBe('#/gateway/access?decision=deny');

    expect(s.$('home-expiring-item')!.textContent).toContain('Tokyo2025');
    expect(s.$('home-expiring-item')!.textContent).toContain('あと20日');

    expect(s.$$('home-lan-address').map((e) => e.textContent)).toEqual(['192.168.1.20']);
    expect(s.$('home-portal-url')!.textContent).toContain('https://192.168.1.20:8443/');
    expect(s.$<HTMLImageElement>('home-portal-qr')!.src).toMatch(/^data:image\/png;base64,/);
    // The QR and its copy button open the root certificate's page on the
    // download listener: no certificate warning on a phone.
    expect(s.$('home-download-url')!.textContent).toContain('http://192.168.1.20:7080/');
    expect(s.$('home-portal-qr')!.closest('.qr-fig')!.textContent).toContain('証明書の警告なしで');
    expect(s.$('home-log-written')!.textContent).toBe('40');
    expect(s.$('home-log-dropped')!.textContent).toBe('2');
    expect(s.$('home-active-users')!.textContent).toBe('39');
    expect(s.$('home-signins-count')!.textContent).toBe('0');
    expect(s.$('home-signins')!.textContent).toContain('ログインの失敗はありません');
  });

  it('counts failed sign-ins on their own, outside the denial chart', async () => {
    const now = Date.now();
    const attempt = (i: number, reason: string) => ({
      time: new Date(now - i * 60_000).toISOString(),
      clientIp: '198.51.100.66',
      userCode: '000419',
      certName: '',
      device: '',
      route: '',
      method: 'POST',
      path: '/_sekisho/login',
      decision: 'deny' as const,
      reason,
    });
    const access = [
      ...Array.from({ length: 3 }, (_, i) => attempt(i, 'sign_in_failed')),
      ...Array.from({ length: 12 }, (_, i) => attempt(i, 'sign_in_throttled')),
      { ...attempt(1, 'ip_not_allowed'), route: 'Wiki', method: 'GET', path: '/' },
    ];
    s = await openScreen(Home, createFakeBackend({ access }));
    expect(s.$('home-signins-count')!.textContent).toBe('15');
    expect(s.$('home-signins-breakdown')!.textContent).toContain('パスワード違い 3件');
    expect(s.$('home-signins-breakdown')!.textContent).toContain('試行の制限 12件');
    expect(s.$('home-signins-link')!.getAttribute('href')).toBe('#/gateway/access?decision=deny&reason=sign_in_failed');
    expect(s.$('denials-chart')!.dataset.total).toBe('1');
    expect(s.$$('home-recent-denial').map((e) => e.dataset.reason)).toEqual(['ip_not_allowed']);
  });

  it('shows the scheduled backups: off, a success, and a warning when it failed or is late', async () => {
    const backend = createFakeBackend();
    s = await openScreen(Home, backend);
    expect(s.$('home-backup-status')!.textContent).toContain('オフ');
    expect(s.$('home-backup')!.dataset.warn).toBe('false');
    s.destroy();

    backend.settings.backupScheduleEnabled = true;
    backend.backupLast = { lastAt: '2026-12-03T01:45:00Z', lastOk: true, lastError: '', lastFile: 'sekisho-20261203-104500.sekisho-backup', due: false };
    dashboardState.data = null;
    s = render(Home);
    await settle();
    expect(s.$('home-backup-status')!.textContent).toContain('sekisho-20261203-104500.sekisho-backup');
    expect(s.$('home-backup')!.dataset.warn).toBe('false');
    expect(s.$('home-backup-due')).toBeNull();
    s.destroy();

    backend.backupLast = { lastAt: '2026-12-04T01:45:00Z', lastOk: false, lastError: 'backup folder: no such file or directory', lastFile: '', due: true };
    dashboardState.data = null;
    setLanguage('en');
    s = render(Home);
    await settle();
    expect(s.$('home-backup')!.dataset.warn).toBe('true');
    expect(s.$('home-backup-status')!.textContent).toContain('Failed at');
    expect(s.$('home-backup-status')!.textContent).toContain('no such file or directory');
    expect(s.$('home-backup-due')!.textContent).toContain('older than the schedule');
    expect(s.$('home-backup-link')!.getAttribute('href')).toBe('#/settings');
  });

  it('warns when the schedule is on and has never run', async () => {
    const backend = createFakeBackend();
    backend.settings.backupScheduleEnabled = true;
    s = await openScreen(Home, backend);
    expect(s.$('home-backup')!.dataset.warn).toBe('true');
    expect(s.$('home-backup-status')!.textContent).toContain('まだ実行されていません');
  });
});

describe('Home: the CA', () => {
  it("shows the CA's end date without a warning while more than a year remains", async () => {
    const backend = createFakeBackend();
    backend.caNotAfter = '2045-06-15T12:00:00Z';
    s = await openScreen(Home, backend);
    const line = s.$('home-ca')!;
    expect(line.dataset.warn).toBe('false');
    expect(s.$('home-ca-status')!.textContent).toMatch(/2045\/06\/1[56]/);
    expect(s.$('home-ca-status')!.textContent).toContain('まで有効');
    expect(s.$('home-ca-warn')).toBeNull();
    expect(s.$('home-ca-link')).toBeNull();
  });

  it('warns a year ahead that every certificate depends on the CA, pointing to the plan', async () => {
    const backend = createFakeBackend();
    backend.caNotAfter = new Date(Date.now() + 100 * 86_400_000 + 3_600_000).toISOString();
    s = await openScreen(Home, backend);
    expect(s.$('home-ca')!.dataset.warn).toBe('true');
    expect(s.$('home-ca-status')!.textContent).toContain('残り100日');
    const warn = s.$('home-ca-warn')!.textContent!;
    expect(warn).toContain('すべての証明書はこの認証局に依存');
    expect(warn).toContain('docs/operations.md');
    // The way there: the CA card in the settings, where it is renewed.
    const link = s.$('home-ca-link')!;
    expect(link.getAttribute('href')).toBe('#/settings?section=ca');
    expect(link.classList.contains('btn-primary')).toBe(true);
    expect(link.textContent).toContain('認証局の設定');
  });
});
