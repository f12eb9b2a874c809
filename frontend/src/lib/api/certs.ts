// Certs service (SPEC section 1): issue, list, change, revoke, renew, delete,
// download, and the coverage timeline.
import { call } from './call';
import type {
  CAInfo,
  CARenewMode,
  CAStatus,
  Cert,
  CertFormat,
  CertKind,
  CertListRequest,
  CertUpdateRequest,
  Coverage,
  FileResult,
  IssuedCert,
  IssuedPersonal,
  IssuePersonalRequest,
  IssueSharedRequest,
  JobProgress,
  Page,
  RenewRequest,
} from './types';

const S = 'Certs';

export const listCerts = (req: CertListRequest = {}) => call<Page<Cert>>(S, 'List', req);
export const getCert = (id: string) => call<Cert>(S, 'Get', { id });
export const issueShared = (req: IssueSharedRequest) => call<IssuedCert>(S, 'IssueShared', req);
export const issuePersonal = (req: IssuePersonalRequest) => call<IssuedPersonal>(S, 'IssuePersonal', req);
export const jobProgress = (jobId: string) => call<JobProgress>(S, 'Progress', { jobId });
export const cancelJob = (jobId: string) => call<object>(S, 'Cancel', { jobId });
export const updateCert = (req: CertUpdateRequest) => call<Cert>(S, 'Update', req);
/** revokeCert is permanent; ask the admin first (without confirm the server answers 409 "confirm"). */
export const revokeCert = (id: string, reason: string) =>
  call<Cert>(S, 'Revoke', reason ? { id, reason, confirm: true } : { id, confirm: true });
export const renewCert = (req: RenewRequest) => call<IssuedCert>(S, 'Renew', req);
/** deleteCert revokes and removes the certificate; ask the admin first. */
export const deleteCert = (id: string) => call<object>(S, 'Delete', { id, confirm: true });
export const downloadCert = (id: string, format: CertFormat) => call<FileResult>(S, 'Download', { id, format });
export const caInfo = () => call<CAInfo>(S, 'CA', {});
/**
 * exportCA returns the CA certificate with its private key as a PKCS#12
 * encrypted under passphrase (at least 12 characters). Ask the admin first:
 * whoever holds the file can issue certificates every device trusts.
 */
export const exportCA = (passphrase: string) => call<FileResult>(S, 'ExportCA', { passphrase, confirm: true });
export const caStatus = () => call<CAStatus>(S, 'CAStatus', {});
/**
 * renewCA renews the CA: "sameKey" keeps every issued certificate working;
 * "newKey" makes a new CA, and what the old one issued stops working after
 * overlapDays. Ask the admin first (without confirm the server answers 409
 * "confirm").
 */
export const renewCA = (mode: CARenewMode, overlapDays?: number) =>
  call<CAStatus>(S, 'RenewCA', mode === 'newKey' ? { mode, overlapDays, confirm: true } : { mode, confirm: true });
export const coverage = (kind: CertKind | '' = '') => call<Coverage>(S, 'Coverage', kind ? { kind } : {});

/** newJobId makes the caller-chosen id that Certs.Progress and Certs.Cancel follow. */
export function newJobId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return 'job-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
}
