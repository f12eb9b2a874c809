// Pure logic of the Users list: filter → request mapping and paging math.
// Kept out of the components so it can be tested without a DOM.

export { pageCount, clampPage, pageRange, pageWindow, pageAfterRemoval } from '../../lib/paging';
import { PAGE_SIZES, type CsvEncoding, type ExportRequest, type UserListRequest, type UserState } from '../../lib/api/types';

export interface UserFilter {
  /** quick search: name or user code */
  query: string;
  group: string;
  state: UserState;
}

export const emptyFilter = (): UserFilter => ({ query: '', group: '', state: '' });

export const DEFAULT_PAGE_SIZE = 20;

/** normPageSize keeps the page size to one the API accepts (10/20/50/100). */
export function normPageSize(n: number): number {
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
}

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

/** selectionState tells the header checkbox what to show for the rows on this page. */
export function selectionState(pageIds: string[], selected: ReadonlySet<string>): 'none' | 'some' | 'all' {
  if (pageIds.length === 0) return 'none';
  let n = 0;
  for (const id of pageIds) if (selected.has(id)) n++;
  return n === 0 ? 'none' : n === pageIds.length ? 'all' : 'some';
}
