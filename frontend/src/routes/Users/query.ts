// Pure logic of the Users list: filter → request mapping and paging math.
// Kept out of the components so it can be tested without a DOM.

import { normPageSize } from '../../lib/paging';
import { type CsvEncoding, type ExportRequest, type UserListRequest, type UserState } from '../../lib/api/types';

export interface UserFilter {
  /** quick search: name or user code */
  query: string;
  group: string;
  state: UserState;
}

export const emptyFilter = (): UserFilter => ({ query: '', group: '', state: '' });

function filterFields(f: UserFilter): { query?: string; group?: string; state?: UserState } {
  const out: { query?: string; group?: string; state?: UserState } = {};
  const q = f.query.trim();
  if (q) out.query = q;
  if (f.group) out.group = f.group;
  if (f.state) out.state = f.state;
  return out;
}

/** toListRequest builds Users.List's request; empty criteria are left out. */
export function toListRequest(f: UserFilter, page: number, pageSize: number): UserListRequest {
  return { ...filterFields(f), page: Math.max(1, Math.floor(page) || 1), pageSize: normPageSize(pageSize) };
}

/** toExportRequest builds Users.ExportCSV's request for the same filter (all pages). */
export function toExportRequest(f: UserFilter, encoding: CsvEncoding): ExportRequest {
  return { ...filterFields(f), encoding };
}

/** isFiltered reports whether any criterion is set. */
export function isFiltered(f: UserFilter): boolean {
  return !!(f.query.trim() || f.group || f.state);
}

/** advancedCount is how many 詳細検索 criteria are set (shown on the button). */
export function advancedCount(f: UserFilter): number {
  return (f.group ? 1 : 0) + (f.state ? 1 : 0);
}
