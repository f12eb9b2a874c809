import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdvancedSearch, createPagedList, type PageRequest } from './pagedList.svelte';
import { AppError } from './api/call';
import { dismiss, toasts } from './stores/toasts.svelte';

interface Row {
  id: string;
  name: string;
}
interface Filter {
  query: string;
  kind: string;
}

const rows: Row[] = Array.from({ length: 45 }, (_, i) => ({ id: String(i + 1), name: i % 2 ? 'odd' + i : 'even' + i }));

function source() {
  const calls: PageRequest<Filter>[] = [];
  const load = vi.fn(async (req: PageRequest<Filter>) => {
    calls.push({ ...req, filter: { ...req.filter } });
    const match = rows.filter((r) => r.name.includes(req.filter.query.trim()) && (!req.filter.kind || r.name.startsWith(req.filter.kind)));
    const from = (req.page - 1) * req.pageSize;
    return { items: match.slice(from, from + req.pageSize), total: match.length };
  });
  const list = createPagedList<Filter, Row>({ load, filter: () => ({ query: '', kind: '' }), debounceMs: 5 });
  return { list, calls, load };
}

afterEach(() => {
  for (const x of [...toasts]) dismiss(x.id);
  vi.restoreAllMocks();
});

describe('createPagedList', () => {
  it('loads the first page with the default size and pages through', async () => {
    const { list, calls } = source();
    expect(list.loaded).toBe(false);
    await list.load();
    expect(list.loaded).toBe(true);
    expect(list.items).toHaveLength(20);
    expect(list.total).toBe(45);
    await list.setPage(3);
    expect(list.items.map((r) => r.id)).toEqual(['41', '42', '43', '44', '45']);
    await list.setPage(99);
    expect(list.page).toBe(3);
    await list.setPageSize(50);
    expect(list.page).toBe(1);
    expect(list.items).toHaveLength(45);
    await list.setPageSize(33);
    expect(list.pageSize).toBe(20);
    expect(calls.at(-1)).toEqual({ filter: { query: '', kind: '' }, page: 1, pageSize: 20 });
  });

  it('offers only the given page sizes', async () => {
    const list = createPagedList<Filter, Row>({
      load: async () => ({ items: [], total: 0 }),
      filter: () => ({ query: '', kind: '' }),
      pageSizes: [50, 100],
      pageSize: 50,
    });
    expect(list.pageSize).toBe(50);
    await list.setPageSize(20);
    expect(list.pageSize).toBe(50);
    expect(list.pageSizes).toEqual([50, 100]);
  });

  it('search applies the box, setFilter the criteria, both from page 1; clear resets', async () => {
    const { list, calls } = source();
    await list.load();
    await list.setPage(2);
    list.queryInput = 'odd';
    await list.search();
    expect(list.page).toBe(1);
    expect(list.total).toBe(22);
    expect(list.filtered).toBe(true);
    await list.setFilter({ kind: 'odd1' });
    expect(calls.at(-1)!.filter).toEqual({ query: 'odd', kind: 'odd1' });
    await list.clear();
    expect(list.queryInput).toBe('');
    expect(list.filter).toEqual({ query: '', kind: '' });
    expect(list.filtered).toBe(false);
    expect(list.total).toBe(45);
  });

  it('runs the quick search once after a pause in typing', async () => {
    const { list, load } = source();
    await list.load();
    list.queryInput = 'ev';
    list.typed();
    list.queryInput = 'even';
    list.typed();
    expect(load).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(list.total).toBe(23));
    expect(list.filter.query).toBe('even');
  });

  it('drops a late answer to an older request', async () => {
    let release: (v: { items: Row[]; total: number }) => void = () => {};
    let n = 0;
    const list = createPagedList<Filter, Row>({
      load: () => {
        n++;
        if (n === 1) return new Promise((r) => (release = r));
        return Promise.resolve({ items: [rows[1]], total: 1 });
      },
      filter: () => ({ query: '', kind: '' }),
    });
    const first = list.load();
    await list.load();
    release({ items: [rows[0]], total: 1 });
    await first;
    expect(list.items).toEqual([rows[1]]);
  });

  it('goes to the last page that exists when the page vanished', async () => {
    const { list } = source();
    await list.load();
    await list.setPage(3);
    rows.splice(40);
    try {
      await list.reload();
      expect(list.page).toBe(2);
      expect(list.items).toHaveLength(20);
    } finally {
      for (let i = 40; i < 45; i++) rows.push({ id: String(i + 1), name: i % 2 ? 'odd' + i : 'even' + i });
    }
  });

  it('reports a failure: failed, the message, a toast', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const list = createPagedList<Filter, Row>({
      load: () => Promise.reject(new AppError('internal', 'boom')),
      filter: () => ({ query: '', kind: '' }),
    });
    await list.load();
    expect(list.failed).toBe(true);
    expect(list.loaded).toBe(true);
    expect(list.error).toBe('boom');
    expect(toasts.map((x) => x.message)).toEqual(['boom']);
  });

  it('selects rows of the page, the whole page, or all matching; a new page or filter clears it', async () => {
    const { list } = source();
    await list.load();
    list.toggle('1');
    list.toggle('2');
    expect(list.selectionState).toBe('some');
    expect(list.selectedItems.map((r) => r.id)).toEqual(['1', '2']);
    list.toggleAll();
    expect(list.selectionState).toBe('all');
    expect(list.selectedCount).toBe(20);
    list.toggleAll();
    expect(list.selectionState).toBe('none');
    list.selectAllMatching();
    expect(list.allMatching).toBe(true);
    expect(list.selectedCount).toBe(45);
    list.toggle('3');
    expect(list.allMatching).toBe(false);
    expect(list.selectedCount).toBe(19);
    await list.setPage(2);
    expect(list.selectedCount).toBe(0);
    list.selectAllMatching();
    await list.setFilter({ kind: 'odd' });
    expect(list.allMatching).toBe(false);
    expect(list.selected.size).toBe(0);
  });

  it('replace puts a changed row into the page', async () => {
    const { list } = source();
    await list.load();
    list.replace({ id: '2', name: 'changed' });
    expect(list.items[1].name).toBe('changed');
  });
});

describe('AdvancedSearch', () => {
  it('copies the filter when it opens, applies the drafts unless check objects, and clears both', async () => {
    const { list, calls } = source();
    await list.setFilter({ kind: 'odd' });
    const adv = new AdvancedSearch(list, {
      empty: () => ({ query: '', kind: '' }),
      check: (d) => (d.kind === 'bad' ? 'no' : ''),
      criteria: ({ kind }) => ({ kind }),
    });
    adv.toggle();
    expect({ open: adv.open, draft: { ...adv.draft } }).toEqual({ open: true, draft: { query: '', kind: 'odd' } });
    adv.draft.kind = 'bad';
    await adv.apply();
    expect(adv.error).toBe('no');
    expect(list.filter.kind).toBe('odd');
    adv.draft.kind = 'even';
    await adv.apply();
    expect({ error: adv.error, kind: list.filter.kind, last: calls.at(-1)?.filter.kind }).toEqual({ error: '', kind: 'even', last: 'even' });
    await adv.clear();
    expect({ draft: adv.draft.kind, kind: list.filter.kind }).toEqual({ draft: '', kind: '' });
    adv.toggle();
    expect(adv.open).toBe(false);
  });
});
