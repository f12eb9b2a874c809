// The state of a paged list (every list screen and picker): the filter with
// its quick-search text, the page and page size, the loaded page, loading and
// error, and the checked rows. A screen gives it the call that loads a page;
// ListToolbar, ListTable and ListFooter (lib/components) render it.

import { SvelteSet } from 'svelte/reactivity';
import { PAGE_SIZES } from './api/types';
import { errorMessage, toastError } from './stores/toasts.svelte';
import { clampPage, selectionState } from './paging';

/** One page as the List methods answer it (a list not paged on the server has items only). */
export interface PageOf<Item> {
  items?: Item[] | null;
  total?: number;
}

/** The page to load: the filter in force, 1-based page and page size. */
export interface PageRequest<F> {
  filter: F;
  page: number;
  pageSize: number;
}

export interface PagedListOptions<F, Item> {
  /** load fetches one page */
  load: (req: PageRequest<F>) => Promise<PageOf<Item>>;
  /** the empty filter (条件をクリア); its `query`, when it has one, is the quick-search text */
  filter: () => F;
  /** the page sizes offered (PAGE_SIZES) and the first one shown */
  pageSizes?: readonly number[];
  pageSize?: number;
  /** a row's id, for the selection and keyed rows (default: item.id) */
  id?: (item: Item) => string;
  /** isFiltered: whether any criterion is set (default: any non-empty value in the filter) */
  isFiltered?: (filter: F) => boolean;
  /** the pause after typing before the quick search runs (ms) */
  debounceMs?: number;
  /** onerror reports a failed load (default: an error toast) */
  onerror?: (e: unknown) => void;
}

export const DEFAULT_DEBOUNCE_MS = 350;

function anySet(f: unknown): boolean {
  return Object.values(f as Record<string, unknown>).some((v) => (typeof v === 'string' ? v.trim() !== '' : !!v));
}

/** PagedList is a paged list's state; see createPagedList. */
export class PagedList<F, Item> {
  /** the filter in force (what the table shows) */
  filter = $state() as F;
  /** the quick-search box; applied on Enter, 検索 or after a pause in typing */
  queryInput = $state('');
  page = $state(1);
  pageSize = $state(20);
  items = $state<Item[]>([]);
  total = $state(0);
  loading = $state(false);
  /** whether a load has finished once (before that the table says 読み込み中) */
  loaded = $state(false);
  failed = $state(false);
  /** the last load's failure, as shown to the admin ('' when it worked) */
  error = $state('');
  /** ids checked on the current page */
  selected = new SvelteSet<string>();
  /** every row matching the filter is selected (一致するN件をすべて選択), not only the checked ones */
  allMatching = $state(false);

