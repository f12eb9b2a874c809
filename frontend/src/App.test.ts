// The app shell: desktop boot with the bindings, serve-mode token prompt.
import { describe, expect, it, vi } from 'vitest';
import type { ConsoleState } from './lib/api/types';
import { createFakeBackend, type FakeBackend } from './test/fakeBackend';
import { click, fakeRuntime, settle, type, type Screen } from './test/dom';
import { startApp } from './test/app';
import { useScreenTests } from './test/screens';

let s: Screen;
let target: HTMLElement;

async function start(backend?: FakeBackend) {
  s = await startApp(backend);
  target = s.target;
}

useScreenTests();

describe('App', () => {
  it('boots in desktop mode with every area in the navigation', async () => {
    const backend = createFakeBackend();
    await start(backend);
    const keys = [...target.querySelectorAll<HTMLElement>('[data-testid^="nav-"]')].map((a) => a.dataset.testid);
    expect(keys).toEqual([
      'nav-home',
      'nav-users',
      'nav-certs',
      'nav-ipRules',
      'nav-devices',
      'nav-distribution',
      'nav-gateway',
      'nav-settings',
    ]);
    expect(target.querySelector('[data-testid="nav-users"]')!.textContent).toContain('ユーザー');
    expect(target.querySelector('[data-testid="app-mode"]')!.textContent).toContain('デスクトップ');
    expect(target.querySelector('[data-testid="home-system"]')!.textContent).toContain('/home/admin/.config/sekisho');
  });

  it('opens the IP rules, devices and gateway screens', async () => {
    history.replaceState(null, '', '/#/ip-rules');
    await start(createFakeBackend());
    expect(target.querySelector('[data-testid="iprules-table"]')).toBeTruthy();
    expect(target.querySelector('[data-testid="not-available"]')).toBeNull();
    location.hash = '#/devices';
    await settle();
    expect(target.querySelector('[data-testid="devices-table"]')).toBeTruthy();
    location.hash = '#/gateway/access';
    await settle();
    expect(target.querySelector('[data-testid="access-table"]')).toBeTruthy();
  });

  it('badges 端末 with the pending requests; a device:requested event toasts and 確認する opens them', async () => {
    const off = vi.fn();
    const handlers = fakeRuntime(off);
    const backend = createFakeBackend();
    await start(backend);
    const badge = () => target.querySelector('[data-testid="devices-pending-badge"]');
    expect(badge()!.textContent).toBe('2');
    backend.devices.push({ ...backend.devices[0], id: '9', status: 'pending' });
    handlers.get('device:requested')!({ userId: '18', userCode: '001018', deviceName: 'iPhone 15' });
    await settle();
    expect(badge()!.textContent).toBe('3');
    const toastEl = target.querySelector<HTMLElement>('[data-testid="toast"][data-topic="device-requested"]')!;
    expect(toastEl.textContent).toContain('端末の利用申請を受け取りました');
    toastEl.querySelector<HTMLElement>('[data-testid="toast-action"]')!.click();
    await settle();
    expect(location.hash).toBe('#/devices?status=pending');
    expect(target.querySelector('[data-testid="devices-filter-status-pending"]')!.classList.contains('on')).toBe(true);
    expect(target.querySelectorAll('[data-testid="device-row"]')).toHaveLength(3);
    s.destroy();
    expect(off).toHaveBeenCalled();
    delete window.runtime;
  });

  it('switches the language and saves it', async () => {
    const backend = createFakeBackend();
    await start(backend);
    target.querySelector<HTMLElement>('[data-testid="lang-en"]')!.click();
    await settle();
    expect(target.querySelector('[data-testid="nav-users"]')!.textContent).toContain('Users');
    expect(backend.settings.language).toBe('en');
  });

  it('asks for the token in serve mode, then takes it', async () => {
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      const auth = (init.headers as Record<string, string>).Authorization;
      if (auth !== 'Bearer good') {
        return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'no' } }), { status: 401 });
      }
      const body: Record<string, unknown> = {
        '/api/Settings.Get': { language: 'ja', organizationName: '', strictMode: false },
        '/api/System.Info': { version: '1', mode: 'serve', dataDir: '/d', portalUrl: '', gatewayUrl: '', caFingerprint: '' },
        '/api/Users.List': { items: [], total: 0, page: 1, pageSize: 10 },
      };
      return new Response(JSON.stringify(body[url] ?? {}), { status: 200 });
    });
    vi.stubGlobal('fetch', fetchMock);
    await start();
    const input = target.querySelector<HTMLInputElement>('[data-testid="token-input"]')!;
    expect(input).toBeTruthy();

    type(input, 'bad');
    click(s.$('token-submit'));
    await settle();
    expect(target.querySelector('[data-testid="token-error"]')).toBeTruthy();

    type(input, 'good');
    click(s.$('token-submit'));
    await settle();
    expect(target.querySelector('[data-testid="token-form"]')).toBeNull();
    expect(target.querySelector('[data-testid="app-mode"]')!.textContent).toContain('serve');
    expect(sessionStorage.getItem('sekisho.adminToken')).toBe('good');
  });

  it('takes the token from the URL hash', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ language: 'en', organizationName: 'ACME', strictMode: false }))),
    );
    history.replaceState(null, '', '/#/settings?token=from-url');
    await start();
    expect(location.hash).toBe('#/settings');
    expect(target.querySelector('[data-testid="org-name"]')!.textContent).toBe('ACME');
  });
});

