// Pure logic of the certificate list: filter → request mapping, name checks.

import type { CertKind, CertListRequest, CertState } from '../../lib/api/types';
import { normPageSize } from '../../lib/paging';

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
