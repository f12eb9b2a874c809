// State of ユーザー認証設定状況 (SPEC section 2): the users with their
// certificate requirement and last authentication, filters, selection.
import { SvelteSet } from 'svelte/reactivity';
import { listUsers } from '../../lib/api/users';
import { listCerts } from '../../lib/api/certs';
import { toastError } from '../../lib/stores/toasts.svelte';
import type { RequireCertFilter, User } from '../../lib/api/types';
import { DEFAULT_PAGE_SIZE, clampPage, normPageSize, selectionState } from '../../lib/paging';
import { emptyAuthFilter, toAuthListRequest, type AuthFilter } from './authQuery';

export class AuthList {
  filter = $state<AuthFilter>(emptyAuthFilter());
  queryInput = $state('');
  draftCertName = $state('');
  draftRequire = $state<RequireCertFilter>('');
  page = $state(1);
  pageSize = $state(DEFAULT_PAGE_SIZE);
  items = $state<User[]>([]);
  total = $state(0);
  loading = $state(false);
  loaded = $state(false);
  failed = $state(false);
  certNames = $state<string[]>([]);
  selected = new SvelteSet<string>();
  #seq = 0;

  get selectionState() {
    return selectionState(
      this.items.map((u) => u.id),
      this.selected,
    );
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const res = await listUsers(toAuthListRequest(this.filter, this.page, this.pageSize));
      if (seq !== this.#seq) return;
      if ((res.items ?? []).length === 0 && res.total > 0 && this.page > 1) {
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

  /** loadCertNames fills the 証明書名 choices with the shared certificates' names. */
  async loadCertNames(): Promise<void> {
    try {
      const res = await listCerts({ kind: 'shared', page: 1, pageSize: 100 });
      this.certNames = [...new Set((res.items ?? []).map((c) => c.name))].sort();
    } catch {
      // the filter still takes a typed name
    }
  }

  #restart(): Promise<void> {
    this.page = 1;
    this.selected.clear();
    return this.load();
  }

  search(): Promise<void> {
    this.filter = { ...this.filter, query: this.queryInput };
    return this.#restart();
  }

  openAdvanced(): void {
    this.draftCertName = this.filter.certName;
    this.draftRequire = this.filter.requireCert;
  }

  applyAdvanced(): Promise<void> {
    this.filter = { ...this.filter, query: this.queryInput, certName: this.draftCertName, requireCert: this.draftRequire };
    return this.#restart();
  }

  setWithoutValidCert(on: boolean): Promise<void> {
    this.filter = { ...this.filter, query: this.queryInput, withoutValidCert: on };
    return this.#restart();
  }

  clear(): Promise<void> {
    this.filter = emptyAuthFilter();
    this.queryInput = '';
    this.draftCertName = '';
    this.draftRequire = '';
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

  toggleAll(): void {
    if (this.selectionState === 'all') this.selected.clear();
    else for (const u of this.items) this.selected.add(u.id);
  }

  /** patch updates rows in place after a change. */
  patch(ids: string[], requireCert: boolean): void {
    const set = new Set(ids);
    this.items = this.items.map((u) => (set.has(u.id) ? { ...u, requireCert } : u));
  }
}
