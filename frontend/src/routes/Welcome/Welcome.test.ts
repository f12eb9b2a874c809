// The first screen of a new engine: 新しく始める / バックアップから復元,
// shown by the app shell in place of Home while System.Info says fresh.
import { describe, expect, it, vi } from 'vitest';
import { app } from '../../lib/stores/app.svelte';
import {
  createFakeBackend,
  FAKE_BACKUP_BASE64,
  FAKE_BACKUP_FINGERPRINT,
  FAKE_BACKUP_PASSPHRASE,
  type FakeBackend,
} from '../../test/fakeBackend';
import { click, fakeRuntime, settle, type, waitFor, type Screen } from '../../test/dom';
import { startApp } from '../../test/app';
import { useScreenTests } from '../../test/screens';

let backend: FakeBackend;
let s: Screen;

const $ = <T extends Element = HTMLElement>(id: string) => s.$<T>(id);
const calls = (m: string) => backend.calls.filter((c) => c.method === m);
/** a fingerprint as the screens show it: AB:CD:… */
const colons = (hex: string) => hex.toUpperCase().match(/../g)!.join(':');

async function start(b: FakeBackend) {
  s = await startApp((backend = b));
}

/** pickFile puts a file with these bytes (base64) into the backup file input. */
function pickFile(base64: string, name = 'sekisho-20261203-104500.sekisho-backup') {
  const input = $<HTMLInputElement>('restore-file')!;
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  Object.defineProperty(input, 'files', { value: [new File([bytes], name)], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function restoreWith(base64: string, passphrase: string) {
  // Under load the first screen may need more than a few ticks.
  await waitFor(() => $('welcome-restore'), 8000);
  click($('welcome-restore'));
  pickFile(base64);
  type($('restore-passphrase'), passphrase);
  click($('restore-run'));
  await settle(20);
  await waitFor(() => !$('restore-busy') && ($('restore-result') || $('restore-failure') || $('field-error-restore-passphrase') || $('field-error-restore-file')), 8000);
}

// A restore reads and checks a whole file: on a loaded machine it takes
// more than the default 5 s (the waits above poll, they do not sleep).
vi.setConfig({ testTimeout: 20_000 });

useScreenTests();

describe('the first screen', () => {
  it('a fresh engine opens on the welcome, in place of Home, with the navigation kept', async () => {
    await start(createFakeBackend({ fresh: true }));
    expect($('welcome-choose')!.textContent).toContain('関所 Sekisho へようこそ');
    expect($('welcome-fresh')!.textContent).toContain('新しく始める');
    expect($('welcome-restore')!.textContent).toContain('バックアップから復元');
    expect($('welcome-restore')!.textContent).toContain('そのまま使えます');
    expect($('home-protection')).toBeNull();
    expect($('nav-users')).toBeTruthy();
    // Home's data was never asked for.
    expect(calls('Certs.Coverage')).toEqual([]);
  });

  it('an engine that is not fresh opens on Home', async () => {
    await start(createFakeBackend());
    expect($('welcome')).toBeNull();
    expect($('home-protection')).toBeTruthy();
  });

  it('other screens open as usual while fresh', async () => {
    history.replaceState(null, '', '/#/users');
    await start(createFakeBackend({ fresh: true }));
    expect($('welcome')).toBeNull();
    expect($('users-total')).toBeTruthy();
  });

  it('新しく始める calls System.StartFresh and leaves for Home', async () => {
    await start(createFakeBackend({ fresh: true }));
    click($('welcome-fresh'));
    await settle();
    expect(calls('System.StartFresh')).toHaveLength(1);
    expect($('welcome')).toBeNull();
    expect($('home-protection')).toBeTruthy();
    expect(app.info?.fresh).toBe(false);
  });

  it('refuses to restore without a file or a passphrase, at the fields, without calling the server', async () => {
    await start(createFakeBackend({ fresh: true }));
    click($('welcome-restore'));
    click($('restore-run'));
    await settle();
    expect($('field-error-restore-file')!.textContent).toContain('バックアップファイル（.sekisho-backup）を選んでください');
    expect($('field-error-restore-passphrase')!.textContent).toContain('パスフレーズを入力してください');
    expect(calls('System.Restore')).toEqual([]);
    // Picking a file drops its error.
    pickFile(FAKE_BACKUP_BASE64);
    await settle();
    expect($('field-error-restore-file')).toBeNull();
    expect($('restore-file-name')!.textContent).toContain('.sekisho-backup');
  });

  it("a wrong passphrase shows the server's message at the passphrase and stays", async () => {
    await start(createFakeBackend({ fresh: true }));
    await restoreWith(FAKE_BACKUP_BASE64, 'not-the-passphrase');
    expect(calls('System.Restore').map((c) => c.req)).toEqual([{ dataBase64: FAKE_BACKUP_BASE64, passphrase: 'not-the-passphrase' }]);
    expect($('field-error-restore-passphrase')!.textContent).toContain('パスフレーズが違います');
    expect($('restore-form')).toBeTruthy();
    expect($('restore-result')).toBeNull();
    expect($<HTMLButtonElement>('restore-run')!.disabled).toBe(false);
    expect(app.info?.fresh).toBe(true);
    // Typing again drops the error.
    type($('restore-passphrase'), FAKE_BACKUP_PASSPHRASE);
    expect($('field-error-restore-passphrase')).toBeNull();
  });

  it('a damaged file shows the message at the file', async () => {
    await start(createFakeBackend({ fresh: true }));
    await restoreWith(btoa('damaged'), FAKE_BACKUP_PASSPHRASE);
    expect($('field-error-restore-file')!.textContent).toContain('壊れているか');
    expect($('field-error-restore-passphrase')).toBeNull();
    expect($('restore-result')).toBeNull();
  });

  it('an engine that already holds data says how to restore instead', async () => {
    const b = createFakeBackend({ fresh: true });
    await start(b);
    // Someone added a user elsewhere since the screen opened.
    b.users.push(...createFakeBackend().users.slice(0, 1));
    await restoreWith(FAKE_BACKUP_BASE64, FAKE_BACKUP_PASSPHRASE);
    expect($('restore-failure')!.textContent).toContain('sekisho restore --data');
    expect($('restore-result')).toBeNull();
  });

  it('shows busy while it restores', async () => {
    await start(createFakeBackend({ fresh: true, delayMs: 30 }));
    await waitFor(() => $('welcome-restore'));
    click($('welcome-restore'));
    pickFile(FAKE_BACKUP_BASE64);
    type($('restore-passphrase'), FAKE_BACKUP_PASSPHRASE);
    click($('restore-run'));
    await settle(2);
    expect($<HTMLButtonElement>('restore-run')!.disabled).toBe(true);
    expect($('restore-run')!.textContent).toContain('復元しています');
    expect($<HTMLButtonElement>('restore-back')!.disabled).toBe(true);
    await waitFor(() => $('restore-result'));
    expect($('restore-fingerprint')!.dataset.value).toBe(FAKE_BACKUP_FINGERPRINT);
  });

  it('a restore shows the backup date, the CA fingerprint and the counts; ホームへ shows Home with the restored data', async () => {
    await start(createFakeBackend({ fresh: true }));
    await restoreWith(FAKE_BACKUP_BASE64, FAKE_BACKUP_PASSPHRASE);
    const fp = $('restore-fingerprint')!;
    expect(fp.dataset.value).toBe(FAKE_BACKUP_FINGERPRINT);
    expect(fp.textContent).toBe(colons(FAKE_BACKUP_FINGERPRINT));
    expect($('restore-created')!.textContent).toMatch(/2026\/12\/03/);
    expect($('restore-version')!.textContent).toBe('1.2.0');
    const count = (k: string) => $(`restore-count-${k}`)!.dataset.value;
    expect([count('users'), count('certificates'), count('revocations'), count('ipRules'), count('routes'), count('devices')]).toEqual([
      '40',
      '5',
      '1',
      '1',
      '1',
      '4',
    ]);
    expect($('restore-count-users')!.textContent).toContain('ユーザー');
    expect($('restore-public-host-cleared')).toBeNull();
    expect($('restore-listen-error')).toBeNull();
    // The app re-read what it keeps: the restored organisation and system info.
    expect($('org-name')!.textContent).toBe('株式会社サンプル（復元）');
    expect(app.info?.caFingerprint).toBe(FAKE_BACKUP_FINGERPRINT);
    expect(app.info?.fresh).toBe(false);
    expect($('devices-pending-badge')!.textContent).toBe('2');

    click($('restore-home'));
    await settle();
    expect($('welcome')).toBeNull();
    expect($('home-protection')).toBeTruthy();
    expect($('home-system')!.textContent).toContain(colons(FAKE_BACKUP_FINGERPRINT));
  });

  it("says when the public host was the old PC's address, and when the ports could not be taken", async () => {
    const b = createFakeBackend({ fresh: true });
    b.restoreFrom.publicHostCleared = '192.168.1.10';
    b.restoreFrom.listenError = 'listen tcp :8443: bind: address already in use';
    await start(b);
    await restoreWith(FAKE_BACKUP_BASE64, FAKE_BACKUP_PASSPHRASE);
    const note = $('restore-public-host-cleared')!;
    expect(note.textContent).toContain('192.168.1.10');
    expect(note.textContent).toContain('このPCのアドレス');
    expect($('restore-listen-error')!.textContent).toContain('address already in use');
  });

  it('speaks English', async () => {
    const b = createFakeBackend({ fresh: true });
    b.settings.language = 'en';
    await start(b);
    expect($('welcome-choose')!.textContent).toContain('Welcome to Sekisho');
    click($('welcome-restore'));
    click($('restore-run'));
    await settle();
    expect($('field-error-restore-file')!.textContent).toContain('Choose a backup file');
    click($('restore-back'));
    expect($('welcome-fresh')!.textContent).toContain('Start afresh');
  });

  it('in the window, data:restored (a restore made elsewhere) reloads the app and the open screen', async () => {
    const handlers = fakeRuntime();
    history.replaceState(null, '', '/#/users');
    const b = createFakeBackend();
    await start(b);
    const gets = calls('Settings.Get').length;
    const lists = calls('Users.List').length;
    b.settings.organizationName = '復元した会社';
    handlers.get('data:restored')!(null);
    await settle();
    expect(calls('Settings.Get').length).toBeGreaterThan(gets);
    expect(calls('Users.List').length).toBeGreaterThan(lists);
    expect($('org-name')!.textContent).toBe('復元した会社');
  });
});
