// Files handed to the person (SPEC section 1 "Downloads"): certificates,
// the root CA, and what the server exports (CSV, backups, the encrypted CA).
import { caInfo, downloadCert } from './api/certs';
import { saveFile } from './api/system';
import { bytesToBase64 } from './base64';
import { toast } from './stores/toasts.svelte';
import { t } from './i18n/index.svelte';
import type { CertFormat, SaveFileResult } from './api/types';

/** a saved file: where it went (saved is false when the person cancelled) */
export type Saved = SaveFileResult & { filename: string };

export const MIME: Record<CertFormat | 'pem' | 'cer' | 'zip', string> = {
  p12: 'application/x-pkcs12',
  mobileconfig: 'application/x-apple-aspen-config',
  pem: 'application/x-pem-file',
  cer: 'application/pkix-cert',
  zip: 'application/zip',
};

/** A file's name and bytes, as the server's exports answer. */
export interface FileData {
  filename: string;
  dataBase64: string;
}

/** saveData hands a file to the person (a save dialog, or a download in the browser). */
export async function saveData(f: FileData, mime?: string): Promise<Saved> {
  return { ...(await saveFile(f.filename, f.dataBase64, mime)), filename: f.filename };
}

/** saveCertFile fetches the stored .p12 or the iOS profile and hands it to the person. */
export async function saveCertFile(id: string, format: CertFormat): Promise<Saved> {
  return saveData(await downloadCert(id, format), MIME[format]);
}

/** saveCA saves the root certificate as cacert.pem (PEM) or cacert.cer (DER). */
export async function saveCA(format: 'pem' | 'cer'): Promise<Saved> {
  const ca = await caInfo();
  const filename = format === 'pem' ? 'cacert.pem' : 'cacert.cer';
  const dataBase64 = format === 'pem' ? bytesToBase64(new TextEncoder().encode(ca.pem)) : ca.derBase64;
  return saveData({ filename, dataBase64 }, MIME[format]);
}

/**
 * saveAndSay waits for a save and says where the file went (said gets the
 * place); it tells whether the file was saved. Errors are the caller's.
 */
export async function saveAndSay(save: Promise<Saved>, said = (file: string) => t('certs.download.done', { file })): Promise<boolean> {
  const r = await save;
  if (r.saved) toast(said(r.path || r.filename));
  return r.saved;
}
