import { beforeEach, describe, expect, it } from 'vitest';
import SettingsScreen from './Settings.svelte';
import { createFakeBackend, makeCert } from '../../test/fakeBackend';
import { choose, click, settle, type } from '../../test/dom';
import { harness } from '../../test/harness';
import { coverageState } from '../../lib/stores/coverage.svelte';

const h = harness(SettingsScreen, { settings: true });
const { s, open, calls } = h;

beforeEach(() => {
  coverageState.data = null;
});

describe('設定', () => {
  it('saves only what changed: validity, key algorithm, link defaults', async () => {
    await open();
    expect(s.$<HTMLButtonElement>('settings-save')!.disabled).toBe(true);
    type(s.$('settings-validity'), '730');
    choose(s.$('settings-key-algorithm'), 'ecdsa-p256');
    type(s.$('settings-link-uses'), '2');
    click(s.$('settings-save'));
    await settle();
    expect(calls('Settings.Update')[0].req).toEqual({ defaultValidityDays: 730, keyAlgorithm: 'ecdsa-p256', linkMaxUses: 2 });
    expect(h.backend.settings.defaultValidityDays).toBe(730);
    expect(s.$<HTMLButtonElement>('settings-save')!.disabled).toBe(true);
  });

  it('warns about AES-256 PKCS#12 on older devices', async () => {
    await open();
    expect(s.$('settings-pkcs12-warning')).toBeNull();
    click(s.$('settings-pkcs12-modern'));
    const w = s.$('settings-pkcs12-warning')!.textContent!;
    expect(w).toContain('Android 13以前');
    expect(w).toContain('iOS 17以前');
    expect(w).toContain('macOS 12〜14');
    expect(w).toContain('パスワードが違います');
  });

  it('asks before strict mode while no valid certificate exists; shows field errors', async () => {
    await open(createFakeBackend({ certs: [makeCert(1, { enabled: false })] }));
    expect(s.$('settings-fail-open')).toBeTruthy();
    click(s.$('settings-strict'));
    click(s.$('settings-save'));
    await settle();
    expect(s.$('confirm-body')!.textContent).toContain('すぐに接続できなくなります');
    click(s.$('confirm-ok'));
    await settle();
    expect(h.backend.settings.strictMode).toBe(true);

    type(s.$('settings-validity'), '0');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('field-error-settings-validity')!.textContent).toContain('1〜3650');
    expect(s.$('settings-template-link')!.getAttribute('href')).toBe('#/distribution/messages');
  });

  it('saves the per-address connection limit; refuses one out of range', async () => {
    await open();
    expect(s.$<HTMLInputElement>('settings-conns-per-address')!.value).toBe('100');
    type(s.$('settings-conns-per-address'), '5');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('field-error-settings-conns-per-address')!.textContent).toContain('10〜10000');
    expect(h.backend.settings.maxConnectionsPerAddress).toBe(100);
    type(s.$('settings-conns-per-address'), '300');
    click(s.$('settings-save'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ maxConnectionsPerAddress: 300 });
    expect(h.backend.settings.maxConnectionsPerAddress).toBe(300);
  });

  it('saves the access-log retention', async () => {
    await open();
    expect(s.$<HTMLInputElement>('settings-log-retention')!.value).toBe('90');
    type(s.$('settings-log-retention'), '5000');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('field-error-settings-log-retention')!.textContent).toContain('1〜3650');
    type(s.$('settings-log-retention'), '180');
    click(s.$('settings-save'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ accessLogRetentionDays: 180 });
    expect(h.backend.settings.accessLogRetentionDays).toBe(180);
  });

  it('moves the LAN server: ports and public host, asking first while devices are connected', async () => {
    const b = createFakeBackend();
    b.recentClients = ['192.168.1.30'];
    await open(b);
    expect(s.$('settings-lan-now')!.textContent).toContain('https://192.168.1.10:8443/');
    expect(s.$<HTMLInputElement>('settings-gateway-port')!.value).toBe('8443');
    type(s.$('settings-gateway-port'), '70000');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('field-error-settings-gateway-port')!.textContent).toContain('1〜65535');
    expect(h.backend.settings.gatewayPort).toBe(8443);

    type(s.$('settings-gateway-port'), '9443');
    type(s.$('settings-public-host'), ' sekisho.local ');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('confirm-body')!.textContent).toContain('192.168.1.30');
    expect(h.backend.settings.gatewayPort).toBe(8443);
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ gatewayPort: 9443, publicHost: 'sekisho.local', confirm: true });
    expect(h.backend.settings.gatewayPort).toBe(9443);
    expect(h.backend.settings.publicHost).toBe('sekisho.local');
  });

  it('shows a flag-fixed LAN setting as such, and the log folder with copy and open', async () => {
    const b = createFakeBackend();
    b.settings.lanServer!.fixed = { gatewayPort: '--gateway' };
    await open(b);
    const gw = s.$<HTMLInputElement>('settings-gateway-port')!;
    expect(gw.disabled).toBe(true);
    expect(s.$('settings-lan-server')!.textContent).toContain('--gateway');
    expect(s.$<HTMLInputElement>('settings-portal-port')!.disabled).toBe(false);
    expect(s.$('settings-log-folder')!.textContent).toBe('/home/admin/.config/sekisho/logs');
    expect(s.$('settings-log-folder-copy')).toBeTruthy();
    click(s.$('settings-open-log-folder'));
    await settle();
    expect(calls('System.OpenLogFolder')).toHaveLength(1);
  });

  it('moves the download listener: range and same-port errors, asking first while usable links exist', async () => {
    const b = createFakeBackend();
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    b.links = [
      { id: '1', certId: '1', expiresAt: soon, maxUses: 1, uses: 0, state: 'active', ipRestricted: false, createdAt: soon },
      { id: '2', certId: '1', expiresAt: soon, maxUses: 1, uses: 1, state: 'active', ipRestricted: false, createdAt: soon },
    ];
    await open(b);
    const field = s.$<HTMLInputElement>('settings-download-port')!;
    expect(field.value).toBe('7080');
    expect(field.disabled).toBe(false);
    expect(s.$('settings-lan-server')!.textContent).toContain('ダウンロードページ・証明書のパスワードで保護された証明書ファイル・ルート証明書だけ');
    expect(s.$('settings-download-now')!.textContent).toContain('http://192.168.1.10:7080/');

    type(field, '0');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('field-error-settings-download-port')!.textContent).toContain('1〜65535');

    type(s.$('settings-download-port'), '8443');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('field-error-settings-download-port')!.textContent).toContain('ポータルやゲートウェイとは別のポート');
    expect(h.backend.settings.downloadPort).toBe(7080);

    // A used-up link does not count; the other still names the old address.
    type(s.$('settings-download-port'), '7090');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('confirm-body')!.textContent).toContain('ダウンロードリンク 1件');
    click(s.$('confirm-cancel'));
    await settle();
    expect(h.backend.settings.downloadPort).toBe(7080);
    expect(s.$('field-error-settings-download-port')).toBeNull();

    click(s.$('settings-save'));
    await settle();
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ downloadPort: 7090, confirm: true });
    expect(h.backend.settings.downloadPort).toBe(7090);
    expect(s.$('settings-download-now')!.textContent).toContain('http://192.168.1.10:7090/');
    expect(s.$<HTMLButtonElement>('settings-save')!.disabled).toBe(true);
  });

  it('says when the download port is taken by another program', async () => {
    const b = createFakeBackend();
    b.busyPorts = [8080];
    await open(b);
    type(s.$('settings-download-port'), '8080');
    click(s.$('settings-save'));
    await settle();
    expect(s.$('field-error-settings-download-port')!.textContent).toContain('ポート8080はほかのプログラムが使用中');
    expect(h.backend.settings.downloadPort).toBe(7080);
  });

  it('keeps all downloads on HTTPS: the download port is disabled and not sent', async () => {
    const b = createFakeBackend();
    b.settings.language = 'ja'; // saving applies the saved language
    await open(b);
    const toggle = s.$<HTMLInputElement>('settings-downloads-https-only')!;
    expect(toggle.checked).toBe(false);
    expect(s.$('settings-lan-server')!.textContent).toContain('ルート証明書を信頼するまで証明書の警告');
    type(s.$('settings-download-port'), '7090');
    click(toggle);
    expect(s.$<HTMLInputElement>('settings-download-port')!.disabled).toBe(true);
    click(s.$('settings-save'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ downloadsHttpsOnly: true });
    expect(h.backend.settings.downloadsHttpsOnly).toBe(true);
    expect(h.backend.settings.downloadPort).toBe(7080);
    expect(s.$<HTMLInputElement>('settings-downloads-https-only')!.checked).toBe(true);
    expect(s.$<HTMLInputElement>('settings-download-port')!.disabled).toBe(true);
    expect(s.$<HTMLInputElement>('settings-download-port')!.value).toBe('7080');
    expect(s.$('settings-download-now')!.textContent).toContain('使っていません');
    expect(s.$('settings-download-now')!.textContent).not.toContain('http://');

    // Links now point to the portal.
    const link = (await h.backend.services.Links.Create({ certId: h.backend.certs[0].id })) as { url: string };
    expect(link.url).toMatch(/^https:\/\/192\.168\.1\.20:8443\/d\//);

    click(s.$('settings-downloads-https-only'));
    expect(s.$<HTMLInputElement>('settings-download-port')!.disabled).toBe(false);
    click(s.$('settings-save'));
    await settle();
    // As the server: starting the download listener strands no link (those
    // made meanwhile name the portal), so it does not ask.
    expect(s.$('confirm-body')).toBeNull();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ downloadsHttpsOnly: false });
    expect(s.$('settings-download-now')!.textContent).toContain('http://192.168.1.10:7080/');
  });

  it('turns on self-service and shows the address to give employees', async () => {
    const b = createFakeBackend();
    b.settings.language = 'ja';
    await open(b);
    const on = s.$<HTMLInputElement>('settings-self-service')!;
    const revoke = s.$<HTMLInputElement>('settings-self-service-revoke')!;
    expect(on.checked).toBe(false);
    expect(revoke.checked).toBe(true);
    expect(revoke.disabled).toBe(true);
    expect(s.$('settings-self-service-url')).toBeNull();
    click(on);
    expect(revoke.disabled).toBe(false);
    click(revoke);
    click(s.$('settings-save'));
    await settle();
    expect(calls('Settings.Update').at(-1)!.req).toEqual({ selfServiceEnabled: true, selfServiceRevokePrevious: false });
    expect(h.backend.settings.selfServiceEnabled).toBe(true);
    expect(s.$('settings-self-service-url')!.textContent).toContain('http://192.168.1.10:7080/me');
  });

  it('says why the download listener is not running when its port was taken at start', async () => {
    const b = createFakeBackend();
    b.settings.lanServer!.downloadUrl = '';
    b.settings.lanServer!.downloadError = 'listen tcp :7080: bind: address already in use';
    await open(b);
    expect(s.$('settings-download-now')!.textContent).toContain('使っていません');
    expect(s.$('settings-download-error')!.textContent).toContain('ポータル（HTTPS）を使っています');
    expect(s.$('settings-download-error')!.textContent).toContain('address already in use');
  });

  it('shows a download port fixed by --download as such', async () => {
    const b = createFakeBackend();
    b.settings.lanServer!.fixed = { downloadPort: '--download' };
    b.settings.lanServer!.downloadUrl = 'http://192.168.1.10:8081/';
    await open(b);
    const field = s.$<HTMLInputElement>('settings-download-port')!;
    expect(field.disabled).toBe(true);
    expect(field.value).toBe('8081');
    expect(s.$('settings-lan-server')!.textContent).toContain('コマンドラインの --download で指定されている');
    expect(s.$<HTMLInputElement>('settings-gateway-port')!.disabled).toBe(false);
    // the server refuses it too
    await expect(h.backend.services.Settings.Update({ downloadPort: 7090 })).rejects.toMatch('"field":"downloadPort"');
  });
});
