// Smoke tests: the serve binary is up, guards its API, serves the admin UI and
// the portal's CA certificate.
import { X509Certificate } from 'node:crypto';
import { test, expect } from '../fixtures';

/** The eight areas of the admin UI in navigation order: test id key and Japanese label. */
const AREAS: [key: string, label: string][] = [
  ['home', 'ホーム'],
  ['users', 'ユーザー'],
  ['certs', '証明書'],
  ['ipRules', 'IP接続制限'],
  ['devices', '端末'],
  ['distribution', '配布'],
  ['gateway', 'ゲートウェイ'],
  ['settings', '設定'],
];

test('GET /healthz answers 200 without a token', async ({ request, server }) => {
  const res = await request.get(`${server.adminURL}healthz`);
  expect(res.status()).toBe(200);
});

test('an API call without a token is 401 unauthorized', async ({ apiRaw }) => {
  const res = await apiRaw('Users', 'List', {}, { token: null });
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
});

test('an API call with a wrong token is 401 unauthorized', async ({ apiRaw }) => {
  const res = await apiRaw('Users', 'List', {}, { token: 'wrong-token' });
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
});

test('an API call with the token succeeds', async ({ api }) => {
  const list = await api('Users', 'List', {});
  expect(list).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
});

test('the admin UI shows the app shell with all eight areas', async ({ adminPage: page }) => {
  // The locale is ja-JP (playwright.config.ts), so the UI is in Japanese.
  const nav = page.getByRole('navigation', { name: 'メインメニュー' });
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('link')).toHaveCount(AREAS.length);
  for (const [key, label] of AREAS) {
    const link = nav.getByTestId(`nav-${key}`);
    await expect(link, `navigation entry ${label}`).toBeVisible();
    await expect(link).toHaveText(label);
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  // Serve mode, and the token has left the address bar (frontend/TESTIDS.md).
  await expect(page.getByTestId('app-mode')).toContainText('serve');
  await expect(page).not.toHaveURL(/token=/);
});

test('the portal serves the CA certificate as PEM over HTTPS', async ({ request, server }) => {
  expect(server.portalURL).toMatch(/^https:\/\//);
  const res = await request.get(`${server.portalURL}cacert.pem`);
  expect(res.status()).toBe(200);
  const pem = await res.text();
  expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\r?\n?$/);
  const cert = new X509Certificate(pem);
  expect(cert.ca, 'the portal certificate is a CA').toBe(true);
});
