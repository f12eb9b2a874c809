// Pure logic of the certificate list: filter → request mapping, name checks.

import type { CertKind, CertListRequest, CertState } from '../../lib/api/types';
import { normPageSize } from '../Users/query';

export interface CertFilter {
  query: string;
  kind: CertKind | '';
  state: CertState | '';
}

export const emptyCertFilter = (): CertFilter => ({ query: '', kind: '', state: '' });

/** toCertListRequest builds Certs.List's request; empty criteria are left out. */
export function toCertListRequest(f: CertFilter, page: number, pageSize: number): CertListRequest {
  const out: CertListRequest = {};
  const q = f.query.trim();
  if (q) out.query = q;
  if (f.kind) out.kind = f.kind;
  if (f.state) out.state = f.state;
  out.page = Math.max(1, Math.floor(page) || 1);
  out.pageSize = normPageSize(pageSize);
  return out;
}

export function isCertFiltered(f: CertFilter): boolean {
  return !!(f.query.trim() || f.kind || f.state);
}

/** The longest shared certificate name (SPEC: letters and digits, 1–20). */
export const CERT_NAME_MAX = 20;

const NAME_RE = /^[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]+$/;

export type NameProblem = 'required' | 'chars' | 'tooLong';

/** checkCertName: 英数字のみ (half- or full-width), 1–20 characters. */
export function checkCertName(name: string): NameProblem | null {
  const n = name.trim();
  if (!n) return 'required';
  if ([...n].length > CERT_NAME_MAX) return 'tooLong';
  if (!NAME_RE.test(n)) return 'chars';
  return null;
}

/** certLabel is how a certificate is named in messages: shared → its name, personal → "code name". */
export function certLabel(c: { name: string; kind: CertKind; userCode?: string; userName?: string }): string {
  if (c.kind === 'personal') return [c.userCode || c.name, c.userName].filter(Boolean).join(' ');
  return c.name;
}
