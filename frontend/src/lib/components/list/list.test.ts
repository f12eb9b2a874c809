// The list kit's components on their own, composed as a screen composes
// them (test/KitList.svelte) over a real createPagedList: the table's
// loading, empty, no-match and failure rows, the toolbar's search, count and
// bulk bar with "all matching", the footer's paging, the filter toggle and
// panel, row check boxes, open buttons and switches.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import KitList, { type KitFilter, type KitRow } from '../../../test/KitList.svelte';
import { createPagedList, type PageRequest } from '../../pagedList.svelte';
import { cleanup, click, render, settle, type, waitFor, type Screen } from '../../../test/dom';
import { setLanguage } from '../../i18n/index.svelte';
import { dismiss, toasts } from '../../stores/toasts.svelte';

const all: KitRow[] = Array.from({ length: 25 }, (_, i) => ({ id: String(i + 1), name: `${i % 2 ? 'odd' : 'even'}-${i + 1}`, on: i % 3 === 0 }));

interface Setup {
  screen: Screen;
  load: ReturnType<typeof vi.fn>;
  onbulk: ReturnType<typeof vi.fn>;
  onopen: ReturnType<typeof vi.fn>;
  ontoggle: ReturnType<typeof vi.fn>;
  /** resolve the load that is waiting (when gated) */
  release: () => void;
}

/** mount the kit list; rows: what the source holds; fail: loads fail; gate: loads wait for release(); pause: the typing pause */
function mountList({ rows = all, fail = false, gate = false, pause = 5 } = {}): Setup {
  let release = () => {};
  const load = vi.fn(async (req: PageRequest<KitFilter>) => {
    if (gate) await new Promise<void>((r) => (release = r));
    if (fail) throw new Error('offline');
    const match = rows.filter((r) => r.name.includes(req.filter.query.trim()) && r.name.startsWith(req.filter.kind));
    const from = (req.page - 1) * req.pageSize;
    return { items: match.slice(from, from + req.pageSize), total: match.length };
  });
  const list = createPagedList<KitFilter, KitRow>({ load, filter: () => ({ query: '', kind: '' }), pageSize: 10, debounceMs: pause, onerror: () => {} });
  const onbulk = vi.fn();
  const onopen = vi.fn();
  const ontoggle = vi.fn();
  const screen = render(KitList, { list, onbulk, onopen, ontoggle });
  void list.load();
  return { screen, load, onbulk, onopen, ontoggle, release: () => release() };
}

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const rowNames = (s: Screen) => s.$$('kit-row').map((r) => text(r.querySelector('button')));

beforeEach(() => setLanguage('ja'));
afterEach(() => {
  cleanup();
  for (const x of [...toasts]) dismiss(x.id);
});

describe('ListTable', () => {
  it('says 読み込み中 until the first page, then shows its rows and the count', async () => {
    const { screen, release } = mountList({ gate: true });
    flushSync();
    expect(text(screen.$('kit-empty'))).toBe('読み込み中…');
    expect(screen.$('kit-table')!.closest('[aria-busy]')!.getAttribute('aria-busy')).toBe('true');
    release();
    await waitFor(() => screen.$$('kit-row').length === 10);
    expect(screen.$('kit-empty')).toBeNull();
    expect(text(screen.$('kit-total'))).toBe('25件');
  });

  it('tells an empty list from a filter that matches nothing', async () => {
    const empty = mountList({ rows: [] });
    await waitFor(() => text(empty.screen.$('kit-empty')) === 'まだありません');
    const { screen } = mountList();
    await waitFor(() => screen.$$('kit-row').length === 10);
    type(screen.$('kit-search'), 'nobody');
    await waitFor(() => text(screen.$('kit-empty')) === '一致する結果がありません。');
    expect(text(screen.$('kit-total'))).toBe('0件');
  });

  it('shows a failure with 再試行, which loads again', async () => {
    const { screen, load } = mountList({ fail: true });
    await waitFor(() => text(screen.$('kit-empty')).startsWith('読み込めませんでした'));
    const retry = [...screen.$('kit-empty')!.querySelectorAll('button')].find((b) => text(b) === '再試行');
    const calls = load.mock.calls.length;
    click(retry);
    await settle();
    expect(load.mock.calls.length).toBe(calls + 1);
  });

  it('opens a row from its name and turns its switch only through the handler', async () => {
    const { screen, onopen, ontoggle } = mountList();
    await waitFor(() => screen.$$('kit-row').length === 10);
    click(screen.$('kit-open-2'));
    expect(onopen).toHaveBeenCalledWith(all[1]);
    const sw = screen.$<HTMLInputElement>('kit-switch-1')!;
    expect(sw.getAttribute('role')).toBe('switch');
    expect(sw.checked).toBe(true);
    click(sw);
    expect(ontoggle).toHaveBeenCalledWith(all[0]);
    // the switch shows the row's state, not the click: the screen changes the row when the server agrees
    expect(sw.checked).toBe(true);
  });
});

