import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsersList } from './list.svelte';
import { createFakeBackend, installFakeBackend, sampleUsers, type FakeBackend } from '../../test/fakeBackend';

let backend: FakeBackend;

beforeEach(() => {
  backend = createFakeBackend({ users: sampleUsers(45) });
  installFakeBackend(backend);
});

afterEach(() => {
  delete window.go;
});

const lastList = () => backend.calls.filter((c) => c.method === 'Users.List').at(-1)!.req;

describe('UsersList', () => {
  it('loads the first page with the default page size, the active count and groups', async () => {
    const list = new UsersList();
    await list.reload();
    expect(list.items).toHaveLength(20);
    expect(list.total).toBe(45);
    expect(list.activeCount).toBe(45 - 6); // every 7th sample user is suspended
    expect(list.groups).toEqual(['営業部', '総務部', '開発部', '関東支店'].sort());
    expect(backend.calls.some((c) => c.method === 'Users.List' && c.req.state === 'active' && c.req.pageSize === 10)).toBe(true);
  });

  it('pages and changes page size', async () => {
    const list = new UsersList();
    await list.load();
    await list.setPage(3);
    expect(lastList()).toEqual({ page: 3, pageSize: 20 });
    expect(list.items.map((u) => u.id)).toEqual(['41', '42', '43', '44', '45']);
    await list.setPage(99);
    expect(list.page).toBe(3);
    await list.setPageSize(50);
    expect(list.page).toBe(1);
    expect(list.items).toHaveLength(45);
    expect(lastList()).toEqual({ page: 1, pageSize: 50 });
  });

  it('quick search applies the box and starts at page 1', async () => {
    const list = new UsersList();
    await list.load();
    await list.setPage(2);
    list.queryInput = ' 佐藤 ';
    await list.search();
    expect(list.page).toBe(1);
    expect(lastList()).toEqual({ query: '佐藤', page: 1, pageSize: 20 });
    expect(list.items.every((u) => u.name.includes('佐藤'))).toBe(true);
  });

  it('詳細検索 applies group and state; 条件をクリア resets everything', async () => {
    const list = new UsersList();
    await list.load();
    list.queryInput = 'a';
    list.advanced.toggle();
    list.advanced.draft.group = '営業部';
    list.advanced.draft.state = 'suspended';
    list.queryInput = '';
    await list.advanced.apply();
    expect(lastList()).toEqual({ group: '営業部', state: 'suspended', page: 1, pageSize: 20 });
    expect(list.items.every((u) => u.group === '営業部' && u.suspended)).toBe(true);

    await list.advanced.clear();
    expect(list.filter).toEqual({ query: '', group: '', state: '' });
    expect(list.advanced.draft.group).toBe('');
    expect(lastList()).toEqual({ page: 1, pageSize: 20 });
    expect(list.total).toBe(45);
  });
  // Selection, late answers and vanished pages: lib/pagedList.test.ts.
});
