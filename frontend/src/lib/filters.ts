// A list's filter as a request: the criteria set (strings trimmed; '' and
// false left out) and the page. Every list screen's query module builds its
// List and export requests with these.

import { normPageSize } from './paging';

/** The criteria set in a filter F (none of them '' or false). */
export type Criteria<F> = { [K in keyof F]?: Exclude<F[K], '' | false | null> };

/** criteria gives the filter's set criteria: strings trimmed, empty ones ('', false, null) left out. */
export function criteria<F extends object>(f: F): Criteria<F> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    const x = typeof v === 'string' ? v.trim() : v;
    if (x !== '' && x !== false && x != null) out[k] = x;
  }
  return out as Criteria<F>;
}

/** pageParams is the page part of a List request: page from 1, a size offered (norm). */
export function pageParams(page: number, pageSize: number, norm: (n: number) => number = normPageSize): { page: number; pageSize: number } {
  return { page: Math.max(1, Math.floor(page) || 1), pageSize: norm(pageSize) };
}
