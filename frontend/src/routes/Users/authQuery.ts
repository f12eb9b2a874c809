// Pure logic of ユーザー認証設定状況: filter → request, and what to warn about
// before 認証を使う is switched on (運用途中から導入).
import type { RequireCertCheck, RequireCertFilter, UserFilterFields, UserListRequest } from '../../lib/api/types';
import { criteria, pageParams } from '../../lib/filters';

export interface AuthFilter {
  query: string;
  /** exact certificate name (認証を行った証明書名) */
  certName: string;
  requireCert: RequireCertFilter;
  withoutValidCert: boolean;
}

export const emptyAuthFilter = (): AuthFilter => ({ query: '', certName: '', requireCert: '', withoutValidCert: false });

/** authFilterFields gives the filter as the API's fields; empty criteria are left out. */
export function authFilterFields(f: AuthFilter): UserFilterFields {
  return criteria(f);
}

export function toAuthListRequest(f: AuthFilter, page: number, pageSize: number): UserListRequest {
  return { ...criteria(f), ...pageParams(page, pageSize) };
}

export function isAuthFiltered(f: AuthFilter): boolean {
  return Object.keys(criteria(f)).length > 0;
}

export function authAdvancedCount(f: AuthFilter): number {
  return (f.certName.trim() ? 1 : 0) + (f.requireCert ? 1 : 0);
}

/** needsRequireWarning: ask before turning 認証を使う on when someone would be locked out, or nothing is enforced. */
export function needsRequireWarning(c: RequireCertCheck): boolean {
  return c.failOpen || c.neverAuthenticated > 0;
}
