// Home while it loads and what it counts as a denial (issue 12): it said
// 停止中 / 読み込めませんでした before the dashboard answered, and counted
// the normal redirects to the sign-in page (sign_in_required) as denials.
import { test, expect } from '../fixtures';

test('Home says loading until the dashboard answers, and leaves sign-in redirects out of the denials', async ({
  api,
  server,
  request,
  page,
}) => {
  await api('Routes', 'Create', { name: '勤怠', pathPrefix: '/kintai', upstream: 'http://127.0.0.1:9', requireSignIn: true, enabled: true });
  await api('Routes', 'Create', { name: '経理', pathPrefix: '/keiri', upstream: 'http://127.0.0.1:9', requireCertificate: true, enabled: true });
  // Three people opening an app before signing in (sent to the sign-in page), one refusal.
  for (let i = 0; i < 3; i++) {
    const r = await request.get(`${server.gatewayURL}kintai/`, { maxRedirects: 0 });
    expect(r.status()).toBe(303);
  }
  const refused = await request.get(`${server.gatewayURL}keiri/`, { maxRedirects: 0 });
  expect(refused.status()).toBe(403);
  // The access log is written in batches.
  await expect
    .poll(async () => (await api('Access', 'List', { decision: 'deny' })).total, { timeout: 15_000 })
    .toBe(4);

  // Hold the dashboard's answer: Home must say it is loading, not that something failed or stopped.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/System.Dashboard', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${server.adminURL}#token=${encodeURIComponent(server.token)}`);
  await expect(page.getByTestId('home-server')).toContainText('読み込み中…');
  for (const id of ['home-protection', 'home-pending', 'home-signins', 'home-denials', 'home-lan', 'home-server']) {
    await expect(page.getByTestId(id)).not.toContainText(/停止中|読み込めません|ありません/);
  }
  await expect(page.getByTestId('home-loading')).toBeVisible();
  await expect(page.getByTestId('home-dashboard-error')).toHaveCount(0);
  release();

  await expect(page.getByTestId('home-loading')).toHaveCount(0);
  await expect(page.getByTestId('home-gateway-url')).toHaveText(server.gatewayURL);
  await expect(page.getByTestId('home-denials-total')).toContainText('1件');
  await expect(page.getByTestId('home-recent-denial')).toHaveCount(1);
  await expect(page.getByTestId('home-recent-denial')).not.toHaveAttribute('data-reason', 'sign_in_required');
  await expect(page.getByTestId('home-dashboard-error')).toHaveCount(0);
});
