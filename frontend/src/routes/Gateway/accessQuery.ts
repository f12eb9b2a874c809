// Pure logic of the access log screen: filter → Access.List/ExportCSV
// request, reason codes, date checks.

import {
  ACCESS_REASONS,
  PAGE_SIZES,
  type AccessDecision,
  type AccessListRequest,
  type AccessReason,
} from '../../lib/api/types';
import { parseISODate } from '../../lib/dates';

// The reasons (the gateway's deny reasons, X-Sekisho-Deny; sign_in_required
// for browsers sent to sign in; bad_path for refused paths; the sign-in and
// self-service pages' own) are bound from Go (app.AccessReasons).
export { ACCESS_REASONS, type AccessReason };

/** isKnownReason tells whether the UI has a translation for a reason code. */
export function isKnownReason(code: string): code is AccessReason {
  return (ACCESS_REASONS as readonly string[]).includes(code);
}

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

export type RangeProblem = 'fromInvalid' | 'toInvalid' | 'order';

/** checkRange finds what is wrong with an optional from–to date pair (null when fine). */
export function checkRange(from: string, to: string): RangeProblem | null {
  if (from && !parseISODate(from)) return 'fromInvalid';
  if (to && !parseISODate(to)) return 'toInvalid';
  if (from && to && to < from) return 'order';
  return null;
}
