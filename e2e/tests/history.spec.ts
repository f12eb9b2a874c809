// The change history (ユーザー › 変更履歴) in words: an admin walking through
// the workflows in Japanese saw raw codes (rule.update, device.approved,
// route.create, 端末 4, reissued). Every row here comes from a real action
// on `sekisho serve`.
import { test, expect } from '../fixtures';

test('the history names actions, targets and details in words, and filters by every target type', async ({
  api,
  server,
  page,
}) => {
  // An IP rule (disabled, so the gateway below stays open), a route, a
  // device approved after a real request at the gateway, and a reissue.
  await api('IPRules', 'Create', { name: '本社LAN', address: '192.0.2.0/24', enabled: false });
  await api('Routes', 'Create', { name: '勤怠', pathPrefix: '/kintai', upstream: 'http://127.0.0.1:9', requireSignIn: true, enabled: true });
  const user = await api('Users', 'Create', { code: 'hist01', name: '履歴 花子' });
  await api('Users', 'SetRequireDevice', { ids: [user.id], enabled: true });
  const { password } = await api('Users', 'ResetPassword', { id: user.id });
  await page.goto(`${server.gatewayURL}kintai/`);
  await page.getByLabel('ユーザーコード').fill('hist01');
  await page.getByLabel('パスワード').fill(password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/_sekisho\/device/);
  await page.getByLabel('端末名（例: 営業用iPhone）').fill('花子のPC');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('device-status')).toHaveText('申請中');
  const pending = await api('Devices', 'List', { status: 'pending' });
  await api('Devices', 'Approve', { ids: [pending.items[0].id] });
  await api('Certs', 'IssuePersonal', { userIds: [user.id], enabled: true });
  await api('Certs', 'IssuePersonal', { userIds: [user.id], enabled: true, revokeExisting: true });

  await page.goto(`${server.adminURL}#token=${encodeURIComponent(server.token)}`);
  await page.getByTestId('nav-users').click();
  await page.getByTestId('users-tab-history').click();
  const table = page.getByTestId('history-table');
  const row = (action: string) => page.locator(`[data-testid="history-row"][data-action="${action}"]`).first();

  await expect(row('rule.create')).toContainText('IP接続制限の追加');
  await expect(row('rule.create').getByTestId('history-target')).toHaveText(/IP接続制限\s*本社LAN/);
  await expect(row('rule.create').getByTestId('history-detail')).toHaveText('192.0.2.0/24（無効）');
  await expect(row('route.create')).toContainText('ルートの追加');
  await expect(row('route.create').getByTestId('history-target')).toHaveText(/ルート\s*勤怠/);
  await expect(row('device.approved')).toContainText('端末の承認');
  await expect(row('device.approved').getByTestId('history-target')).toHaveText(/端末\s*花子のPC \(hist01\)/);
  await expect(row('cert.revoke').getByTestId('history-target')).toHaveText(/証明書\s*hist01/);
  await expect(row('cert.revoke').getByTestId('history-detail')).toHaveText('再発行により失効');
  await expect(row('user.create')).toContainText('管理者（ブラウザ）');
  // No raw code anywhere in the table.
  await expect(table).not.toContainText(/\b(rule|route|device|cert|user|link)\.[a-z_]+/);
  await expect(table).not.toContainText('reissued');
  await expect(table).not.toContainText('enabled=');

  // The filter offers IP rules, devices and routes, and filters by them.
  const filter = page.getByTestId('history-filter');
  for (const [value, label] of [
    ['rule', 'IP接続制限'],
    ['device', '端末'],
    ['route', 'ルート'],
  ]) {
    await filter.selectOption(value);
    await expect(page.getByTestId('history-total')).toHaveText('1件');
    await expect(page.getByTestId('history-row')).toHaveCount(1);
    await expect(page.getByTestId('history-target')).toContainText(label);
  }

  // In English too.
  await filter.selectOption('device');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('history-row')).toContainText('Device approved');
  await page.getByTestId('lang-ja').click();
});