  readonly pageSizes: readonly number[];
  readonly idOf: (item: Item) => string;
  #opts: PagedListOptions<F, Item>;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(opts: PagedListOptions<F, Item>) {
    this.#opts = opts;
    this.pageSizes = opts.pageSizes ?? PAGE_SIZES;
    this.pageSize = this.normPageSize(opts.pageSize ?? 20);
    this.idOf = opts.id ?? ((item) => (item as { id: string }).id);
    this.filter = opts.filter();
    this.queryInput = this.#query(this.filter);
  }

  /** normPageSize keeps n to one of the offered sizes (else the default one). */
  normPageSize(n: number): number {
    if (this.pageSizes.includes(n)) return n;
    const d = this.#opts.pageSize ?? 20;
    return this.pageSizes.includes(d) ? d : this.pageSizes[0];
  }

  get filtered(): boolean {
    return (this.#opts.isFiltered ?? anySet)(this.filter);
  }

  get selectionState(): 'none' | 'some' | 'all' {
    return selectionState(this.items.map(this.idOf), this.selected);
  }

  /** the checked rows of the page */
  get selectedItems(): Item[] {
    return this.items.filter((x) => this.selected.has(this.idOf(x)));
  }

  /** how many rows a bulk action applies to */
  get selectedCount(): number {
    return this.allMatching ? this.total : this.selected.size;
  }

  #query(f: F): string {
    const q = (f as { query?: unknown }).query;
    return typeof q === 'string' ? q : '';
  }

  /** load fetches the current page; a late answer to an older request is dropped. */
  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const res = await this.#opts.load({ filter: this.filter, page: this.page, pageSize: this.pageSize });
      if (seq !== this.#seq) return;
      const items = res.items ?? [];
      // A list that is not paged on the server has no total: it is every item.
      const total = res.total ?? items.length;
      // The page vanished (rows deleted elsewhere): go to the last page that exists.
      if (items.length === 0 && total > 0 && this.page > 1) {
        this.page = clampPage(this.page, total, this.pageSize);
        return this.load();
      }
      this.items = items;
      this.total = total;
      this.failed = false;
      this.error = '';
      const ids = new Set(items.map(this.idOf));
      for (const id of [...this.selected]) if (!ids.has(id)) this.selected.delete(id);
    } catch (e) {
      if (seq !== this.#seq) return;
      this.failed = true;
      this.error = errorMessage(e);
      (this.#opts.onerror ?? toastError)(e);
    } finally {
      if (seq === this.#seq) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  /** reload shows the current page again, e.g. after a change. */
  reload(): Promise<void> {
    return this.load();
  }

  #restart(): Promise<void> {
    clearTimeout(this.#timer);
    this.page = 1;
    this.clearSelection();
    return this.load();
  }

  /** setFilter changes criteria (and applies the search box) and starts again at page 1. */
  setFilter(patch: Partial<F>): Promise<void> {
    const next = { ...this.filter, ...patch } as F;
    if ('query' in patch) this.queryInput = this.#query(next);
    else if ('query' in (next as object)) (next as { query: string }).query = this.queryInput;
    this.filter = next;
    return this.#restart();
  }

  /** search applies the quick-search box. */
  search(): Promise<void> {
    return this.setFilter({} as Partial<F>);
  }

  /** typed is the search box's input handler: the search runs after a pause. */
  typed(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.queryInput.trim() !== this.#query(this.filter).trim()) void this.search();
    }, this.#opts.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  /** clear is 条件をクリア: every criterion off, back to the full list. */
  clear(): Promise<void> {
    this.filter = this.#opts.filter();
    this.queryInput = this.#query(this.filter);
    return this.#restart();
  }

  setPage(page: number): Promise<void> {
    const p = clampPage(page, this.total, this.pageSize);
    if (p === this.page && this.loaded) return Promise.resolve();
    this.page = p;
    this.clearSelection();
    return this.load();
  }

  setPageSize(size: number): Promise<void> {
    this.pageSize = this.normPageSize(size);
    return this.#restart();
  }

  toggle(id: string): void {
    this.allMatching = false;
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
  }

  /** toggleAll checks every row on the page, or unchecks them when all are checked. */
  toggleAll(): void {
    this.allMatching = false;
    if (this.selectionState === 'all') this.selected.clear();
    else for (const x of this.items) this.selected.add(this.idOf(x));
  }

  /** selectAllMatching selects every row matching the filter, on every page. */
  selectAllMatching(): void {
    for (const x of this.items) this.selected.add(this.idOf(x));
    this.allMatching = true;
  }

  clearSelection(): void {
    this.selected.clear();
    this.allMatching = false;
  }

  /** replace puts a changed row into the page without a reload. */
  replace(item: Item): void {
    const id = this.idOf(item);
    const i = this.items.findIndex((x) => this.idOf(x) === id);
    if (i >= 0) this.items[i] = item;
  }

  /** dispose stops a pending quick search (call it when the screen goes). */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}

/** createPagedList makes the state of a paged list. */
export function createPagedList<F, Item>(opts: PagedListOptions<F, Item>): PagedList<F, Item> {
  return new PagedList(opts);
}

export interface AdvancedSearchOptions<F> {
  /** the drafts after 条件をクリア */
  empty: () => F;
  /** check tells what keeps the drafts from being applied ('' when nothing does) */
  check?: (draft: F) => string;
  /** the criteria of the drafts that 検索 applies */
  criteria: (draft: F) => Partial<F>;
}

/**
 * AdvancedSearch is a list's 詳細検索 panel (FilterToggle, FilterPanel): open
 * or closed, the drafts of its fields (the filter in force, copied when it
 * opens) and the problem that keeps them from being applied.
 */
export class AdvancedSearch<F extends object> {
  open = $state(false);
  draft = $state() as F;
  error = $state('');
  readonly #list: Pick<PagedList<F, unknown>, 'filter' | 'setFilter' | 'clear'>;
  readonly #opts: AdvancedSearchOptions<F>;

  constructor(list: Pick<PagedList<F, unknown>, 'filter' | 'setFilter' | 'clear'>, opts: AdvancedSearchOptions<F>) {
    this.#list = list;
    this.#opts = opts;
    this.draft = opts.empty();
  }

  toggle(): void {
    if (!this.open) {
      this.draft = { ...this.#list.filter };
      this.error = '';
    }
    this.open = !this.open;
  }

  /** apply is 検索: the drafts' criteria in force, unless check finds a problem. */
  apply(): Promise<void> {
    this.error = this.#opts.check?.(this.draft) ?? '';
    return this.error ? Promise.resolve() : this.#list.setFilter(this.#opts.criteria(this.draft));
  }

  /** clear is 条件をクリア: drafts and filter empty. */
  clear(): Promise<void> {
    this.draft = this.#opts.empty();
    this.error = '';
    return this.#list.clear();
  }
}
