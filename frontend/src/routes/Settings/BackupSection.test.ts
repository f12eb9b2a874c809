import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BackupSection from './BackupSection.svelte';
import { createFakeBackend, installFakeBackend, type FakeBackend } from '../../test/fakeBackend';
import { click, render, settle, toastTexts, type, type Screen } from '../../test/dom';
import { setLanguage } from '../../lib/i18n/index.svelte';
import { dismiss, toasts } from '../../lib/stores/toasts.svelte';

let backend: FakeBackend;
let s: Screen;

async function open(b = createFakeBackend()) {
  backend = b;
  installFakeBackend(backend);
  s = render(BackupSection);
  await settle();
}

beforeEach(() => {
  setLanguage('ja');
});

afterEach(() => {
  s.destroy();
  delete window.go;
  for (const t of [...toasts]) dismiss(t.id);
});

const calls = (m: string) => backend.calls.filter((c) => c.method === m);

describe('設定 → バックアップ', () => {
  it('refuses two different passphrases next to the second field, without calling the server', async () => {
    await open();
    type(s.$('backup-passphrase'), 'kaisha-no-backup-1');
    type(s.$('backup-passphrase-again'), 'kaisha-no-backup-2');
    click(s.$('backup-run'));
    await settle();
    expect(s.$('field-error-backup-passphrase-again')!.textContent).toContain('一致しません');
    expect(calls('System.Backup')).toEqual([]);
    // Editing the field drops the error.
    type(s.$('backup-passphrase-again'), 'kaisha-no-backup-1');
    expect(s.$('field-error-backup-passphrase-again')).toBeNull();
  });

  it('refuses a passphrase shorter than 12 characters, in the chosen language', async () => {
    await open();
    type(s.$('backup-passphrase'), 'elevenchars');
    type(s.$('backup-passphrase-again'), 'elevenchars');
    click(s.$('backup-run'));
    await settle();
    expect(s.$('field-error-backup-passphrase')!.textContent).toContain('12文字以上');
    expect(calls('System.Backup')).toEqual([]);

    setLanguage('en');
    await settle();
    click(s.$('backup-run'));
    await settle();
    expect(s.$('field-error-backup-passphrase')!.textContent).toContain('at least 12 characters');
    expect(s.$('backup-run')!.textContent).toContain('Back up now');
  });

  it("shows the server's field error next to the field", async () => {
    await open();
    backend.services.System.Backup = () =>
      Promise.reject(JSON.stringify({ code: 'invalid', message: '改行や制御文字は使えません。', field: 'passphrase' }));
    type(s.$('backup-passphrase'), 'twelve chars and more');
    type(s.$('backup-passphrase-again'), 'twelve chars and more');
    click(s.$('backup-run'));
    await settle();
    expect(s.$('field-error-backup-passphrase')!.textContent).toContain('制御文字');
  });

  it('backs up and saves a .sekisho-backup file, then says where', async () => {
    await open(createFakeBackend({ delayMs: 5 }));
    type(s.$('backup-passphrase'), 'kaisha-no-backup-2026');
    type(s.$('backup-passphrase-again'), 'kaisha-no-backup-2026');
    click(s.$('backup-run'));
    await settle(1);
    // Disabled while it runs.
    expect(s.$<HTMLButtonElement>('backup-run')!.disabled).toBe(true);
    await settle(20);
    await new Promise((r) => setTimeout(r, 30));
    await settle();
    expect(calls('System.Backup').map((c) => c.req)).toEqual([{ passphrase: 'kaisha-no-backup-2026' }]);
    const save = calls('System.SaveFile');
    expect(save).toHaveLength(1);
    expect(String(save[0].req.filename)).toMatch(/^sekisho-\d{8}-\d{6}\.sekisho-backup$/);
    expect(save[0].req.dataBase64).toBe(btoa('age-encryption.org/v1 (fake)'));
    expect(toastTexts().map((t) => t.text).join()).toContain('/home/admin/Downloads/sekisho-20261203-104500.sekisho-backup');
    expect(s.$<HTMLButtonElement>('backup-run')!.disabled).toBe(false);
    // The typed passphrase does not stay on screen.
    expect(s.$<HTMLInputElement>('backup-passphrase')!.value).toBe('');
  });

  it('generates a passphrase, shows it with a copy button, and backs up with it', async () => {
    await open();
    click(s.$('backup-generate'));
    const shown = s.$('backup-generated-passphrase')!.dataset.value!;
    expect(shown).toMatch(/^[^-]{5}(-[^-]{5}){4}$/);
    expect(s.$('backup-copy')).toBeTruthy();
    expect(s.$('backup-passphrase')).toBeNull();
    click(s.$('backup-run'));
    await settle();
    expect(calls('System.Backup').map((c) => c.req)).toEqual([{ passphrase: shown }]);
    expect(calls('System.SaveFile')).toHaveLength(1);
    // Still shown after the backup, so that it can be copied.
    expect(s.$('backup-generated-passphrase')!.dataset.value).toBe(shown);
    click(s.$('backup-type-own'));
    expect(s.$('backup-generated')).toBeNull();
    expect(s.$('backup-passphrase')).toBeTruthy();
  });
});