describe('the window as a console', () => {
  const portable: ConsoleState = {
    mode: 'portable',
    dataDir: '/home/admin/.config/sekisho',
    engineUrl: '',
    enginePid: 0,
    connected: true,
    serviceDataDir: '/var/lib/sekisho',
    installCommands: ['sudo /usr/local/bin/sekisho service install', 'sudo /usr/local/bin/sekisho service start'],
  };
  const attached: ConsoleState = {
    mode: 'attached',
    dataDir: '/var/lib/sekisho',
    engineUrl: 'http://127.0.0.1:7700/',
    enginePid: 4242,
    connected: true,
    serviceDataDir: '/var/lib/sekisho',
    installCommands: [],
  };

  it('portable: says the gateway stops with the window and shows how to install the service', async () => {
    const backend = createFakeBackend();
    backend.settings.language = 'ja';
    backend.services.Console = { State: async () => structuredClone(portable) };
    await start(backend);
    const banner = target.querySelector<HTMLElement>('[data-testid="portable-banner"]')!;
    expect(banner.textContent).toContain('このウィンドウを閉じるとゲートウェイも停止します');
    expect(target.querySelector('[data-testid="console-attached"]')).toBeNull();
    expect(target.querySelector('[data-testid="home-mode"]')!.textContent).toContain('ポータブル');

    const before = backend.calls.length;
    banner.querySelector<HTMLElement>('[data-testid="portable-install"]')!.click();
    await settle();
    const dialog = target.querySelector<HTMLElement>('[data-testid="install-dialog"]')!;
    expect(dialog.querySelector('[data-testid="install-commands"]')!.textContent).toBe(
      'sudo /usr/local/bin/sekisho service install\nsudo /usr/local/bin/sekisho service start',
    );
    expect(dialog.querySelector('[data-testid="install-data"]')!.textContent).toContain('/var/lib/sekisho');
    // Nothing was run: the window only shows the commands.
    expect(backend.calls.length).toBe(before);
    dialog.querySelector<HTMLElement>('[data-testid="install-close"]')!.click();
    await settle();
    expect(target.querySelector('[data-testid="install-dialog"]')).toBeNull();

    target.querySelector<HTMLElement>('[data-testid="lang-en"]')!.click();
    await settle();
    expect(target.querySelector('[data-testid="portable-banner"]')!.textContent).toContain('The gateway stops when this window closes');
  });

  it('attached: a small indicator, no banner, and every call but the window\'s own goes to the engine over /api/', async () => {
    const handlers = fakeRuntime();
    // The engine, behind the window's /api/ (its handler adds the token).
    const engine = createFakeBackend();
    engine.settings.language = 'ja';
    engine.info.mode = 'serve';
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      const [svc, method] = url.replace('/api/', '').split('.');
      const fn = engine.services[svc]?.[method];
      if (!fn) return new Response(JSON.stringify({ error: { code: 'not_found', message: url } }), { status: 404 });
      return new Response(JSON.stringify(await fn(JSON.parse(String(init.body)))), { status: 200 });
    });
    vi.stubGlobal('fetch', fetchMock);
    // The window's bindings: only its own methods may be called there.
    const window_ = createFakeBackend();
    window_.services.Console = {
      State: async () => {
        window_.calls.push({ method: 'Console.State', req: {} });
        return structuredClone(attached);
      },
    };
    await start(window_);

    const ind = target.querySelector<HTMLElement>('[data-testid="console-attached"]')!;
    expect(ind.textContent).toContain('サービスに接続中');
    expect(ind.dataset.connected).toBe('true');
    expect(ind.title).toContain('http://127.0.0.1:7700/');
    expect(target.querySelector('[data-testid="portable-banner"]')).toBeNull();
    expect(target.querySelector('[data-testid="home-mode"]')!.textContent).toContain('サービス');
    expect(window_.calls.map((c) => c.method)).toEqual(['Console.State']);
    const urls = fetchMock.mock.calls.map((c) => c[0]);
    expect(urls).toContain('/api/Settings.Get');
    expect(urls).toContain('/api/System.Dashboard');
    for (const [, init] of fetchMock.mock.calls) {
      expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
    }

    // The engine's stream went down: the indicator says so.
    handlers.get('console:state')!({ ...attached, connected: false });
    await settle();
    const lost = target.querySelector<HTMLElement>('[data-testid="console-attached"]')!;
    expect(lost.dataset.connected).toBe('false');
    expect(lost.textContent).toContain('サービスに接続できません');
  });
});
