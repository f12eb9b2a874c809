// Component test: ゲートウェイ (routes, addresses, access log) against the in-memory backend.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import Gateway from './Gateway.svelte';
import { createFakeBackend, sampleAccess, type FakeBackend } from '../../test/fakeBackend';
import { choose, click, settle, toastTexts, type, type Screen } from '../../test/dom';
import { openScreen, useScreenTests } from '../../test/screens';
import { router } from '../../lib/stores/router.svelte';

let backend: FakeBackend;
let s: Screen;

/** open shows the screen at path; query, when given, is the hash's (#/gateway/access?decision=deny) */
async function open(path: string, b = createFakeBackend(), query = '') {
  router.path = path;
  router.query = query;
  s = await openScreen(Gateway, (backend = b));
}

useScreenTests();

const calls = (m: string) => backend.calls.filter((c) => c.method === m);

describe('ゲートウェイ: routes', () => {
  it('shows the addresses with QR codes and the sign-in URL', async () => {
    await open('/gateway');
    expect(s.$('gateway-url')!.textContent).toBe('https://192.168.1.20:9443/');
    expect(s.$('portal-url')!.textContent).toBe('https://192.168.1.20:8443/');
    expect(s.$<HTMLImageElement>('gateway-qr')!.src).toMatch(/^data:image\/png;base64,/);
    expect(s.$('portal-qr')).toBeTruthy();
    expect(s.$('gateway-login-url')!.textContent).toBe('https://192.168.1.20:9443/_sekisho/login');
    expect(s.$('gateway-flow')!.textContent).toContain('申請');
    expect(s.$('routes-empty')).toBeTruthy();
  });

  it('creates a route, showing field errors, and tests the upstream', async () => {
    await open('/gateway');
    click(s.$('routes-new'));
    expect(s.$<HTMLInputElement>('route-require-sign-in')!.checked).toBe(true);
    type(s.$('route-name'), 'Wiki');
    type(s.$('route-upstream'), 'ftp://wiki');
    click(s.$('route-save'));
    await settle();
    expect(s.$('field-error-route-upstream')!.textContent).toContain('http://');

    type(s.$('route-upstream'), 'http://down.example');
    click(s.$('route-test'));
    await settle();
    expect(s.$('route-test-result')!.dataset.ok).toBe('false');
    // the words first, the network error as the detail line
    expect(s.$('route-test-result-message')!.textContent).toContain('down.example に接続できませんでした（接続を拒否されました）');
    expect(s.$('route-test-result-detail')!.textContent).toBe('dial tcp down.example: connect: connection refused');

    type(s.$('route-upstream'), 'http://192.168.1.10:8080');
    click(s.$('route-test'));
    await settle();
    expect(s.$('route-test-result')!.dataset.ok).toBe('true');
    expect(s.$('route-test-result')!.textContent).toContain('HTTP 200');

    type(s.$('route-path'), 'wiki');
    expect(s.$('route-public-url')!.textContent).toBe('https://192.168.1.20:9443/wiki');
    click(s.$('route-require-cert'));
    click(s.$('route-save'));
    await settle();
    expect(calls('Routes.Create').at(-1)!.req).toEqual({
      name: 'Wiki',
      host: '',
      pathPrefix: '/wiki',
      upstream: 'http://192.168.1.10:8080',
      requireSignIn: true,
      requireCertificate: true,
      enabled: true,
    });
    expect(s.$('route-dialog')).toBeNull();
    const row = s.$('route-row')!;
    expect(row.querySelector('[data-testid="route-row-match"]')!.textContent).toBe('https://192.168.1.20:9443/wiki');
    expect(row.querySelector('[data-testid="route-row-cert"]')).toBeTruthy();
  });

  it('tests a saved route from its row, disables and deletes it', async () => {
    await open(
      '/gateway',
      createFakeBackend({
        routes: [
          { id: '1', name: 'NAS', host: '', pathPrefix: '/', upstream: 'http://broken.nas', requireSignIn: true, requireCertificate: false, enabled: true },
        ],
      }),
    );
    click(s.$('route-row-test'));
    await settle();
    expect(calls('Routes.Test')[0].req).toEqual({ id: '1' });
    expect(s.$('route-row-test-result')!.textContent).toContain('HTTP 502');
    expect(s.$('route-row-test-result-message')!.textContent).toContain('アプリがエラーを返しました');
    expect(s.$('route-row-test-result-detail')!.textContent).toBe('502 Bad Gateway');
    click(s.$('route-row-toggle'));
    await settle();
    expect(backend.routes[0].enabled).toBe(false);
    expect(s.$('route-row')!.dataset.enabled).toBe('false');

    click(s.$('route-row-open'));
    click(s.$('route-delete'));
    click(s.$('confirm-ok'));
    await settle();
    expect(backend.routes).toEqual([]);
    expect(s.$('routes-empty')).toBeTruthy();
  });
});

