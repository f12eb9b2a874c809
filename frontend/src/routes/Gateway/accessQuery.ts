// Pure logic of the access log screen: filter → Access.List/ExportCSV
// request. The reason codes are bound from Go (ACCESS_REASONS, lib/denials.ts).

import { PAGE_SIZES, type AccessDecision, type AccessListRequest } from '../../lib/api/types';

export interface AccessFilter {
  decision: AccessDecision | '';
  userCode: string;
  reason: string;
  clientIp: string;
  route: string;
  /** YYYY-MM-DD, inclusive */
  from: string;
  to: string;
}

export const emptyAccessFilter = (): AccessFilter => ({
  decision: '',
  userCode: '',
  reason: '',
  clientIp: '',
  route: '',
  from: '',
  to: '',
});

/** The log offers the larger page sizes only. */
export const ACCESS_PAGE_SIZES: readonly number[] = PAGE_SIZES.filter((n) => n >= 20);
export const DEFAULT_ACCESS_PAGE_SIZE = 50;

export function normAccessPageSize(n: number): number {
  return ACCESS_PAGE_SIZES.includes(n) ? n : DEFAULT_ACCESS_PAGE_SIZE;
}

function fields(f: AccessFilter): AccessListRequest {
  const out: AccessListRequest = {};
  if (f.decision) out.decision = f.decision;
  const code = f.userCode.trim();
  if (code) out.userCode = code;
  if (f.reason) out.reason = f.reason;
  const ip = f.clientIp.trim();
  if (ip) out.clientIp = ip;
  const route = f.route.trim();
  if (route) out.route = route;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  return out;
}

/** toAccessRequest builds Access.List's request; empty criteria are left out. */
export function toAccessRequest(f: AccessFilter, page: number, pageSize: number): AccessListRequest {
  return { ...fields(f), page: Math.max(1, Math.floor(page) || 1), pageSize: normAccessPageSize(pageSize) };
}

/** toAccessExportRequest is the same filter for Access.ExportCSV (every page). */
export function toAccessExportRequest(f: AccessFilter): AccessListRequest {
  return fields(f);
}

export function isAccessFiltered(f: AccessFilter): boolean {
  return Object.keys(fields(f)).length > 0;
}

/** accessAdvancedCount counts the 詳細検索 criteria (everything but the decision switch). */
export function accessAdvancedCount(f: AccessFilter): number {
  const { decision: _d, ...rest } = fields(f);
  void _d;
  return Object.keys(rest).length;
}
