// Employee self-service (issue 11, item 3) on a phone-sized Chromium: the
// download listener's /me over plain HTTP leads to the gateway; there the
// person signs in, issues their own certificate, sees the passphrase once,
// copies it and downloads the file, which opens with that passphrase.
import { devices } from 'playwright-core';
import type { BrowserContextOptions } from '@playwright/test';
import { test, expect, opensslOpensP12 } from '../fixtures';

function pixel(): BrowserContextOptions {
  const { defaultBrowserType: _browser, ...options } = devices['Pixel 7'];
  return { ...options, locale: 'ja-JP', acceptDownloads: true };
}

test('self-service: off by default; on, the phone trusts the CA, signs in, issues, copies the passphrase, downloads', async ({
  api,
  server,
  browser,
}, testInfo) => {
  const user = await api('Users', 'Create', { code: 'self01', name: '自分 発行' });
  const { password } = await api('Users', 'ResetPassword', { id: user.id });

  // A phone that does not trust the CA yet (HTTPS errors are errors).
  const fresh = await browser.newContext({ ...pixel(), ignoreHTTPSErrors: false });
  const page = await fresh.newPage();
  const off = await page.goto(`${server.downloadURL}me`);
  expect(off?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('ご自身での発行はできません');

  const set = await api('Settings', 'Update', { selfServiceEnabled: true });
  expect(set.selfServiceUrl).toBe(`${server.downloadURL}me`);

  await page.goto(`${server.downloadURL}me`);
  await expect(page.getByTestId('me-trust')).toBeVisible();
  await expect(page.getByTestId('download-ca')).toHaveAttribute('href', '/cacert.cer');
  await expect(page.getByTestId('me-continue')).toHaveAttribute('href', `${server.gatewayURL}_sekisho/me?lang=ja&os=android`);
  // The probe of the HTTPS portal fails here: the trust step stays.
  await page.waitForTimeout(500);
  await expect(page.getByTestId('me-trusted')).toBeHidden();
  await testInfo.attach('download-me.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await fresh.close();

  // The same phone once it trusts the CA (stood in for by ignoring HTTPS
  // errors): the page says so and the trust step folds away.
  const trusted = await browser.newContext({ ...pixel(), ignoreHTTPSErrors: true });
  await trusted.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.gatewayURL.replace(/\/$/, '') });
  const p = await trusted.newPage();
  await p.goto(`${server.downloadURL}me`);
  await expect(p.getByTestId('me-trusted')).toBeVisible();
  await expect(p.getByTestId('me-trust')).toBeHidden();
  await p.getByTestId('me-continue').tap();

  await expect(p).toHaveURL(/\/_sekisho\/login/);
  await p.getByLabel('ユーザーコード').fill('self01');
  await p.getByLabel('パスワード').fill(password);
  await p.getByTestId('submit').tap();
  await expect(p).toHaveURL(/\/_sekisho\/me/);
  await expect(p.getByTestId('me-user')).toHaveText('自分 発行 (self01)');
  await expect(p.getByTestId('me-none')).toBeVisible();
  await p.getByTestId('me-issue').tap();

  await expect(p.getByTestId('download-ca')).toHaveAttribute('href', `${server.downloadURL}cacert.cer`);
  const pass = (await p.getByTestId('me-passphrase').textContent())!.trim();
  expect(pass.length).toBeGreaterThanOrEqual(12);
  await p.locator('#copy').tap();
  await expect(p.locator('#copy')).toHaveText('コピーしました');
  expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(pass);
  await testInfo.attach('gateway-me-issued.png', { body: await p.screenshot({ fullPage: true }), contentType: 'image/png' });

  const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('me-download').tap()]);
  expect(download.suggestedFilename()).toMatch(/\.p12$/);
  const file = testInfo.outputPath('self01.p12');
  await download.saveAs(file);
  const opened = opensslOpensP12(file, pass);
  expect(opened.ok, opened.output).toBe(true);
  expect(opened.output).toContain('CN = self01');

  // The passphrase is not shown again; the certificate is listed.
  await p.goto(`${server.gatewayURL}_sekisho/me`);
  await expect(p.getByTestId('me-passphrase')).toHaveCount(0);
  await expect(p.locator('table')).toContainText('self01');
  await trusted.close();

  // The admin sees who did it.
  const hist = await api('History', 'List', { pageSize: 50 });
  expect(hist.items.some((h: { actor: string }) => h.actor === 'self:self01')).toBe(true);
});
