// State of the certificate list (証明書一覧): filter, paging, loading.
import { listCerts } from '../../lib/api/certs';
import { toastError } from '../../lib/stores/toasts.svelte';
import type { Cert } from '../../lib/api/types';
import { DEFAULT_PAGE_SIZE, clampPage, normPageSize } from '../../lib/paging';
import { emptyCertFilter, toCertListRequest, type CertFilter } from './query';

export class CertsList {
  filter = $state<CertFilter>(emptyCertFilter());
  queryInput = $state('');
  page = $state(1);
  pageSize = $state(DEFAULT_PAGE_SIZE);
  items = $state<Cert[]>([]);
  total = $state(0);
  loading = $state(false);
  loaded = $state(false);
  failed = $state(false);
  #seq = 0;

  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const res = await listCerts(toCertListRequest(this.filter, this.page, this.pageSize));
      if (seq !== this.#seq) return;
      if ((res.items ?? []).length === 0 && res.total > 0 && this.page > 1) {
        this.page = clampPage(this.page, res.total, this.pageSize);
        return this.load();
      }
      this.items = res.items ?? [];
      this.total = res.total ?? 0;
      this.failed = false;
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

  #restart(): Promise<void> {
    this.page = 1;
    return this.load();
  }

  search(): Promise<void> {
    this.filter = { ...this.filter, query: this.queryInput };
    return this.#restart();
  }

  setKind(kind: CertFilter['kind']): Promise<void> {
    this.filter = { ...this.filter, query: this.queryInput, kind };
    return this.#restart();
  }

  setState(state: CertFilter['state']): Promise<void> {
    this.filter = { ...this.filter, query: this.queryInput, state };
    return this.#restart();
  }

  clear(): Promise<void> {
    this.filter = emptyCertFilter();
    this.queryInput = '';
    return this.#restart();
  }

  setPage(page: number): Promise<void> {
    const p = clampPage(page, this.total, this.pageSize);
    if (p === this.page && this.loaded) return Promise.resolve();
    this.page = p;
    return this.load();
  }

  setPageSize(size: number): Promise<void> {
    this.pageSize = normPageSize(size);
    return this.#restart();
  }

  /** replace puts a changed certificate into the page without a reload. */
  replace(c: Cert): void {
    const i = this.items.findIndex((x) => x.id === c.id);
    if (i >= 0) this.items[i] = c;
  }
}
