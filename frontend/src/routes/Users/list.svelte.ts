// State and behaviour of the Users list, as a class so the screen's
// components share one instance and tests can drive it with a mocked API.

import { SvelteSet } from 'svelte/reactivity';
import { countActiveUsers, listGroups, listUsers } from '../../lib/api/users';
import { toastError } from '../../lib/stores/toasts.svelte';
import type { User, UserState } from '../../lib/api/types';
import { DEFAULT_PAGE_SIZE, clampPage, normPageSize, selectionState } from '../../lib/paging';
import { emptyFilter, toListRequest, type UserFilter } from './query';

export class UsersList {
  /** the filter in force (what the table shows) */
  filter = $state<UserFilter>(emptyFilter());
  /** the quick-search box; applied on Enter, 検索 or after a pause in typing */
  queryInput = $state('');
  /** 詳細検索 panel drafts; applied by 検索 */
  draftGroup = $state('');
  draftState = $state<UserState>('');

  page = $state(1);
  pageSize = $state(DEFAULT_PAGE_SIZE);
  items = $state<User[]>([]);
  total = $state(0);
  loading = $state(false);
  loaded = $state(false);
  failed = $state(false);

  activeCount = $state<number | null>(null);
  groups = $state<string[]>([]);

  /** ids checked on the current page (bulk actions apply to them: ページ内一括処理) */
  selected = new SvelteSet<string>();

  #seq = 0;

  get selectionState() {
    return selectionState(
      this.items.map((u) => u.id),
      this.selected,
    );
  }

  get selectedUsers(): User[] {
    return this.items.filter((u) => this.selected.has(u.id));
  }

  /** load fetches the current page; a late answer to an older request is dropped. */
  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const res = await listUsers(toListRequest(this.filter, this.page, this.pageSize));
      if (seq !== this.#seq) return;
      // The page vanished (rows deleted elsewhere): go to the last page that exists.
      if (res.items.length === 0 && res.total > 0 && this.page > 1) {
        this.page = clampPage(this.page, res.total, this.pageSize);
        return this.load();
      }
      this.items = res.items ?? [];
      this.total = res.total ?? 0;
      this.failed = false;
      const ids = new Set(this.items.map((u) => u.id));
      for (const id of [...this.selected]) if (!ids.has(id)) this.selected.delete(id);
    } catch (e) {
      if (seq !== this.#seq) return;
      this.failed = true;
      toastError(e);
    } finally {
      if (seq === this.#seq) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  /** refreshMeta reloads the active-user count (利用ユーザー数) and the group list. */
  async refreshMeta(): Promise<void> {
    try {
      const [active, groups] = await Promise.all([countActiveUsers(), listGroups()]);
      this.activeCount = active;
      this.groups = groups.items ?? [];
    } catch (e) {
      toastError(e);
    }
  }

  /** reload refreshes the page and the counts, e.g. after a change. */
  async reload(): Promise<void> {
    await Promise.all([this.load(), this.refreshMeta()]);
  }

  #restart(): Promise<void> {
    this.page = 1;
    this.selected.clear();
    return this.load();
  }

  /** search applies the quick-search box. */
  search(): Promise<void> {
    this.filter = { ...this.filter, query: this.queryInput };
    return this.#restart();
  }

  /** openAdvanced copies the filter in force into the panel's drafts. */
  openAdvanced(): void {
    this.draftGroup = this.filter.group;
    this.draftState = this.filter.state;
  }

  /** applyAdvanced applies the 詳細検索 panel (and the search box). */
  applyAdvanced(): Promise<void> {
    this.filter = { query: this.queryInput, group: this.draftGroup, state: this.draftState };
    return this.#restart();
  }

  /** clear is 条件をクリア: every criterion off, back to the full list. */
  clear(): Promise<void> {
    this.filter = emptyFilter();
    this.queryInput = '';
    this.draftGroup = '';
    this.draftState = '';
    return this.#restart();
  }

  setPage(page: number): Promise<void> {
    const p = clampPage(page, this.total, this.pageSize);
    if (p === this.page && this.loaded) return Promise.resolve();
    this.page = p;
    this.selected.clear();
    return this.load();
  }

  setPageSize(size: number): Promise<void> {
    this.pageSize = normPageSize(size);
    return this.#restart();
  }

  toggle(id: string): void {
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
  }

  /** toggleAll checks every row on the page, or unchecks them when all are checked. */
  toggleAll(): void {
    if (this.selectionState === 'all') this.selected.clear();
    else for (const u of this.items) this.selected.add(u.id);
  }
}
