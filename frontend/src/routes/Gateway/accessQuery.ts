// Pure logic of the access log screen: filter → Access.List/ExportCSV
// request. The reason codes are bound from Go (ACCESS_REASONS, lib/denials.ts).

import { ACCESS_REASONS, PAGE_SIZES, type AccessDecision, type AccessListRequest, type AccessReason } from '../../lib/api/types';
import { criteria, pageParams } from '../../lib/filters';

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
  return criteria(f);
}

/** toAccessRequest builds Access.List's request; empty criteria are left out. */
export function toAccessRequest(f: AccessFilter, page: number, pageSize: number): AccessListRequest {
  return { ...fields(f), ...pageParams(page, pageSize, normAccessPageSize) };
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

/**
 * The reasons as an admin looks for them, in the order the gateway decides
 * (policy.Decide: IP, certificate, user, device), then the sign-in and
 * self-service pages; the generated enum is alphabetical.
 */
const REASON_ORDER: Record<string, readonly AccessReason[]> = {
  ip: ['ip_not_allowed'],
  cert: ['certificate_required', 'certificate_expired', 'certificate_revoked', 'certificate_disabled', 'certificate_not_yours'],
  user: ['user_suspended'],
  device: ['device_required', 'device_pending', 'device_rejected'],
  signIn: ['sign_in_required', 'sign_in_failed', 'sign_in_throttled', 'signed_in'],
  self: ['self_service_off', 'self_issue_limit', 'self_issued'],
  other: ['bad_path'],
};

/** reasonGroups lists the reason filter's choices by group (access.reasonGroup.*); a reason not placed yet goes last. */
export function reasonGroups(reasons: readonly AccessReason[] = ACCESS_REASONS): { group: string; reasons: AccessReason[] }[] {
  const placed = new Set(Object.values(REASON_ORDER).flat());
  const out = Object.entries(REASON_ORDER).map(([group, rs]) => ({ group, reasons: rs.filter((r) => reasons.includes(r)) }));
  out[out.length - 1].reasons.push(...reasons.filter((r) => !placed.has(r)));
  return out.filter((g) => g.reasons.length > 0);
}
