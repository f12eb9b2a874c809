// Paging math shared by every paged list (1-based pages).

import { PAGE_SIZES } from './api/types';

/** pageCount is the number of pages (at least 1). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(Math.max(0, total) / Math.max(1, pageSize)));
}

/** clampPage keeps page within 1..pageCount. */
export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.min(Math.max(1, Math.floor(page) || 1), pageCount(total, pageSize));
}

/** pageRange is the 1-based item range shown on page ("21–40 / 123"); from = 0 when empty. */
export function pageRange(page: number, pageSize: number, total: number): { from: number; to: number } {
  if (total <= 0) return { from: 0, to: 0 };
  const p = clampPage(page, total, pageSize);
  const from = (p - 1) * pageSize + 1;
  return { from, to: Math.min(total, p * pageSize) };
}

/**
 * pageWindow lists the page buttons to show: always the first and last page,
 * the pages around the current one, and "…" for the gaps.
 */
export function pageWindow(page: number, pages: number, around = 1): (number | '…')[] {
  if (pages <= 1) return [1];
  const p = Math.min(Math.max(1, page), pages);
  const set = new Set<number>([1, pages]);
  for (let i = p - around; i <= p + around; i++) if (i >= 1 && i <= pages) set.add(i);
  const sorted = [...set].sort((a, b) => a - b);
  const out: (number | '…')[] = [];
  let prev = 0;
  for (const n of sorted) {
    if (prev && n - prev === 2) out.push(prev + 1);
    else if (prev && n - prev > 2) out.push('…');
    out.push(n);
    prev = n;
  }
  return out;
}

/** pageAfterRemoval is the page to show after `removed` rows vanished from the current page. */
export function pageAfterRemoval(page: number, total: number, removed: number, pageSize: number): number {
  return clampPage(page, Math.max(0, total - removed), pageSize);
}

export const DEFAULT_PAGE_SIZE = 20;

/** normPageSize keeps the page size to one the API accepts (10/20/50/100). */
export function normPageSize(n: number): number {
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
}

/** selectionState tells the header checkbox what to show for the rows on this page. */
export function selectionState(pageIds: string[], selected: ReadonlySet<string>): 'none' | 'some' | 'all' {
  if (pageIds.length === 0) return 'none';
  let n = 0;
  for (const id of pageIds) if (selected.has(id)) n++;
  return n === 0 ? 'none' : n === pageIds.length ? 'all' : 'some';
}