describe('ListToolbar', () => {
  it('searches on Enter and with 検索, from page 1', async () => {
    // a long typing pause: only Enter and 検索 search here
    const { screen, load } = mountList({ pause: 60_000 });
    await waitFor(() => screen.$$('kit-row').length === 10);
    click(screen.$('kit-pager-next'));
    await waitFor(() => rowNames(screen)[0] === 'even-11');
    const box = screen.$<HTMLInputElement>('kit-search')!;
    type(box, 'odd');
    await settle();
    expect(text(screen.$('kit-total'))).toBe('25件');
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await waitFor(() => text(screen.$('kit-total')) === '12件');
    expect(load.mock.calls.at(-1)![0]).toMatchObject({ page: 1, filter: { query: 'odd' } });
    type(box, 'odd-1');
    click(screen.$('kit-search-submit'));
    await waitFor(() => text(screen.$('kit-total')) === '5件');
  });

  it('shows the bulk bar while rows are checked, offers every matching row, and clears', async () => {
    const { screen, onbulk } = mountList();
    await waitFor(() => screen.$$('kit-row').length === 10);
    expect(screen.$('kit-bulk')).toBeNull();
    click(screen.$('kit-check-3'));
    expect(text(screen.$('kit-bulk-count'))).toBe('1件選択中');
    expect(screen.$('kit-bulk-all-matching')).toBeNull();
    const selectAll = screen.$<HTMLInputElement>('kit-select-all')!;
    expect(selectAll.indeterminate).toBe(true);
    click(selectAll);
    expect(selectAll.checked).toBe(true);
    expect(text(screen.$('kit-bulk-count'))).toBe('10件選択中');
    click(screen.$('kit-bulk-all-matching'));
    expect(text(screen.$('kit-bulk-count'))).toBe('25件選択中');
    click(screen.$('kit-bulk-stop'));
    expect(onbulk).toHaveBeenCalledWith(expect.arrayContaining(['1', '10']), true);
    click(screen.$('kit-bulk-clear'));
    expect(screen.$('kit-bulk')).toBeNull();
    expect(selectAll.checked).toBe(false);
  });
});

describe('FilterToggle and FilterPanel', () => {
  it('opens the panel, applies its criteria with a count, and clears them', async () => {
    const { screen } = mountList();
    await waitFor(() => screen.$$('kit-row').length === 10);
    const toggle = screen.$('kit-advanced-toggle')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.$('kit-filter-clear-inline')).toBeNull();
    click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(screen.$('kit-advanced')!.id);
    type(screen.$('kit-kind'), 'even');
    click(screen.$('kit-filter-apply'));
    await waitFor(() => text(screen.$('kit-total')) === '13件');
    expect(text(toggle)).toBe('詳細検索 1');
    click(screen.$('kit-filter-clear-inline'));
    await waitFor(() => text(screen.$('kit-total')) === '25件');
    expect(screen.$('kit-filter-clear-inline')).toBeNull();
  });
});

describe('ListFooter', () => {
  it('pages and changes the page size', async () => {
    const { screen, load } = mountList();
    await waitFor(() => screen.$$('kit-row').length === 10);
    expect(text(screen.$('kit-pager-range'))).toContain('1');
    click(screen.$('kit-pager-next'));
    click(screen.$('kit-pager-next'));
    await waitFor(() => screen.$$('kit-row').length === 5);
    expect(rowNames(screen)[0]).toBe('even-21');
    const size = screen.$<HTMLSelectElement>('kit-pager-size')!;
    size.value = '50';
    size.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => screen.$$('kit-row').length === 25);
    expect(load.mock.calls.at(-1)![0]).toMatchObject({ page: 1, pageSize: 50 });
  });
});
