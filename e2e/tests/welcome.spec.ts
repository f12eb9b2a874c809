// The first screen of a new engine (新しく始める / バックアップから復元): a
// new PC takes over from an old one. A second `sekisho serve` plays the old
// PC: it gets a user and a certificate, and makes a backup through its admin
// API; the fresh server of this file restores that file from its welcome
// screen and ends up with the old PC's CA.
import { writeFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { collectPageErrors, expect, startExtraServer, test, type Server } from '../fixtures';

const PASSPHRASE = 'kyu-pc-no-backup-2026';

/** Calls the admin API of another server (not the fixture's). */
async function callOn<T = any>(request: APIRequestContext, s: Server, service: string, method: string, body: object = {}): Promise<T> {
  const res = await request.post(`${s.adminURL}api/${service}.${method}`, {
    headers: { Authorization: `Bearer ${s.token}` },
    data: body,
    failOnStatusCode: false,
  });
  if (!res.ok()) throw new Error(`${service}.${method} on the old server: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

test('a fresh engine shows the welcome and restores a backup made by another server, with its CA', async ({
  adminPage: page,
  api,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const pageErrors = collectPageErrors(page);

  // The old PC: some data, then a backup (a few seconds: scrypt).
  const old = await startExtraServer();
  let oldFingerprint: string;
  let file: string;
  try {
    await callOn(request, old.server, 'Users', 'Create', { code: 'old01', name: '旧PC 太郎' });
    await callOn(request, old.server, 'Certs', 'IssueShared', { name: 'OldPC2026', enabled: true });
    oldFingerprint = (await callOn<{ caFingerprint: string }>(request, old.server, 'System', 'Info')).caFingerprint;
    const backup = await callOn<{ filename: string; dataBase64: string }>(request, old.server, 'System', 'Backup', {
      passphrase: PASSPHRASE,
    });
    expect(backup.filename).toMatch(/\.sekisho-backup$/);
    file = testInfo.outputPath(backup.filename);
    writeFileSync(file, Buffer.from(backup.dataBase64, 'base64'));
  } finally {
    await old.stop();
  }
  expect(oldFingerprint).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/);

  // This engine is new: the welcome instead of Home.
  const before = await api<{ fresh: boolean; caFingerprint: string }>('System', 'Info');
  expect(before.fresh).toBe(true);
  expect(before.caFingerprint).not.toBe(oldFingerprint);
  const welcome = page.getByTestId('welcome-choose');
  await expect(welcome).toBeVisible();
  await expect(welcome.getByRole('heading')).toHaveText('関所 Sekisho へようこそ');
  await expect(page.getByTestId('welcome-fresh')).toContainText('新しく始める');
  await expect(page.getByTestId('home-protection')).toHaveCount(0);

  await page.getByTestId('welcome-restore').click();
  await page.getByTestId('restore-file').setInputFiles(file);
  await expect(page.getByTestId('restore-file-name')).toHaveText(/\.sekisho-backup$/);

  // A wrong passphrase: the server's message at the field, nothing changed.
  await page.getByTestId('restore-passphrase').fill('not the passphrase');
  await page.getByTestId('restore-run').click();
  await expect(page.getByTestId('field-error-restore-passphrase')).toContainText('パスフレーズが違います', { timeout: 30_000 });
  expect((await api<{ fresh: boolean }>('System', 'Info')).fresh).toBe(true);

  await page.getByTestId('restore-passphrase').fill(PASSPHRASE);
  await page.getByTestId('restore-run').click();
  const result = page.getByTestId('restore-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('restore-fingerprint')).toHaveAttribute('data-value', oldFingerprint);
  await expect(page.getByTestId('restore-fingerprint')).toHaveText(oldFingerprint);
  await expect(page.getByTestId('restore-count-users')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('restore-count-certificates')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('restore-created')).not.toBeEmpty();

  // The engine runs on the old PC's CA and data now.
  const after = await api<{ fresh: boolean; caFingerprint: string }>('System', 'Info');
  expect(after).toMatchObject({ fresh: false, caFingerprint: oldFingerprint });
  const users = await api<{ items: { code: string }[] }>('Users', 'List', {});
  expect(users.items.map((u) => u.code)).toEqual(['old01']);

  await page.getByTestId('restore-home').click();
  await expect(page.getByTestId('welcome')).toHaveCount(0);
  await expect(page.getByTestId('home-protection')).toBeVisible();
  await expect(page.getByTestId('home-system')).toContainText(oldFingerprint);
  await expect(page.getByTestId('home-valid-certs')).toHaveText('有効な証明書: 1枚');

  expect(pageErrors, 'no uncaught exceptions or logged errors in the page').toEqual([]);
});
