// System service: facts about this installation, and the native save dialog.
import { call, isDesktop } from './call';
import { base64ToBytes } from '../base64';
import type { BackupResult, Dashboard, RestoreResult, SaveFileResult, SystemInfo } from './types';

export const systemInfo = () => call<SystemInfo>('System', 'Info', {});
/** dashboard is the Home screen at a glance (protection, pending devices, denials, server). */
export const dashboard = () => call<Dashboard>('System', 'Dashboard', {});
/**
 * backup takes a backup now, encrypted under passphrase (at least 12
 * characters): the file to hand to saveFile.
 */
export const backup = (passphrase: string) => call<BackupResult>('System', 'Backup', { passphrase });
/**
 * restore puts a .sekisho-backup (its bytes as base64) in place on a new
 * engine (System.Info's fresh). Rejects with invalid on passphrase (wrong
 * or missing) or on dataBase64 (damaged, not a backup, newer version), or
 * conflict when the engine already holds data. Takes a few seconds (scrypt).
 */
export const restore = (dataBase64: string, passphrase: string) =>
  call<RestoreResult>('System', 'Restore', { dataBase64, passphrase });
/** startFresh: the admin starts this new engine afresh (System.Info's fresh turns false). */
export const startFresh = () => call<Record<string, never>>('System', 'StartFresh', {});
export const saveFileNative = (filename: string, dataBase64: string) =>
  call<SaveFileResult>('System', 'SaveFile', { filename, dataBase64 });

/**
 * saveFile hands a file to the person. In the desktop window it opens the
 * native save dialog (System.SaveFile); in a browser it downloads a Blob
 * through an <a download>. Resolves with saved=false when the dialog was
 * cancelled.
 */
export async function saveFile(filename: string, dataBase64: string, mime = 'text/csv'): Promise<SaveFileResult> {
  if (isDesktop()) return saveFileNative(filename, dataBase64);
  const bytes = base64ToBytes(dataBase64);
  const blob = new Blob([bytes as BlobPart], { type: mime });
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // Give the browser a moment to start the download before the URL goes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return { saved: true, path: filename };
}
