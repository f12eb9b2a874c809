// File downloads of certificates and the root CA (SPEC section 1 "Downloads").
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

/** saveCertFile fetches the stored .p12 or the iOS profile and hands it to the person. */
export async function saveCertFile(id: string, format: CertFormat): Promise<Saved> {
  const f = await downloadCert(id, format);
  const r = await saveFile(f.filename, f.dataBase64, MIME[format]);
  return { ...r, filename: f.filename };
}

/** saveCA saves the root certificate as cacert.pem (PEM) or cacert.cer (DER). */
export async function saveCA(format: 'pem' | 'cer'): Promise<Saved> {
  const ca = await caInfo();
  const filename = format === 'pem' ? 'cacert.pem' : 'cacert.cer';
  const data = format === 'pem' ? bytesToBase64(new TextEncoder().encode(ca.pem)) : ca.derBase64;
  const r = await saveFile(filename, data, MIME[format]);
  return { ...r, filename };
}

/** saveAndSay waits for a save and says where the file went; it tells whether it was saved (errors are the caller's). */
export async function saveAndSay(save: Promise<Saved>): Promise<boolean> {
  const r = await save;
  if (r.saved) toast(t('certs.download.done', { file: r.path || r.filename }));
  return r.saved;
}
