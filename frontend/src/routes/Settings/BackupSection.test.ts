import { describe, expect, it } from 'vitest';
import BackupSection from './BackupSection.svelte';
import { createFakeBackend } from '../../test/fakeBackend';
import { click, settle, toastTexts, type } from '../../test/dom';
import { harness } from '../../test/harness';
import { setLanguage } from '../../lib/i18n/index.svelte';

const h = harness(BackupSection);
const { s, open, calls } = h;

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
    h.backend.services.System.Backup = () =>
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

  describe('自動バックアップ', () => {
    it('refuses to turn the schedule on without a folder, then without a passphrase, next to the field', async () => {
      await open();
      expect(s.$('backup-schedule-pass-state')!.textContent).toContain('未設定');
      const on = s.$('backup-schedule-enabled') as HTMLInputElement;
      on.click();
      click(s.$('backup-schedule-save'));
      await settle();
      expect(s.$('field-error-backup-folder')!.textContent).toContain('保存先のフォルダー');
      type(s.$('backup-folder'), 'backups');
      click(s.$('backup-schedule-save'));
      await settle();
      expect(s.$('field-error-backup-folder')!.textContent).toContain('絶対パス');
      type(s.$('backup-folder'), '/mnt/nas/sekisho');
      click(s.$('backup-schedule-save'));
      await settle();
      expect(s.$('field-error-backup-schedule-passphrase')!.textContent).toContain('パスフレーズを設定してください');
      type(s.$('backup-schedule-passphrase'), 'elevenchars');
      click(s.$('backup-schedule-save'));
      await settle();
      expect(s.$('field-error-backup-schedule-passphrase')!.textContent).toContain('12文字以上');
      expect(h.backend.settings.backupScheduleEnabled).toBe(false);
    });

    it('saves the schedule with the passphrase, shows it as set, and never sends it again unless changed', async () => {
      await open();
      (s.$('backup-schedule-enabled') as HTMLInputElement).click();
      type(s.$('backup-folder'), '/mnt/nas/sekisho');
      type(s.$('backup-interval'), '12');
      type(s.$('backup-keep'), '3');
      type(s.$('backup-schedule-passphrase'), 'kaisha-no-backup-2026');
      click(s.$('backup-schedule-save'));
      await settle();
      const req = calls('Settings.Update').at(-1)!.req;
      expect(req).toMatchObject({
        backupScheduleEnabled: true,
        backupFolder: '/mnt/nas/sekisho',
        backupIntervalHours: 12,
        backupKeep: 3,
        backupPassphrase: 'kaisha-no-backup-2026',
      });
      expect(h.backend.settings).toMatchObject({ backupScheduleEnabled: true, backupFolder: '/mnt/nas/sekisho', backupIntervalHours: 12, backupKeep: 3, backupPassphraseSet: true });
      expect(JSON.stringify(h.backend.settings)).not.toContain('kaisha-no-backup-2026');
      expect(toastTexts().map((x) => x.text.trim())).toContain('自動バックアップの設定を保存しました');
      expect(s.$('backup-schedule-pass-state')!.textContent).toContain('設定済み');
      expect(s.$('backup-schedule-passphrase')).toBeNull();

      // Another interval: the passphrase is not sent.
      type(s.$('backup-interval'), '24');
      click(s.$('backup-schedule-save'));
      await settle();
      expect(calls('Settings.Update').at(-1)!.req).not.toHaveProperty('backupPassphrase');
      expect(h.backend.settings.backupIntervalHours).toBe(24);

      // Changing it opens the field; the server's error shows there.
      click(s.$('backup-schedule-pass-change'));
      type(s.$('backup-schedule-passphrase'), 'short');
      click(s.$('backup-schedule-save'));
      await settle();
      expect(s.$('field-error-backup-schedule-passphrase')!.textContent).toContain('12文字以上');
    });

    it('shows the last scheduled run, in the chosen language', async () => {
      const b = createFakeBackend();
      b.settings.backupScheduleEnabled = true;
      b.settings.backupFolder = '/mnt/usb';
      b.settings.backupPassphraseSet = true;
      b.backupLast = { lastAt: '2026-12-04T01:45:00Z', lastOk: false, lastError: 'backup folder: no such file or directory', lastFile: '', due: true };
      setLanguage('en');
      await open(b);
      expect((s.$('backup-folder') as HTMLInputElement).value).toBe('/mnt/usb');
      expect(s.$('backup-schedule-pass-state')!.textContent).toContain('Set');
      expect(s.$('backup-schedule-last')!.textContent).toContain('failed');
      expect(s.$('backup-schedule-last')!.textContent).toContain('no such file or directory');
    });
  });
});

