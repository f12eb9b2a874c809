// Pure logic of the Users list: filter → request mapping and paging math.
// Kept out of the components so it can be tested without a DOM.

import { criteria, pageParams } from '../../lib/filters';
import { type CsvEncoding, type ExportRequest, type UserListRequest, type UserState } from '../../lib/api/types';

export interface UserFilter {
  /** quick search: name or user code */
  query: string;
  group: string;
  state: UserState;
}

export const emptyFilter = (): UserFilter => ({ query: '', group: '', state: '' });

/** userFilterFields gives the filter as the API's fields (List, ExportCSV, SetRequireDeviceMatching). */
export const userFilterFields = (f: UserFilter) => criteria(f);

/** toListRequest builds Users.List's request; empty criteria are left out. */
export function toListRequest(f: UserFilter, page: number, pageSize: number): UserListRequest {
  return { ...criteria(f), ...pageParams(page, pageSize) };
}

/** toExportRequest builds Users.ExportCSV's request for the same filter (all pages). */
export function toExportRequest(f: UserFilter, encoding: CsvEncoding): ExportRequest {
  return { ...criteria(f), encoding };
}

/** isFiltered reports whether any criterion is set. */
export function isFiltered(f: UserFilter): boolean {
  return Object.keys(criteria(f)).length > 0;
}

/** advancedCount is how many 詳細検索 criteria are set (shown on the button). */
export function advancedCount(f: UserFilter): number {
  return (f.group ? 1 : 0) + (f.state ? 1 : 0);
}
