// 接続テスト on the gateway's routes screen words a failure for people
// (issue 12: it showed "dial tcp 127.0.0.1:9: connect: connection refused"),
// keeping the network error as a second line.
import net from 'node:net';
import { test, expect } from '../fixtures';

test('a refused connection is explained in Japanese and English, with the technical detail below', async ({ api, adminPage: page }) => {
  // A port nothing listens on.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await api('Routes', 'Create', { name: '止まっているアプリ', pathPrefix: '/down', upstream: `http://127.0.0.1:${port}`, enabled: true });

  await page.getByTestId('nav-gateway').click();
  await page.getByTestId('route-row-test').click();
  const result = page.getByTestId('route-row-test-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('route-row-test-result-message')).toHaveText(
    `127.0.0.1:${port} に接続できませんでした（接続を拒否されました）。転送先のアプリが起動しているか、ポート番号が正しいかを確認してください。`,
  );
  await expect(page.getByTestId('route-row-test-result-detail')).toContainText('connection refused');
  await expect(page.getByTestId('route-row-test-result-message')).not.toContainText('dial tcp');

  await page.getByTestId('lang-en').click();
  await page.getByTestId('route-row-test').click();
  await expect(page.getByTestId('route-row-test-result-message')).toContainText(
    `Could not connect to 127.0.0.1:${port}: the connection was refused.`,
  );
  await page.getByTestId('lang-ja').click();
});
