// Pure logic of the certificate list: filter → request mapping, name checks.

import type { CertKind, CertListRequest, CertState } from '../../lib/api/types';
import { criteria, pageParams } from '../../lib/filters';

export interface CertFilter {
  query: string;
  kind: CertKind | '';
  state: CertState | '';
}

export const emptyCertFilter = (): CertFilter => ({ query: '', kind: '', state: '' });

/** toCertListRequest builds Certs.List's request; empty criteria are left out. */
export function toCertListRequest(f: CertFilter, page: number, pageSize: number): CertListRequest {
  return { ...criteria(f), ...pageParams(page, pageSize) };
}

export function isCertFiltered(f: CertFilter): boolean {
  return Object.keys(criteria(f)).length > 0;
}
