// An employee on a phone signs in at the gateway, asks for the device to be
// approved (端末の利用申請), waits, and starts once the admin approves.
import { test, expect } from '../fixtures';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

test.use({
  viewport: { width: 390, height: 844 },
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ignoreHTTPSErrors: true,
  locale: 'ja-JP',
});

test('sign in, request the device, get approved, start; rejection cuts access', async ({ api, server, page }) => {
  const upstream = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>勤怠</title><h1 id="app">勤怠システム ${req.headers['x-sekisho-user'] ?? ''}</h1>`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  try {
    const port = (upstream.address() as AddressInfo).port;
    await api('Routes', 'Create', { name: '勤怠', pathPrefix: '/kintai', upstream: `http://127.0.0.1:${port}`, requireSignIn: true, enabled: true });
    const user = await api('Users', 'Create', { code: 'phone01', name: '携帯 花子' });
    await api('Users', 'SetRequireDevice', { ids: [user.id], enabled: true });
    const { password } = await api('Users', 'ResetPassword', { id: user.id });

    // Not signed in: sent to the sign-in page.
    await page.goto(`${server.gatewayURL}kintai/`);
    await expect(page).toHaveURL(/\/_sekisho\/login/);
    await page.getByLabel('ユーザーコード').fill('phone01');
    await page.getByLabel('パスワード').fill('wrong-password');
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('form-error')).toContainText('ユーザーコードまたはパスワードが違います');
    await page.getByLabel('パスワード').fill(password);
    await page.getByTestId('submit').click();

    // Designation on, no device yet: the request form, with the OS detected.
    await expect(page).toHaveURL(/\/_sekisho\/device/);
    await expect(page.locator('main')).toContainText('iOS');
    await page.getByLabel('端末名（例: 営業用iPhone）').fill('花子のiPhone');
    await page.getByLabel('電話番号（任意）').fill('090-1111-2222');
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('device-status')).toHaveText('申請中');
    const statusPage = page.url();

    // The app is still closed, with the reason (and a way back to the status page).
    const pending = await page.goto(`${server.gatewayURL}kintai/`);
    expect(pending?.status()).toBe(403);
    expect(pending?.headers()['x-sekisho-deny']).toBe('device_pending');
    await page.getByTestId('deny-action').click();
    expect(page.url()).toBe(statusPage);
    await expect(page.getByTestId('device-status')).toHaveText('申請中');

    // The admin approves.
    const list = await api('Devices', 'List', { status: 'pending' });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ userCode: 'phone01', deviceName: '花子のiPhone', os: 'iOS', phone: '090-1111-2222' });
    await api('Devices', 'Approve', { ids: [list.items[0].id] });

    // The phone reloads its status page: it kept the page first asked for,
    // so 始める opens the app, not the gateway's top page.
    await page.reload();
    await expect(page.getByTestId('device-status')).toHaveText('承認');
    await page.getByTestId('page-action').click(); // 始める
    await expect(page).toHaveURL(`${server.gatewayURL}kintai/`);
    await expect(page.locator('#app')).toHaveText('勤怠システム phone01');

    // Rejecting the approved device cuts it off at once.
    await api('Devices', 'Reject', { ids: [list.items[0].id] });
    const rejected = await page.goto(`${server.gatewayURL}kintai/`);
    expect(rejected?.status()).toBe(403);
    expect(rejected?.headers()['x-sekisho-deny']).toBe('device_rejected');
    await expect(page.getByTestId('deny-reason')).toHaveText('device_rejected');
  } finally {
    upstream.close();
  }
});
