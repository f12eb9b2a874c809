// The login guidance (ログイン案内) after a password reset, and the list of
// users with device designation who have not requested a device (未申請).
import { test, expect, answerConfirm } from '../fixtures';

test('a password reset offers the filled login guidance with a mailto link', async ({ api, adminPage: page, server }) => {
  await api('Users', 'Create', { code: 'guide01', name: '案内 太郎', email: 'guide01@example.co.jp' });
  await page.getByTestId('nav-users').click();
  await page.locator('[data-testid="user-row"][data-code="guide01"]').getByTestId('user-row-code').click();
  const dialog = page.getByTestId('user-dialog');
  await dialog.getByTestId('user-reset-password').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();

  const pw = page.getByTestId('password-dialog');
  await expect(pw).toBeVisible();
  const password = await pw.getByTestId('password-value').inputValue();
  expect(password.length).toBeGreaterThanOrEqual(12);
  const guide = pw.getByTestId('login-guide');
  await expect(guide).toHaveAttribute('data-state', 'ready');
  await expect(guide.getByTestId('login-guide-subject')).toContainText('【関所】ログインのご案内');
  const body = guide.getByTestId('login-guide-body');
  await expect(body).toContainText('案内 太郎 様');
  await expect(body).toContainText('ログインID: guide01');
  await expect(body).toContainText(`パスワード: ${password}`);
  await expect(body).toContainText(`ログインURL: ${server.gatewayURL}_sekisho/login`);
  const href = await guide.getByTestId('login-guide-mailto').getAttribute('href');
  expect(href).toMatch(/^mailto:guide01@example\.co\.jp\?/);
  expect(new URL(href!).searchParams.get('body')).toContain(password);
});

test('the new sign-in password dialog asks before closing (閉じる, ×, Escape) until the password was copied', async ({
  api,
  adminPage: page,
  context,
  server,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.adminURL).origin });
  await api('Users', 'Create', { code: 'guide02', name: '案内 次郎' });
  await page.getByTestId('nav-users').click();
  await page.locator('[data-testid="user-row"][data-code="guide02"]').getByTestId('user-row-code').click();
  await page.getByTestId('user-dialog').getByTestId('user-reset-password').click();
  await answerConfirm(page, true);

  const pw = page.getByTestId('password-dialog');
  await expect(pw.getByRole('heading', { name: '新しいログインパスワード' })).toBeVisible();
  await expect(pw).toHaveAttribute('data-secret', 'shown');
  const password = await pw.getByTestId('password-value').inputValue();
  const body = '表示されているログインパスワードは二度と表示されません。閉じますか？';
  // 閉じる, × and Escape each ask; キャンセル keeps the password on screen.
  await pw.getByTestId('password-close').click();
  expect(await answerConfirm(page, false, '閉じますか？')).toBe(body);
  await pw.getByTestId('password-dialog-close').click();
  expect(await answerConfirm(page, false, '閉じますか？')).toBe(body);
  await pw.getByTestId('password-value').click();
  await page.keyboard.press('Escape');
  expect(await answerConfirm(page, false, '閉じますか？')).toBe(body);
  await expect(pw.getByTestId('password-value')).toHaveValue(password);

  // Copied: 閉じる closes at once.
  await pw.getByTestId('password-copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);
  await expect(pw).toHaveAttribute('data-secret', 'kept');
  await pw.getByTestId('password-close').click();
  await expect(pw).toHaveCount(0);
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
});

test('未申請 lists designated users who have not requested a device, with the sign-in URL', async ({ api, adminPage: page, server }) => {
  const a = await api('Users', 'Create', { code: 'dv01', name: '端末 未申請' });
  await api('Users', 'Create', { code: 'dv02', name: '端末 指定なし' });
  await api('Users', 'SetRequireDevice', { ids: [a.id], enabled: true });
  await page.goto(`${server.adminURL}#/devices?view=unrequested`);
  const panel = page.getByTestId('devices-unrequested');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('unrequested-row-code')).toHaveText(['dv01']);
  await expect(panel.getByTestId('devices-unrequested-login-url')).toContainText(`${server.gatewayURL}_sekisho/login`);
});
