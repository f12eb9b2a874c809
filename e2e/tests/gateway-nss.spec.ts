// A real browser reaching a protected app with a client certificate held in
// its own NSS store (not Playwright's TLS proxy): Chromium on Linux reads
// $HOME/.pki/nssdb, and the AutoSelectCertificateForUrls policy makes it
// present the certificate without the selection dialog.
import { test, expect } from '../fixtures';
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const policyDir = '/etc/chromium/policies/managed';
const policyFile = path.join(policyDir, 'sekisho-e2e.json');
const canRun = process.platform === 'linux' && existsSync('/usr/bin/pk12util') && existsSync('/usr/bin/chromium') && process.getuid?.() === 0;

test.skip(!canRun, 'needs Linux, root (for the Chromium policy), chromium and libnss3-tools');

test('Chromium with a certificate in its NSS store reaches a protected app, and loses it on revocation', async ({ api, server }) => {
  // An upstream that shows what the gateway forwarded.
  const upstream = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>wiki</title><p id="who">${req.headers['x-sekisho-user'] ?? ''}|${req.headers['x-sekisho-cert'] ?? ''}</p>`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upPort = (upstream.address() as AddressInfo).port;

  const home = mkdtempSync(path.join(tmpdir(), 'sekisho-nss-'));
  try {
    await api('Settings', 'Update', { keyAlgorithm: 'ecdsa-p256' });
    await api('Routes', 'Create', { name: 'Wiki', pathPrefix: '/wiki', upstream: `http://127.0.0.1:${upPort}`, requireSignIn: false, enabled: true });
    await api('Certs', 'IssueShared', { name: 'Office', enabled: true }); // a valid certificate exists: no fail-open
    const user = await api('Users', 'Create', { code: 'nss01', name: 'ブラウザ 太郎' });
    await api('Users', 'SetRequireCert', { ids: [user.id], enabled: true });
    const issued = await api('Certs', 'IssuePersonal', { userIds: [user.id], enabled: true });
    const { cert, passphrase } = issued.items[0];
    const p12 = await api('Certs', 'Download', { id: cert.id, format: 'p12' });
    const ca = await api('Certs', 'CA', {});

    // The browser's NSS store: the CA trusted for TLS, the identity imported.
    const db = path.join(home, '.pki', 'nssdb');
    mkdirSync(db, { recursive: true });
    writeFileSync(path.join(home, 'client.p12'), Buffer.from(p12.dataBase64, 'base64'));
    writeFileSync(path.join(home, 'ca.pem'), ca.pem);
    execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'Sekisho CA', '-t', 'C,,', '-i', path.join(home, 'ca.pem')]);
    execFileSync('pk12util', ['-i', path.join(home, 'client.p12'), '-d', `sql:${db}`, '-W', passphrase]);
    mkdirSync(policyDir, { recursive: true });
    writeFileSync(policyFile, JSON.stringify({ AutoSelectCertificateForUrls: ['{"pattern":"*","filter":{}}'] }));

    const context = await chromium.launchPersistentContext(path.join(home, 'profile'), {
      executablePath: '/usr/bin/chromium',
      env: { ...process.env, HOME: home },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      locale: 'ja-JP',
    });
    try {
      const page = await context.newPage();
      const wiki = `${server.gatewayURL}wiki/`;
      // The gateway's server certificate is verified against the CA in NSS:
      // no ignoreHTTPSErrors.
      await page.goto(wiki);
      await expect(page.locator('#who')).toHaveText('nss01|nss01');

      await api('Certs', 'Revoke', { id: cert.id, reason: 'e2e', confirm: true });
      const resp = await page.goto(wiki);
      expect(resp?.status()).toBe(403);
      expect(resp?.headers()['x-sekisho-deny']).toBe('certificate_revoked');
      await expect(page.getByTestId('deny-reason')).toHaveText('certificate_revoked');
      await expect(page.locator('h1')).toHaveText('この証明書は失効しています');

      // The access log is written in batches, a moment later.
      await expect.poll(async () => (await api('Access', 'List', { userCode: 'nss01', pageSize: 10 })).items.map((e: any) => e.decision).sort())
        .toEqual(['allow', 'deny']);
    } finally {
      await context.close();
    }
  } finally {
    rmSync(policyFile, { force: true });
    rmSync(home, { recursive: true, force: true });
    upstream.close();
  }
});