describe('ゲートウェイ: access log', () => {
  it('lists entries with reasons translated and the code shown, pages and filters', async () => {
    await open('/gateway/access', createFakeBackend({ access: sampleAccess(120) }));
    expect(s.$('access-total')!.textContent).toContain('120件');
    expect(s.$$('access-row')).toHaveLength(50);
    const denied = s.$$('access-row').find((r) => r.dataset.reason === 'ip_not_allowed')!;
    expect(denied.querySelector('[data-testid="access-row-reason"]')!.textContent).toContain('許可されていないIPアドレス');
    expect(denied.querySelector('[data-testid="access-row-reason-code"]')!.textContent).toBe('ip_not_allowed');
    expect(denied.querySelector('[data-testid="access-row-decision"]')!.textContent).toBe('拒否');

    click(s.$('access-pager-next'));
    await settle();
    expect(calls('Access.List').at(-1)!.req).toEqual({ page: 2, pageSize: 50 });

    click(s.$('access-filter-decision-deny'));
    await settle();
    expect(calls('Access.List').at(-1)!.req).toEqual({ decision: 'deny', page: 1, pageSize: 50 });
    expect(s.$$('access-row').every((r) => r.dataset.decision === 'deny')).toBe(true);

    click(s.$('access-advanced-toggle'));
    choose(s.$('access-filter-reason'), 'sign_in_required');
    type(s.$('access-filter-ip'), '192.168.1.31');
    click(s.$('access-filter-apply'));
    await settle();
    expect(calls('Access.List').at(-1)!.req).toEqual({
      decision: 'deny',
      reason: 'sign_in_required',
      clientIp: '192.168.1.31',
      page: 1,
      pageSize: 50,
    });
    expect(s.$$('access-row').every((r) => r.dataset.reason === 'sign_in_required')).toBe(true);

    type(s.$('access-filter-from'), '2026-11-02');
    type(s.$('access-filter-to'), '2026-11-01');
    click(s.$('access-filter-apply'));
    await settle();
    expect(s.$('access-range-error')!.textContent).toContain('終了日は開始日以降');

    click(s.$('access-filter-clear-inline'));
    await settle();
    expect(s.$('access-total')!.textContent).toContain('120件');
  });

  it('offers the reasons grouped as the gateway decides (IP, certificate, user, device, sign-in, …), not alphabetically', async () => {
    await open('/gateway/access');
    click(s.$('access-advanced-toggle'));
    const select = s.$<HTMLSelectElement>('access-filter-reason')!;
    const values = [...select.options].map((o) => o.value);
    expect(values.slice(0, 3)).toEqual(['', 'ip_not_allowed', 'certificate_required']);
    expect(values.indexOf('certificate_not_yours')).toBeLessThan(values.indexOf('user_suspended'));
    expect(values.indexOf('device_rejected')).toBeLessThan(values.indexOf('sign_in_required'));
    expect(values.at(-1)).toBe('bad_path');
    expect(values).toHaveLength(19);
    expect([...select.querySelectorAll('optgroup')].map((g) => g.label)).toEqual([
      'IPアドレス',
      '証明書',
      'ユーザー',
      '端末',
      'ログイン',
      '本人による発行',
      'その他',
    ]);
  });

  it('exports CSV through the native save dialog, shows dropped entries, saves the retention', async () => {
    const b = createFakeBackend();
    b.dropped = 7;
    await open('/gateway/access', b);
    expect(s.$('access-dropped')!.textContent).toContain('7件');
    click(s.$('access-filter-decision-deny'));
    await settle();
    click(s.$('access-export'));
    await settle();
    expect(calls('Access.ExportCSV')[0].req).toEqual({ decision: 'deny' });
    expect(calls('System.SaveFile')[0].req).toMatchObject({ filename: 'access-20250101-000000.csv' });
    expect(toastTexts().some((t) => t.text.includes('access-20250101-000000.csv'))).toBe(true);

    expect(s.$<HTMLInputElement>('access-retention-days')!.value).toBe('90');
    expect(s.$<HTMLButtonElement>('access-retention-save')!.disabled).toBe(true);
    type(s.$('access-retention-days'), '0');
    click(s.$('access-retention-save'));
    await settle();
    expect(s.$('field-error-access-retention-days')!.textContent).toContain('1〜3650');
    type(s.$('access-retention-days'), '30');
    click(s.$('access-retention-save'));
    await settle();
    expect(backend.settings.accessLogRetentionDays).toBe(30);
  });

  it('opens filtered to denials from #/gateway/access?decision=deny', async () => {
    await open('/gateway/access', createFakeBackend(), 'decision=deny');
    flushSync();
    expect(calls('Access.List')[0].req).toMatchObject({ decision: 'deny' });
  });

  it("opens filtered to failed sign-ins from Home's link", async () => {
    await open('/gateway/access', createFakeBackend(), 'decision=deny&reason=sign_in_failed');
    flushSync();
    expect(calls('Access.List')[0].req).toMatchObject({ decision: 'deny', reason: 'sign_in_failed' });
  });
});
